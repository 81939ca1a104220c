package export

import (
	"html"
	"io"
	"strings"
	"testing"
	"unicode"

	xhtml "golang.org/x/net/html"
)

// unsafeMarkup returns what in s, parsed as HTML, could run or load: a
// script element, an element of the kinds the policy removes, an event
// handler, or an attribute whose value starts with javascript: (ignoring
// case and the blanks and control characters browsers ignore).
func unsafeMarkup(s string) string {
	z := xhtml.NewTokenizer(strings.NewReader(s))
	for {
		tt := z.Next()
		switch tt {
		case xhtml.ErrorToken:
			if z.Err() != io.EOF {
				return "tokenizer: " + z.Err().Error()
			}
			return ""
		case xhtml.StartTagToken, xhtml.SelfClosingTagToken:
			tok := z.Token()
			switch tok.Data {
			case "script", "iframe", "frame", "object", "embed", "form", "base", "meta", "link", "svg", "math", "applet", "noscript", "textarea", "title":
				return "element " + tok.Data
			}
			for _, a := range tok.Attr {
				if strings.HasPrefix(strings.ToLower(a.Key), "on") {
					return "handler " + a.Key
				}
				v := strings.Map(func(r rune) rune {
					if unicode.IsSpace(r) || unicode.IsControl(r) {
						return -1
					}
					return unicode.ToLower(r)
				}, html.UnescapeString(a.Val))
				if strings.Contains(v, "javascript:") || strings.Contains(v, "vbscript:") {
					return "attribute " + a.Key + "=" + a.Val
				}
			}
		}
	}
}

var hostileSeeds = []string{
	`<script>alert(1)</script>`, `<img src=x onerror=alert(1)>`, `<a href="javascript:alert(1)">x</a>`,
	`<a href="JaVa&#x09;ScRiPt:alert(1)">x</a>`, `<iframe srcdoc="<script>alert(1)</script>"></iframe>`,
	`<svg onload=alert(1)><script>alert(1)</script></svg>`, `<style>p{}</style><script>x</script>`,
	`<style>`, `<style><img src=x onerror=alert(1)></style><img src=x onerror=alert(1)>`,
	`<meta http-equiv="refresh" content="0;url=javascript:alert(1)">`, `<base href="javascript:alert(1)//">`,
	`<div style="background:url(javascript:alert(1))">x</div>`, `<scr<script>ipt>alert(1)</script>`,
	`<math><style><img src=x onerror=alert(1)></style></math>`, `<noscript><p title="</noscript><img src=x onerror=alert(1)>">`,
	`<table class="rotation"><caption>c</caption><tr><td style="text-align:right">1</td></tr></table>`,
}

// FuzzSanitize: whatever the HTML, what sanitize keeps holds no script,
// handler, javascript: address or removed element, and leaves no <style>
// open.
func FuzzSanitize(f *testing.F) {
	for _, s := range hostileSeeds {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		out := sanitize(s)
		if bad := unsafeMarkup(out); bad != "" {
			t.Fatalf("%s in %q (from %q)", bad, out, s)
		}
		if styleOpen(out) {
			t.Fatalf("<style> left open in %q", out)
		}
	})
}

// FuzzMarkdown: the same for a Markdown cell rendered without trust,
// math spans and all.
func FuzzMarkdown(f *testing.F) {
	for _, s := range hostileSeeds {
		f.Add(s)
	}
	for _, s := range []string{
		"# T\n\n[x](javascript:alert(1)) <img alt=\"$\" src=x onerror=alert(1) title=\"$\">",
		"a <a title=\"$x$\">b</a> $$y$$ `$z$`", "<details>\n\n$a$ <b onclick=x>b</b>\n\n</details>",
		"[a](<javascript:alert(1)>) ![i](javascript:alert(1)) <javascript:alert(1)>",
		// Entities goldmark resolves after its own check of the address.
		"[b](java&#115;cript:alert(1)) [c](&#106;avascript:alert(1)) [d](javascript&#58;alert(1))",
		"[e](&#x6A;avascript&colon;alert(1)) ![f](java&#115;cript:alert(1))\n\n[g]: java&#115;cript:alert(1)\n\n[g]",
	} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		out, err := renderMarkdown(s, false)
		if err != nil {
			t.Fatal(err)
		}
		if bad := unsafeMarkup(out); bad != "" {
			t.Fatalf("%s in %q (from %q)", bad, out, s)
		}
	})
}
