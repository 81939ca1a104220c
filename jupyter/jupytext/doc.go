// Package jupytext reads notebooks kept as scripts in jupytext's percent
// format: Python (.py) and Go (.go, for the GoNB kernel) files that a
// review shows as code, which jupytext pairs with .ipynb files.
//
// A percent script starts with an optional YAML header in comments, whose
// "jupyter:" section is the notebook's metadata (the kernelspec, say), and
// holds cells, each after a marker line "# %%" ("// %%" in Go):
//
//	# ---
//	# jupyter:
//	#   kernelspec:
//	#     display_name: Python 3
//	#     language: python
//	#     name: python3
//	# ---
//
//	# %% [markdown]
//	# A markdown cell: its lines are comments.
//
//	# %% Set-up tags=["parameters"]
//	threshold = 0.03
//
//	# %%
//	# %time run(threshold)
//
// After the marker come an optional title, the cell type ([markdown], [md]
// or [raw]; code otherwise) and the cell's metadata, as key=value pairs
// (values in JSON, or Python literals) or as one JSON object. jupytext
// comments Jupyter magics in code cells ("# %time", "# !ls", and in Go
// "// %args", with GoNB's "%%" written "//gonb:%%"); reading removes that
// comment again.
//
// Read gives the notebook jupytext reads from the same text: the same
// cells with the same types, sources and metadata (including jupytext's
// own: lines_to_next_cell where the blank lines between two cells are not
// the usual ones, cell_marker, a title), and the notebook metadata of the
// header with jupytext's "jupytext" entry. The notebook is nbformat 4.5; its
// cells get ids derived from their position and content
// (nbformat.Notebook.AssignIDs), so reading a file twice gives the same
// ids, where jupytext draws random ones.
//
//	nb, err := jupytext.ReadFile("study.py")
//	if err != nil {
//		return err
//	}
//	for _, c := range nb.Cells {
//		fmt.Println(c.Type, c.HasTag("parameters"))
//	}
//
// Write writes a notebook as jupytext writes it in the percent format
// (without jupytext's version in the header), and reading the text back
// gives the cells again. Combine joins a notebook read from text with the
// .ipynb paired with it as jupytext does: sources from the text; ids,
// outputs and the metadata a text file leaves out from the .ipynb.
//
// Only the percent format is read (and its "hydrogen" variant, whose magics
// are not commented, when the header names it or jupytext would guess it).
// A script without any cell marker is in jupytext's light format, and an
// error here. Values jupytext would read but a notebook cannot hold (NaN,
// Python sets, dates in the header) are errors too.
package jupytext
