package report_test

import (
	"bytes"
	"flag"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/rotationlab/rotation/analysis"
	"github.com/rotationlab/rotation/analysis/article"
	"github.com/rotationlab/rotation/analysis/marketdata"
	"github.com/rotationlab/rotation/analysis/marketdata/marketdatatest"
	"github.com/rotationlab/rotation/analysis/quality"
	"github.com/rotationlab/rotation/analysis/report"
	"github.com/rotationlab/rotation/analysis/reproduce"
)

var update = flag.Bool("update", false, "rewrite golden files")

// gapFixtures is a hand-written pair: AAA lacks every other trading day.
var gapFixtures = filepath.Join("..", "..", "testdata", "gaps")

// golden compares got with testdata/name; cmd/rotation's tests hold the
// command's output to the same files.
func golden(t *testing.T, name, got string) {
	t.Helper()
	path := filepath.Join("testdata", name)
	if *update {
		if err := os.WriteFile(path, []byte(got), 0o644); err != nil {
			t.Fatal(err)
		}
		return
	}
	want, err := os.ReadFile(path)
	if err != nil {
		t.Fatalf("%v (run go test -update to create it)", err)
	}
	if got != string(want) {
		t.Errorf("output differs from %s (go test -update rewrites it)\ngot:\n%s\nwant:\n%s", path, got, want)
	}
}

// copyAs copies files of src into a new directory, renamed by names (from
// to to), and returns it.
func copyAs(t *testing.T, src string, names map[string]string) string {
	t.Helper()
	dir := t.TempDir()
	copyInto(t, dir, src, names)
	return dir
}

// copyInto copies files of src into dir, renamed by names.
func copyInto(t *testing.T, dir, src string, names map[string]string) {
	t.Helper()
	for from, to := range names {
		b, err := os.ReadFile(filepath.Join(src, from))
		if err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(filepath.Join(dir, to), b, 0o644); err != nil {
			t.Fatal(err)
		}
	}
}

var asArticle = map[string]string{"AAA.csv": "IWM.csv", "BBB.csv": "QQQ.csv"}

// stooqDir holds the fixtures as IWM (archive layout) and QQQ (Stooq's
// layout, with no raw close).
func stooqDir(t *testing.T) string {
	t.Helper()
	dir := marketdatatest.PairDir(t, "IWM", "QQQ")
	marketdatatest.AsStooq(t, filepath.Join(dir, "QQQ.csv"))
	return dir
}

// setUp is a study's options from the defaults: legs, horizons (as
// rotation's -horizons) and resamples, changed further by more.
func setUp(t *testing.T, a, b marketdata.Ticker, horizons string, resamples int, more ...func(*analysis.Options)) analysis.Options {
	t.Helper()
	o := analysis.DefaultOptions()
	o.A, o.B, o.Resamples = a, b, resamples
	var err error
	if o.Horizons, err = analysis.ParseHorizons(horizons); err != nil {
		t.Fatal(err)
	}
	for _, m := range more {
		m(&o)
	}
	if err := o.Validate(); err != nil {
		t.Fatal(err)
	}
	return o
}

// study runs o on dir as rotation study does: the gaps measured, and
// allowed when allowGaps.
func study(t *testing.T, dir string, o analysis.Options, allowGaps bool) (*analysis.Result, *analysis.Gaps) {
	t.Helper()
	al := aligned(t, dir, o.A, o.B)
	g := analysis.StudyGaps(al, o)
	g.Allowed = allowGaps
	r, err := analysis.Run(al, o)
	if err != nil {
		t.Fatal(err)
	}
	return r, g
}

// reproduction runs the article's study on dir as rotation reproduce does.
func reproduction(t *testing.T, dir, horizons string, allowGaps bool) (*reproduce.Reproduction, *analysis.Gaps) {
	t.Helper()
	c := article.Equalizer()
	o := setUp(t, c.A, c.B, horizons, analysis.DefaultOptions().Resamples)
	al := aligned(t, dir, c.A, c.B)
	g := analysis.StudyGaps(al, o)
	g.Allowed = allowGaps
	rep, err := reproduce.Run(al, c, o)
	if err != nil {
		t.Fatal(err)
	}
	return rep, g
}

// scan runs the scan of AAA and BBB in dir as rotation scan does.
func scan(t *testing.T, dir, horizons string, kind marketdata.PriceKind, allowGaps bool) ([]analysis.ScanRow, analysis.ScanOptions, *analysis.Gaps) {
	t.Helper()
	opt := analysis.ScanOptions{Threshold: 0.04}
	var err error
	if opt.Horizons, err = analysis.ParseHorizons(horizons); err != nil {
		t.Fatal(err)
	}
	series, err := marketdata.LoadAll(dir, "AAA", "BBB")
	if err != nil {
		t.Fatal(err)
	}
	g := analysis.SeriesGaps(opt.After, series...)
	g.Allowed = allowGaps
	u, err := analysis.NewUniverse(kind, series...)
	if err != nil {
		t.Fatal(err)
	}
	rows, err := analysis.Scan(u, opt)
	if err != nil {
		t.Fatal(err)
	}
	return rows, opt, g
}

