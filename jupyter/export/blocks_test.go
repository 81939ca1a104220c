package export_test

import (
	"strings"
	"testing"

	"github.com/rotationlab/rotation/jupyter/export"
)

// Consecutive text outputs form one block: streams of one name, and
// text/html outputs that are one <pre> of plain text each (show.Text),
// which join stdout but not stderr.
func TestTextBlocks(t *testing.T) {
	nb := sample(t, "blocks.ipynb")
	page, err := export.HTML(nb, export.Options{Name: "blocks.ipynb"})
	if err != nil {
		t.Fatal(err)
	}
	md, _, err := export.Markdown(nb, export.Options{Name: "blocks.ipynb"})
	if err != nil {
		t.Fatal(err)
	}
	golden(t, "blocks.html", page)
	golden(t, "blocks.md", md)
	s := string(page)
	for _, want := range []string{
		// Three stdout outputs in one <pre>; the colour spans two of them.
		"<div class=\"output stream stdout\"><pre>line 1\n<span style=\"color:#c91b00\">red still red</span>\nline 3 &amp; &lt;4&gt;\n</pre></div>\n" +
			"<div class=\"output stream stderr\"><pre>warning 1\nwarning 2\n</pre></div>\n" +
			"<div class=\"output stream stdout\"><pre>after the warnings\n</pre></div>\n",
		// show.Text's lines in one block; a table ends it; markup inside
		// a <pre> keeps it apart.
		"<div class=\"output text-html\"><pre>Events before 2024-07-11: ours 24, article 23\n63 trading days",
		"252 trading days IWM mean +12.74% &amp; more, it&#39;s &lt;fine&gt;\n</pre></div>\n<div class=\"output text-html\"><table",
		"<div class=\"output text-html\"><pre>after the table\nand one more</pre></div>\n<div class=\"output text-html\"><pre><b>markup</b> inside: not joined</pre></div>",
		// Printed text and show.Text in one block, lines kept apart.
		"<div class=\"output stream stdout\"><pre>printed without a newline\nthen show.Text\nthen printed\n</pre></div>\n<div class=\"output stream stderr\"><pre>an error line\n</pre></div>",
		".output pre { white-space: pre-wrap;",
	} {
		if !strings.Contains(s, want) {
			t.Errorf("page lacks %q", want)
		}
	}
	m := string(md)
	for _, want := range []string{
		"```text\nline 1\nred still red\nline 3 & <4>\n```\n\n```text\nwarning 1\nwarning 2\n```\n\n```text\nafter the warnings\n```",
		"```text\nEvents before 2024-07-11: ours 24, article 23\n63 trading days",
		"252 trading days IWM mean +12.74% & more, it's <fine>\n```\n\n<table",
		"```text\nafter the table\nand one more\n```\n\n<pre><b>markup</b> inside: not joined</pre>",
		"```text\nprinted without a newline\nthen show.Text\nthen printed\n```\n\n```text\nan error line\n```",
	} {
		if !strings.Contains(m, want) {
			t.Errorf("markdown lacks %q", want)
		}
	}
}
