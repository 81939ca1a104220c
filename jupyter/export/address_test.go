package export

import (
	"strings"
	"testing"
)

// TestMarkdownAddresses: links and images in sanitized Markdown keep their
// address only when it is relative, a #fragment, http, https, mailto (links)
// or a data: image, however the address is written (entities, case,
// blanks), and keep it whatever it is when trusted.
func TestMarkdownAddresses(t *testing.T) {
	for _, tc := range []struct {
		md, href string // href: what the sanitized page holds
	}{
		{"[x](https://example.org/a?b=1)", `href="https://example.org/a?b=1"`},
		{"[x](other.html#part)", `href="other.html#part"`},
		{"[x](#papermill-error-cell)", `href="#papermill-error-cell"`},
		{"[x](mailto:a@example.org)", `href="mailto:a@example.org"`},
		{"[x](javascript:alert(1))", `href=""`},
		{"[x](java&#115;cript:alert(1))", `href=""`},
		{"[x](&#106;avascript:alert(1))", `href=""`},
		{"[x](javascript&#58;alert(1))", `href=""`},
		{"[x](&#x6A;avascript&colon;alert(1))", `href=""`},
		{"[x](JaVaScRiPt:alert(1))", `href=""`},
		{"[x](vbscript:msgbox)", `href=""`},
		{"[x](file:///etc/passwd)", `href=""`},
		{"[x][g]\n\n[g]: java&#115;cript:alert(1)", `href=""`},
		{"![i](data:image/png;base64,iVBORw0KGgo=)", `src="data:image/png;base64,iVBORw0KGgo="`},
		{"![i](data:text/html;base64,PHNjcmlwdD4=)", `src=""`},
		{"![i](java&#115;cript:alert(1))", `src=""`},
		{"<https://example.org>", `href="https://example.org"`},
	} {
		got, err := renderMarkdown(tc.md, false)
		if err != nil {
			t.Fatal(err)
		}
		if !strings.Contains(got, tc.href) {
			t.Errorf("%q rendered %q, want %s", tc.md, got, tc.href)
		}
		trusted, err := renderMarkdown(tc.md, true)
		if err != nil {
			t.Fatal(err)
		}
		if strings.Contains(tc.href, `=""`) && strings.Contains(trusted, tc.href) {
			t.Errorf("trusted %q lost its address: %q", tc.md, trusted)
		}
	}
}
