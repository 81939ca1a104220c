package outputdiff_test

import (
	"encoding/base64"
	"strings"
	"testing"

	"github.com/rotationlab/rotation/jupyter/nbformat"
	"github.com/rotationlab/rotation/jupyter/outputdiff"
)

func nb(cells ...*nbformat.Cell) *nbformat.Notebook { return &nbformat.Notebook{Cells: cells} }

func code(src string, outs ...nbformat.Output) *nbformat.Cell {
	return &nbformat.Cell{Type: nbformat.Code, Source: src, Metadata: map[string]any{}, Outputs: outs}
}

func stream(text string) nbformat.Output {
	return nbformat.Output{Type: nbformat.Stream, Name: nbformat.Stdout, Text: text}
}

func png(b []byte) nbformat.Output {
	return nbformat.Output{Type: nbformat.DisplayData, Data: nbformat.MimeBundle{"image/png": base64.StdEncoding.EncodeToString(b)}}
}

func TestCompare(t *testing.T) {
	one, two := 1, 2
	tests := []struct {
		name          string
		stored, fresh *nbformat.Cell
		diff          []string // lines the diff must hold; nil: no diff
	}{
		{"same", code("print(1)", stream("1\n")), code("print(1)", stream("1\n")), nil},
		{"text", code("x", stream("a\nb\n")), code("x", stream("a\nc\n")), []string{"-b", "+c", "cell 1 (x): outputs differ"}},
		{"image", code("plot", png([]byte("old"))), code("plot", png([]byte("newer"))), []string{"-3 bytes, sha256", "+5 bytes, sha256"}},
		{"counts and timings", &nbformat.Cell{Type: nbformat.Code, Source: "1", ExecutionCount: &one,
			Metadata: map[string]any{"execution": map[string]any{"iopub.status.busy": "a"}},
			Outputs:  []nbformat.Output{{Type: nbformat.ExecuteResult, ExecutionCount: &one, Data: nbformat.MimeBundle{"text/plain": "1"}}}},
			&nbformat.Cell{Type: nbformat.Code, Source: "1", ExecutionCount: &two,
				Metadata: map[string]any{"execution": map[string]any{"iopub.status.busy": "b"}},
				Outputs:  []nbformat.Output{{Type: nbformat.ExecuteResult, ExecutionCount: &two, Data: nbformat.MimeBundle{"text/plain": "1"}}}}, nil},
		{"tagged", &nbformat.Cell{Type: nbformat.Code, Source: "now()", Metadata: map[string]any{"tags": []any{"nbrun-ignore-output"}},
			Outputs: []nbformat.Output{stream("12:00\n")}}, code("now()", stream("12:01\n")), nil},
		{"nbval marker", code("# NBVAL_IGNORE_OUTPUT\nnow()", stream("12:00\n")), code("now()", stream("12:01\n")), nil},
		{"run stopped", code("x", stream("out\n")), nil, []string{"-out"}},
		{"error", code("x", nbformat.Output{Type: nbformat.Error, Ename: "E", Evalue: "v", Traceback: []string{}}), code("x", stream("ok\n")),
			[]string{"-[error E: v]", "+[stdout]"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			fresh := nb()
			if tt.fresh != nil {
				fresh = nb(tt.fresh)
			}
			diffs := outputdiff.Compare(nb(tt.stored), fresh)
			if tt.diff == nil {
				if len(diffs) != 0 {
					t.Errorf("unexpected diff:\n%s", diffs[0])
				}
				return
			}
			if len(diffs) != 1 {
				t.Fatalf("%d diffs, want 1", len(diffs))
			}
			for _, want := range tt.diff {
				if !strings.Contains(diffs[0].String(), want) {
					t.Errorf("diff lacks %q:\n%s", want, diffs[0])
				}
			}
		})
	}
}
