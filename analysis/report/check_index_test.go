package report_test

import (
	"bytes"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/rotationlab/rotation/analysis"
	"github.com/rotationlab/rotation/analysis/marketdata"
	"github.com/rotationlab/rotation/analysis/marketdata/marketdatatest"
	"github.com/rotationlab/rotation/analysis/quality"
	"github.com/rotationlab/rotation/analysis/report"
)

// checkIndex runs the data checks of AAA and BBB as rotation check
// -index BBB=^BBX does: BBB has the planted bad close of 2024-01-10, and
// its index ^BBX is BBB's fixture as it was.
func checkIndex(t *testing.T) ([]quality.Flag, *analysis.Gaps, []quality.IndexSummary) {
	t.Helper()
	dir := copyAs(t, fixtures, map[string]string{"AAA.csv": "AAA.csv", "BBB.csv": "BBB.csv"})
	marketdatatest.BadClose(t, dir)
	flags, g := check(t, dir, "", 0.04, "AAA", "BBB")
	fund, err := marketdata.LoadDir(dir, "BBB")
	if err != nil {
		t.Fatal(err)
	}
	index, err := marketdata.ReadFile(filepath.Join(fixtures, "BBB.csv"))
	if err != nil {
		t.Fatal(err)
	}
	index.Ticker = "^BBX"
	ixFlags, sum := quality.CompareIndex(fund, index, quality.IndexPair{Fund: "BBB", Index: "^BBX"}, quality.Options{})
	a, err := marketdata.LoadDir(dir, "AAA")
	if err != nil {
		t.Fatal(err)
	}
	al, err := marketdata.Align(a, fund)
	if err != nil {
		t.Fatal(err)
	}
	o := setUp(t, "AAA", "BBB", "63,252", 0, func(o *analysis.Options) { o.Threshold = 0.04 })
	r, err := analysis.Run(al, o)
	if err != nil {
		t.Fatal(err)
	}
	var events []time.Time
	for _, e := range r.Events {
		events = append(events, e.Date)
	}
	quality.MarkEvents(ixFlags, events, al.Dates)
	return append(flags, ixFlags...), g, []quality.IndexSummary{sum}
}

func TestCheckIndexGolden(t *testing.T) {
	flags, g, sums := checkIndex(t)
	var n int
	for _, f := range flags {
		if f.Reason == quality.Departure {
			n++
			if f.Event.IsZero() {
				t.Errorf("%s %s departs from its index but rests on no event", f.Ticker, marketdata.FormatDate(f.Date))
			}
		}
	}
	if n != 2 {
		t.Errorf("%d departures, want the bad close and the day after it", n)
	}
	txt := text(t, func(b *bytes.Buffer) error { return report.WriteCheck(b, flags, g, "AAA", "BBB", sums...) })
	if !strings.Contains(txt, "BBB against ^BBX") {
		t.Errorf("text lacks the pair's summary:\n%s", txt)
	}
	golden(t, "check-index.txt", txt)
	golden(t, "check-index.json", asJSON(t, report.NewCheck(flags, g, sums...)))
}

// A pair with no common days says so, and its JSON has no figures
// (no NaN written as a number).
func TestCheckIndexNoDays(t *testing.T) {
	sum := quality.IndexSummary{Pair: quality.IndexPair{Fund: "QQQ", Index: "^NDX"}, Tolerance: 0.01}
	_, sum = quality.CompareIndex(&marketdata.Series{Ticker: "QQQ"}, &marketdata.Series{Ticker: "^NDX"}, sum.Pair, quality.Options{})
	txt := text(t, func(b *bytes.Buffer) error { return report.WriteCheck(b, nil, nil, "IWM", "QQQ", sum) })
	if !strings.Contains(txt, "QQQ against ^NDX: no common days to compare") {
		t.Errorf("text:\n%s", txt)
	}
	js := asJSON(t, report.NewCheck(nil, nil, sum))
	if strings.Contains(js, "median") || strings.Contains(js, "NaN") {
		t.Errorf("JSON:\n%s", js)
	}
}
