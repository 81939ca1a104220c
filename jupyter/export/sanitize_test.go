package export_test

import (
	"strings"
	"testing"

	"github.com/rotationlab/rotation/jupyter/export"
)

// The hostile notebook's pages, sanitized (the default) and trusted, and
// its Markdown: golden files, and what each must and must not hold.
func TestHostileGolden(t *testing.T) {
	nb := sample(t, "hostile.ipynb")
	for _, trust := range []bool{false, true} {
		opt := export.Options{Name: "hostile.ipynb", Trust: trust}
		page, err := export.HTML(nb, opt)
		if err != nil {
			t.Fatal(err)
		}
		md, _, err := export.Markdown(nb, opt)
		if err != nil {
			t.Fatal(err)
		}
		stem := "hostile"
		if trust {
			stem = "hostile-trust"
		}
		golden(t, stem+".html", page)
		golden(t, stem+".md", md)
		body := string(page)[strings.Index(string(page), "<body>"):]
		// What both keep: the notebook's harmless markup, as our own
		// Markdown renders it.
		for _, want := range []string{
			`<span class="math">$x_1 &lt; y$</span>`,
			`<a id="anchor"></a>`, `<span id="papermill-anchor" style="color: #cf222e; font-weight: bold">`,
			`<a href="other.html#part">relative link</a>`, `<a href="#anchor">fragment</a>`, `<a href="mailto:a@example.invalid">mail</a>`,
			`<img alt="dot" src="data:image/png;base64,iVBOR`, `<img alt="loads" src="data:image/png;base64,iVBOR`,
			"<details><summary>folded</summary>", "<th>a</th>", `<table class="rotation"><caption>kept</caption>`,
			`<th colspan="2">both</th>`, `<td rowspan="1">2</td>`, "<p>after the script</p>",
			`&lt;script&gt;console.log(&#39;ran: stream&#39;)&lt;/script&gt; is text`,
			`<a href="relative.html">a relative link</a>`,
		} {
			if !strings.Contains(body, want) {
				t.Errorf("trust %v: page lacks %q", trust, want)
			}
		}
		bad := []string{"<script", "onerror", "onload", "onclick", `href="javascript:`, `href="JaVaScRiPt:`, "<iframe", "srcdoc", "<object", "<embed",
			"<form", "<input", "<base", "<meta", "<link", "<svg", "example.invalid/inline.png", `src="x`,
			// A style sheet that styles more than kernel outputs' classes.
			"<style>.hostile-bg {"}
		for _, s := range bad {
			if has := strings.Contains(body, s); has == !trust {
				t.Errorf("trust %v: page holds %q: %v", trust, s, has)
			}
		}
		mdBad := 0
		for _, s := range []string{"<iframe srcdoc", "<object", "<base", "<meta", `<form`, "onload=", "<svg"} {
			if strings.Contains(string(md), s) {
				mdBad++
			}
		}
		// Markdown cells stay as written in Markdown (the host renders
		// and sanitizes them); outputs are sanitized unless trusted.
		if (mdBad == 0) == trust {
			t.Errorf("trust %v: %d kinds of hostile output markup in the Markdown", trust, mdBad)
		}
	}
}
