package runner_test

import (
	"context"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/rotationlab/rotation/internal/nbvalidate"
	"github.com/rotationlab/rotation/jupyter/jupytext"
	"github.com/rotationlab/rotation/jupyter/kernel/kerneltest"
	"github.com/rotationlab/rotation/jupyter/nbformat"
	"github.com/rotationlab/rotation/jupyter/params"
	"github.com/rotationlab/rotation/jupyter/runner"
)

// stdout is the text a code cell printed.
func stdout(c *nbformat.Cell) string {
	var b strings.Builder
	for _, o := range c.Outputs {
		if o.Type == nbformat.Stream && o.Name == nbformat.Stdout {
			b.WriteString(o.Text)
		}
	}
	return b.String()
}

func readNB(t *testing.T, path string) *nbformat.Notebook {
	t.Helper()
	nb, err := nbformat.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	return nb
}

func ids(nb *nbformat.Notebook) []string {
	var out []string
	for _, c := range nb.Cells {
		out = append(out, c.ID)
	}
	return out
}

// A text notebook (jupytext's percent .py, without a header) runs on
// python3: its magics uncommented, parameters injected after the cell
// tagged "parameters", written as NAME.ipynb into -o with its page.
func TestTextNotebookRuns(t *testing.T) {
	kerneltest.Need(t, "python3")
	t.Setenv("TMPDIR", t.TempDir())
	src := copyNB(t, "text-sweep.py")
	text, err := os.ReadFile(src)
	if err != nil {
		t.Fatal(err)
	}
	out := t.TempDir()
	res, events := runOne(t, context.Background(), runner.Options{Notebooks: []string{src}, OutDir: out, HTMLDir: out, NoTiming: true,
		Params: []params.Value{{Name: "threshold", Raw: "0.05"}}})
	if res.Err != nil {
		t.Fatal(res.Err)
	}
	if !slices.ContainsFunc(events, func(e runner.Event) bool {
		n, ok := e.(*runner.Note)
		return ok && strings.Contains(n.Text, "runs on python3, by its extension")
	}) {
		t.Error("no note that the kernel is the extension's")
	}
	want := filepath.Join(out, "text-sweep.ipynb")
	if res.Written != want {
		t.Errorf("written to %s, want %s", res.Written, want)
	}
	nb := readNB(t, want)
	nbvalidate.Files(t, want)
	if ks := nb.KernelSpec(); ks.Name != "python3" || ks.Language != "python" {
		t.Errorf("kernelspec %+v, want python3's (a header-less .py runs on python3)", ks)
	}
	var types []string
	for _, c := range nb.Cells {
		tag := ""
		if len(c.Tags()) > 0 {
			tag = "/" + c.Tags()[0]
		}
		types = append(types, string(c.Type)+tag)
	}
	if got := strings.Join(types, " "); got != "markdown code/parameters code/injected-parameters code code" {
		t.Errorf("cells %s", got)
	}
	if got := stdout(nb.Cells[3]); got != "env: NBRUN_TEXT=1\nrunning IWM 0.05\n" {
		t.Errorf("cell 4 printed %q: the magic not run, or the parameter not injected", got)
	}
	if fmt.Sprint(res.Values["events"]) != "60" {
		t.Errorf("published events %v, want 60 (round(1/0.05)*3)", res.Values["events"])
	}
	if _, err := os.Stat(filepath.Join(out, "text-sweep.html")); err != nil {
		t.Error(err)
	}
	if after, _ := os.ReadFile(src); string(after) != string(text) {
		t.Error("the text notebook changed")
	}
	// The record names the text file run.
	pm, _ := nb.Metadata["papermill"].(map[string]any)
	if pm["input_path"] != src || pm["output_path"] != want {
		t.Errorf("papermill record %v", pm)
	}
}

