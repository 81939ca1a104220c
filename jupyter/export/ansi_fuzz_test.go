package export

import (
	"html"
	"regexp"
	"strings"
	"testing"
)

var spanTag = regexp.MustCompile(`<span style="[a-z0-9:#;-]*">|</span>`)

// FuzzANSIToHTML: any text becomes HTML with no escape character left, no
// tag but balanced style spans, and, with the spans removed and entities
// unescaped, exactly the text stripANSI keeps.
func FuzzANSIToHTML(f *testing.F) {
	for _, s := range []string{
		"\x1b[0;31mZeroDivisionError\x1b[0m: division by zero",
		"\x1b[1;32mok\x1b[39;49m <b>&</b>",
		"\x1b[38;5;208morange\x1b[0m", "\x1b[", "\x1b[99999999999999999999m", "\x1b]0;title\x07text",
		"a\x1b[Kb", "plain",
	} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		out := ansiToHTML(s)
		if strings.Contains(out, "\x1b") {
			t.Fatalf("escape left in %q", out)
		}
		bare := spanTag.ReplaceAllString(out, "")
		if strings.ContainsAny(bare, "<>") {
			t.Fatalf("markup beyond style spans in %q", out)
		}
		if opens, closes := strings.Count(out, "<span"), strings.Count(out, "</span>"); opens != closes {
			t.Fatalf("%d spans opened, %d closed: %q", opens, closes, out)
		}
		if got, want := html.UnescapeString(bare), stripANSI(s); got != want {
			t.Fatalf("text %q, stripANSI keeps %q", got, want)
		}
	})
}
