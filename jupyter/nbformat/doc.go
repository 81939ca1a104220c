// Package nbformat reads and writes Jupyter notebooks in nbformat 4.
//
// Read accepts any 4.x minor version and reports problems with their place:
// bad JSON by line and column, nbformat 3 and older, missing fields,
// unknown cell types, bad or duplicate cell ids. Metadata and fields this
// package does not know are kept as they are.
//
// Write produces nbformat 4.5 the way Jupyter's own writer does: keys sorted,
// one-space indent, non-ASCII characters kept, multi-line strings split
// into lists of lines, and a trailing newline. Cells without an id get one,
// derived from the cell's position and content so that writing is
// deterministic. Rewriting a notebook Jupyter saved gives the same bytes.
//
//	nb, err := nbformat.ReadFile("study.ipynb")
//	...
//	for _, c := range nb.Cells {
//		fmt.Println(c.Type, c.Source)
//	}
//	err = nbformat.WriteFile("study.ipynb", nb) // atomic: temp file, then rename
package nbformat