// check runs the data checks of tickers in dir (against other when not
// "") as rotation check does, with the events of AAA beating BBB by
// threshold marked.
func check(t *testing.T, dir, other string, threshold float64, tickers ...marketdata.Ticker) ([]quality.Flag, *analysis.Gaps) {
	t.Helper()
	var flags []quality.Flag
	var series []*marketdata.Series
	for _, tk := range tickers {
		s, err := marketdata.ReadFileOHLC(marketdata.Path(dir, tk))
		if err != nil {
			t.Fatal(err)
		}
		series = append(series, s)
		flags = append(flags, quality.Check(s, quality.Options{})...)
		if other != "" {
			o, err := marketdata.ReadFileOHLC(marketdata.Path(other, tk))
			if err != nil {
				t.Fatal(err)
			}
			flags = append(flags, quality.Compare(s, o, quality.Options{})...)
		}
	}
	if len(series) == 2 {
		o := setUp(t, "AAA", "BBB", "63,252", 0, func(o *analysis.Options) { o.Threshold = threshold })
		al, err := marketdata.Align(series...)
		if err != nil {
			t.Fatal(err)
		}
		r, err := analysis.Run(al, o)
		if err != nil {
			t.Fatal(err)
		}
		var events []time.Time
		for _, e := range r.Events {
			events = append(events, e.Date)
		}
		quality.MarkEvents(flags, events, al.Dates)
	}
	return flags, analysis.SeriesGaps(time.Time{}, series...)
}

// text and asJSON run a writer into a string.
func text(t *testing.T, write func(*bytes.Buffer) error) string {
	t.Helper()
	var b bytes.Buffer
	if err := write(&b); err != nil {
		t.Fatal(err)
	}
	return b.String()
}

func asJSON(t *testing.T, v any) string {
	t.Helper()
	return text(t, func(b *bytes.Buffer) error { return report.WriteJSON(b, v) })
}

