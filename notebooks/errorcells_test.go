package notebooks

import (
	"path/filepath"
	"testing"

	"github.com/rotationlab/rotation/jupyter/nbformat"
	"github.com/rotationlab/rotation/jupyter/runner"
)

// The committed notebooks never carry papermill's error cells: a failed
// -inplace run writes NAME.failed.ipynb beside a notebook, never into it.
func TestCommittedNotebooksHaveNoErrorCells(t *testing.T) {
	paths, err := filepath.Glob("0*.ipynb")
	if err != nil || len(paths) == 0 {
		t.Fatalf("no committed notebooks found (%v)", err)
	}
	for _, p := range paths {
		nb, err := nbformat.ReadFile(p)
		if err != nil {
			t.Fatal(err)
		}
		for i, c := range nb.Cells {
			if c.HasTag(runner.ErrorCellTag) {
				t.Errorf("%s: cell %d is one of papermill's error cells (tagged %s)", p, i+1, runner.ErrorCellTag)
			}
		}
	}
}
