package main

import (
	"bytes"
	"context"
	"os"
	"slices"
	"strings"
	"testing"
)

// -shard auto and auto/N under a Slurm job array's environment (an array
// starting at 3) pick the same runs as the K/N they stand for, and say on
// stderr which variables they used; with no engine's variables, or a
// count that disagrees with N, nbrun stops with exit 2 and says why.
func TestShardAutoSlurm(t *testing.T) {
	args := []string{"-list", "-sweep", "threshold=0.01,0.02,0.03,0.04,0.05", "a.ipynb", "b.ipynb"}
	for _, k := range []string{"SLURM_ARRAY_TASK_ID", "SLURM_ARRAY_TASK_MIN", "SLURM_ARRAY_TASK_COUNT", "SLURM_ARRAY_TASK_STEP", "JOB_COMPLETION_INDEX"} {
		t.Setenv(k, "")
	}
	if code, stderr := nbrun(t, append([]string{"-shard", "auto/4"}, args...)...); code != exitUsage || !strings.Contains(stderr, "neither $SLURM_ARRAY_TASK_ID") {
		t.Errorf("-shard auto/4 with no engine: exit %d, stderr %q", code, stderr)
	}

	t.Setenv("SLURM_ARRAY_TASK_MIN", "3")
	t.Setenv("SLURM_ARRAY_TASK_COUNT", "4")
	t.Setenv("SLURM_ARRAY_TASK_ID", "5") // the array's third task
	want := listRuns(t, append([]string{"-shard", "3/4"}, args...)...)
	for _, spec := range []string{"auto", "auto/4"} {
		var out, errb bytes.Buffer
		if code := run(context.Background(), append([]string{"-shard", spec}, args...), &out, &errb, os.Getenv); code != 0 {
			t.Fatalf("-shard %s: exit %d: %s", spec, code, errb.String())
		}
		if got := strings.Split(strings.TrimSpace(out.String()), "\n"); !slices.Equal(got, want) {
			t.Errorf("-shard %s in task 5 of an array from 3:\n%v\nwant -shard 3/4's:\n%v", spec, got, want)
		}
		if s := errb.String(); !strings.Contains(s, "part 3/4") || !strings.Contains(s, "$SLURM_ARRAY_TASK_ID=5") || !strings.Contains(s, "$SLURM_ARRAY_TASK_MIN=3") {
			t.Errorf("-shard %s does not say which variables it used: %q", spec, s)
		}
	}
	if code, stderr := nbrun(t, append([]string{"-shard", "auto/3"}, args...)...); code != exitUsage || !strings.Contains(stderr, "4 tasks") {
		t.Errorf("-shard auto/3 in an array of 4: exit %d, stderr %q", code, stderr)
	}
	t.Setenv("SLURM_ARRAY_TASK_ID", "five")
	if code, stderr := nbrun(t, append([]string{"-shard", "auto"}, args...)...); code != exitUsage || !strings.Contains(stderr, "not a number") {
		t.Errorf("-shard auto with a bad task id: exit %d, stderr %q", code, stderr)
	}
}
