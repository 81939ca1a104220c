package export

import (
	"path/filepath"
	"strings"
	"testing"

	"github.com/rotationlab/rotation/jupyter/nbformat"
)

// TestStyleSheets: a notebook's <style> stays only when it styles kernel
// outputs' own classes; GoNB's error box keeps its sheet.
func TestStyleSheets(t *testing.T) {
	for _, tc := range []struct {
		in   string
		kept bool
	}{
		{`<style>.gonb-err-context { display: none; }</style>`, true},
		{`<style>.jp-RenderedHTML:has(.jp-RenderedText[data-mime-type="x"]) { padding: 0 !important; }</style>`, true},
		{`<style>.gonb-a:hover + .gonb-b { display: block; }</style>`, true},
		{`<style>main,footer{display:none}</style>`, false},
		{`<style>.gonb-a, body::after { content: "sign in" }</style>`, false},
		{`<style>@import "x.css"; .gonb-a {}</style>`, false},
		{`<style>.gonb-a { background: url(data:image/png;base64,AA) }</style>`, false},
		{`<style>.gonb-a { color: red } /* */ main { display: none }</style>`, false},
		{`<style>.gonb-a { color: red } main</style>`, false},
		{`<style>\2e gonb-a, main { display: none }</style>`, false},
		{`<style>.gonb-a { color: red }</style><p>after</p>`, true},
	} {
		out := sanitize(tc.in)
		if got := strings.Contains(out, "<style>"); got != tc.kept {
			t.Errorf("sanitize(%q) = %q: style kept %v, want %v", tc.in, out, got, tc.kept)
		}
		if strings.Contains(tc.in, "<p>after</p>") && !strings.Contains(out, "<p>after</p>") {
			t.Errorf("sanitize(%q) lost what follows the sheet: %q", tc.in, out)
		}
	}
	nb, err := nbformat.ReadFile(filepath.Join("testdata", "gonb-error.ipynb"))
	if err != nil {
		t.Fatal(err)
	}
	for _, c := range nb.Cells {
		for _, o := range c.Outputs {
			if s, ok := o.Data.Text("text/html"); ok && strings.Contains(s, "<style>") {
				if out := sanitize(s); !strings.Contains(out, ".gonb-err-hover-area:hover + .gonb-err-context") {
					t.Errorf("GoNB's error box lost its style sheet: %q", out)
				}
			}
		}
	}
}
