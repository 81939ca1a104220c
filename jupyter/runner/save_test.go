package runner_test

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/rotationlab/rotation/jupyter/kernel/kerneltest"
	"github.com/rotationlab/rotation/jupyter/nbformat"
	"github.com/rotationlab/rotation/jupyter/runner"
)

// echoSetup installs the kernelspec "echo" (the scripted kernel of
// package kerneltest, which echoes each cell's code on stdout) in a
// temporary Jupyter path and writes a notebook for it: code cells a, b, c
// with a Markdown cell between a and b, each holding the stale outputs,
// count and record of an earlier run. It returns the notebook's path and
// the Getenv that finds the kernelspec.
func echoSetup(t *testing.T) (string, func(string) string) {
	t.Helper()
	root := t.TempDir()
	spec := kerneltest.Spec(kerneltest.Echo)
	kj, _ := json.Marshal(map[string]any{"argv": spec.Argv, "display_name": "Echo", "language": "scripted", "env": spec.Env})
	kdir := filepath.Join(root, "jupyter", "kernels", "echo")
	if err := os.MkdirAll(kdir, 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(kdir, "kernel.json"), kj, 0o644); err != nil {
		t.Fatal(err)
	}
	stale := func(id, src string) *nbformat.Cell {
		n := 41
		c := &nbformat.Cell{ID: id, Type: nbformat.Code, Source: src, ExecutionCount: &n,
			Metadata: map[string]any{"papermill": map[string]any{"status": "completed"}, "execution": map[string]any{"iopub.status.busy": "then"}},
			Outputs:  []nbformat.Output{{Type: nbformat.Stream, Name: nbformat.Stdout, Text: "from an earlier run\n"}}}
		return c
	}
	nb := &nbformat.Notebook{Format: 4, Minor: 5,
		Metadata: map[string]any{"kernelspec": map[string]any{"display_name": "Echo", "language": "scripted", "name": "echo"}},
		Cells: []*nbformat.Cell{stale("a", "load IWM QQQ"), {ID: "m", Type: nbformat.Markdown, Source: "# Study"},
			stale("b", "study"), stale("c", "show")}}
	path := filepath.Join(root, "study.ipynb")
	if err := nbformat.WriteFile(path, nb); err != nil {
		t.Fatal(err)
	}
	getenv := func(name string) string {
		if name == "JUPYTER_PATH" {
			return filepath.Join(root, "jupyter")
		}
		return os.Getenv(name)
	}
	return path, getenv
}

// cellState is what a test reads of a cell in a saved notebook.
type cellState struct {
	status, output string
	counted        bool
}

// savedState reads the notebook at path: the run's record status ("" for
// a finished run) and each cell's.
func savedState(t *testing.T, path string) (string, []cellState) {
	t.Helper()
	nb, err := nbformat.ReadFile(path)
	if err != nil {
		t.Fatalf("the notebook on disk: %v", err)
	}
	pm, _ := nb.Metadata["papermill"].(map[string]any)
	run, _ := pm["status"].(string)
	var cells []cellState
	for _, c := range nb.Cells {
		cpm, _ := c.Metadata["papermill"].(map[string]any)
		s := cellState{counted: c.ExecutionCount != nil}
		s.status, _ = cpm["status"].(string)
		for _, o := range c.Outputs {
			s.output += o.Text
		}
		if _, ok := c.Metadata["execution"]; ok && cpm["status"] == "pending" {
			t.Errorf("pending cell %s keeps the timings of an earlier run", c.ID)
		}
		cells = append(cells, s)
	}
	return run, cells
}

