package main

import (
	"encoding/json"
	"path/filepath"
	"reflect"
	"regexp"
	"strconv"
	"strings"
	"testing"

	"github.com/rotationlab/rotation/jupyter/kernel/kerneltest"
	"github.com/rotationlab/rotation/jupyter/nbformat"
)

// The run record's parameters are the values the kernel was given: a
// string with quotes and backslashes is recorded as the very string the
// notebook printed, not read as JSON (issue 22).
func TestPapermillRecordIsInjected(t *testing.T) {
	kerneltest.Need(t, "python3")
	src := filepath.Join(notebooks, "python-params.ipynb")
	out := t.TempDir()
	ticker := `"Hello \\ 'x'"`
	if code, stderr := nbrun(t, "-q", "-no-timing", "-p", "ticker="+ticker, "-p", "threshold=1", "-p", "n=007", "-o", out, src); code != 0 {
		t.Fatalf("exit %d: %s", code, stderr)
	}
	nb := read(t, filepath.Join(out, "python-params.ipynb"))
	pm, _ := nb.Metadata["papermill"].(map[string]any)
	// Numbers read back as json.Number, as written.
	want := map[string]any{"ticker": ticker, "threshold": json.Number("1.0"), "n": json.Number("7")}
	if got := pm["parameters"]; !reflect.DeepEqual(got, want) {
		t.Errorf("parameters %#v, want %#v", got, want)
	}
	printed := ""
	for _, c := range nb.Cells {
		for _, o := range c.Outputs {
			if o.Type == nbformat.Stream {
				printed += o.Text
			}
		}
	}
	if printed != "1.0 "+ticker+" 7 int\n" {
		t.Errorf("the notebook printed %q", printed)
	}
}

// papermill is where papermill's own test notebooks are (see its README).
var papermill = filepath.Join("..", "..", "testdata", "papermill")

// runPapermill runs one of papermill's test notebooks into a temporary
// directory and returns nbrun's exit code, its standard error and the
// executed notebook.
func runPapermill(t *testing.T, name string, args ...string) (int, string, *nbformat.Notebook) {
	t.Helper()
	kerneltest.Need(t, "python3")
	out := t.TempDir()
	code, stderr := nbrun(t, append(append([]string{"-no-timing"}, args...), "-o", out, filepath.Join(papermill, name))...)
	return code, stderr, read(t, filepath.Join(out, name))
}

func count(c *nbformat.Cell) any {
	if c.ExecutionCount == nil {
		return nil
	}
	return *c.ExecutionCount
}

func cellStatus(c *nbformat.Cell) any {
	pm, _ := c.Metadata["papermill"].(map[string]any)
	return pm["status"]
}

// papermill's TestSysExit: sys.exit(), sys.exit(0) and raise SystemExit
// stop the run cleanly (test_sys_exit, test_sys_exit0, test_system_exit:
// cell 0 is code with count 1, cell 1 has count 2 and a SystemExit error
// output with the evalue given, cell 2 is not run). nbrun's side of it:
// exit 0, the cell after the stop stays pending, as papermill leaves it,
// the stopping cell is recorded failed as papermill records it, the run
// not failed, and the progress says where it stopped.
func TestPapermillSysExit(t *testing.T) {
	for _, tt := range []struct{ name, evalue string }{
		{"sysexit.ipynb", ""}, {"sysexit0.ipynb", "0"}, {"systemexit.ipynb", ""},
	} {
		t.Run(tt.name, func(t *testing.T) {
			code, stderr, nb := runPapermill(t, tt.name)
			if code != 0 {
				t.Fatalf("exit %d: %s", code, stderr)
			}
			if len(nb.Cells) != 3 {
				t.Fatalf("%d cells", len(nb.Cells))
			}
			c := nb.Cells
			if c[0].Type != nbformat.Code || count(c[0]) != 1 || count(c[1]) != 2 || count(c[2]) != nil {
				t.Errorf("types %s, counts %v %v %v", c[0].Type, count(c[0]), count(c[1]), count(c[2]))
			}
			if len(c[1].Outputs) == 0 || c[1].Outputs[0].Type != nbformat.Error || c[1].Outputs[0].Ename != "SystemExit" || c[1].Outputs[0].Evalue != tt.evalue {
				t.Errorf("cell 1 outputs %+v", c[1].Outputs)
			}
			if len(c[2].Outputs) != 0 || cellStatus(c[2]) != "pending" || cellStatus(c[1]) != "failed" {
				t.Errorf("cell 2: outputs %+v, status %v; cell 1 status %v", c[2].Outputs, cellStatus(c[2]), cellStatus(c[1]))
			}
			if pm, _ := nb.Metadata["papermill"].(map[string]any); pm["exception"] != false {
				t.Errorf("metadata.papermill %v", pm)
			}
			if !strings.Contains(stderr, "stopped early at cell 2 of 3 (SystemExit: "+tt.evalue+", papermill's clean stop): 1 code cell after it not run") {
				t.Errorf("stderr:\n%s", stderr)
			}
		})
	}
}

