package runner

import (
	"fmt"
	"slices"

	"github.com/rotationlab/rotation/jupyter/nbformat"
)

// papermill's error cells, from its execute.py: two Markdown cells tagged
// ErrorCellTag that a failed run's notebook carries, one at the top
// linking to the failed cell, one just before that cell holding the
// anchor, so that a reader of a failed CI artefact jumps to the failure.
const (
	// ErrorCellTag tags papermill's error cells (papermill's
	// ERROR_MARKER_TAG).
	ErrorCellTag = "papermill-error-cell-tag"
	// errorAnchor is the id the top cell links to.
	errorAnchor = "papermill-error-cell"
	errorStyle  = `style="color:red; font-family:Helvetica Neue, Helvetica, Arial, sans-serif; font-size:2em;"`
	// errorMessage takes the failed cell's execution count (papermill's
	// ERROR_MESSAGE_TEMPLATE).
	errorMessage = `<span ` + errorStyle + `>An Exception was encountered at '<a href="#` + errorAnchor + `">In [%s]</a>'.</span>`
	// errorAnchorMessage is papermill's ERROR_ANCHOR_MSG.
	errorAnchorMessage = `<span id="` + errorAnchor + `" ` + errorStyle + `>Execution using papermill encountered an exception here and stopped:</span>`
)

// removeErrorCells drops the error cells an earlier run left, as papermill
// does before it runs a notebook.
func removeErrorCells(nb *nbformat.Notebook) {
	nb.Cells = slices.DeleteFunc(nb.Cells, func(c *nbformat.Cell) bool { return c.HasTag(ErrorCellTag) })
}

// addErrorCells inserts papermill's error cells for the first cell that
// failed (metadata.papermill.exception true, but not papermill's clean
// stop, a SystemExit with status 0 or none), as papermill's
// raise_for_execution_errors does; a run that failed before any cell (its
// kernel did not start) gets none. Earlier error cells are replaced.
func addErrorCells(nb *nbformat.Notebook) {
	removeErrorCells(nb)
	at := -1
	for i, c := range nb.Cells {
		if c.Type == nbformat.Code && cellFailed(c) && !cleanExit(c) {
			at = i
			break
		}
	}
	if at < 0 {
		return
	}
	n := "None" // papermill's str(None) for a cell without a count
	if ec := nb.Cells[at].ExecutionCount; ec != nil {
		n = fmt.Sprint(*ec)
	}
	cell := func(src string) *nbformat.Cell {
		return &nbformat.Cell{Type: nbformat.Markdown, Source: src, Metadata: map[string]any{"tags": []any{ErrorCellTag}}}
	}
	nb.Cells = slices.Insert(nb.Cells, at, cell(errorAnchorMessage))
	nb.Cells = slices.Insert(nb.Cells, 0, cell(fmt.Sprintf(errorMessage, n)))
	nb.AssignIDs()
}

// cellFailed tells a cell whose metadata.papermill.exception is true.
func cellFailed(c *nbformat.Cell) bool {
	pm, _ := c.Metadata["papermill"].(map[string]any)
	return pm["exception"] == true
}

// cleanExit tells a cell that raised SystemExit with status 0 or none.
func cleanExit(c *nbformat.Cell) bool {
	for _, o := range c.Outputs {
		if o.Type == nbformat.Error && o.Ename == "SystemExit" && (o.Evalue == "" || o.Evalue == "0") {
			return true
		}
	}
	return false
}

// hideSources marks every code cell metadata.jupyter.source_hidden, as
// papermill's report mode does (its prepare_notebook_metadata).
func hideSources(nb *nbformat.Notebook) {
	for _, c := range nb.Cells {
		if c.Type != nbformat.Code {
			continue
		}
		if c.Metadata == nil {
			c.Metadata = map[string]any{}
		}
		j, _ := c.Metadata["jupyter"].(map[string]any)
		if j == nil {
			j = map[string]any{}
		}
		j["source_hidden"] = true
		c.Metadata["jupyter"] = j
	}
}
