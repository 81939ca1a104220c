package runner_test

import (
	"context"
	"errors"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/rotationlab/rotation/jupyter/execute"
	"github.com/rotationlab/rotation/jupyter/kernel/kerneltest"
	"github.com/rotationlab/rotation/jupyter/nbformat"
	"github.com/rotationlab/rotation/jupyter/params"
	"github.com/rotationlab/rotation/jupyter/runner"
)

var notebooks = filepath.Join("..", "..", "testdata", "notebooks")

// copyNB copies a test notebook into a temporary directory.
func copyNB(t *testing.T, name string) string {
	t.Helper()
	return kerneltest.Copy(t, filepath.Join(notebooks, name))
}

// runOne plans and runs opt, which must hold one notebook, and returns
// its result and the events it sent.
func runOne(t *testing.T, ctx context.Context, opt runner.Options) (runner.Result, []runner.Event) {
	t.Helper()
	var events []runner.Event
	opt.Progress = func(e runner.Event) { events = append(events, e) }
	plan, err := runner.NewPlan(opt)
	if err != nil {
		t.Fatal(err)
	}
	rep, err := plan.Run(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if len(rep.Results) != 1 {
		t.Fatalf("%d results, want 1", len(rep.Results))
	}
	return rep.Results[0], events
}

// Each way a run ends is an error that errors.Is finds, of the status
// nbrun maps to its exit code, and reported as a Problem event as it
// happens.
func TestOutcomes(t *testing.T) {
	kerneltest.Need(t, "python3")
	stale := copyNB(t, "python-outputs.ipynb")
	unwritable := t.TempDir()
	if err := os.Mkdir(filepath.Join(unwritable, "python-params.ipynb"), 0o755); err != nil {
		t.Fatal(err)
	}
	cancelled, cancel := context.WithCancel(context.Background())
	cancel()
	tests := []struct {
		name   string
		ctx    context.Context
		opt    runner.Options
		kind   error
		status runner.Status
	}{
		{"ok", nil, runner.Options{Notebooks: []string{filepath.Join(notebooks, "python-params.ipynb")}}, nil, runner.StatusOK},
		{"cell error", nil, runner.Options{Notebooks: []string{filepath.Join(notebooks, "python-error.ipynb")}}, runner.ErrCell, runner.StatusCellError},
		{"timeout", nil, runner.Options{Notebooks: []string{filepath.Join(notebooks, "python-timeout.ipynb")}, Timeout: time.Second}, runner.ErrTimeout, runner.StatusTimeout},
		{"kernel died", nil, runner.Options{Notebooks: []string{filepath.Join(notebooks, "python-dies.ipynb")}}, runner.ErrKernel, runner.StatusKernel},
		{"outputs differ", nil, runner.Options{Notebooks: []string{stale}, Check: true, Params: nil}, runner.ErrOutputsDiffer, runner.StatusStale},
		{"write failed", nil, runner.Options{Notebooks: []string{filepath.Join(notebooks, "python-params.ipynb")}, OutDir: unwritable}, runner.ErrWrite, runner.StatusWrite},
		{"interrupted", cancelled, runner.Options{Notebooks: []string{filepath.Join(notebooks, "python-params.ipynb")}}, runner.ErrInterrupted, runner.StatusInterrupted},
	}
	// The stored outputs of the stale copy are not what a run gives.
	nb, err := nbformat.ReadFile(stale)
	if err != nil {
		t.Fatal(err)
	}
	for _, c := range nb.Cells {
		if c.Type == nbformat.Code {
			c.Outputs = []nbformat.Output{{Type: nbformat.Stream, Name: nbformat.Stdout, Text: "not what it prints\n"}}
		}
	}
	if err := nbformat.WriteFile(stale, nb); err != nil {
		t.Fatal(err)
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Setenv("TMPDIR", t.TempDir())
			ctx := tt.ctx
			if ctx == nil {
				ctx = context.Background()
			}
			res, events := runOne(t, ctx, tt.opt)
			if got := res.Status(); got != tt.status {
				t.Errorf("status %v (%d), want %v (%d): %v", got, got, tt.status, tt.status, res.Err)
			}
			if tt.kind == nil {
				if res.Err != nil {
					t.Errorf("error %v, want none", res.Err)
				}
				return
			}
			if !errors.Is(res.Err, tt.kind) {
				t.Errorf("error %v is not %v", res.Err, tt.kind)
			}
			if tt.name == "interrupted" {
				return // never started: nothing to report as it happens
			}
			var reported bool
			for _, e := range events {
				if p, ok := e.(*runner.Problem); ok && errors.Is(p.Err, tt.kind) {
					reported = true
				}
			}
			if !reported {
				t.Errorf("no Problem event of kind %v among %d events", tt.kind, len(events))
			}
		})
	}
}

