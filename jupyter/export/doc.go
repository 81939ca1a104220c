// Package export turns an executed notebook into a standalone HTML page or
// into Markdown with its images as files, for readers who never open
// Jupyter.
//
// The HTML page needs nothing from outside: styles are inline, images are
// data URIs, SVG is embedded the same way. Markdown cells are rendered as
// CommonMark with GitHub tables (goldmark); $…$ and $$…$$ math is kept as
// written, readable. Code cells are highlighted (chroma) in the notebook's
// language. Outputs follow in order: streams, HTML, images, SVG, Markdown,
// plain text, and errors with ANSI colours turned into styled spans. Text
// and stream outputs are escaped. The page is readable on a phone (it
// reflows, wide tables and code scroll sideways) and in print, and its
// footer names the notebook and the kernel that produced it.
//
// Pages are safe to publish. Every page (HTML, Index, and any page that
// starts with Head) carries a Content-Security-Policy, CSP, that allows no
// script at all, images and fonts only from data: URIs, inline styles, and
// nothing from the network. The HTML of Markdown cells and of text/html
// outputs is sanitized (bluemonday): tables, text markup, inline styles,
// <style> elements, anchors, links to http, https, mailto and relative
// addresses and data: images stay; scripts, event handlers, javascript:
// links, frames, objects, forms, <base>, <meta> and <link> go. Options.Trust
// keeps that HTML as it is (the CSP still blocks scripts).
//
//	page, err := export.HTML(nb, export.Options{Name: "03-events.ipynb"})
//	...
//	md, files, err := export.Markdown(nb, export.Options{Name: "03-events.ipynb", ImageDir: "03-events_files"})
package export