// papermill's error-cell patterns, from test_execute.py.
var (
	errorLink = func(n int) *regexp.Regexp {
		return regexp.MustCompile(`^<span .*<a href="#papermill-error-cell".*In \[` + strconv.Itoa(n) + `\].*</span>$`)
	}
	errorAnchor = regexp.MustCompile(`<span id="papermill-error-cell" .*</span>`)
)

// isErrorCell tells one of papermill's error cells.
func isErrorCell(c *nbformat.Cell) bool {
	return c.Type == nbformat.Markdown && reflect.DeepEqual(c.Metadata["tags"], []any{"papermill-error-cell-tag"})
}

func errorCells(nb *nbformat.Notebook) int {
	n := 0
	for _, c := range nb.Cells {
		if c.HasTag("papermill-error-cell-tag") {
			n++
		}
	}
	return n
}

// papermill's test_sys_exit1 (and test_output_formatting's notebook
// part): sys.exit(1) is a failure (exit 1), and the notebook gets the
// error cells: a link naming In [2] at the top, the anchor before the
// failed cell, the cell after it not run.
func TestPapermillSysExit1(t *testing.T) {
	code, stderr, nb := runPapermill(t, "sysexit1.ipynb")
	if code != 1 || !strings.Contains(stderr, "cell 2 raised SystemExit: 1") {
		t.Fatalf("exit %d: %s", code, stderr)
	}
	c := nb.Cells
	if len(c) != 5 {
		t.Fatalf("%d cells", len(c))
	}
	if !isErrorCell(c[0]) || !errorLink(2).MatchString(c[0].Source) || count(c[1]) != 1 ||
		!isErrorCell(c[2]) || !errorAnchor.MatchString(c[2].Source) ||
		count(c[3]) != 2 || c[3].Outputs[0].Type != nbformat.Error || count(c[4]) != nil {
		t.Errorf("cells: %q %v %q %v %+v %v", c[0].Source, count(c[1]), c[2].Source, count(c[3]), c[3].Outputs, count(c[4]))
	}
	if pm, _ := nb.Metadata["papermill"].(map[string]any); pm["exception"] != true {
		t.Errorf("metadata.papermill %v", pm)
	}
}

// papermill's TestBrokenNotebook1: the notebook arrives with error cells
// of an earlier run (In [1]); they are replaced by this run's (In [2]),
// and there are exactly two.
func TestPapermillBroken1(t *testing.T) {
	orig := read(t, filepath.Join(papermill, "broken1.ipynb"))
	if !isErrorCell(orig.Cells[0]) || !strings.Contains(orig.Cells[0].Source, "In [1]") || !isErrorCell(orig.Cells[2]) {
		t.Fatal("broken1.ipynb does not arrive with error cells")
	}
	code, stderr, nb := runPapermill(t, "broken1.ipynb")
	if code != 1 {
		t.Fatalf("exit %d: %s", code, stderr)
	}
	c := nb.Cells
	if len(c) != 8 {
		t.Fatalf("%d cells", len(c))
	}
	if !isErrorCell(c[0]) || !errorLink(2).MatchString(c[0].Source) || c[1].Type != nbformat.Markdown || count(c[2]) != 1 ||
		c[3].Type != nbformat.Markdown || c[4].Type != nbformat.Markdown ||
		!isErrorCell(c[5]) || !errorAnchor.MatchString(c[5].Source) ||
		count(c[6]) != 2 || c[6].Outputs[0].Type != nbformat.Error || count(c[7]) != nil {
		for i, x := range c {
			t.Logf("cell %d: %s %v %q", i, x.Type, count(x), x.Source)
		}
		t.Error("cells differ from papermill's")
	}
	if n := errorCells(nb); n != 2 {
		t.Errorf("%d error cells", n)
	}
}

// papermill's TestBrokenNotebook2: the error cells around a cell whose
// display output comes before its error.
func TestPapermillBroken2(t *testing.T) {
	code, stderr, nb := runPapermill(t, "broken2.ipynb")
	if code != 1 {
		t.Fatalf("exit %d: %s", code, stderr)
	}
	c := nb.Cells
	if len(c) != 5 {
		t.Fatalf("%d cells", len(c))
	}
	if !regexp.MustCompile(`^<span .*<a href="#papermill-error-cell">.*In \[2\].*</span>$`).MatchString(c[0].Source) || count(c[1]) != 1 ||
		!isErrorCell(c[2]) || !errorAnchor.MatchString(c[2].Source) || count(c[3]) != 2 || len(c[3].Outputs) < 2 ||
		c[3].Outputs[0].Type != nbformat.DisplayData || c[3].Outputs[1].Type != nbformat.Error || count(c[4]) != nil {
		for i, x := range c {
			t.Logf("cell %d: %s %v %q %+v", i, x.Type, count(x), x.Source, x.Outputs)
		}
		t.Error("cells differ from papermill's")
	}
}

