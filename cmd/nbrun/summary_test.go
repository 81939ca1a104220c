package main

import (
	"bytes"
	"context"
	"html"
	"io"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"testing"

	"github.com/rotationlab/rotation/jupyter/export"
	"github.com/rotationlab/rotation/jupyter/kernel/kerneltest"
)

// pageTable reads the table of a summary's index.html: its header and,
// per row, the cells' text (markup stripped, entities decoded).
func pageTable(t *testing.T, path string) (header []string, rows [][]string) {
	t.Helper()
	b, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	tag := regexp.MustCompile(`<[^>]*>`)
	for _, m := range regexp.MustCompile(`<th>(.*?)</th>`).FindAllStringSubmatch(string(b), -1) {
		header = append(header, html.UnescapeString(m[1]))
	}
	td := regexp.MustCompile(`<td[^>]*>(.*?)</td>`)
	for _, tr := range regexp.MustCompile(`<tr><td.*?</tr>`).FindAllString(string(b), -1) {
		var row []string
		for _, c := range td.FindAllStringSubmatch(tr, -1) {
			row = append(row, html.UnescapeString(tag.ReplaceAllString(c[1], "")))
		}
		rows = append(rows, row)
	}
	return header, rows
}

// pageColumns is the named columns of a summary page, row by row.
func pageColumns(t *testing.T, path string, names ...string) []string {
	t.Helper()
	header, rows := pageTable(t, path)
	var out []string
	for _, r := range rows {
		var cells []string
		for _, n := range names {
			i := slices.Index(header, n)
			if i < 0 || i >= len(r) {
				t.Fatalf("%s has no column %q: %q", path, n, header)
			}
			cells = append(cells, r[i])
		}
		out = append(out, strings.Join(cells, " | "))
	}
	return out
}

// A sweep of a notebook publishing values with nbvalues.Meta: summary.csv
// in the publisher's order at full precision, index.html in the
// publisher's formats, a published <script> shown as text, the CSP on the
// page; shards merged show the same numbers.
func TestSweepSummaryFormats(t *testing.T) {
	kerneltest.Need(t, "python3")
	nb := filepath.Join("testdata", "python-values.ipynb")
	out := t.TempDir()
	if code, stderr := nbrun(t, "-q", "-sweep", "threshold=0.04,0.1", "-o", out, "-html", out, nb); code != 0 {
		t.Fatalf("exit %d: %s", code, stderr)
	}
	recs := readCSV(t, filepath.Join(out, "summary.csv"))
	if got, want := recs[0][slices.Index(recs[0], "error")+1:], []string{"events", "A mean 63d", "A mean 252d", "note"}; !slices.Equal(got, want) {
		t.Errorf("value columns %q, want the metadata's order %q", got, want)
	}
	for i, th := range []float64{0.04, 0.1} {
		got, err := strconv.ParseFloat(column(recs, "A mean 63d")[i], 64)
		if want := th * 1.1234567891; err != nil || got != want {
			t.Errorf("summary.csv: A mean 63d at %v reads %v (%v), want %v at full precision", th, got, err, want)
		}
	}
	if got := column(recs, "note")[0]; got != `<script>document.title = "ran"</script>` {
		t.Errorf("summary.csv: note %q", got)
	}
	page := filepath.Join(out, "index.html")
	want := []string{"25 | +4.5% | -12.9% | <script>document.title = \"ran\"</script>", "10 | +11.2% | -32.2% | <script>document.title = \"ran\"</script>"}
	if got := pageColumns(t, page, "events", "A mean 63d", "A mean 252d", "note"); !slices.Equal(got, want) {
		t.Errorf("index.html values:\n%q\nwant\n%q", got, want)
	}
	b, _ := os.ReadFile(page)
	if strings.Contains(string(b), "<script") {
		t.Errorf("index.html holds a published <script> as markup:\n%s", b)
	}
	if !strings.Contains(string(b), `<meta http-equiv="Content-Security-Policy" content="`+export.CSP+`">`) {
		t.Errorf("index.html has no CSP:\n%s", b)
	}

	s1, s2, merged := t.TempDir(), t.TempDir(), t.TempDir()
	for i, dir := range []string{s1, s2} {
		if code, stderr := nbrun(t, "-q", "-shard", strconv.Itoa(i+1)+"/2", "-sweep", "threshold=0.04,0.1", "-o", dir, "-html", dir, nb); code != 0 {
			t.Fatalf("shard %d: exit %d: %s", i+1, code, stderr)
		}
	}
	var stdout, stderr bytes.Buffer
	if code := run(context.Background(), []string{"-merge", "-o", merged, s1, s2}, &stdout, &stderr, os.Getenv); code != 0 {
		t.Fatalf("merge: exit %d: %s", code, stderr.String())
	}
	cols := []string{"run", "threshold", "status", "events", "A mean 63d", "A mean 252d", "note"}
	if got, want := pageColumns(t, filepath.Join(merged, "index.html"), cols...), pageColumns(t, page, cols...); !slices.Equal(got, want) {
		t.Errorf("merged index.html:\n%q\nunsharded:\n%q", got, want)
	}
	b, _ = os.ReadFile(filepath.Join(merged, "index.html"))
	if !strings.Contains(string(b), `href="../`+filepath.Base(s2)+`/python-values-threshold=0.1.html"`) {
		t.Errorf("merged index.html does not link run 1's page in its shard:\n%s", b)
	}
}

