package main

import (
	"bytes"
	"context"
	"io"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/rotationlab/rotation/analysis/marketdata/marketdatatest"
	"github.com/rotationlab/rotation/internal/slurmtest"
	"github.com/rotationlab/rotation/jupyter/kernel/kerneltest"
)

// shardArgs drops -slurm's flags and -o, in every spelling, and keeps
// the others with their values.
func TestShardArgs(t *testing.T) {
	o, err := parseArgs([]string{"-slurm", "2", "-o", "x", "a.ipynb"}, io.Discard)
	if err != nil {
		t.Fatal(err)
	}
	tests := []struct{ in, want []string }{
		{[]string{"-slurm", "2", "-o", "out", "-q", "-sweep", "t=1,2", "a.ipynb"}, []string{"-q", "-sweep", "t=1,2", "a.ipynb"}},
		{[]string{"a.ipynb", "--slurm=2", "-o=out", "-dry-run", "-sbatch", "--time=1:00", "-p", "n=3"}, []string{"a.ipynb", "-p", "n=3"}},
		{[]string{"-allow-errors", "-slurm", "4", "-o", "o", "--", "-o"}, []string{"-allow-errors", "--", "-o"}},
	}
	for _, tt := range tests {
		if got := shardArgs(o.fs, tt.in); !slices.Equal(got, tt.want) {
			t.Errorf("shardArgs(%q) = %q, want %q", tt.in, got, tt.want)
		}
	}
}

// -slurm's flags are checked before anything is submitted; -dry-run
// prints an array of shards running -shard auto/N and a merge of all of
// them, submitted after the array.
func TestSlurmDryRun(t *testing.T) {
	nb := filepath.Join(notebooks, "python-sweep.ipynb")
	for _, bad := range [][]string{
		{"-slurm", "2", nb},
		{"-slurm", "2", "-o", "x", "-shard", "1/2", nb},
		{"-slurm", "-1", "-o", "x", nb},
		{"-dry-run", "-o", "x", nb},
		{"-slurm", "2", "-o", "x", "-html", "h", nb},
		{"-slurm", "4", "-o", "x", "-sweep", "threshold=0.1,0.2", nb},
	} {
		if code, _ := nbrun(t, bad...); code != exitUsage {
			t.Errorf("%q: exit %d, want %d", bad, code, exitUsage)
		}
	}
	dir := t.TempDir()
	var out, errb bytes.Buffer
	if code := run(context.Background(), []string{"-slurm", "2", "-dry-run", "-sbatch", "--time=5", "-q", "-sweep", "threshold=0.1,0.2,0.25", "-o", dir, nb}, &out, &errb, os.Getenv); code != 0 {
		t.Fatalf("exit %d: %s", code, errb.String())
	}
	s := out.String()
	for _, want := range []string{"#SBATCH --array=1-2", "'-shard' 'auto/2' '-o' '" + filepath.Join(dir, "shard-") + `'"${SLURM_ARRAY_TASK_ID}"`,
		"'-merge' '-o' '" + dir + "' '" + filepath.Join(dir, "shard-1") + "' '" + filepath.Join(dir, "shard-2") + "'",
		"'-sweep' 'threshold=0.1,0.2,0.25'", "--dependency=afterany:", "sbatch --parsable --time=5 "} {
		if !strings.Contains(s, want) {
			t.Errorf("dry run does not say %q:\n%s", want, s)
		}
	}
	if ents, _ := os.ReadDir(dir); len(ents) > 0 {
		t.Errorf("the dry run wrote into -o: %v", ents)
	}
}