// papermill's test_line_magic_error: an unknown line magic fails its
// cell, In [1].
func TestPapermillLineMagicError(t *testing.T) {
	code, stderr, nb := runPapermill(t, "line_magic_error.ipynb")
	if code != 1 {
		t.Fatalf("exit %d: %s", code, stderr)
	}
	c := nb.Cells
	if len(c) != 4 || !isErrorCell(c[0]) || !errorLink(1).MatchString(c[0].Source) || c[2].Type != nbformat.Code || count(c[2]) != 1 || count(c[3]) != nil {
		for i, x := range c {
			t.Logf("cell %d: %s %v %q", i, x.Type, count(x), x.Source)
		}
		t.Error("cells differ from papermill's")
	}
}

// The error cells go into every failed run written to disk: -inplace
// writes NAME.failed.ipynb with them and leaves the notebook as it was;
// fixed, the rerun succeeds and the notebook carries none (broken1's,
// left by an earlier run, are dropped).
func TestErrorCellsInplace(t *testing.T) {
	kerneltest.Need(t, "python3")
	path := kerneltest.Copy(t, filepath.Join(papermill, "broken1.ipynb"))
	before := read(t, path)
	if code, stderr := nbrun(t, "-q", "-no-timing", "-inplace", path); code != 1 {
		t.Fatalf("exit %d: %s", code, stderr)
	}
	failed := read(t, strings.TrimSuffix(path, ".ipynb")+".failed.ipynb")
	if n := errorCells(failed); n != 2 || !errorLink(2).MatchString(failed.Cells[0].Source) {
		t.Errorf("%s: %d error cells, first %q", failed.Cells[0].Source, n, failed.Cells[0].Source)
	}
	if after := read(t, path); !reflect.DeepEqual(after.Cells, before.Cells) {
		t.Error("-inplace changed the notebook of a failed run")
	}
	// Fix the notebook: both failing cells.
	for _, c := range before.Cells {
		if c.Type == nbformat.Code {
			c.Source = "print(1)"
		}
	}
	if err := nbformat.WriteFile(path, before); err != nil {
		t.Fatal(err)
	}
	if code, stderr := nbrun(t, "-q", "-no-timing", "-inplace", path); code != 0 {
		t.Fatalf("exit %d: %s", code, stderr)
	}
	if n := errorCells(read(t, path)); n != 0 {
		t.Errorf("a run that succeeded left %d error cells", n)
	}
}

// A clean SystemExit stops the run under -allow-errors too: the notebook
// asked to stop, which is no error to go past.
func TestPapermillSysExitAllowErrors(t *testing.T) {
	code, stderr, nb := runPapermill(t, "sysexit0.ipynb", "-allow-errors")
	if code != 0 || count(nb.Cells[2]) != nil || cellStatus(nb.Cells[2]) != "pending" {
		t.Errorf("exit %d, cell 2 count %v status %v: %s", code, count(nb.Cells[2]), cellStatus(nb.Cells[2]), stderr)
	}
}

// A GoNB cell whose program calls os.Exit(0) is no early stop: each GoNB
// cell is a program of its own, and GoNB reports a program that exits
// with status 0 as one that returned, so the next cell runs and the run
// succeeds (the README's papermill section says so).
func TestGoNBExit0RunsOn(t *testing.T) {
	kerneltest.Need(t, "gonb")
	out := t.TempDir()
	code, stderr := nbrun(t, "-no-timing", "-o", out, filepath.Join(notebooks, "gonb-exit0.ipynb"))
	if code != 0 || strings.Contains(stderr, "stopped early") {
		t.Fatalf("exit %d: %s", code, stderr)
	}
	nb := read(t, filepath.Join(out, "gonb-exit0.ipynb"))
	c := nb.Cells[2]
	if cellStatus(c) != "completed" || len(c.Outputs) != 1 || c.Outputs[0].Text != "next cell\n" {
		t.Errorf("cell 3: status %v, outputs %+v", cellStatus(c), c.Outputs)
	}
}

