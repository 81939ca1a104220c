package runner

import (
	"strings"
	"testing"

	"github.com/rotationlab/rotation/jupyter/export"
	"github.com/rotationlab/rotation/jupyter/nbformat"
)

func failedNotebook() *nbformat.Notebook {
	one, two := 1, 2
	nb := &nbformat.Notebook{Format: 4, Minor: 5, Cells: []*nbformat.Cell{
		{Type: nbformat.Markdown, Source: "# title"},
		{Type: nbformat.Code, Source: "x = 1", ExecutionCount: &one},
		{Type: nbformat.Code, Source: "1/0", ExecutionCount: &two,
			Outputs: []nbformat.Output{{Type: nbformat.Error, Ename: "ZeroDivisionError", Evalue: "division by zero"}}},
		{Type: nbformat.Code, Source: "print(2)"},
	}}
	nb.Cells[1].SetPapermill(nbformat.CellPapermill{Status: nbformat.PapermillCompleted, NoTiming: true})
	nb.Cells[2].SetPapermill(nbformat.CellPapermill{Status: nbformat.PapermillFailed, Failed: true, NoTiming: true})
	nb.Cells[3].SetPapermill(nbformat.CellPapermill{Status: nbformat.PapermillPending, NoTiming: true})
	return nb
}

// The error cells are papermill's markup, byte for byte (execute.py's
// ERROR_MESSAGE_TEMPLATE and ERROR_ANCHOR_MSG), placed as papermill
// places them; adding them twice leaves two.
func TestAddErrorCells(t *testing.T) {
	nb := failedNotebook()
	addErrorCells(nb)
	addErrorCells(nb)
	const style = `style="color:red; font-family:Helvetica Neue, Helvetica, Arial, sans-serif; font-size:2em;"`
	want := []string{
		`<span ` + style + `>An Exception was encountered at '<a href="#papermill-error-cell">In [2]</a>'.</span>`,
		"# title", "x = 1",
		`<span id="papermill-error-cell" ` + style + `>Execution using papermill encountered an exception here and stopped:</span>`,
		"1/0", "print(2)",
	}
	if len(nb.Cells) != len(want) {
		t.Fatalf("%d cells", len(nb.Cells))
	}
	for i, c := range nb.Cells {
		if c.Source != want[i] {
			t.Errorf("cell %d: %q, want %q", i, c.Source, want[i])
		}
		if tagged := i == 0 || i == 3; tagged != c.HasTag(ErrorCellTag) || (tagged && (c.Type != nbformat.Markdown || c.ID == "")) {
			t.Errorf("cell %d: type %s, id %q, tags %v", i, c.Type, c.ID, c.Tags())
		}
	}
	// A run that stopped cleanly at SystemExit(0) gets none.
	nb = failedNotebook()
	nb.Cells[2].Outputs[0].Ename, nb.Cells[2].Outputs[0].Evalue = "SystemExit", "0"
	addErrorCells(nb)
	if len(nb.Cells) != 4 {
		t.Errorf("clean exit: %d cells", len(nb.Cells))
	}
}

// The pages keep what the error cells are for: the link to
// #papermill-error-cell and the anchor it goes to survive the HTML
// sanitizer, and the Markdown carries them.
func TestErrorCellsInPages(t *testing.T) {
	nb := failedNotebook()
	addErrorCells(nb)
	page, err := export.HTML(nb, export.Options{Name: "x.ipynb"})
	if err != nil {
		t.Fatal(err)
	}
	md, _, err := export.Markdown(nb, export.Options{Name: "x.ipynb", ImageDir: "x_files"})
	if err != nil {
		t.Fatal(err)
	}
	for name, text := range map[string]string{"html": string(page), "markdown": string(md)} {
		if !strings.Contains(text, `<a href="#papermill-error-cell"`) || !strings.Contains(text, `id="papermill-error-cell"`) || !strings.Contains(text, "In [2]") {
			t.Errorf("%s page lost the link or the anchor:\n%s", name, text)
		}
	}
	if strings.Count(string(page), `id="papermill-error-cell"`) != 1 {
		t.Error("the anchor is not unique in the page")
	}
}

// -report-mode changes the executed notebook, so it is in the cache key;
// unset, the key is the one runs had before it existed.
func TestReportModeKey(t *testing.T) {
	plain := (&run{p: &Plan{}}).keyOptions()
	report := (&run{p: &Plan{opt: Options{ReportMode: true}}}).keyOptions()
	if plain != "timing=true allow-errors=false" || report == plain {
		t.Errorf("keys %q and %q", plain, report)
	}
}