// TestGolden writes every output form from the library, on the set-ups of
// cmd/rotation's golden tests, and holds it to the golden files.
func TestGolden(t *testing.T) {
	articleDir := copyAs(t, fixtures, asArticle)
	gapArticle := copyAs(t, gapFixtures, asArticle)
	stooq := stooqDir(t)
	claims := article.Equalizer()
	mirror := func(o *analysis.Options) {
		o.Mirror, o.Decluster, o.EntryLag, o.Before = true, 1, 1, date("2024-01-16")
	}
	tests := []struct {
		golden string
		out    func(t *testing.T) string
	}{
		{"study.txt", func(t *testing.T) string {
			r, g := study(t, fixtures, setUp(t, "AAA", "BBB", "2,3", 500), false)
			return text(t, func(b *bytes.Buffer) error { return report.WriteStudy(b, r, claims, g) })
		}},
		{"study.json", func(t *testing.T) string {
			r, g := study(t, fixtures, setUp(t, "AAA", "BBB", "2", 4000, func(o *analysis.Options) { o.Before = date("2024-01-16") }), false)
			return asJSON(t, report.NewStudy(r, g))
		}},
		{"study-mirror.txt", func(t *testing.T) string {
			r, g := study(t, fixtures, setUp(t, "BBB", "AAA", "1,2", 100, mirror), false)
			return text(t, func(b *bytes.Buffer) error { return report.WriteStudy(b, r, claims, g) })
		}},
		{"study-mirror.json", func(t *testing.T) string {
			r, g := study(t, fixtures, setUp(t, "BBB", "AAA", "1,2", 100, mirror), false)
			return asJSON(t, report.NewStudy(r, g))
		}},
		{"study-article.txt", func(t *testing.T) string {
			r, g := study(t, articleDir, setUp(t, "IWM", "QQQ", "2,63", 100, func(o *analysis.Options) { o.Before = claims.Before }), false)
			return text(t, func(b *bytes.Buffer) error { return report.WriteStudy(b, r, claims, g) })
		}},
		{"study-months.txt", func(t *testing.T) string {
			r, g := study(t, articleDir, setUp(t, "IWM", "QQQ", "3mo,2", 0, func(o *analysis.Options) { o.Price = marketdata.Raw }), false)
			return text(t, func(b *bytes.Buffer) error { return report.WriteStudy(b, r, claims, g) })
		}},
		{"study-gaps.txt", func(t *testing.T) string {
			r, g := study(t, gapFixtures, setUp(t, "AAA", "BBB", "2", 4000), true)
			return text(t, func(b *bytes.Buffer) error { return report.WriteStudy(b, r, claims, g) })
		}},
		{"study-gaps.json", func(t *testing.T) string {
			r, g := study(t, gapFixtures, setUp(t, "AAA", "BBB", "2", 4000), true)
			return asJSON(t, report.NewStudy(r, g))
		}},
		{"reproduce.txt", func(t *testing.T) string {
			rep, g := reproduction(t, articleDir, "1,2,3", false)
			return text(t, func(b *bytes.Buffer) error { return report.WriteReproduction(b, rep, g) })
		}},
		{"reproduce.json", func(t *testing.T) string {
			rep, g := reproduction(t, articleDir, "1,2,3", false)
			return asJSON(t, report.NewReproduction(rep, g))
		}},
		{"reproduce-stooq.txt", func(t *testing.T) string {
			rep, g := reproduction(t, stooq, "63,252", false)
			return text(t, func(b *bytes.Buffer) error { return report.WriteReproduction(b, rep, g) })
		}},
		{"reproduce-stooq.json", func(t *testing.T) string {
			rep, g := reproduction(t, stooq, "63,252", false)
			return asJSON(t, report.NewReproduction(rep, g))
		}},
		{"reproduce-gaps.txt", func(t *testing.T) string {
			rep, g := reproduction(t, gapArticle, "2", true)
			return text(t, func(b *bytes.Buffer) error { return report.WriteReproduction(b, rep, g) })
		}},
		{"reproduce-gaps.json", func(t *testing.T) string {
			rep, g := reproduction(t, gapArticle, "2", true)
			return asJSON(t, report.NewReproduction(rep, g))
		}},
		{"scan.txt", func(t *testing.T) string {
			rows, opt, g := scan(t, fixtures, "2", marketdata.Adjusted, false)
			ss := searchScan(t, fixtures, marketdata.Adjusted, opt)
			return text(t, func(b *bytes.Buffer) error { return report.WriteScanSearch(b, rows, ss, opt, marketdata.Adjusted, g) })
		}},
		{"scan.json", func(t *testing.T) string {
			rows, opt, g := scan(t, fixtures, "2", marketdata.Adjusted, false)
			ss := searchScan(t, fixtures, marketdata.Adjusted, opt)
			return asJSON(t, report.NewScanSearch(rows, ss, opt, marketdata.Adjusted, g))
		}},
		{"scan-gaps.txt", func(t *testing.T) string {
			rows, opt, g := scan(t, gapFixtures, "2,3mo", marketdata.Raw, true)
			ss := searchScan(t, gapFixtures, marketdata.Raw, opt)
			return text(t, func(b *bytes.Buffer) error { return report.WriteScanSearch(b, rows, ss, opt, marketdata.Raw, g) })
		}},
		{"scan-gaps.json", func(t *testing.T) string {
			rows, opt, g := scan(t, gapFixtures, "2,3mo", marketdata.Raw, true)
			ss := searchScan(t, gapFixtures, marketdata.Raw, opt)
			return asJSON(t, report.NewScanSearch(rows, ss, opt, marketdata.Raw, g))
		}},
		{"check-none.txt", func(t *testing.T) string {
			flags, g := check(t, fixtures, "", 0.5, "AAA")
			return text(t, func(b *bytes.Buffer) error { return report.WriteCheck(b, flags, g, "AAA", "BBB") })
		}},
		{"check-gaps.txt", func(t *testing.T) string {
			flags, g := check(t, gapFixtures, "", 0.04, "AAA", "BBB")
			return text(t, func(b *bytes.Buffer) error { return report.WriteCheck(b, flags, g, "AAA", "BBB") })
		}},
		{"check-gaps.json", func(t *testing.T) string {
			flags, g := check(t, gapFixtures, "", 0.04, "AAA", "BBB")
			return asJSON(t, report.NewCheck(flags, g))
		}},
		{"check.json", func(t *testing.T) string {
			dir, other := copyAs(t, fixtures, map[string]string{"AAA.csv": "AAA.csv", "BBB.csv": "BBB.csv"}),
				copyAs(t, fixtures, map[string]string{"AAA.csv": "AAA.csv", "BBB.csv": "BBB.csv"})
			marketdatatest.BadClose(t, dir)
			flags, g := check(t, dir, other, 0.04, "AAA", "BBB")
			return strings.NewReplacer(dir, "DATA", other, "AGAINST").Replace(asJSON(t, report.NewCheck(flags, g)))
		}},
	}
	for _, tt := range tests {
		t.Run(tt.golden, func(t *testing.T) { golden(t, tt.golden, tt.out(t)) })
	}
}

// The text of check sizes its columns by the details, which name the
// files: the directories are relative to a temporary working directory.
func TestCheckTextGolden(t *testing.T) {
	base := t.TempDir()
	pair := map[string]string{"AAA.csv": "AAA.csv", "BBB.csv": "BBB.csv"}
	for _, d := range []string{"data", "against"} {
		if err := os.Mkdir(filepath.Join(base, d), 0o755); err != nil {
			t.Fatal(err)
		}
		copyInto(t, filepath.Join(base, d), fixtures, pair)
	}
	marketdatatest.BadClose(t, filepath.Join(base, "data"))
	var out string
	t.Run("run", func(t *testing.T) {
		t.Chdir(base)
		flags, g := check(t, "data", "against", 0.04, "AAA", "BBB")
		out = text(t, func(b *bytes.Buffer) error { return report.WriteCheck(b, flags, g, "AAA", "BBB") })
	})
	golden(t, "check.txt", out)
}
