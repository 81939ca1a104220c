package runner_test

import (
	"strings"
	"testing"

	"github.com/rotationlab/rotation/jupyter/runner"
)

// ParseShard's K/N, and auto/N and auto read from a fake environment: a
// Slurm array whatever its first index (and step), a Kubernetes Indexed
// Job, and the errors when none is set, a value is not a number, or the
// environment disagrees with N.
func TestParseShard(t *testing.T) {
	slurm := func(id, lo, count string) map[string]string {
		return map[string]string{"SLURM_ARRAY_TASK_ID": id, "SLURM_ARRAY_TASK_MIN": lo, "SLURM_ARRAY_TASK_COUNT": count}
	}
	tests := []struct {
		name    string
		spec    string
		env     map[string]string
		want    runner.Shard // K and N; From checked to name the variables
		wantErr []string     // substrings of the error, nil for none
	}{
		{"empty", "", nil, runner.Shard{}, nil},
		{"K/N", "2/3", slurm("1", "0", "3"), runner.Shard{K: 2, N: 3}, nil},
		{"K/N bad", "3/2", nil, runner.Shard{}, []string{"-shard 3/2", "from 1 to 2"}},
		{"K/N not numbers", "a/b", nil, runner.Shard{}, []string{`-shard "a/b"`}},
		{"kubernetes", "auto/3", map[string]string{"JOB_COMPLETION_INDEX": "1"}, runner.Shard{K: 2, N: 3}, nil},
		{"kubernetes first", "auto/3", map[string]string{"JOB_COMPLETION_INDEX": "0"}, runner.Shard{K: 1, N: 3}, nil},
		{"kubernetes index too big", "auto/3", map[string]string{"JOB_COMPLETION_INDEX": "3"}, runner.Shard{}, []string{"task index 3", "$JOB_COMPLETION_INDEX=3", "0 to 2"}},
		{"kubernetes not a number", "auto/3", map[string]string{"JOB_COMPLETION_INDEX": "one"}, runner.Shard{}, []string{"$JOB_COMPLETION_INDEX", `"one"`, "not a number"}},
		{"kubernetes without N", "auto", map[string]string{"JOB_COMPLETION_INDEX": "1"}, runner.Shard{}, []string{"gives no count", "auto/N"}},
		{"slurm from 0", "auto/4", slurm("2", "0", "4"), runner.Shard{K: 3, N: 4}, nil},
		{"slurm from 1", "auto/4", slurm("1", "1", "4"), runner.Shard{K: 1, N: 4}, nil},
		{"slurm from 5", "auto/4", slurm("8", "5", "4"), runner.Shard{K: 4, N: 4}, nil},
		{"slurm N from count", "auto", slurm("7", "5", "4"), runner.Shard{K: 3, N: 4}, nil},
		{"slurm step", "auto", map[string]string{"SLURM_ARRAY_TASK_ID": "14", "SLURM_ARRAY_TASK_MIN": "10", "SLURM_ARRAY_TASK_COUNT": "3", "SLURM_ARRAY_TASK_STEP": "2"}, runner.Shard{K: 3, N: 3}, nil},
		{"slurm off step", "auto", map[string]string{"SLURM_ARRAY_TASK_ID": "13", "SLURM_ARRAY_TASK_MIN": "10", "SLURM_ARRAY_TASK_COUNT": "3", "SLURM_ARRAY_TASK_STEP": "2"}, runner.Shard{}, []string{"$SLURM_ARRAY_TASK_ID=13", "multiple of $SLURM_ARRAY_TASK_STEP=2"}},
		{"slurm count disagrees", "auto/3", slurm("0", "0", "4"), runner.Shard{}, []string{"-shard auto/3", "4 tasks", "$SLURM_ARRAY_TASK_COUNT", "not 3"}},
		{"slurm id below min", "auto", slurm("0", "1", "4"), runner.Shard{}, []string{"task index -1", "0 to 3"}},
		{"slurm id past count", "auto", slurm("9", "5", "4"), runner.Shard{}, []string{"task index 4", "0 to 3"}},
		{"slurm min missing", "auto/4", map[string]string{"SLURM_ARRAY_TASK_ID": "1", "SLURM_ARRAY_TASK_COUNT": "4"}, runner.Shard{}, []string{"$SLURM_ARRAY_TASK_MIN", `""`, "not a number"}},
		{"slurm id not a number", "auto", slurm("x", "0", "4"), runner.Shard{}, []string{"$SLURM_ARRAY_TASK_ID", `"x"`, "not a number"}},
		{"slurm count not a number", "auto", slurm("1", "0", "four"), runner.Shard{}, []string{"$SLURM_ARRAY_TASK_COUNT", `"four"`}},
		{"both engines", "auto/4", map[string]string{"SLURM_ARRAY_TASK_ID": "1", "SLURM_ARRAY_TASK_MIN": "0", "SLURM_ARRAY_TASK_COUNT": "4", "JOB_COMPLETION_INDEX": "1"}, runner.Shard{}, []string{"both", "give -shard K/N"}},
		{"none set", "auto/4", nil, runner.Shard{}, []string{"-shard auto/4", "neither", "$SLURM_ARRAY_TASK_ID", "$JOB_COMPLETION_INDEX", "give -shard K/N"}},
		{"none set, auto", "auto", nil, runner.Shard{}, []string{"-shard auto:", "neither"}},
		{"auto/0", "auto/0", slurm("0", "0", "1"), runner.Shard{}, []string{`-shard "auto/0"`, "N >= 1"}},
		{"auto/x", "auto/x", slurm("0", "0", "1"), runner.Shard{}, []string{`-shard "auto/x"`}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := runner.ParseShard(tt.spec, func(k string) string { return tt.env[k] })
			if tt.wantErr != nil {
				if err == nil {
					t.Fatalf("ParseShard(%q) = %+v, want an error", tt.spec, got)
				}
				for _, w := range tt.wantErr {
					if !strings.Contains(err.Error(), w) {
						t.Errorf("error %q does not say %q", err, w)
					}
				}
				return
			}
			if err != nil {
				t.Fatalf("ParseShard(%q): %v", tt.spec, err)
			}
			if got.K != tt.want.K || got.N != tt.want.N {
				t.Errorf("ParseShard(%q) = %d/%d, want %d/%d", tt.spec, got.K, got.N, tt.want.K, tt.want.N)
			}
			// From names every variable that was read, with its value.
			if strings.HasPrefix(tt.spec, "auto") {
				for k, v := range tt.env {
					if !strings.Contains(got.From, "$"+k+"="+v) {
						t.Errorf("From %q does not name $%s=%s", got.From, k, v)
					}
				}
			} else if got.From != "" {
				t.Errorf("From %q for -shard %s", got.From, tt.spec)
			}
		})
	}
}
