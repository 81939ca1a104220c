package export_test

import (
	"bytes"
	"flag"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/rotationlab/rotation/jupyter/export"
	"github.com/rotationlab/rotation/jupyter/nbformat"
)

var update = flag.Bool("update", false, "rewrite golden files")

func golden(t *testing.T, name string, got []byte) {
	t.Helper()
	p := filepath.Join("testdata", name)
	if *update {
		if err := os.WriteFile(p, got, 0o644); err != nil {
			t.Fatal(err)
		}
		return
	}
	want, err := os.ReadFile(p)
	if err != nil {
		t.Fatalf("%v (go test -update writes it)", err)
	}
	if !bytes.Equal(got, want) {
		t.Errorf("%s differs from the golden file (go test -update rewrites it)", name)
	}
}

func sample(t testing.TB, name string) *nbformat.Notebook {
	nb, err := nbformat.ReadFile(filepath.Join("testdata", name))
	if err != nil {
		t.Fatal(err)
	}
	return nb
}

func TestHTMLGolden(t *testing.T) {
	for _, name := range []string{"sample.ipynb", "../../nbformat/testdata/jupyter.ipynb"} {
		nb := sample(t, name)
		page, err := export.HTML(nb, export.Options{Name: filepath.Base(name)})
		if err != nil {
			t.Fatal(err)
		}
		golden(t, strings.TrimSuffix(filepath.Base(name), ".ipynb")+".html", page)
		s := string(page)
		if strings.Contains(s, `src="http`) || strings.Contains(s, `href="http`) || strings.Contains(s, "@import") {
			t.Error("the page refers to an outside host")
		}
	}
}

func TestHTMLContent(t *testing.T) {
	page, err := export.HTML(sample(t, "sample.ipynb"), export.Options{Name: "sample.ipynb"})
	if err != nil {
		t.Fatal(err)
	}
	s := string(page)
	for _, want := range []string{
		"<title>Export sample</title>",
		`<span class="math">$a_1 + b_1 = c_{2}$</span>`, // math kept, not turned into emphasis
		"<table>", "<th style=\"text-align:right\">mean</th>", // GFM table
		"0 &lt;tag&gt;", // stream text escaped
		`<span style="color:#c91b00">ZeroDivisionError</span>`, // ANSI to a span
		`src="data:image/png;base64,iVBOR`,
		"<table><tr><td>x</td></tr></table>", // HTML output, kept by the sanitizer
		"42 &lt; 43",
		"Generated from <code>sample.ipynb</code>, executed with the kernel Python 3 (ipykernel) (python 3.11.2)",
		`name="viewport"`, "@media print",
	} {
		if !strings.Contains(s, want) {
			t.Errorf("page lacks %q", want)
		}
	}
	if strings.Contains(s, "\x1b") {
		t.Error("an escape character reached the page")
	}
}

func TestMarkdown(t *testing.T) {
	md, files, err := export.Markdown(sample(t, "sample.ipynb"), export.Options{Name: "sample.ipynb"})
	if err != nil {
		t.Fatal(err)
	}
	golden(t, "sample.md", md)
	if len(files) != 1 || files[0].Path != "sample_files/cell04-output1.png" || !bytes.HasPrefix(files[0].Data, []byte("\x89PNG")) {
		t.Errorf("files %v", files)
	}
	if !strings.Contains(string(md), "![output 1 of cell 4](sample_files/cell04-output1.png)") || strings.Contains(string(md), "\x1b") {
		t.Errorf("markdown:\n%s", md)
	}
}

func TestBadImage(t *testing.T) {
	nb := &nbformat.Notebook{Cells: []*nbformat.Cell{{Type: nbformat.Code, Outputs: []nbformat.Output{
		{Type: nbformat.DisplayData, Data: nbformat.MimeBundle{"image/png": "not base64!"}}}}}}
	if _, err := export.HTML(nb, export.Options{}); err == nil || !strings.Contains(err.Error(), "cell 0 output 0") {
		t.Errorf("err = %v", err)
	}
}

