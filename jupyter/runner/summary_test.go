package runner

import (
	"bytes"
	"encoding/json"
	"errors"
	"flag"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/rotationlab/rotation/internal/nbvalues"
	"github.com/rotationlab/rotation/jupyter/export"
	"github.com/rotationlab/rotation/jupyter/nbformat"
	"github.com/rotationlab/rotation/jupyter/params"
)

var update = flag.Bool("update", false, "rewrite golden files")

func golden(t *testing.T, name string, got []byte) {
	t.Helper()
	p := filepath.Join("testdata", name)
	if *update {
		if err := os.MkdirAll("testdata", 0o755); err != nil {
			t.Fatal(err)
		}
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

// display is an output publishing data for the summary, with md as the
// display's metadata under nbvalues.MIME (none when nil).
func display(data, md any) nbformat.Output {
	o := nbformat.Output{Type: nbformat.DisplayData, Data: nbformat.MimeBundle{nbvalues.MIME: data, "text/plain": "published"}}
	if md != nil {
		o.Metadata = map[string]any{nbvalues.MIME: md}
	}
	return o
}

func notebook(outs ...nbformat.Output) *nbformat.Notebook {
	return &nbformat.Notebook{Format: 4, Minor: 5, Cells: []*nbformat.Cell{{ID: "a", Type: nbformat.Code, Outputs: outs}}}
}

// The published names come in the publisher's order: nbvalues.Meta.Order,
// else the JSON text's order, else sorted; across displays in order of
// first appearance, the last value winning. Numbers published without a
// format record Number; strings and booleans none.
func TestPublishedValues(t *testing.T) {
	horizons := `{"A mean 63d": 0.0442, "A mean 252d": 0.1274, "events": 24}`
	showMeta, err := json.Marshal(nbvalues.Meta{Order: []string{"events", "A mean 63d", "A mean 252d"},
		Formats: map[string]nbvalues.Format{"A mean 63d": nbvalues.Percent, "A mean 252d": nbvalues.Percent, "events": nbvalues.Integer}})
	if err != nil {
		t.Fatal(err)
	}
	// Numbers without a format of their own show as Number; strings and
	// booleans record none (they show as they are).
	const N = nbvalues.Number
	tests := []struct {
		name    string
		nb      *nbformat.Notebook
		names   []string
		values  map[string]any
		formats map[string]nbvalues.Format
	}{
		{"string payload: its JSON order", notebook(display(horizons, nil)),
			[]string{"A mean 63d", "A mean 252d", "events"}, map[string]any{"A mean 63d": 0.0442, "events": 24.0}, map[string]nbvalues.Format{"A mean 63d": N, "A mean 252d": N, "events": N}},
		{"object payload, no meta: sorted", notebook(display(map[string]any{"b": 1.0, "a": 2.0, "c": "x"}, nil)),
			[]string{"a", "b", "c"}, map[string]any{"a": 2.0, "c": "x"}, map[string]nbvalues.Format{"a": N, "b": N}},
		{"meta order wins over the JSON order", notebook(display(horizons, map[string]any{"order": []any{"events", "A mean 252d", "A mean 63d"}})),
			[]string{"events", "A mean 252d", "A mean 63d"}, nil, map[string]nbvalues.Format{"A mean 63d": N, "A mean 252d": N, "events": N}},
		{"meta order over an object payload", notebook(display(map[string]any{"z": 1.0, "a": 2.0}, map[string]any{"order": []any{"z", "a"}})),
			[]string{"z", "a"}, nil, map[string]nbvalues.Format{"z": N, "a": N}},
		{"names the order lacks follow, in JSON order; names it has but the display lacks are left out",
			notebook(display(`{"y": 1, "x": 2, "w": 3}`, map[string]any{"order": []any{"w", "gone"}})),
			[]string{"w", "y", "x"}, nil, map[string]nbvalues.Format{"w": N, "y": N, "x": N}},
		{"formats read; unknown and empty ones dropped (a number then shows as Number)", notebook(display(horizons, map[string]any{"formats": map[string]any{"A mean 63d": "percent", "events": "integer", "A mean 252d": "sparkles", "x": ""}})),
			[]string{"A mean 63d", "A mean 252d", "events"}, nil, map[string]nbvalues.Format{"A mean 63d": nbvalues.Percent, "events": nbvalues.Integer, "A mean 252d": N}},
		{"meta given as a string holding JSON", notebook(display(`{"b": 1, "a": 2}`, `{"order": ["a", "b"], "formats": {"a": "percent"}}`)),
			[]string{"a", "b"}, nil, map[string]nbvalues.Format{"a": nbvalues.Percent, "b": N}},
		{"meta as show.Values sends it: nbvalues.Meta's JSON in a string", notebook(display(`{"A mean 252d": 0.1274, "A mean 63d": 0.0442, "events": 24}`, string(showMeta))),
			[]string{"events", "A mean 63d", "A mean 252d"}, nil, map[string]nbvalues.Format{"A mean 63d": nbvalues.Percent, "A mean 252d": nbvalues.Percent, "events": nbvalues.Integer}},
		{"unreadable meta: the JSON order", notebook(display(`{"b": 1, "a": 2}`, `{"order": 5}`)),
			[]string{"b", "a"}, nil, map[string]nbvalues.Format{"b": N, "a": N}},
		{"two displays: first appearance, the last value and the first format win",
			notebook(display(`{"b": 1, "a": 2}`, map[string]any{"formats": map[string]any{"a": "percent"}}), display(`{"c": 3, "a": 4}`, map[string]any{"formats": map[string]any{"a": "integer"}})),
			[]string{"b", "a", "c"}, map[string]any{"a": 4.0, "b": 1.0, "c": 3.0}, map[string]nbvalues.Format{"a": nbvalues.Percent, "b": N, "c": N}},
		{"a duplicate key keeps its first place and its last value", notebook(display(`{"a": 1, "b": 2, "a": 3}`, nil)),
			[]string{"a", "b"}, map[string]any{"a": 3.0}, map[string]nbvalues.Format{"a": N, "b": N}},
		{"payloads that are no object are ignored",
			notebook(display(`[1, 2]`, nil), display(`{"a": 1} trailing`, nil), display(`{"a": `, nil), display(5.0, nil), display(`"text"`, nil), display(`{"ok": true}`, nil)),
			[]string{"ok"}, map[string]any{"ok": true}, map[string]nbvalues.Format{}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			vals, names, formats := publishedValues(tt.nb)
			if !slices.Equal(names, tt.names) {
				t.Errorf("names %q, want %q", names, tt.names)
			}
			if len(vals) != len(names) {
				t.Errorf("%d values for %d names: %v", len(vals), len(names), vals)
			}
			for k, want := range tt.values {
				if vals[k] != want {
					t.Errorf("value %s = %v (%T), want %v", k, vals[k], vals[k], want)
				}
			}
			if len(formats) != len(tt.formats) {
				t.Errorf("formats %v, want %v", formats, tt.formats)
			}
			for k, f := range tt.formats {
				if formats[k] != f {
					t.Errorf("format %s = %q, want %q", k, formats[k], f)
				}
			}
		})
	}
}

// Across runs the columns are the union in order of first appearance,
// after the fixed ones; formats are the first given for a name.
func TestSummaryColumns(t *testing.T) {
	results := []Result{
		{Job: Job{Index: 0, Notebook: "nb.ipynb"}, Names: []string{"A mean 63d", "A mean 252d"}, Formats: map[string]nbvalues.Format{"A mean 63d": nbvalues.Percent}},
		{Job: Job{Index: 1, Notebook: "nb.ipynb"}, Names: []string{"events", "A mean 63d", "B mean 63d"}, Formats: map[string]nbvalues.Format{"A mean 63d": nbvalues.Number, "events": nbvalues.Integer}},
	}
	tab := summaryTable(results, "")
	want := []string{"run", "notebook", "output", "status", "exit", "duration_s", "error", "A mean 63d", "A mean 252d", "events", "B mean 63d"}
	if !slices.Equal(tab.header, want) {
		t.Errorf("header %q, want %q", tab.header, want)
	}
	if tab.header[tab.values] != "A mean 63d" {
		t.Errorf("values start at column %d (%q)", tab.values, tab.header[tab.values])
	}
	if tab.formats["A mean 63d"] != nbvalues.Percent || tab.formats["events"] != nbvalues.Integer || len(tab.formats) != 2 {
		t.Errorf("formats %v", tab.formats)
	}
}

func TestValueText(t *testing.T) {
	tests := []struct {
		cell   string
		format nbvalues.Format
		want   string
	}{
		{"0.044212345", nbvalues.Percent, "+4.4%"},
		{"-0.0386", nbvalues.Percent, "-3.9%"},
		{"0.12741234", "", "0.12741234"}, // no format recorded: as it is
		{"0.12741234", nbvalues.Number, "0.1274"},
		{"0.12741234", "sparkles", "0.12741234"}, // unknown: as it is
		{"24", nbvalues.Integer, "24"},
		{"123456.789", nbvalues.Number, "1.235e+05"},
		{"100000", nbvalues.Number, "100000"}, // a number of draws
		{"20240131", "", "20240131"},          // a string that looks like a number
		{"12345678901", "", "12345678901"},    // a seed published as a string
		{"NaN", nbvalues.Percent, "n/a"},
		{"", nbvalues.Percent, ""},                       // not published by this run
		{"IWM", nbvalues.Percent, "IWM"},                 // text stays text
		{"true", "", "true"},                             // so do booleans
		{"<script>x</script>", "", "<script>x</script>"}, // escaped by the page, not here
		{"1e-05", nbvalues.Number, "1e-05"},
	}
	for _, tt := range tests {
		if got := valueText(tt.cell, tt.format); got != tt.want {
			t.Errorf("valueText(%q, %q) = %q, want %q", tt.cell, tt.format, got, tt.want)
		}
	}
}

func TestDurationText(t *testing.T) {
	tests := []struct{ cell, want string }{
		{"0.42", "0.42 s"},
		{"9.99", "9.99 s"},
		{"12.34", "12.3 s"},
		{"59.94", "59.9 s"},
		{"59.96", "1 min 00 s"},
		{"125.40", "2 min 05 s"},
		{"3599.40", "59 min 59 s"},
		{"3725.00", "1 h 02 min"},
		{"", ""},
		{"soon", "soon"},
		{"-1.00", "-1.00"},
	}
	for _, tt := range tests {
		if got := durationText(tt.cell); got != tt.want {
			t.Errorf("durationText(%q) = %q, want %q", tt.cell, got, tt.want)
		}
	}
}

// sweepResults are four runs of a sweep over threshold, as a notebook
// publishing horizons out of alphabetical order, with formats, a failed
// run, and a string holding markup.
func sweepResults() []Result {
	// ratio has no format of its own: publishedValues records Number for it.
	formats := map[string]nbvalues.Format{"A mean 63d": nbvalues.Percent, "A mean 252d": nbvalues.Percent, "events": nbvalues.Integer, "ratio": nbvalues.Number}
	names := []string{"events", "A mean 63d", "A mean 252d", "note", "ratio"}
	var rs []Result
	for i, th := range []string{"0.03", "0.04", "0.05", "0.06"} {
		r := Result{
			Job:      Job{Index: i, Notebook: "nb/03-events.ipynb", Values: []params.Value{{Name: "threshold", Raw: th}}, Out: "out/03-events-threshold=" + th + ".ipynb"},
			Duration: time.Duration(i*61+1)*time.Second + 234*time.Millisecond,
			Values: map[string]any{"events": float64(72 / (i + 1)), "A mean 63d": 0.0345123456789 + float64(i)/1000, "A mean 252d": -0.064123456789,
				"note": "<script>document.title='ran'</script>", "ratio": 1.23456789},
			Names: names, Formats: formats,
			Written: "out/03-events-threshold=" + th + ".ipynb",
		}
		if i == 2 {
			r.Err = withKind(ErrTimeout, errors.New("cell 4 timed out after 1s"))
			r.Values = map[string]any{"events": 9.0}
		}
		rs = append(rs, r)
	}
	return rs
}

// A sweep's index.html: the page is a golden; the published numbers in
// their formats, markup shown as text, the CSP in force; summary.csv
// keeps full precision.
func TestSummaryPage(t *testing.T) {
	dir := t.TempDir()
	if err := writeSummary(dir, summaryTable(sweepResults(), "out")); err != nil {
		t.Fatal(err)
	}
	page, err := os.ReadFile(filepath.Join(dir, "index.html"))
	if err != nil {
		t.Fatal(err)
	}
	golden(t, "summary.html", page)
	for _, want := range []string{
		`<meta http-equiv="Content-Security-Policy" content="` + export.CSP + `">`,
		"<th>events</th><th>A mean 63d</th><th>A mean 252d</th>",
		`<td class="num">72</td><td class="num">+3.5%</td><td class="num">-6.4%</td><td>&lt;script&gt;document.title=&#39;ran&#39;&lt;/script&gt;</td><td class="num">1.235</td>`,
		`<td class="num">1.23 s</td>`, `<td class="num">1 min 02 s</td>`, `<td class="num">3 min 04 s</td>`,
		`<td>nb/03-events.ipynb</td>`, `<td>ok</td>`, `<td class="num">0.04</td>`,
		`<a href="03-events-threshold=0.04.html">03-events-threshold=0.04.ipynb</a>`,
	} {
		if !strings.Contains(string(page), want) {
			t.Errorf("index.html lacks %s", want)
		}
	}
	if strings.Contains(strings.ToLower(string(page)), "<script") {
		t.Error("a published string's <script> is markup in index.html")
	}
	csv, err := os.ReadFile(filepath.Join(dir, "summary.csv"))
	if err != nil {
		t.Fatal(err)
	}
	for _, want := range []string{
		"run,notebook,output,threshold,status,exit,duration_s,error,events,A mean 63d,A mean 252d,note,ratio\n",
		",ok,0,1.23,,72,0.0345123456789,-0.064123456789,<script>document.title='ran'</script>,1.23456789\n",
	} {
		if !strings.Contains(string(csv), want) {
			t.Errorf("summary.csv lacks %q:\n%s", want, csv)
		}
	}
	formats, err := os.ReadFile(filepath.Join(dir, FormatsFile))
	if err != nil {
		t.Fatal(err)
	}
	golden(t, "summary-formats.json", formats)
}

// Shards merged give the index.html, summary.csv and formats of the
// unsharded run.
func TestMergeKeepsFormatsAndOrder(t *testing.T) {
	rs := sweepResults()
	whole, s1, s2, merged := t.TempDir(), t.TempDir(), t.TempDir(), t.TempDir()
	for _, w := range []struct {
		dir string
		rs  []Result
	}{{whole, rs}, {s1, []Result{rs[0], rs[2]}}, {s2, []Result{rs[1], rs[3]}}} {
		if err := writeSummary(w.dir, summaryTable(w.rs, "out")); err != nil {
			t.Fatal(err)
		}
	}
	n, err := Merge([]string{s1, s2}, merged)
	if err != nil || n != 4 {
		t.Fatalf("merged %d runs: %v", n, err)
	}
	// The links differ (they reach into the shards); the rest is the same.
	links := regexp.MustCompile(`<a href="[^"]*">`)
	for _, name := range []string{"index.html", "summary.csv", FormatsFile} {
		want, err1 := os.ReadFile(filepath.Join(whole, name))
		got, err2 := os.ReadFile(filepath.Join(merged, name))
		if err := errors.Join(err1, err2); err != nil {
			t.Fatal(err)
		}
		want, got = links.ReplaceAll(want, []byte("<a>")), links.ReplaceAll(got, []byte("<a>"))
		if !bytes.Equal(got, want) {
			t.Errorf("merged %s differs from the unsharded run's:\n%s\nwant:\n%s", name, got, want)
		}
	}
	// A row links to its run's page in the shard's directory, else to its
	// notebook there.
	for _, f := range []string{filepath.Join(s1, "03-events-threshold=0.03.html"), filepath.Join(s2, "03-events-threshold=0.04.ipynb")} {
		if err := os.WriteFile(f, nil, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	if _, err := Merge([]string{s1, s2}, merged); err != nil {
		t.Fatal(err)
	}
	page, _ := os.ReadFile(filepath.Join(merged, "index.html"))
	for _, want := range []string{
		`<a href="../` + filepath.Base(s1) + `/03-events-threshold=0.03.html">03-events-threshold=0.03.ipynb</a>`,
		`<a href="../` + filepath.Base(s2) + `/03-events-threshold=0.04.ipynb">03-events-threshold=0.04.ipynb</a>`,
		`<a href="03-events-threshold=0.05.ipynb">`,
	} {
		if !strings.Contains(string(page), want) {
			t.Errorf("merged index.html lacks %s", want)
		}
	}

	// A shard written before the formats file existed merges, its values
	// shown as summary.csv holds them (it cannot tell a number from a
	// string that looks like one); a broken formats file is named.
	if err := os.Remove(filepath.Join(s2, FormatsFile)); err != nil {
		t.Fatal(err)
	}
	if _, err := Merge([]string{s2}, merged); err != nil {
		t.Fatal(err)
	}
	page, _ = os.ReadFile(filepath.Join(merged, "index.html"))
	if !strings.Contains(string(page), `<td class="num">0.0355123456789</td>`) {
		t.Errorf("without formats, A mean 63d of run 1 is not shown as summary.csv holds it:\n%s", page)
	}
	for _, bad := range []string{`[1]`, `{"events": "sparkles"}`} {
		if err := os.WriteFile(filepath.Join(s2, FormatsFile), []byte(bad), 0o644); err != nil {
			t.Fatal(err)
		}
		_, err := Merge([]string{s1, s2}, merged)
		if !errors.Is(err, ErrUsage) || !strings.Contains(err.Error(), FormatsFile) {
			t.Errorf("formats file %s: %v, want a usage error naming the file", bad, err)
		}
	}
}

// -trust reaches the export options of both pages.
func TestPageOptions(t *testing.T) {
	for _, trust := range []bool{false, true} {
		p, err := NewPlan(Options{Notebooks: []string{"a.ipynb"}, Trust: trust, NoInput: true})
		if err != nil {
			t.Fatal(err)
		}
		got := p.pageOptions("a.ipynb", "a_files")
		want := export.Options{Name: "a.ipynb", ImageDir: "a_files", NoInput: true, Trust: trust}
		if got != want {
			t.Errorf("Trust %v: export options %+v, want %+v", trust, got, want)
		}
	}
}
