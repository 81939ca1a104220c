package export

import (
	"html"
	"net/url"
	"strings"
)

// Entry is one page in an index.
type Entry struct {
	// Href is the page's path relative to the index, slash-separated
	// (escaped by the index).
	Title, Href string
}

// Index renders a standalone page that links the entries, with body HTML
// (our own, included as it is) after the list.
func Index(title string, entries []Entry, body string) []byte {
	var b strings.Builder
	b.WriteString(Head(title, pageCSS) + "<body>\n<main>\n")
	b.WriteString("<h1>" + html.EscapeString(title) + "</h1>\n<ul>\n")
	for _, e := range entries {
		b.WriteString(`<li><a href="` + Href(e.Href) + `">` + html.EscapeString(e.Title) + "</a></li>\n")
	}
	b.WriteString("</ul>\n" + body + "</main>\n</body>\n</html>\n")
	return []byte(b.String())
}

// Href is a relative file path (slash-separated) as a link's address in a
// page: each segment URL-escaped, so that a name holding #, ?, % or a space
// still links to its file, "./" first when the first segment holds a colon
// (which would read as a scheme), and HTML-escaped for an attribute.
func Href(path string) string {
	segs := strings.Split(path, "/")
	for i, s := range segs {
		segs[i] = url.PathEscape(s)
	}
	p := strings.Join(segs, "/")
	if strings.Contains(segs[0], ":") {
		p = "./" + p
	}
	return html.EscapeString(p)
}