// -check compares a text notebook's fresh outputs with its paired .ipynb's
// (the same name beside it), whose ids the run keeps; without a pair it
// runs and says the outputs were not compared; a changed cell is found.
func TestTextNotebookCheck(t *testing.T) {
	kerneltest.Need(t, "python3")
	t.Setenv("TMPDIR", t.TempDir())
	dir := t.TempDir()
	src := filepath.Join(dir, "text-sweep.py")
	text, err := os.ReadFile(filepath.Join(notebooks, "text-sweep.py"))
	if err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(src, text, 0o644); err != nil {
		t.Fatal(err)
	}

	res, events := runOne(t, context.Background(), runner.Options{Notebooks: []string{src}, Check: true})
	if res.Err != nil {
		t.Fatalf("no pair: %v", res.Err)
	}
	if c := compared(events); c == nil || !c.Unpaired || c.Current || !strings.Contains(c.Why, "text-sweep.ipynb") {
		t.Errorf("no pair: Compared %+v, want Unpaired naming text-sweep.ipynb", c)
	}

	// -inplace writes the pair, and leaves the script alone.
	if res, _ = runOne(t, context.Background(), runner.Options{Notebooks: []string{src}, InPlace: true}); res.Err != nil {
		t.Fatal(res.Err)
	}
	paired := filepath.Join(dir, "text-sweep.ipynb")
	if res.Written != paired {
		t.Errorf("-inplace wrote %s, want the paired %s", res.Written, paired)
	}
	if after, _ := os.ReadFile(src); string(after) != string(text) {
		t.Error("-inplace changed the text notebook")
	}
	stored := readNB(t, paired)
	// Stable ids: another -inplace run keeps them.
	if res, _ = runOne(t, context.Background(), runner.Options{Notebooks: []string{src}, InPlace: true}); res.Err != nil {
		t.Fatal(res.Err)
	}
	if a, b := ids(stored), ids(readNB(t, paired)); !slices.Equal(a, b) {
		t.Errorf("ids changed from %v to %v", a, b)
	}

	out := t.TempDir()
	res, events = runOne(t, context.Background(), runner.Options{Notebooks: []string{src}, Check: true, OutDir: out})
	if res.Err != nil {
		t.Fatalf("against the pair: %v", res.Err)
	}
	if c := compared(events); c == nil || !c.Current {
		t.Errorf("against the pair: Compared %+v, want Current", c)
	}
	if a, b := ids(stored), ids(readNB(t, filepath.Join(out, "text-sweep.ipynb"))); !slices.Equal(a, b) {
		t.Errorf("the run's ids %v are not the pair's %v", b, a)
	}

	// A changed cell in the text: its outputs differ from the pair's.
	changed := strings.Replace(string(text), "print('running',", "print('now running',", 1)
	if err := os.WriteFile(src, []byte(changed), 0o644); err != nil {
		t.Fatal(err)
	}
	res, _ = runOne(t, context.Background(), runner.Options{Notebooks: []string{src}, Check: true})
	var de *runner.DiffError
	if !errors.As(res.Err, &de) || len(de.Diffs) != 1 || de.Diffs[0].Index != 2 {
		t.Errorf("changed text: %v, want one differing cell, the third", res.Err)
	}

	// -o onto its own folder would replace the pair -check compares with.
	if _, err := runner.NewPlan(runner.Options{Notebooks: []string{src}, Check: true, OutDir: dir}); err == nil || !strings.Contains(err.Error(), "-check would replace") {
		t.Errorf("-check -o its own folder: %v", err)
	}
	// The text and its pair both -inplace: one file, two runs.
	if _, err := runner.NewPlan(runner.Options{Notebooks: []string{src, paired}, InPlace: true}); err == nil || !strings.Contains(err.Error(), "would both be written to") {
		t.Errorf("-inplace on a text notebook and its pair: %v", err)
	}
}

func compared(events []runner.Event) *runner.Compared {
	for _, e := range events {
		if c, ok := e.(*runner.Compared); ok {
			return c
		}
	}
	return nil
}

// -cache keys a text notebook on the notebook as read: an unchanged
// rerun comes from the cache, a changed script runs again.
func TestTextNotebookCache(t *testing.T) {
	kerneltest.Need(t, "python3")
	t.Setenv("TMPDIR", t.TempDir())
	src := copyNB(t, "text-sweep.py")
	cache := t.TempDir()
	opt := runner.Options{Notebooks: []string{src}, CacheDir: cache, NoTiming: true}
	isCached := func(events []runner.Event) bool {
		return slices.ContainsFunc(events, func(e runner.Event) bool { _, ok := e.(*runner.Cached); return ok })
	}
	for i, want := range []bool{false, true} {
		res, events := runOne(t, context.Background(), opt)
		if res.Err != nil {
			t.Fatal(res.Err)
		}
		if got := isCached(events); got != want {
			t.Errorf("run %d: cached %v, want %v", i+1, got, want)
		}
	}
	text, _ := os.ReadFile(src)
	if err := os.WriteFile(src, []byte(strings.Replace(string(text), "n = 3", "n = 4", 1)), 0o644); err != nil {
		t.Fatal(err)
	}
	if res, events := runOne(t, context.Background(), opt); res.Err != nil || isCached(events) {
		t.Errorf("changed script: cached %v (error %v), want a fresh run", isCached(events), res.Err)
	}
}