// A cell's error is an *execute.CellError for errors.As, and a diff an
// *DiffError naming the cells.
func TestOutcomeDetails(t *testing.T) {
	kerneltest.Need(t, "python3")
	t.Setenv("TMPDIR", t.TempDir())
	res, _ := runOne(t, context.Background(), runner.Options{Notebooks: []string{filepath.Join(notebooks, "python-error.ipynb")}})
	var ce *execute.CellError
	if !errors.As(res.Err, &ce) || ce.Ename == "" {
		t.Errorf("error %v: no *execute.CellError with an exception name", res.Err)
	}
	if want := runner.CellErrorText(ce); ce != nil && !strings.Contains(res.Err.Error(), want) {
		t.Errorf("error %q does not say %q", res.Err, want)
	}
}

// Nothing runs when one run cannot start: a notebook that cannot be read,
// one whose kernelspec is not installed, parameters it does not declare.
// The error names every problem, with its kind.
func TestNothingRunsWhenOneCannotStart(t *testing.T) {
	dir := t.TempDir()
	bad := filepath.Join(dir, "bad.ipynb")
	if err := os.WriteFile(bad, []byte("{"), 0o644); err != nil {
		t.Fatal(err)
	}
	noKernel := filepath.Join(dir, "nokernel.ipynb")
	nb := &nbformat.Notebook{Format: 4, Minor: 5, Metadata: map[string]any{"kernelspec": map[string]any{"name": "no-such-kernel", "display_name": "x"}}}
	if err := nbformat.WriteFile(noKernel, nb); err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		name      string
		notebooks []string
		params    []params.Value
		kinds     []error
		status    runner.Status
	}{
		{"unreadable", []string{bad}, nil, []error{runner.ErrUsage}, runner.StatusUsage},
		{"no kernelspec", []string{noKernel}, nil, []error{runner.ErrKernel}, runner.StatusKernel},
		{"both", []string{bad, noKernel}, nil, []error{runner.ErrUsage, runner.ErrKernel}, runner.StatusKernel},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			plan, err := runner.NewPlan(runner.Options{Notebooks: tt.notebooks, Params: tt.params, Getenv: func(k string) string {
				if k == "JUPYTER_PATH" {
					return dir // no kernels here
				}
				return os.Getenv(k)
			}})
			if err != nil {
				t.Fatal(err)
			}
			rep, err := plan.Run(context.Background())
			var se *runner.StartError
			if rep != nil || !errors.As(err, &se) {
				t.Fatalf("report %v, error %v; want no report and a *StartError", rep, err)
			}
			if len(se.Problems) != len(tt.notebooks) {
				t.Errorf("%d problems, want %d: %v", len(se.Problems), len(tt.notebooks), se.Problems)
			}
			for _, k := range tt.kinds {
				if !errors.Is(err, k) {
					t.Errorf("%v is not %v", err, k)
				}
			}
			if got := runner.StatusOf(err); got != tt.status {
				t.Errorf("status %v, want %v", got, tt.status)
			}
		})
	}
}

// A plan keeps its own copy of the options and a run changes nothing in
// them: the caller's Env, Params and Notebooks are as given after a run
// (nbrun's run used to add the Go bin directory to its options' kernel
// environment).
func TestOptionsUnchanged(t *testing.T) {
	kerneltest.Need(t, "python3")
	t.Setenv("TMPDIR", t.TempDir())
	env := make([]string, 1, 4)
	env[0] = "NBRUN_TEST=1"
	vals := make([]params.Value, 1, 4)
	vals[0] = params.Value{Name: "n", Raw: "3"}
	nbs := []string{filepath.Join(notebooks, "python-params.ipynb")}
	opt := runner.Options{Notebooks: nbs, Env: env, Params: vals}
	for range 2 {
		res, _ := runOne(t, context.Background(), opt)
		if res.Err != nil {
			t.Fatal(res.Err)
		}
	}
	if !slices.Equal(opt.Env, []string{"NBRUN_TEST=1"}) || !slices.Equal(env[:cap(env)][1:2], []string{""}) {
		t.Errorf("Env changed by the run: %q (backing array %q)", opt.Env, env[:cap(env)])
	}
	if len(opt.Params) != 1 || opt.Params[0].Raw != "3" || vals[:cap(vals)][1] != (params.Value{}) {
		t.Errorf("Params changed by the run: %v", vals[:cap(vals)])
	}
}

