package report_test

import (
	"bytes"
	"path/filepath"
	"testing"

	"github.com/rotationlab/rotation/analysis"
	"github.com/rotationlab/rotation/analysis/article"
	"github.com/rotationlab/rotation/analysis/marketdata"
	"github.com/rotationlab/rotation/analysis/report"
	"github.com/rotationlab/rotation/analysis/reproduce"
)

// searchFixtures are synthetic prices long enough for the date shifts of
// the specification grid and the scan (testdata/search/gen.go).
var searchFixtures = filepath.Join("..", "..", "testdata", "search")

// searchScan runs the scan's search inference on AAA and BBB of dir as
// rotation scan does by default: analysis.DefaultShifts shifts, seed 1.
func searchScan(t *testing.T, dir string, kind marketdata.PriceKind, opt analysis.ScanOptions) *analysis.ScanSearch {
	t.Helper()
	return searchScanOf(t, dir, kind, opt, analysis.ShiftOptions{Shifts: analysis.DefaultShifts, Seed: 1}, "AAA", "BBB")
}

func searchScanOf(t *testing.T, dir string, kind marketdata.PriceKind, opt analysis.ScanOptions, so analysis.ShiftOptions, tickers ...marketdata.Ticker) *analysis.ScanSearch {
	t.Helper()
	series, err := marketdata.LoadAll(dir, tickers...)
	if err != nil {
		t.Fatal(err)
	}
	u, err := analysis.NewUniverse(kind, series...)
	if err != nil {
		t.Fatal(err)
	}
	s, err := analysis.SearchScan(u, opt, so)
	if err != nil {
		t.Fatal(err)
	}
	return s
}

// TestSearchGolden holds the outputs with the price of searching on data
// long enough to shift (rotation reproduce -shifts 200 -seed 7 -resamples
// 100, and rotation scan -horizons 5,21 -shifts 200 -seed 7 IWM QQQ SPY)
// to golden files.
func TestSearchGolden(t *testing.T) {
	c := article.Equalizer()
	so := analysis.ShiftOptions{Shifts: 200, Seed: 7}
	repro := func(t *testing.T) (*reproduce.Reproduction, *analysis.Gaps) {
		o := setUp(t, c.A, c.B, "63,252", 100, func(o *analysis.Options) { o.Seed = 7 })
		al := aligned(t, searchFixtures, c.A, c.B)
		g := analysis.StudyGaps(al, o)
		rep, err := reproduce.RunShifts(al, c, o, so)
		if err != nil {
			t.Fatal(err)
		}
		if rep.Search == nil || rep.Search.Curve == nil || rep.Search.Curve.Long.Spread.Specs == 0 {
			t.Fatal("no inferential curve on the search fixtures")
		}
		return rep, g
	}
	scanOf := func(t *testing.T) ([]analysis.ScanRow, *analysis.ScanSearch, analysis.ScanOptions, *analysis.Gaps) {
		opt := analysis.ScanOptions{Threshold: 0.04, Horizons: []analysis.Horizon{analysis.Days(5), analysis.Days(21)}}
		series, err := marketdata.LoadAll(searchFixtures, "IWM", "QQQ", "SPY")
		if err != nil {
			t.Fatal(err)
		}
		g := analysis.SeriesGaps(opt.After, series...)
		u, err := analysis.NewUniverse(marketdata.Adjusted, series...)
		if err != nil {
			t.Fatal(err)
		}
		rows, err := analysis.Scan(u, opt)
		if err != nil {
			t.Fatal(err)
		}
		return rows, searchScanOf(t, searchFixtures, marketdata.Adjusted, opt, so, "IWM", "QQQ", "SPY"), opt, g
	}
	tests := []struct {
		golden string
		out    func(t *testing.T) string
	}{
		{"reproduce-shifts.txt", func(t *testing.T) string {
			rep, g := repro(t)
			return text(t, func(b *bytes.Buffer) error { return report.WriteReproduction(b, rep, g) })
		}},
		{"reproduce-shifts.json", func(t *testing.T) string {
			rep, g := repro(t)
			return asJSON(t, report.NewReproduction(rep, g))
		}},
		{"scan-shifts.txt", func(t *testing.T) string {
			rows, s, opt, g := scanOf(t)
			return text(t, func(b *bytes.Buffer) error { return report.WriteScanSearch(b, rows, s, opt, marketdata.Adjusted, g) })
		}},
		{"scan-shifts.json", func(t *testing.T) string {
			rows, s, opt, g := scanOf(t)
			return asJSON(t, report.NewScanSearch(rows, s, opt, marketdata.Adjusted, g))
		}},
	}
	for _, tt := range tests {
		t.Run(tt.golden, func(t *testing.T) { golden(t, tt.golden, tt.out(t)) })
	}
}