// Report pages: -no-input leaves every source out; the tags of nbconvert
// and Jupyter Book act on single cells.
func TestReportTags(t *testing.T) {
	cell := func(src, out string, tags ...string) *nbformat.Cell {
		var ts []any
		for _, tg := range tags {
			ts = append(ts, tg)
		}
		return &nbformat.Cell{Type: nbformat.Code, Source: src, Metadata: map[string]any{"tags": ts},
			Outputs: []nbformat.Output{{Type: nbformat.Stream, Name: nbformat.Stdout, Text: out}}}
	}
	nb := &nbformat.Notebook{Metadata: map[string]any{}, Cells: []*nbformat.Cell{
		cell("plain_src", "plain_out"),
		cell("removed_input_src", "removed_input_out", "remove-input"),
		cell("removed_output_src", "removed_output_out", "remove-output"),
		cell("removed_cell_src", "removed_cell_out", "remove-cell"),
		cell("hidden_src", "hidden_out", "hide-input"),
		{Type: nbformat.Markdown, Source: "a note", Metadata: map[string]any{"tags": []any{"remove-cell"}}},
	}}
	for _, noInput := range []bool{false, true} {
		page, err := export.HTML(nb, export.Options{Name: "r.ipynb", NoInput: noInput})
		if err != nil {
			t.Fatal(err)
		}
		md, _, err := export.Markdown(nb, export.Options{Name: "r.ipynb", NoInput: noInput})
		if err != nil {
			t.Fatal(err)
		}
		for format, doc := range map[string]string{"html": string(page), "markdown": string(md)} {
			has := func(s string) bool { return strings.Contains(doc, s) }
			for _, s := range []string{"plain_out", "removed_input_out", "hidden_out"} {
				if !has(s) {
					t.Errorf("%s (no-input %v): %s missing", format, noInput, s)
				}
			}
			for _, s := range []string{"removed_input_src", "removed_output_out", "removed_cell", "a note"} {
				if has(s) {
					t.Errorf("%s (no-input %v): %s shown", format, noInput, s)
				}
			}
			if has("plain_src") == noInput || has("hidden_src") == noInput || has("removed_output_src") == noInput {
				t.Errorf("%s (no-input %v): sources shown wrongly", format, noInput)
			}
			if !noInput && !has("<details><summary>code</summary>") {
				t.Errorf("%s: hide-input is not folded", format)
			}
		}
	}
}

// Every page carries the Content-Security-Policy in its head, once,
// before anything that could load or run.
func TestCSPOnEveryPage(t *testing.T) {
	meta := `<meta http-equiv="Content-Security-Policy" content="` + export.CSP + `">`
	page, err := export.HTML(sample(t, "sample.ipynb"), export.Options{Name: "sample.ipynb"})
	if err != nil {
		t.Fatal(err)
	}
	index := export.Index("Pages & notes", []export.Entry{{Title: "a", Href: "a.html"}}, "<p>body</p>")
	head := export.Head("T <1>", "p { color: red; }")
	for name, doc := range map[string]string{"HTML": string(page), "Index": string(index), "Head": head} {
		if n := strings.Count(doc, meta); n != 1 {
			t.Errorf("%s: the CSP meta tag appears %d times, want 1", name, n)
		}
		if i, j := strings.Index(doc, meta), strings.Index(doc, "<title>"); i < 0 || j < 0 || i > j {
			t.Errorf("%s: the CSP does not come before the title", name)
		}
		if !strings.HasPrefix(doc, "<!DOCTYPE html>\n") || !strings.Contains(doc, `<link rel="icon" href="data:,">`) {
			t.Errorf("%s: no doctype or no empty icon", name)
		}
	}
	if !strings.HasSuffix(head, "</head>\n") || !strings.Contains(head, "<title>T &lt;1&gt;</title>") || !strings.Contains(head, "<style>p { color: red; }</style>") {
		t.Errorf("Head:\n%s", head)
	}
	if !strings.HasPrefix(string(index), export.Head("Pages & notes", "")[:100]) {
		t.Error("Index does not start with Head")
	}
	for _, directive := range []string{"default-src 'none'", "script-src 'none'", "img-src data:", "base-uri 'none'", "form-action 'none'"} {
		if !strings.Contains(export.CSP, directive) {
			t.Errorf("CSP lacks %q", directive)
		}
	}
}
