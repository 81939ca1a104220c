package slurmtest_test

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/rotationlab/rotation/internal/slurmtest"
)

// A job submitted to the private cluster runs and writes its output, and
// the cluster's processes are gone after its cleanup.
func TestSmoke(t *testing.T) {
	var dir string
	t.Run("cluster", func(t *testing.T) {
		c := slurmtest.Start(t)
		dir = c.Dir
		out := filepath.Join(c.Dir, "out")
		if err := os.Mkdir(out, 0o755); err != nil {
			t.Fatal(err)
		}
		id := c.Submit(t, "--chdir", out, "-o", filepath.Join(out, "%j.out"), "--wrap", "echo hi")
		tasks := c.Wait(t, id)
		if len(tasks) != 1 || tasks[0].State != "COMPLETED" || tasks[0].ExitCode != 0 {
			t.Fatalf("job %s: %+v, want one COMPLETED with exit code 0", id, tasks)
		}
		b, err := os.ReadFile(filepath.Join(out, id+".out"))
		if err != nil {
			t.Fatal(err)
		}
		if string(b) != "hi\n" {
			t.Errorf("job %s wrote %q, want %q", id, b, "hi\n")
		}

		// A failing job shows as FAILED with its exit code.
		id = c.Submit(t, "--chdir", out, "-o", filepath.Join(out, "%j.out"), "--wrap", "exit 3")
		if tasks := c.Wait(t, id); len(tasks) != 1 || tasks[0].State != "FAILED" || tasks[0].ExitCode != 3 {
			t.Errorf("job %s (exit 3): %+v, want one FAILED with exit code 3", id, tasks)
		}
	})
	if dir == "" {
		return // skipped
	}
	if left := slurmtest.Leftovers(dir); len(left) > 0 {
		t.Errorf("left after the cleanup: %+v", left)
	}
	if _, err := os.Stat(dir); err == nil && !t.Failed() {
		t.Errorf("the cluster's directory %s is left", dir)
	}
}

// An array's tasks see Slurm's array variables; the index nbrun's
// -shard auto computes (ID - MIN) runs over 0..COUNT-1 whatever the
// array's first index.
func TestArrayVariables(t *testing.T) {
	c := slurmtest.Start(t)
	out := filepath.Join(c.Dir, "out")
	if err := os.Mkdir(out, 0o755); err != nil {
		t.Fatal(err)
	}
	id := c.Submit(t, "--chdir", out, "--array=5-8", "-o", filepath.Join(out, "%a.out"),
		"--wrap", `echo "$SLURM_ARRAY_TASK_ID $SLURM_ARRAY_TASK_MIN $SLURM_ARRAY_TASK_COUNT"`)
	tasks := c.Wait(t, id)
	if len(tasks) != 4 {
		t.Fatalf("array %s: %d tasks, want 4: %+v", id, len(tasks), tasks)
	}
	for _, task := range tasks {
		if task.State != "COMPLETED" {
			t.Errorf("task %s: %s", task.ID, task.State)
		}
	}
	for _, i := range []string{"5", "6", "7", "8"} {
		b, err := os.ReadFile(filepath.Join(out, i+".out"))
		if err != nil {
			t.Fatal(err)
		}
		if got, want := strings.TrimSpace(string(b)), i+" 5 4"; got != want {
			t.Errorf("task %s saw %q, want %q", i, got, want)
		}
	}
}