// -trust goes anywhere among the arguments, and only with -html or -md.
func TestTrustFlag(t *testing.T) {
	for _, args := range [][]string{{"-trust", "-html", "out", "a.ipynb"}, {"a.ipynb", "-md", "out", "-trust"}} {
		o, err := parseArgs(args, io.Discard)
		if err != nil || !o.run.Trust {
			t.Errorf("%q: Trust %v, %v", args, o != nil && o.run.Trust, err)
		}
	}
	if o, err := parseArgs([]string{"-html", "out", "a.ipynb"}, io.Discard); err != nil || o.run.Trust {
		t.Errorf("without -trust: Trust %v, %v", o != nil && o.run.Trust, err)
	}
	code, stderr := nbrun(t, "-trust", "a.ipynb")
	if code != exitUsage || !strings.Contains(stderr, "-trust") || !strings.Contains(stderr, "-html") {
		t.Errorf("-trust without pages: exit %d: %s", code, stderr)
	}
}

// The pages of a notebook whose Markdown cell holds a <script> and an
// event handler, and whose output holds one: sanitized by default, kept
// as they are with -trust; the CSP on the page either way.
func TestTrustedPages(t *testing.T) {
	kerneltest.Need(t, "python3")
	nb := filepath.Join("testdata", "python-values.ipynb")
	hostile := []string{"<script>document.title = 'ran'</script>", `onerror="document.title = 'ran'"`, `onclick="document.title = 'ran'"`}
	for _, trust := range []bool{false, true} {
		dir := t.TempDir()
		args := []string{"-q", "-html", dir, "-md", dir, nb}
		if trust {
			args = append(args, "-trust")
		}
		if code, stderr := nbrun(t, args...); code != 0 {
			t.Fatalf("-trust %v: exit %d: %s", trust, code, stderr)
		}
		page, err := os.ReadFile(filepath.Join(dir, "python-values.html"))
		if err != nil {
			t.Fatal(err)
		}
		if !strings.Contains(string(page), `<meta http-equiv="Content-Security-Policy" content="`+export.CSP+`">`) {
			t.Errorf("-trust %v: the page has no CSP", trust)
		}
		for _, h := range hostile {
			if got := strings.Contains(string(page), h); got != trust {
				t.Errorf("-trust %v: the page holds %s: %v", trust, h, got)
			}
		}
		if !strings.Contains(string(page), "published") {
			t.Errorf("-trust %v: the output's text is gone", trust)
		}
		md, err := os.ReadFile(filepath.Join(dir, "python-values.md"))
		if err != nil {
			t.Fatal(err)
		}
		if got := strings.Contains(string(md), hostile[2]); got != trust {
			t.Errorf("-trust %v: the Markdown holds the output's %s: %v", trust, hostile[2], got)
		}
	}
}
