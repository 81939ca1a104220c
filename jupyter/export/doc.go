// Package export turns an executed notebook into a standalone HTML page or
// into Markdown with its images as files, for readers who never open
// Jupyter.
//
// The HTML page needs nothing from outside: styles are inline, images are
// data URIs, SVG is embedded the same way. Markdown cells are rendered as
// CommonMark with GitHub tables (goldmark); $…$ and $$…$$ math is kept as
// written, readable. Code cells are highlighted (chroma) in the notebook's
// language. Outputs follow in order: streams, HTML (included as it is: it
// comes from our own execution), images, SVG, Markdown, plain text, and
// errors with ANSI colours turned into styled spans. Text and stream
// outputs are escaped. The page is readable on a phone (it reflows, wide
// tables and code scroll sideways) and in print, and its footer names the
// notebook and the kernel that produced it.
//
//	page, err := export.HTML(nb, export.Options{Name: "03-events.ipynb"})
//	...
//	md, files, err := export.Markdown(nb, export.Options{Name: "03-events.ipynb", ImageDir: "03-events_files"})
package export
