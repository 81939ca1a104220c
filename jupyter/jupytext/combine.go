package jupytext

import (
	"strings"

	"github.com/rotationlab/rotation/jupyter/nbformat"
)

// Combine joins a notebook read from text with the .ipynb paired with it,
// as jupytext does when it opens a pair (its combine_inputs_with_outputs):
// the cells' sources and the metadata the text holds come from text; each
// text cell that matches a stored cell takes that cell's id, outputs,
// execution count and the metadata the text leaves out (collapsed,
// ExecuteTime, ...); the notebook takes the stored notebook's metadata the
// text leaves out (language_info, say). Cells match by type and by source
// up to what a formatter changes (white space, commas, quotes, brackets),
// in order, then out of order, then as the end of a stored cell, then by
// position. A text cell that matches none keeps its own id, or gets a new
// one if a stored cell has it. Neither argument is changed.
//
// A runner keeps a text notebook's ids stable this way, and finds the
// outputs to check a fresh run against.
func Combine(text, stored *nbformat.Notebook) *nbformat.Notebook {
	src := text.Clone()
	out := stored.Clone()
	nb := &nbformat.Notebook{Format: out.Format, Minor: out.Minor, Extra: src.Extra}
	jt, _ := src.Metadata["jupytext"].(map[string]any)
	if f, _ := jt["notebook_metadata_filter"].(string); f == "-all" {
		nb.Metadata = out.Metadata
	} else {
		nb.Metadata = restoreNotebookMetadata(src.Metadata, out.Metadata, f)
	}
	if njt, ok := nb.Metadata["jupytext"].(map[string]any); ok {
		if f, _ := njt["formats"].(string); f != "" {
			delete(njt, "text_representation")
		}
		if len(njt) == 0 {
			delete(nb.Metadata, "jupytext")
		}
	}
	njt, _ := nb.Metadata["jupytext"].(map[string]any)
	filter, _ := njt["cell_metadata_filter"].(string)
	w := &writer{cellFilter: filter}
	match := matchCells(src.Cells, out.Cells)
	for i, c := range src.Cells {
		j := match[i]
		if j < 0 {
			nb.Cells = append(nb.Cells, c)
			continue
		}
		o := out.Cells[j]
		o.Source = c.Source
		_, kept := w.cellMetadata(o.Metadata)
		md := c.Metadata
		if md == nil {
			md = map[string]any{}
		}
		for k, v := range o.Metadata {
			if _, inText := kept[k]; !inText && !contains(jupytextCellKeys, k) {
				md[k] = v
			}
		}
		o.Metadata = md
		nb.Cells = append(nb.Cells, o)
	}
	// A text cell matching none keeps its id unless a stored cell has it.
	ids := map[string]bool{}
	for i, c := range nb.Cells {
		if match[i] >= 0 {
			ids[c.ID] = true
		}
	}
	for i, c := range nb.Cells {
		if match[i] < 0 && ids[c.ID] {
			c.ID = ""
		}
	}
	nb.AssignIDs()
	return nb
}

func contains(list []string, s string) bool {
	for _, x := range list {
		if x == s {
			return true
		}
	}
	return false
}

// restoreNotebookMetadata is the text's notebook metadata plus the stored
// notebook's entries that the header does not hold.
func restoreNotebookMetadata(text, stored map[string]any, filter string) map[string]any {
	md := map[string]any{}
	for k, v := range text {
		md[k] = v
	}
	add, exc := parseFilter(filter)
	inHeader := func(k string) bool {
		switch {
		case contains(add, "all"):
			return !contains(exc, k)
		case contains(exc, "all"):
			return contains(add, k)
		}
		return (contains(add, k) || contains(defaultNotebookKeys, k)) && !contains(exc, k)
	}
	for k, v := range stored {
		if !inHeader(k) || !metadataKey.MatchString(k) {
			md[k] = v
		}
	}
	return md
}

// formatInvariant drops what a code formatter (black) may change.
func formatInvariant(s string) string {
	return strings.Map(func(r rune) rune {
		switch r {
		case ' ', '\t', '\n', ',', '\'', '"', '(', ')', '\\':
			return -1
		}
		return r
	}, s)
}

func sameContent(stored, text string, suffix bool) bool {
	a, b := formatInvariant(stored), formatInvariant(text)
	if suffix && b != "" {
		return strings.HasSuffix(a, b)
	}
	return a == b
}

// matchCells maps each text cell to a stored cell (-1: none) with
// jupytext's map_outputs_to_inputs rules.
func matchCells(text, stored []*nbformat.Cell) []int {
	match := make([]int, len(text))
	for i := range match {
		match[i] = -1
	}
	used := make([]bool, len(stored))
	// 1. In order, per cell type, same content.
	next := map[nbformat.CellType]int{}
	for i, c := range text {
		for j := next[c.Type]; j < len(stored); j++ {
			if stored[j].Type == c.Type && sameContent(c.Source, stored[j].Source, false) {
				match[i], used[j] = j, true
				next[c.Type] = j + 1
				break
			}
		}
	}
	// 2. Out of order, same content; 3. the text cell ends a stored cell.
	for _, suffix := range []bool{false, true} {
		for i, c := range text {
			if match[i] >= 0 {
				continue
			}
			for j, s := range stored {
				if !used[j] && s.Type == c.Type && sameContent(s.Source, c.Source, suffix) {
					match[i], used[j] = j, true
					break
				}
			}
		}
	}
	// 4. The stored cell after the previous match, same type, for a text
	// cell that is not empty.
	prev := -1
	for i, c := range text {
		if match[i] >= 0 {
			prev = match[i]
			continue
		}
		j := prev + 1
		if j >= len(stored) || used[j] {
			continue
		}
		if stored[j].Type == c.Type && strip(c.Source) != "" {
			match[i], used[j] = j, true
			prev = j
		}
	}
	return match
}
