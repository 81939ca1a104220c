package jupytext_test

import (
	"reflect"
	"slices"
	"testing"

	"github.com/rotationlab/rotation/jupyter/jupytext"
	"github.com/rotationlab/rotation/jupyter/nbformat"
)

// TestCombineFixtures is the second half of jupytext's
// test_ipynb_to_percent: the notebook read from each script, combined with
// its .ipynb, is that .ipynb: the same ids, types, sources, outputs and
// execution counts, and the same metadata but for jupytext's layout keys
// (compare_notebooks with compare_outputs). Cells of notebooks older than
// nbformat 4.5 have no id: the combined cell gets a new one.
func TestCombineFixtures(t *testing.T) {
	for _, f := range fixtures(t) {
		t.Run(f.name, func(t *testing.T) {
			want, err := nbformat.ReadFile(f.ipynb)
			if err != nil {
				t.Fatal(err)
			}
			text := readScript(t, f)
			before := js(text.Cells[0].Metadata)
			got := jupytext.Combine(text, want)
			if js(text.Cells[0].Metadata) != before {
				t.Error("Combine changed its argument")
			}
			if len(got.Cells) != len(want.Cells) {
				t.Fatalf("%d cells, want %d", len(got.Cells), len(want.Cells))
			}
			drop := func(k string) bool { return slices.Contains(ignoredCellKeys, k) }
			for i, w := range want.Cells {
				g := got.Cells[i]
				// A notebook older than 4.5 has no ids: the cell gets one.
				if (g.ID != w.ID && w.ID != "") || g.ID == "" || g.Type != w.Type || !sameSource(g.Source, w.Source) {
					t.Errorf("cell %d: %s %s %q, want %s %s %q", i, g.ID, g.Type, g.Source, w.ID, w.Type, w.Source)
				}
				if !reflect.DeepEqual(g.Outputs, w.Outputs) || !reflect.DeepEqual(g.ExecutionCount, w.ExecutionCount) {
					t.Errorf("cell %d: outputs or execution count differ", i)
				}
				if gm, wm := filtered(g.Metadata, drop), filtered(w.Metadata, drop); !reflect.DeepEqual(gm, wm) {
					t.Errorf("cell %d: metadata\n got %s\nwant %s", i, js(gm), js(wm))
				}
			}
			noJupytext := func(k string) bool { return k == "jupytext" }
			if gm, wm := filtered(got.Metadata, noJupytext), filtered(want.Metadata, noJupytext); !reflect.DeepEqual(gm, wm) {
				t.Errorf("notebook metadata\n got %s\nwant %s", js(gm), js(wm))
			}
		})
	}
}

// TestCombineMatching: cells edited in the text keep the stored cells'
// ids where jupytext's rules match them.
func TestCombineMatching(t *testing.T) {
	stored := &nbformat.Notebook{Format: 4, Minor: 5, Metadata: map[string]any{}, Cells: []*nbformat.Cell{
		{ID: "a", Type: nbformat.Code, Source: "x = 1", Metadata: map[string]any{"collapsed": true}},
		{ID: "b", Type: nbformat.Markdown, Source: "Text", Metadata: map[string]any{}},
		{ID: "c", Type: nbformat.Code, Source: "import os\nprint(os.sep)", Metadata: map[string]any{}},
		{ID: "d", Type: nbformat.Code, Source: "f(1, 2)", Metadata: map[string]any{}},
	}}
	for _, tc := range []struct {
		name string
		text []*nbformat.Cell
		want []string // ids; "new" for a cell that matches none
	}{
		{"same cells", stored.Cells, []string{"a", "b", "c", "d"}},
		{"reformatted", []*nbformat.Cell{
			{Type: nbformat.Code, Source: "x  =  1"}, {Type: nbformat.Markdown, Source: "Text"},
			{Type: nbformat.Code, Source: "import os\nprint( os.sep )"}, {Type: nbformat.Code, Source: "f(1,2)"},
		}, []string{"a", "b", "c", "d"}},
		{"reordered", []*nbformat.Cell{
			{Type: nbformat.Code, Source: "f(1, 2)"}, {Type: nbformat.Code, Source: "x = 1"},
		}, []string{"d", "a"}},
		{"split: the end of a stored cell", []*nbformat.Cell{
			{Type: nbformat.Code, Source: "x = 1"}, {Type: nbformat.Markdown, Source: "Text"},
			{Type: nbformat.Code, Source: "import os"}, {Type: nbformat.Code, Source: "print(os.sep)"},
		}, []string{"a", "b", "new", "c"}},
		{"edited: by position", []*nbformat.Cell{
			{Type: nbformat.Code, Source: "x = 2"}, {Type: nbformat.Markdown, Source: "Text"},
			{Type: nbformat.Code, Source: ""}, {Type: nbformat.Code, Source: "g()"},
		}, []string{"a", "b", "new", "c"}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			text := &nbformat.Notebook{Format: 4, Minor: 5, Metadata: map[string]any{}}
			for _, c := range tc.text {
				c := *c
				c.ID, c.Metadata = "", map[string]any{}
				text.Cells = append(text.Cells, &c)
			}
			got := jupytext.Combine(text, stored)
			var ids []string
			for _, c := range got.Cells {
				id := c.ID
				if !slices.Contains([]string{"a", "b", "c", "d"}, id) && id != "" {
					id = "new"
				}
				ids = append(ids, id)
			}
			if !slices.Equal(ids, tc.want) {
				t.Errorf("ids %q, want %q", ids, tc.want)
			}
			if tc.want[0] == "a" && got.Cells[0].Metadata["collapsed"] != true {
				t.Errorf("cell 0 lost the stored collapsed metadata: %v", got.Cells[0].Metadata)
			}
		})
	}
}

// TestCombineIDsStayUnique: a text cell matching none whose id a stored
// cell has gets a new one.
func TestCombineIDsStayUnique(t *testing.T) {
	stored := &nbformat.Notebook{Format: 4, Minor: 5, Metadata: map[string]any{}, Cells: []*nbformat.Cell{
		{ID: "x", Type: nbformat.Code, Source: "1", Metadata: map[string]any{}},
	}}
	text := &nbformat.Notebook{Format: 4, Minor: 5, Metadata: map[string]any{}, Cells: []*nbformat.Cell{
		{ID: "x", Type: nbformat.Markdown, Source: "new", Metadata: map[string]any{}},
		{ID: "y", Type: nbformat.Code, Source: "1", Metadata: map[string]any{}},
	}}
	got := jupytext.Combine(text, stored)
	if got.Cells[1].ID != "x" || got.Cells[0].ID == "x" || got.Cells[0].ID == "" {
		t.Errorf("ids %q, %q: want a new one, then x", got.Cells[0].ID, got.Cells[1].ID)
	}
}