// A sweep submitted with -slurm to a private one-node Slurm runs as a job
// array and a merge job; the merged summary has the rows and published
// values of the same sweep run locally.
func TestSlurmSweep(t *testing.T) {
	kerneltest.Need(t, "python3")
	c := slurmtest.Start(t)
	bin := buildNbrun(t)
	nb, err := filepath.Abs(filepath.Join(notebooks, "python-sweep.ipynb"))
	if err != nil {
		t.Fatal(err)
	}
	sweep := []string{"-q", "-sweep", "threshold=0.1,0.2,0.25", nb}
	local := t.TempDir()
	if code, stderr := nbrun(t, append([]string{"-o", local}, sweep...)...); code != 0 {
		t.Fatalf("local sweep: exit %d: %s", code, stderr)
	}
	out := filepath.Join(c.Dir, "sweep")
	cmd := c.Command(bin, append([]string{"-slurm", "2", "-o", out}, sweep...)...)
	var stderr bytes.Buffer
	cmd.Stderr = &stderr
	b, err := cmd.Output()
	if err != nil {
		t.Fatalf("nbrun -slurm: %v: %s", err, stderr.String())
	}
	ids := map[string]string{}
	for _, line := range strings.Split(strings.TrimSpace(string(b)), "\n") {
		f := strings.Split(line, "\t")
		ids[f[0]] = f[1]
	}
	if ids["shards"] == "" || ids["merge"] == "" {
		t.Fatalf("nbrun -slurm printed no job ids: %q", b)
	}
	logs := func() string {
		var s strings.Builder
		ents, _ := os.ReadDir(filepath.Join(out, "slurm"))
		for _, e := range ents {
			if strings.HasSuffix(e.Name(), ".log") {
				b, _ := os.ReadFile(filepath.Join(out, "slurm", e.Name()))
				s.WriteString("--- " + e.Name() + ":\n" + string(b))
			}
		}
		return s.String()
	}
	shards := c.Wait(t, ids["shards"])
	merge := c.Wait(t, ids["merge"])
	if len(shards) != 2 {
		t.Errorf("array %s: %d tasks, want 2: %+v", ids["shards"], len(shards), shards)
	}
	for _, task := range append(shards, merge...) {
		if task.State != "COMPLETED" || task.ExitCode != 0 {
			t.Errorf("job %s: %s, exit %d\n%s", task.ID, task.State, task.ExitCode, logs())
		}
	}
	want, got := readCSV(t, filepath.Join(local, "summary.csv")), readCSV(t, filepath.Join(out, "summary.csv"))
	for _, col := range []string{"run", "notebook", "threshold", "status", "exit", "error", "events", "ticker"} {
		if !slices.Equal(column(got, col), column(want, col)) {
			t.Errorf("merged %s %q, the local sweep's %q", col, column(got, col), column(want, col))
		}
	}
	if !slices.Equal(got[0], want[0]) {
		t.Errorf("merged columns %q, the local sweep's %q", got[0], want[0])
	}
}

// A run that failed in a shard shows in the merged summary with its exit
// code, and -merge names it and exits with it: on one machine, and on a
// private Slurm, where the merge job runs although the shard failed.
func TestMergeFailedShard(t *testing.T) {
	kerneltest.Need(t, "python3")
	nb, err := filepath.Abs(filepath.Join(notebooks, "python-sweep.ipynb"))
	if err != nil {
		t.Fatal(err)
	}
	sweep := []string{"-q", "-sweep", "threshold=0.1,0,0.25", nb} // 1/0 in run 1
	checkMerged := func(t *testing.T, dir string) {
		t.Helper()
		recs := readCSV(t, filepath.Join(dir, "summary.csv"))
		if got := strings.Join(column(recs, "exit"), " "); got != "0 1 0" {
			t.Errorf("merged exit codes %q, want run 1's cell error (1) only", got)
		}
		if got := strings.Join(column(recs, "events"), " "); got != "30  12" {
			t.Errorf("merged events %q", got)
		}
	}
	t.Run("local", func(t *testing.T) {
		s1, s2, merged := t.TempDir(), t.TempDir(), t.TempDir()
		for i, d := range []string{s1, s2} {
			nbrun(t, append([]string{"-shard", string(rune('1'+i)) + "/2", "-o", d}, sweep...)...)
		}
		code, stderr := nbrun(t, "-merge", "-o", merged, s1, s2)
		if code != exitCellError || !strings.Contains(stderr, "run 1 (") || !strings.Contains(stderr, "threshold=0)") || !strings.Contains(stderr, "ZeroDivisionError") {
			t.Errorf("-merge of a failed run: exit %d, want %d, stderr %q", code, exitCellError, stderr)
		}
		checkMerged(t, merged)
	})
	t.Run("slurm", func(t *testing.T) {
		c := slurmtest.Start(t)
		bin := buildNbrun(t)
		out := filepath.Join(c.Dir, "sweep")
		cmd := c.Command(bin, append([]string{"-slurm", "2", "-o", out}, sweep...)...)
		var stderr bytes.Buffer
		cmd.Stderr = &stderr
		b, err := cmd.Output()
		if err != nil {
			t.Fatalf("nbrun -slurm: %v: %s", err, stderr.String())
		}
		ids := map[string]string{}
		for _, line := range strings.Split(strings.TrimSpace(string(b)), "\n") {
			f := strings.Split(line, "\t")
			ids[f[0]] = f[1]
		}
		c.Wait(t, ids["shards"])
		merge := c.Wait(t, ids["merge"])
		if len(merge) != 1 || merge[0].State != "FAILED" || merge[0].ExitCode != exitCellError {
			t.Errorf("merge job: %+v, want FAILED with exit %d", merge, exitCellError)
		}
		log, _ := os.ReadFile(filepath.Join(out, "slurm", "merge.log"))
		if !strings.Contains(string(log), "run 1 (") || !strings.Contains(string(log), "ZeroDivisionError") {
			t.Errorf("the merge's log does not name the failed run:\n%s", log)
		}
		checkMerged(t, out)
	})
}

