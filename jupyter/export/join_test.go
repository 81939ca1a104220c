package export

import (
	"strings"
	"testing"

	"github.com/rotationlab/rotation/jupyter/nbformat"
)

// TestJoinLines: a new output starts a new line whether the text before
// ended one, read from its plain text (a colour closing after the newline
// does not hide it), and an empty <pre> is a blank line; HTML and
// Markdown agree line for line.
func TestJoinLines(t *testing.T) {
	stream := func(s string) nbformat.Output {
		return nbformat.Output{Type: nbformat.Stream, Name: nbformat.Stdout, Text: s}
	}
	pre := func(s string) nbformat.Output {
		return nbformat.Output{Type: nbformat.DisplayData, Data: nbformat.MimeBundle{"text/html": "<pre>" + s + "</pre>"}}
	}
	for _, tc := range []struct {
		name string
		outs []nbformat.Output
		text string // the block's plain text
	}{
		{"colour closing after the newline", []nbformat.Output{stream("\x1b[1mbold line\n"), pre("next")}, "bold line\nnext"},
		{"no newline before", []nbformat.Output{pre("a"), pre("b")}, "a\nb"},
		{"newline before", []nbformat.Output{pre("a\n"), pre("b")}, "a\nb"},
		{"an empty pre is a blank line", []nbformat.Output{pre("a"), pre(""), pre("b")}, "a\n\nb"},
		{"streams are one text", []nbformat.Output{stream("a"), stream("b\n"), pre("c")}, "ab\nc"},
	} {
		run := textRun(tc.outs)
		if len(run) != len(tc.outs) {
			t.Fatalf("%s: %d pieces of %d outputs", tc.name, len(run), len(tc.outs))
		}
		if got := blockText(run); got != tc.text {
			t.Errorf("%s: Markdown text %q, want %q", tc.name, got, tc.text)
		}
		h := blockHTML(run)
		inner := h[strings.Index(h, "<pre>")+5 : strings.LastIndex(h, "</pre>")]
		if got := stripTags(inner); got != tc.text {
			t.Errorf("%s: HTML text %q (%q), want %q", tc.name, got, inner, tc.text)
		}
	}
}

// stripTags is the text of HTML without tags, entities resolved.
func stripTags(s string) string {
	var b strings.Builder
	in := false
	for _, r := range s {
		switch {
		case r == '<':
			in = true
		case r == '>':
			in = false
		case !in:
			b.WriteRune(r)
		}
	}
	return strings.NewReplacer("&lt;", "<", "&gt;", ">", "&amp;", "&", "&#39;", "'", "&#34;", `"`, "&quot;", `"`).Replace(b.String())
}
