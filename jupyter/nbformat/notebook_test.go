package nbformat_test

import (
	"bytes"
	"errors"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"

	"github.com/rotationlab/rotation/internal/nbvalidate"

	"github.com/rotationlab/rotation/jupyter/nbformat"
)

// jupyter.ipynb was written by nbformat itself (Jupyter's writer) with
// unicode, control characters, a line separator, every output type and
// nested metadata. Reading and writing it back must give the same bytes.
func TestRoundTripJupyterBytes(t *testing.T) {
	want, err := os.ReadFile(filepath.Join("testdata", "jupyter.ipynb"))
	if err != nil {
		t.Fatal(err)
	}
	nb, err := nbformat.Parse(want, "jupyter.ipynb")
	if err != nil {
		t.Fatal(err)
	}
	got, err := nbformat.Marshal(nb)
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(got, want) {
		t.Errorf("rewrite differs:\n%s", diff(string(got), string(want)))
	}
	c := nb.Cells[1]
	if c.Source != "%%\nfmt.Println(\"hi\")\n" || *c.ExecutionCount != 3 || !c.HasTag("parameters") {
		t.Errorf("cell 1: %q %v %v", c.Source, *c.ExecutionCount, c.Tags())
	}
	if c.Outputs[0].Text != "hi\nthere\n" {
		t.Errorf("stream text not joined: %#v", c.Outputs[0].Text)
	}
	if nb.Cells[2].ExecutionCount != nil {
		t.Error("null execution_count read as a number")
	}
}

func diff(a, b string) string {
	al, bl := strings.Split(a, "\n"), strings.Split(b, "\n")
	for i := range min(len(al), len(bl)) {
		if al[i] != bl[i] {
			return "line " + strconv.Itoa(i+1) + ":\n got  " + al[i] + "\n want " + bl[i]
		}
	}
	return "lengths differ"
}

func TestUpgradeTo45(t *testing.T) {
	nb, err := nbformat.ReadFile(filepath.Join("testdata", "v44.ipynb"))
	if err != nil {
		t.Fatal(err)
	}
	if nb.Minor != 4 || nb.Cells[0].ID != "" {
		t.Fatalf("minor %d id %q", nb.Minor, nb.Cells[0].ID)
	}
	out, err := nbformat.Marshal(nb)
	if err != nil {
		t.Fatal(err)
	}
	again, err := nbformat.Parse(out, "again")
	if err != nil {
		t.Fatal(err)
	}
	if again.Minor != 5 || again.Cells[0].ID == "" || again.Cells[0].ID == again.Cells[1].ID {
		t.Errorf("minor %d ids %q %q", again.Minor, again.Cells[0].ID, again.Cells[1].ID)
	}
	// Ids are derived, not random: the same input gives the same bytes.
	nb2, _ := nbformat.ReadFile(filepath.Join("testdata", "v44.ipynb"))
	out2, _ := nbformat.Marshal(nb2)
	if !bytes.Equal(out, out2) {
		t.Error("two writes of the same notebook differ")
	}
	nbvalidate.Bytes(t, out)
}

func TestValidatorAcceptsWrites(t *testing.T) {
	b, _ := os.ReadFile(filepath.Join("testdata", "jupyter.ipynb"))
	nb, err := nbformat.Parse(b, "x")
	if err != nil {
		t.Fatal(err)
	}
	n := 7
	nb.Cells = append(nb.Cells, &nbformat.Cell{Type: nbformat.Code, Source: "x := 1\n", ExecutionCount: &n,
		Outputs: []nbformat.Output{{Type: nbformat.Stream, Name: nbformat.Stderr, Text: "warn\n"}}})
	out, err := nbformat.Marshal(nb)
	if err != nil {
		t.Fatal(err)
	}
	nbvalidate.Bytes(t, out)
}