// Notebook 3 (GoNB, real prices) swept over four thresholds as a
// four-task Slurm array and its merge: the merged summary has the rows and
// the published values of the same sweep run locally.
func TestSlurmNotebook3(t *testing.T) {
	if testing.Short() {
		t.Skip("runs notebook 3 eight times (-short)")
	}
	data := marketdatatest.RealDir(t)
	kerneltest.Need(t, "gonb")
	c := slurmtest.Start(t)
	bin := buildNbrun(t)
	nb, err := filepath.Abs(filepath.Join("..", "..", "notebooks", "03-events.ipynb"))
	if err != nil {
		t.Fatal(err)
	}
	t.Setenv("ROTATION_DATA", data) // for the local sweep and, exported by sbatch, the shards
	sweep := []string{"-q", "-sweep", "threshold=0.03,0.04,0.05,0.06", nb}
	local := t.TempDir()
	if code, stderr := nbrun(t, append([]string{"-o", local}, sweep...)...); code != 0 {
		t.Fatalf("local sweep: exit %d: %s", code, stderr)
	}
	out := filepath.Join(c.Dir, "sweep")
	cmd := c.Command(bin, append([]string{"-slurm", "4", "-o", out}, sweep...)...)
	var stderr bytes.Buffer
	cmd.Stderr = &stderr
	b, err := cmd.Output()
	if err != nil {
		t.Fatalf("nbrun -slurm: %v: %s", err, stderr.String())
	}
	ids := map[string]string{}
	for _, line := range strings.Split(strings.TrimSpace(string(b)), "\n") {
		f := strings.Split(line, "\t")
		ids[f[0]] = f[1]
	}
	shards := c.Wait(t, ids["shards"])
	merge := c.Wait(t, ids["merge"])
	if len(shards) != 4 {
		t.Errorf("array %s: %d tasks, want 4: %+v", ids["shards"], len(shards), shards)
	}
	for _, task := range append(shards, merge...) {
		if task.State != "COMPLETED" || task.ExitCode != 0 {
			log, _ := os.ReadFile(filepath.Join(out, "slurm", "merge.log"))
			t.Errorf("job %s: %s, exit %d\nmerge.log:\n%s", task.ID, task.State, task.ExitCode, log)
		}
	}
	want, got := readCSV(t, filepath.Join(local, "summary.csv")), readCSV(t, filepath.Join(out, "summary.csv"))
	if !slices.Equal(got[0], want[0]) {
		t.Fatalf("merged columns %q, the local sweep's %q", got[0], want[0])
	}
	for _, col := range want[0] {
		if col == "output" || col == "duration_s" {
			continue
		}
		if !slices.Equal(column(got, col), column(want, col)) {
			t.Errorf("merged %s %q, the local sweep's %q", col, column(got, col), column(want, col))
		}
	}
	if len(want) != 5 {
		t.Errorf("local sweep: %d rows, want 4", len(want)-1)
	}
}