// A notebook is read once per job: with -check the stored outputs come
// from the same read as the notebook run, so a file replaced while the
// run goes on does not change what is compared.
func TestCheckComparesWithTheNotebookAsRead(t *testing.T) {
	kerneltest.Need(t, "python3")
	t.Setenv("TMPDIR", t.TempDir())
	p := copyNB(t, "python-params.ipynb")
	plan, err := runner.NewPlan(runner.Options{Notebooks: []string{p}, NoTiming: true, InPlace: true})
	if err != nil {
		t.Fatal(err)
	}
	if rep, err := plan.Run(context.Background()); err != nil || rep.Status() != runner.StatusOK {
		t.Fatalf("refreshing the notebook: %v %v", err, rep)
	}
	var replaced bool
	plan, err = runner.NewPlan(runner.Options{Notebooks: []string{p}, NoTiming: true, Check: true, Progress: func(e runner.Event) {
		// Once the kernel is up the notebook has been read: the file
		// rewritten with other outputs must not be what the fresh
		// outputs are compared with.
		if _, ok := e.(*runner.KernelStarted); ok && !replaced {
			replaced = true
			other, err := nbformat.ReadFile(p)
			if err != nil {
				t.Error(err)
				return
			}
			for _, c := range other.Cells {
				if c.Type == nbformat.Code {
					c.Outputs = []nbformat.Output{{Type: nbformat.Stream, Name: nbformat.Stdout, Text: "not what it prints\n"}}
				}
			}
			if err := nbformat.WriteFile(p, other); err != nil {
				t.Error(err)
			}
		}
	}})
	if err != nil {
		t.Fatal(err)
	}
	rep, err := plan.Run(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	if !replaced {
		t.Fatal("the kernel never started")
	}
	if r := rep.Results[0]; r.Err != nil {
		t.Errorf("the outputs were compared with another read of the file: %v", r.Err)
	}
}

// One rule for a notebook's language: the kernelspec's, when installed,
// before the notebook's language_info (which an earlier kernel wrote).
// Listing the parameters follows it as a run does.
func TestLanguageRule(t *testing.T) {
	dir := t.TempDir()
	spec := filepath.Join(dir, "kernels", "fake-go")
	if err := os.MkdirAll(spec, 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(spec, "kernel.json"), []byte(`{"argv": ["false", "{connection_file}"], "display_name": "Fake Go", "language": "go"}`), 0o644); err != nil {
		t.Fatal(err)
	}
	getenv := func(k string) string {
		if k == "JUPYTER_PATH" {
			return dir
		}
		return os.Getenv(k)
	}
	write := func(name, kernelName, src string) string {
		nb := &nbformat.Notebook{Format: 4, Minor: 5, Metadata: map[string]any{
			"kernelspec":    map[string]any{"name": kernelName, "display_name": "x", "language": "python"},
			"language_info": map[string]any{"name": "python"},
		}, Cells: []*nbformat.Cell{{ID: "p", Type: nbformat.Code, Source: src, Metadata: map[string]any{"tags": []any{"parameters"}}}}}
		p := filepath.Join(dir, name)
		if err := nbformat.WriteFile(p, nb); err != nil {
			t.Fatal(err)
		}
		return p
	}
	tests := []struct {
		name, kernelName, override, src, want string
	}{
		{"installed kernelspec", "fake-go", "", "var n = 3", "go"},
		{"-kernel", "python-gone", "fake-go", "var n = 3", "go"},
		{"not installed: the notebook's record", "python-gone", "", "n = 3", "python"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			p := write(strings.ReplaceAll(tt.name, " ", "-")+".ipynb", tt.kernelName, tt.src)
			lang, ps, err := runner.Parameters(p, tt.override, getenv)
			if err != nil || lang != tt.want || len(ps) != 1 || ps[0].Name != "n" {
				t.Errorf("language %q, parameters %v, error %v; want %s and n", lang, ps, err, tt.want)
			}
			if tt.want != "go" {
				return
			}
			// A run injects by the same rule: the Go declaration takes
			// n=5, and the run gets as far as the (fake) kernel.
			plan, err := runner.NewPlan(runner.Options{Notebooks: []string{p}, Kernel: tt.override, Getenv: getenv,
				Params: []params.Value{{Name: "n", Raw: "5"}}, StartupTimeout: 10 * time.Second})
			if err != nil {
				t.Fatal(err)
			}
			rep, err := plan.Run(context.Background())
			if err != nil {
				t.Fatalf("the run could not inject its parameter: %v", err)
			}
			if r := rep.Results[0]; !errors.Is(r.Err, runner.ErrKernel) {
				t.Errorf("error %v, want the fake kernel's failure to start", r.Err)
			}
		})
	}
}
