package main

import (
	"bytes"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/rotationlab/rotation/analysis/marketdata"
	"github.com/rotationlab/rotation/analysis/marketdata/marketdatatest"
)

// fixedClock is a clock stopped at 14:45:06 in UTC+1.
func fixedClock() time.Time {
	return time.Date(2026, 12, 1, 14, 45, 6, 0, time.FixedZone("UTC+1", 3600))
}

// firstLast reads a CSV file's first and last dates and its number of rows
// straight from its lines, apart from package marketdata.
func firstLast(t *testing.T, path string) (first, last string, rows int) {
	t.Helper()
	b, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	lines := strings.Split(strings.TrimSpace(string(b)), "\n")[1:]
	date := func(l string) string { return strings.SplitN(l, ",", 2)[0] }
	return date(lines[0]), date(lines[len(lines)-1]), len(lines)
}

// outDir is a products directory holding some of make run's products: two
// text files, a chart directory and notebook 1's page and executed
// notebook.
func outDir(t *testing.T) string {
	t.Helper()
	out := t.TempDir()
	for _, f := range []string{"reproduce.txt", "study.json", "plots/spread.png", "plots/spread.svg", "sample.html", "notebooks/sample.ipynb"} {
		p := filepath.Join(out, f)
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(p, []byte("x"), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	// An empty chart directory is no product.
	if err := os.Mkdir(filepath.Join(out, "plots-mirror"), 0o755); err != nil {
		t.Fatal(err)
	}
	return out
}

var sampleNotebook = filepath.Join("..", "..", "jupyter", "export", "testdata", "sample.ipynb")

// The page links the products that are there, names those that are not,
// and says which data made them (the recorded source, each file's layout,
// first and last day and days) and when, in UTC.
func TestProductsAndData(t *testing.T) {
	data := marketdatatest.PairDir(t, "IWM", "QQQ")
	marketdatatest.AsStooq(t, marketdata.Path(data, "QQQ"))
	prov := "# Provenance\n\n| item | value |\n| --- | --- |\n| vendor | Test Vendor via `tool`. More than the page shows. |\n| note | not shown |\n"
	if err := os.WriteFile(filepath.Join(data, "PROVENANCE.md"), []byte(prov), 0o644); err != nil {
		t.Fatal(err)
	}
	out := outDir(t)
	page := filepath.Join(out, "index.html")
	var stdout, stderr bytes.Buffer
	if code := runAt([]string{"-data", data, "-o", page, sampleNotebook}, &stdout, &stderr, func(string) string { return "" }, fixedClock); code != exitOK {
		t.Fatalf("exit %d: %s", code, stderr.String())
	}
	b, err := os.ReadFile(page)
	if err != nil {
		t.Fatal(err)
	}
	got := string(b)
	for _, want := range []string{
		`href="sample.html"`, `href="notebooks/sample.ipynb"`,
		`href="reproduce.txt"`, `href="study.json"`, `href="plots/spread.png"`, `href="plots/spread.svg"`,
		"vendor: Test Vendor via tool.",
		"This page was made 2026-12-01 13:45:06 UTC.",
		"Stooq&#39;s download", "the archive",
	} {
		if !strings.Contains(got, want) {
			t.Errorf("page lacks %q", want)
		}
	}
	for _, absent := range []string{`href="reproduce.json"`, `href="mirror.txt"`, `href="plots-mirror`, "not shown", "More than"} {
		if strings.Contains(got, absent) {
			t.Errorf("page has %q", absent)
		}
	}
	i := strings.Index(got, "Not in this directory")
	if i < 0 {
		t.Fatal("page names no missing product")
	}
	missing := got[i:]
	missing = missing[:strings.Index(missing, "</p>")]
	for _, m := range []string{"reproduce.json", "study.txt", "after-2024-07-11.txt", "mirror.txt", "declustered.txt", "scan.txt", "plots-mirror"} {
		if !strings.Contains(missing, m) {
			t.Errorf("missing products %q lack %s", missing, m)
		}
	}
	for _, present := range []string{"reproduce.txt", "study.json", "plots,"} {
		if strings.Contains(missing, present) {
			t.Errorf("missing products %q name %s, which is there", missing, present)
		}
	}
	// The summary at the top: when, how many files over which days, and
	// the source; the fixtures cover the same days.
	first, last, _ := firstLast(t, marketdata.Path(data, "IWM"))
	summary := fmt.Sprintf("Made 2026-12-01 13:45 UTC from the 2 price files in <code>%s</code>, %s to %s (source: Test Vendor via tool;", filepath.Base(data), first, last)
	if i, h := strings.Index(got, summary), strings.Index(got, "The headline"); i < 0 || i > h {
		t.Errorf("page lacks %q before the headline", summary)
	}
	for _, tk := range []marketdata.Ticker{"IWM", "QQQ"} {
		first, last, rows := firstLast(t, marketdata.Path(data, tk))
		row := fmt.Sprintf("<td>%s</td><td>%s</td><td style=\"text-align:right\">%d</td></tr>", first, last, rows)
		if !strings.Contains(got, "<tr><td>"+string(tk)+".csv</td>") || !strings.Contains(got, row) {
			t.Errorf("page lacks %s's row ending %s", tk, row)
		}
	}
}

// A notebook whose page or executed notebook is not there is not linked
// but named; data without PROVENANCE.md say that they record no source.
func TestMissingPagesAndNoProvenance(t *testing.T) {
	data := marketdatatest.PairDir(t, "IWM", "QQQ")
	out := t.TempDir()
	page := filepath.Join(out, "index.html")
	var stdout, stderr bytes.Buffer
	if code := runAt([]string{"-data", data, "-o", page, sampleNotebook}, &stdout, &stderr, func(string) string { return "" }, fixedClock); code != exitOK {
		t.Fatalf("exit %d: %s", code, stderr.String())
	}
	b, err := os.ReadFile(page)
	if err != nil {
		t.Fatal(err)
	}
	got := string(b)
	if strings.Contains(got, `href="sample.html"`) || strings.Contains(got, `href="notebooks/`) {
		t.Error("links to pages that are not there")
	}
	for _, want := range []string{"sample.html", "notebooks/sample.ipynb", "records no source", "(no recorded source;"} {
		if !strings.Contains(got, want) {
			t.Errorf("page lacks %q", want)
		}
	}
}

// -products names the directory to look in; SOURCE_DATE_EPOCH sets the
// page's time. Every argument is checked before the data are read: a bad
// one is exit 2 even with no data at all.
func TestProductsFlagsAndTime(t *testing.T) {
	data := marketdatatest.PairDir(t, "IWM", "QQQ")
	products := outDir(t)
	page := filepath.Join(t.TempDir(), "index.html")
	env := map[string]string{EnvSourceDate: "1700000000"}
	var stdout, stderr bytes.Buffer
	if code := runAt([]string{"-data", data, "-o", page, "-products", products, sampleNotebook}, &stdout, &stderr, func(k string) string { return env[k] }, fixedClock); code != exitOK {
		t.Fatalf("exit %d: %s", code, stderr.String())
	}
	b, err := os.ReadFile(page)
	if err != nil {
		t.Fatal(err)
	}
	want := "This page was made " + time.Unix(1700000000, 0).UTC().Format("2006-01-02 15:04:05") + " UTC."
	if got := string(b); !strings.Contains(got, `href="reproduce.txt"`) || !strings.Contains(got, want) {
		t.Errorf("page with -products and %s lacks the products' links or %q", EnvSourceDate, want)
	}

	nodata := filepath.Join(t.TempDir(), "absent")
	file := filepath.Join(products, "reproduce.txt")
	for _, c := range []struct {
		name string
		args []string
		env  map[string]string
		want string
	}{
		{"products not a directory", []string{"-products", file, sampleNotebook}, nil, "-products " + file + " is not a directory"},
		{"products absent", []string{"-products", nodata, sampleNotebook}, nil, "is not a directory"},
		{"not a notebook", []string{"notes.txt"}, nil, "notes.txt is not a notebook"},
		{"page is a directory", []string{"-o", products + "/", sampleNotebook}, nil, "is not a page to write"},
		{"bad epoch", []string{sampleNotebook}, map[string]string{EnvSourceDate: "yesterday"}, `$SOURCE_DATE_EPOCH="yesterday" is not a time`},
	} {
		t.Run(c.name, func(t *testing.T) {
			var stdout, stderr bytes.Buffer
			args := append([]string{"-data", nodata}, c.args...)
			if code := runAt(args, &stdout, &stderr, func(k string) string { return c.env[k] }, fixedClock); code != exitUsage || !strings.Contains(stderr.String(), c.want) {
				t.Errorf("exit %d, %q; want exit %d saying %q", code, stderr.String(), exitUsage, c.want)
			}
		})
	}
}
