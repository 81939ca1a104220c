package main

import (
	"encoding/json"
	"path/filepath"
	"reflect"
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