// A sweep of a text notebook: one .ipynb per point, a summary with the
// published values.
func TestTextNotebookSweep(t *testing.T) {
	kerneltest.Need(t, "python3")
	t.Setenv("TMPDIR", t.TempDir())
	out := t.TempDir()
	plan, err := runner.NewPlan(runner.Options{Notebooks: []string{filepath.Join(notebooks, "text-sweep.py")}, OutDir: out, Jobs: 2,
		Sweeps: []runner.Sweep{{Name: "threshold", Values: []string{"0.1", "0.25"}}}})
	if err != nil {
		t.Fatal(err)
	}
	rep, err := plan.Run(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	for i, want := range []struct {
		file   string
		events string
	}{{"text-sweep-threshold=0.1.ipynb", "30"}, {"text-sweep-threshold=0.25.ipynb", "12"}} {
		r := rep.Results[i]
		if r.Err != nil || r.Written != filepath.Join(out, want.file) || fmt.Sprint(r.Values["events"]) != want.events {
			t.Errorf("run %d: written %s, events %v, error %v; want %s, %v", i+1, r.Written, r.Values["events"], r.Err, want.file, want.events)
		}
	}
	if rep.Summary != filepath.Join(out, "summary.csv") {
		t.Errorf("summary %q", rep.Summary)
	}
}

// A text notebook that cannot be read runs nothing, and the error names
// the file and the line.
func TestTextNotebookBadInput(t *testing.T) {
	dir := t.TempDir()
	light := filepath.Join(dir, "light.py")
	if err := os.WriteFile(light, []byte("x = 1\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	badPair := filepath.Join(dir, "pair.py")
	if err := os.WriteFile(badPair, []byte("# %%\nx = 1\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(dir, "pair.ipynb"), []byte("{"), 0o644); err != nil {
		t.Fatal(err)
	}
	header := filepath.Join(notebooks, "text-bad-header.py")
	for _, tt := range []struct{ path, want string }{
		{header, header + ": line 2: YAML header: "},
		{light, light + ": no # %% cell marker"},
		{badPair, badPair + ": its paired notebook: "},
	} {
		plan, err := runner.NewPlan(runner.Options{Notebooks: []string{tt.path}})
		if err != nil {
			t.Fatal(err)
		}
		rep, err := plan.Run(context.Background())
		var je *runner.JobError
		if rep != nil || !errors.As(err, &je) || !errors.Is(err, runner.ErrUsage) {
			t.Fatalf("%s: report %v, error %v; want a usage *JobError", tt.path, rep, err)
		}
		if !strings.HasPrefix(je.Error(), tt.want) || strings.Contains(je.Error(), "jupytext:") {
			t.Errorf("error %q, want it to start %q", je.Error(), tt.want)
		}
	}
}

// The parameters of a text notebook are listed as a run reads them; a
// header-less .go notebook is Go, by the gonb kernel.
func TestTextNotebookParameters(t *testing.T) {
	lang, ps, err := runner.Parameters(filepath.Join(notebooks, "text-sweep.py"), "", nil)
	if err != nil {
		t.Fatal(err)
	}
	var names []string
	for _, p := range ps {
		names = append(names, p.Name+":"+p.Type)
	}
	if lang != "python" || strings.Join(names, " ") != "threshold:float ticker:str n:int" {
		t.Errorf("%s %v", lang, names)
	}
	kerneltest.Need(t, "gonb")
	goText := filepath.Join(t.TempDir(), "bare.go")
	nb, err := jupytext.ReadFile(filepath.Join(notebooks, "text-params.go"))
	if err != nil {
		t.Fatal(err)
	}
	delete(nb.Metadata, "kernelspec")
	b, err := jupytext.Write(nb, jupytext.Go)
	if err != nil {
		t.Fatal(err)
	}
	if strings.Contains(string(b), "kernelspec") {
		t.Fatalf("still a kernelspec:\n%s", b)
	}
	if err := os.WriteFile(goText, b, 0o644); err != nil {
		t.Fatal(err)
	}
	if lang, ps, err = runner.Parameters(goText, "", nil); err != nil || lang != "go" || len(ps) != 3 || ps[2].Type != "[]int" {
		t.Errorf("header-less .go: %s %v %v", lang, ps, err)
	}
}