// papermill's TestNotebookHelpers on simple_execute.ipynb: the injected
// cell goes right after the parameters cell, starts with "# Parameters"
// and writes the value as papermill's Python translator does, and the run
// records the parameters as given (test_cell_insertion,
// test_quoted_params, test_backslash_params, test_backslash_quote_params,
// test_double_backslash_quote_params). papermill's tests pass foo, which
// the notebook does not declare: nbrun refuses undeclared names, so the
// same values go to msg.
func TestPapermillParameters(t *testing.T) {
	for _, tt := range []struct{ value, line string }{
		{`Hello`, `msg = "Hello"`},
		{`"Hello"`, `msg = "\"Hello\""`},
		{`do\ not\ crash`, `msg = "do\\ not\\ crash"`},
		{`bar=\"baz\"`, `msg = "bar=\\\"baz\\\""`},
		{`\\"bar\\"`, `msg = "\\\\\"bar\\\\\""`},
	} {
		t.Run(tt.value, func(t *testing.T) {
			code, stderr, nb := runPapermill(t, "simple_execute.ipynb", "-p", "msg="+tt.value)
			if code != 0 {
				t.Fatalf("exit %d: %s", code, stderr)
			}
			if got := strings.Split(nb.Cells[1].Source, "\n"); !reflect.DeepEqual(got, []string{"# Parameters", tt.line, ""}) || !nb.Cells[1].HasTag("injected-parameters") {
				t.Errorf("injected cell %q", got)
			}
			pm, _ := nb.Metadata["papermill"].(map[string]any)
			if got := pm["parameters"]; !reflect.DeepEqual(got, map[string]any{"msg": tt.value}) {
				t.Errorf("parameters %#v", got)
			}
			// The kernel got the value as given: the notebook prints it.
			if out := nb.Cells[2].Outputs; len(out) != 1 || out[0].Text != tt.value+"\n" {
				t.Errorf("printed %+v", out)
			}
		})
	}
}

// papermill's TestReportMode: with -report-mode (and a = 0 given) every
// code cell, the injected one too, has metadata.jupyter.source_hidden.
func TestPapermillReportMode(t *testing.T) {
	code, stderr, nb := runPapermill(t, "report_mode_test.ipynb", "-report-mode", "-p", "a=0")
	if code != 0 {
		t.Fatalf("exit %d: %s", code, stderr)
	}
	codeCells := 0
	for i, c := range nb.Cells {
		if c.Type != nbformat.Code {
			continue
		}
		codeCells++
		if j, _ := c.Metadata["jupyter"].(map[string]any); j["source_hidden"] != true {
			t.Errorf("cell %d: metadata %v", i, c.Metadata)
		}
	}
	if codeCells != 4 || !nb.Cells[1].HasTag("injected-parameters") {
		t.Errorf("%d code cells", codeCells)
	}
	// Without it nothing is hidden.
	_, _, nb = runPapermill(t, "report_mode_test.ipynb")
	for i, c := range nb.Cells {
		if _, has := c.Metadata["jupyter"]; has {
			t.Errorf("cell %d hidden without -report-mode: %v", i, c.Metadata)
		}
	}
}

// papermill's test_no_tags: a Python notebook without a parameters cell
// gets the values in a new first cell, "# Parameters" first, and the
// record; nbrun warns that it did so.
func TestPapermillNoParametersCell(t *testing.T) {
	code, stderr, nb := runPapermill(t, "no_parameters.ipynb", "-p", "msg=Hello")
	if code != 0 {
		t.Fatalf("exit %d: %s", code, stderr)
	}
	if got := strings.Split(nb.Cells[0].Source, "\n"); !reflect.DeepEqual(got, []string{"# Parameters", `msg = "Hello"`, ""}) {
		t.Errorf("first cell %q", got)
	}
	pm, _ := nb.Metadata["papermill"].(map[string]any)
	if got := pm["parameters"]; !reflect.DeepEqual(got, map[string]any{"msg": "Hello"}) {
		t.Errorf("parameters %#v", got)
	}
	if !strings.Contains(stderr, `has no cell tagged "parameters": the parameters go into a new cell at the top`) {
		t.Errorf("no warning:\n%s", stderr)
	}
	// The notebook's own msg = None comes after, as in papermill: it
	// prints None.
	if out := nb.Cells[2].Outputs; len(out) != 1 || out[0].Text != "None\n" {
		t.Errorf("printed %+v", out)
	}
}

// withoutErrorCells is nb without papermill's error cells, for tests that
// look at a failed run's cells by their place in the notebook as run.
func withoutErrorCells(nb *nbformat.Notebook) *nbformat.Notebook {
	var cells []*nbformat.Cell
	for _, c := range nb.Cells {
		if !c.HasTag("papermill-error-cell-tag") {
			cells = append(cells, c)
		}
	}
	nb.Cells = cells
	return nb
}