func TestParseErrors(t *testing.T) {
	tests := []struct {
		name, in, want string
	}{
		{"bad json", "{\n \"cells\": [\n  {,\n", "x.ipynb:3:4: bad JSON"},
		{"truncated", "{\"cells\": [", "x.ipynb:1:12: bad JSON"},
		{"not an object", "[]", "not a JSON object"},
		{"nbformat 3", `{"nbformat": 3, "nbformat_minor": 0, "metadata": {}, "worksheets": []}`, "nbformat 3 is not supported"},
		{"no cells", `{"nbformat": 4, "nbformat_minor": 5, "metadata": {}}`, `missing or non-array "cells"`},
		{"no metadata", `{"nbformat": 4, "nbformat_minor": 5, "cells": []}`, `missing or non-object "metadata"`},
		{"no minor", `{"nbformat": 4, "metadata": {}, "cells": []}`, `missing "nbformat_minor"`},
		{"bad cell type", `{"nbformat": 4, "nbformat_minor": 5, "metadata": {}, "cells": [{"cell_type": "sql", "metadata": {}, "source": ""}]}`, `cell 0: unknown cell_type "sql"`},
		{"no source", `{"nbformat": 4, "nbformat_minor": 5, "metadata": {}, "cells": [{"cell_type": "markdown", "metadata": {}}]}`, `cell 0: missing or malformed "source"`},
		{"no outputs", `{"nbformat": 4, "nbformat_minor": 5, "metadata": {}, "cells": [{"cell_type": "code", "metadata": {}, "source": "", "execution_count": null}]}`, `code cell without an "outputs" list`},
		{"duplicate ids", `{"nbformat": 4, "nbformat_minor": 5, "metadata": {}, "cells": [{"id": "a", "cell_type": "markdown", "metadata": {}, "source": ""}, {"id": "a", "cell_type": "markdown", "metadata": {}, "source": ""}]}`, `cell 1: duplicate cell id "a" (also cell 0)`},
		{"bad id", `{"nbformat": 4, "nbformat_minor": 5, "metadata": {}, "cells": [{"id": "a b", "cell_type": "markdown", "metadata": {}, "source": ""}]}`, `cell 0: bad cell id a b`},
		{"trailing data", `{"nbformat": 4, "nbformat_minor": 5, "metadata": {}, "cells": []} {}`, "data after the notebook object"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := nbformat.Parse([]byte(tt.in), "x.ipynb")
			if !errors.Is(err, nbformat.ErrInvalid) || !strings.Contains(err.Error(), tt.want) {
				t.Errorf("err = %v, want ErrInvalid containing %q", err, tt.want)
			}
		})
	}
}

func TestSplitLinesLikePython(t *testing.T) {
	nb := &nbformat.Notebook{Format: 4, Minor: 5, Cells: []*nbformat.Cell{{ID: "a", Type: nbformat.Raw, Source: "a\r\nb\rc\vd\fe\u2028f\u0085g\n\nh"}}}
	out, err := nbformat.Marshal(nb)
	if err != nil {
		t.Fatal(err)
	}
	want := `"a\r\n",` + "\n" + `    "b\r",` + "\n" + `    "c` + "\\u000b" + `",` + "\n" + `    "d\f",` + "\n" + `    "e` + "\u2028" + `",` + "\n" + `    "f` + "\u0085" + `",` + "\n" + `    "g\n",` + "\n" + `    "\n",` + "\n" + `    "h"`
	if !strings.Contains(string(out), want) {
		t.Errorf("split lines:\n%s", out)
	}
}

func FuzzParse(f *testing.F) {
	for _, name := range []string{"jupyter.ipynb", "v44.ipynb"} {
		b, err := os.ReadFile(filepath.Join("testdata", name))
		if err != nil {
			f.Fatal(err)
		}
		f.Add(b)
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		nb, err := nbformat.Parse(data, "fuzz.ipynb")
		if err != nil {
			return
		}
		out, err := nbformat.Marshal(nb)
		if err != nil {
			return // a float Python could not write either
		}
		nb2, err := nbformat.Parse(out, "again.ipynb")
		if err != nil {
			t.Fatalf("written notebook does not read back: %v\n%s", err, out)
		}
		out2, err := nbformat.Marshal(nb2)
		if err != nil || !bytes.Equal(out, out2) {
			t.Fatalf("second write differs: %v", err)
		}
	})
}

// A clone marshals to the notebook's bytes, and changing it at any depth
// leaves the original as it was.
func TestClone(t *testing.T) {
	for _, name := range cloneInputs(t) {
		t.Run(filepath.Base(name), func(t *testing.T) {
			nb, err := nbformat.ReadFile(name)
			if err != nil {
				t.Skip(err)
			}
			want, err := nbformat.Marshal(nb)
			if err != nil {
				t.Fatal(err)
			}
			c := nb.Clone()
			got, err := nbformat.Marshal(c)
			if err != nil {
				t.Fatal(err)
			}
			if !bytes.Equal(got, want) {
				t.Fatalf("clone marshals differently")
			}
			c.Metadata["added"] = true
			for _, cell := range c.Cells {
				cell.Source += "x"
				cell.Metadata["added"] = map[string]any{"x": 1}
				for i := range cell.Outputs {
					cell.Outputs[i].Text += "x"
					for k := range cell.Outputs[i].Data {
						cell.Outputs[i].Data[k] = "changed"
					}
				}
			}
			if after, _ := nbformat.Marshal(nb); !bytes.Equal(after, want) {
				t.Errorf("changing the clone changed the original")
			}
		})
	}
}

// cloneInputs are notebooks of every kind: this package's test files and
// the study's executed notebooks (charts, displays, errors' tracebacks).
func cloneInputs(t *testing.T) []string {
	t.Helper()
	var names []string
	for _, pat := range []string{"testdata/*.ipynb", "../../notebooks/*.ipynb", "../../testdata/notebooks/*.ipynb"} {
		m, err := filepath.Glob(pat)
		if err != nil {
			t.Fatal(err)
		}
		names = append(names, m...)
	}
	if len(names) == 0 {
		t.Fatal("no notebooks")
	}
	return names
}
