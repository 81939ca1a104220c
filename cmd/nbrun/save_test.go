package main

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/rotationlab/rotation/internal/nbvalidate"
	"github.com/rotationlab/rotation/jupyter/kernel/kerneltest"
	"github.com/rotationlab/rotation/jupyter/nbformat"
)

// savedCells reads the -o notebook of a run in progress: the run's
// record status and each cell's status and outputs; ok is false while
// there is no file yet.
func savedCells(t *testing.T, path string) (run string, status, text []string, ok bool) {
	t.Helper()
	b, err := os.ReadFile(path)
	if os.IsNotExist(err) {
		return "", nil, nil, false
	}
	if err != nil {
		t.Fatal(err)
	}
	nb, err := nbformat.Parse(b, path)
	if err != nil {
		t.Fatalf("%s is not a whole notebook: %v", path, err)
	}
	pm, _ := nb.Metadata["papermill"].(map[string]any)
	run, _ = pm["status"].(string)
	for _, c := range nb.Cells {
		cpm, _ := c.Metadata["papermill"].(map[string]any)
		s, _ := cpm["status"].(string)
		status = append(status, s)
		var out string
		for _, o := range c.Outputs {
			out += o.Text
		}
		text = append(text, out)
	}
	return run, status, text, true
}

// A run killed with SIGKILL in the middle of a long cell leaves a valid
// notebook in -o with the cells that finished, the running cell's output
// so far (saved as it streams), the rest pending, and the run's record
// saying it did not end; its kernel does not outlive it.
func TestKilledRunLeavesFinishedCells(t *testing.T) {
	kerneltest.Need(t, "python3")
	bin := buildNbrun(t)
	tmp, dir, out := t.TempDir(), t.TempDir(), t.TempDir()
	nb := writeNB(t, dir, "long.ipynb", "python3",
		codeCell("one", `print("one")`),
		codeCell("two", `print("two")`),
		// Prints for a minute: a save comes DefaultSaveEvery after the
		// cell's start, with the first lines.
		codeCell("long", "import time\nfor i in range(600):\n    print(i, flush=True)\n    time.sleep(0.1)"),
		codeCell("after", `print("after")`))
	cmd, stderr := startNbrun(t, bin, tmp, "-o", out, nb)
	path := filepath.Join(out, "long.ipynb")
	deadline := time.Now().Add(2 * time.Minute)
	for {
		// Waiting for a state of the file, however long it takes to come.
		if _, status, text, ok := savedCells(t, path); ok && status[1] == "completed" && status[2] == "running" && text[2] != "" {
			break
		}
		if time.Now().After(deadline) || cmd.ProcessState != nil {
			t.Fatalf("the notebook on disk never showed cell 3 running with output:\n%s", stderr.String())
		}
		time.Sleep(50 * time.Millisecond)
	}
	if len(leftoverProcesses(tmp)) == 0 {
		t.Fatal("no kernel process found before the kill: the test shows nothing")
	}
	if err := cmd.Process.Kill(); err != nil {
		t.Fatal(err)
	}
	cmd.Wait()

	b, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	nbvalidate.Bytes(t, b)
	run, status, text, _ := savedCells(t, path)
	if run != "running" {
		t.Errorf("the run's record status %q, want running", run)
	}
	if got := strings.Join(status, " "); got != "completed completed running pending" {
		t.Errorf("cell statuses %s, want completed completed running pending", got)
	}
	if text[0] != "one\n" || text[1] != "two\n" || !strings.HasPrefix(text[2], "0\n1\n") || text[3] != "" {
		t.Errorf("outputs on disk %q", text)
	}
	// The kernel dies with nbrun (parent-death signal); what it started
	// in sessions of its own its watchdog ends (TestKilledNbrunLeavesNothing).
	if left := leftoverProcesses(tmp); len(left) > 0 {
		t.Errorf("processes outlive the killed nbrun: %v", left)
	}
}
