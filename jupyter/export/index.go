package export

import (
	"html"
	"strings"
)

// Entry is one page in an index.
type Entry struct {
	Title, Href string
}

// Index renders a standalone page that links the entries, with body HTML
// (our own, included as it is) after the list.
func Index(title string, entries []Entry, body string) []byte {
	var b strings.Builder
	b.WriteString(Head(title, pageCSS) + "<body>\n<main>\n")
	b.WriteString("<h1>" + html.EscapeString(title) + "</h1>\n<ul>\n")
	for _, e := range entries {
		b.WriteString(`<li><a href="` + html.EscapeString(e.Href) + `">` + html.EscapeString(e.Title) + "</a></li>\n")
	}
	b.WriteString("</ul>\n" + body + "</main>\n</body>\n</html>\n")
	return []byte(b.String())
}