// The -o notebook on disk, read as the run goes: before the kernel
// starts, every cell pending and none of the earlier run's outputs left;
// when cell k starts, the cells before it with this run's outputs, k
// running, the rest pending, the run's record saying it runs; after the
// last cell, every cell done; at the end, the executed notebook.
func TestSavedAsItRuns(t *testing.T) {
	path, getenv := echoSetup(t)
	outDir := t.TempDir()
	out := filepath.Join(outDir, "study.ipynb")
	if err := os.WriteFile(out, []byte("an earlier run's result\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	pending, running := cellState{status: "pending"}, cellState{status: "running"}
	done := func(src string) cellState { return cellState{status: "completed", output: src + "\n", counted: true} }
	mdDone := cellState{status: "completed"}
	want := map[string][]cellState{
		"kernel started": {pending, pending, pending, pending},
		"cell 1 started": {running, pending, pending, pending},
		"cell 3 started": {done("load IWM QQQ"), mdDone, running, pending},
		"cell 4 started": {done("load IWM QQQ"), mdDone, done("study"), running},
		"executed":       {done("load IWM QQQ"), mdDone, done("study"), done("show")},
	}
	seen := map[string]bool{}
	check := func(moment string) {
		run, cells := savedState(t, out)
		if run != "running" {
			t.Errorf("%s: the run's record status %q, want running", moment, run)
		}
		if w := want[moment]; !equalStates(cells, w) {
			t.Errorf("%s: cells on disk\n%+v\nwant\n%+v", moment, cells, w)
		}
		seen[moment] = true
	}
	opt := runner.Options{Notebooks: []string{path}, OutDir: outDir, NoTiming: true, Getenv: getenv}
	opt.Progress = func(e runner.Event) {
		switch e := e.(type) {
		case *runner.KernelStarted:
			check("kernel started")
		case *runner.CellStarted:
			check("cell " + string(rune('1'+e.Index)) + " started")
		case *runner.Executed:
			check("executed")
		}
	}
	plan, err := runner.NewPlan(opt)
	if err != nil {
		t.Fatal(err)
	}
	rep, err := plan.Run(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	if err := rep.Results[0].Err; err != nil {
		t.Fatal(err)
	}
	if len(seen) != len(want) {
		t.Errorf("checked the file at %v, want %d moments", seen, len(want))
	}
	run, cells := savedState(t, out)
	if w := want["executed"]; run != "" || !equalStates(cells, w) {
		t.Errorf("at the end: run status %q (want none), cells %+v, want %+v", run, cells, w)
	}
}

func equalStates(a, b []cellState) bool {
	if len(a) != len(b) {
		return false
	}
	for i := range a {
		if a[i] != b[i] {
			return false
		}
	}
	return true
}

// The writes during the run leave no trace in the executed notebook: a
// run with -o writes the bytes of a run written at its end only
// (-inplace), the paths of the record aside.
func TestSavedAsItRunsSameResult(t *testing.T) {
	path, getenv := echoSetup(t)
	outDir := t.TempDir()
	out := filepath.Join(outDir, "study.ipynb")
	for _, opt := range []runner.Options{
		{Notebooks: []string{path}, OutDir: outDir, Getenv: getenv, NoTiming: true},
		{Notebooks: []string{path}, InPlace: true, Getenv: getenv, NoTiming: true},
	} {
		plan, err := runner.NewPlan(opt)
		if err != nil {
			t.Fatal(err)
		}
		rep, err := plan.Run(context.Background())
		if err != nil {
			t.Fatal(err)
		}
		if err := rep.Results[0].Err; err != nil {
			t.Fatal(err)
		}
	}
	a, err := os.ReadFile(out)
	if err != nil {
		t.Fatal(err)
	}
	b, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	a = bytes.ReplaceAll(a, []byte(out), []byte(path))
	if !bytes.Equal(a, b) {
		t.Errorf("-o wrote\n%s\n-inplace wrote\n%s", a, b)
	}
	if bytes.Contains(b, []byte(`"running"`)) || bytes.Contains(b, []byte(`"pending"`)) {
		t.Errorf("the executed notebook keeps a status of a run in progress:\n%s", b)
	}
}

// A write that fails during the run stops it, as papermill does: no cell
// is sent after it, and the run ends with ErrWrite, told once.
func TestSaveFailureStopsTheRun(t *testing.T) {
	path, getenv := echoSetup(t)
	outDir := t.TempDir()
	out := filepath.Join(outDir, "study.ipynb")
	var problems []error
	var finished int
	opt := runner.Options{Notebooks: []string{path}, OutDir: outDir, Getenv: getenv, NoTiming: true}
	opt.Progress = func(e runner.Event) {
		switch e := e.(type) {
		case *runner.KernelStarted:
			// The file becomes a directory: no write can replace it.
			if err := os.Remove(out); err != nil {
				t.Fatal(err)
			}
			if err := os.MkdirAll(filepath.Join(out, "in-the-way"), 0o755); err != nil {
				t.Fatal(err)
			}
		case *runner.CellFinished:
			finished++
		case *runner.Problem:
			problems = append(problems, e.Err)
		}
	}
	plan, err := runner.NewPlan(opt)
	if err != nil {
		t.Fatal(err)
	}
	rep, err := plan.Run(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	res := rep.Results[0]
	if res.Status() != runner.StatusWrite || !errors.Is(res.Err, runner.ErrWrite) {
		t.Errorf("status %v, error %v; want %v", res.Status(), res.Err, runner.StatusWrite)
	}
	if finished != 0 {
		t.Errorf("%d cells ran after the failed write, want none", finished)
	}
	if len(problems) != 1 || !strings.Contains(problems[0].Error(), "writing the executed notebook as it runs") {
		t.Errorf("problems %v, want the failed write alone", problems)
	}
}

// -inplace writes the notebook at the end only: while the run goes, the
// committed notebook is as it was.
func TestInPlaceWritesAtTheEnd(t *testing.T) {
	path, getenv := echoSetup(t)
	before, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	var checked int
	opt := runner.Options{Notebooks: []string{path}, InPlace: true, Getenv: getenv, NoTiming: true}
	opt.Progress = func(e runner.Event) {
		if _, ok := e.(*runner.CellFinished); ok {
			checked++
			if now, err := os.ReadFile(path); err != nil || !bytes.Equal(now, before) {
				t.Errorf("the notebook changed during the run (%v)", err)
			}
		}
	}
	plan, err := runner.NewPlan(opt)
	if err != nil {
		t.Fatal(err)
	}
	rep, err := plan.Run(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	if err := rep.Results[0].Err; err != nil {
		t.Fatal(err)
	}
	after, _ := os.ReadFile(path)
	if checked != 3 || bytes.Equal(after, before) {
		t.Errorf("checked after %d cells, want 3; written at the end: %v", checked, !bytes.Equal(after, before))
	}
}
