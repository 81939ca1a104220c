package export

import (
	"html"
	"strings"

	"github.com/rotationlab/rotation/jupyter/nbformat"
)

// A text block is a run of consecutive text outputs of a code cell that a
// page shows as one <pre> (and Markdown as one fenced block): streams of
// one name, joined as Jupyter joins them, and text/html outputs that are
// one <pre> of plain text each (show.Text's lines, as GoNB sends them).
// Such <pre> outputs join stdout, not stderr: both are what the cell
// printed, while stderr has a colour of its own.

// piece is one output of a text block.
type piece struct {
	name   nbformat.StreamName // Stdout or Stderr
	stream bool
	// text is a stream's text as it came (ANSI codes and all), or the
	// HTML-escaped text inside a <pre>.
	text string
}

// textPiece returns the output as a piece of a text block, if it is one.
func textPiece(o nbformat.Output) (piece, bool) {
	switch o.Type {
	case nbformat.Stream:
		return piece{name: o.Name, stream: true, text: o.Text}, true
	case nbformat.DisplayData, nbformat.ExecuteResult:
		if mime, s := pick(o.Data); mime == "text/html" {
			if inner, ok := preText(s); ok {
				return piece{name: nbformat.Stdout, text: inner}, true
			}
		}
	}
	return piece{}, false
}

// preText returns the inside of s if s is one <pre> of plain text: no
// markup inside, so no sanitizer is needed to show it.
func preText(s string) (string, bool) {
	t := strings.TrimSpace(s)
	inner, ok := strings.CutPrefix(t, "<pre>")
	if !ok {
		return "", false
	}
	inner, ok = strings.CutSuffix(inner, "</pre>")
	if !ok || strings.Contains(inner, "<") {
		return "", false
	}
	// As HTML does, drop a newline right after <pre>.
	return strings.TrimPrefix(inner, "\n"), true
}

// textRun returns the text block at the start of outs: its pieces, none
// if outs[0] is not text.
func textRun(outs []nbformat.Output) []piece {
	var run []piece
	for _, o := range outs {
		p, ok := textPiece(o)
		if !ok || (len(run) > 0 && p.name != run[0].name) {
			break
		}
		run = append(run, p)
	}
	return run
}

// join returns the block's text: streams' text turned by stream (ANSI
// colours to HTML, or stripped) and <pre> text by pre; outputs that are
// not parts of one stream start on a new line (whether the text before
// ended one is read from its plain text: a colour may close after the
// newline), and an empty <pre> (show.Text("")) is a line of its own.
func join(run []piece, stream, pre func(string) string) string {
	var b strings.Builder
	lineOpen := false // the text so far ends inside a line
	for i := 0; i < len(run); i++ {
		if lineOpen {
			b.WriteByte('\n')
			lineOpen = false
		}
		if !run[i].stream {
			plain := html.UnescapeString(run[i].text)
			if plain == "" {
				b.WriteByte('\n')
				continue
			}
			b.WriteString(pre(run[i].text))
			lineOpen = !strings.HasSuffix(plain, "\n")
			continue
		}
		// Consecutive stream outputs are one text: ANSI codes may span them.
		var s strings.Builder
		for ; i < len(run) && run[i].stream; i++ {
			s.WriteString(run[i].text)
		}
		i--
		b.WriteString(stream(s.String()))
		if plain := stripANSI(s.String()); plain != "" {
			lineOpen = !strings.HasSuffix(plain, "\n")
		}
	}
	return b.String()
}

// blockHTML renders a text block of two or more outputs: classed as a
// stream if it holds one, else as an HTML output.
func blockHTML(run []piece) string {
	class := "output text-html"
	for _, p := range run {
		if p.stream {
			class = "output stream " + string(p.name)
		}
	}
	return `<div class="` + html.EscapeString(class) + `"><pre>` + join(run, ansiToHTML, func(s string) string { return s }) + "</pre></div>\n"
}

// blockText is a text block's plain text, for Markdown.
func blockText(run []piece) string {
	return join(run, stripANSI, html.UnescapeString)
}
