package analysis_test

import (
	"strings"
	"testing"

	"github.com/rotationlab/rotation/analysis"
	"github.com/rotationlab/rotation/analysis/marketdata"
	"github.com/rotationlab/rotation/analysis/marketdata/marketdatatest"
)

func realAligned(t *testing.T) *marketdata.Aligned {
	return aligned(t, marketdatatest.RealDir(t), "IWM", "QQQ")
}

// The 25 days listed in the data's PROVENANCE.md, computed there
// independently of this code.
const provenanceDays = "2000-09-21 2000-10-30 2000-11-08 2000-12-19 2001-01-02 2001-01-05 2001-02-27 " +
	"2001-03-02 2001-03-09 2001-03-20 2001-03-28 2001-04-16 2001-04-23 2001-05-29 2001-10-17 2001-11-20 " +
	"2002-07-25 2008-10-10 2008-10-31 2011-10-04 2020-04-09 2020-05-18 2020-11-09 2021-01-06 2024-07-11"

func TestRealEvents(t *testing.T) {
	al := realAligned(t)
	if al.Missing() != 0 {
		t.Errorf("IWM and QQQ should have no gaps:\n%s", al.Report())
	}
	for _, kind := range []marketdata.PriceKind{marketdata.Adjusted, marketdata.Raw} {
		o := analysis.DefaultOptions()
		o.Price = kind
		o.Resamples = 0
		r, err := analysis.Run(al, o)
		if err != nil {
			t.Fatal(err)
		}
		if got := strings.Join(eventDates(r), " "); got != provenanceDays {
			t.Errorf("%s: events\n%s\nwant\n%s", kind, got, provenanceDays)
		}
	}
}

// Scan must agree with Run for the pair, counted from independent code.
func TestRealScanMatchesStudy(t *testing.T) {
	dir := marketdatatest.RealDir(t)
	tickers := []marketdata.Ticker{"IWM", "QQQ", "SPY", "XLF", "XLK", "XLY"}
	series, err := marketdata.LoadAll(dir, tickers...)
	if err != nil {
		t.Fatal(err)
	}
	u, err := analysis.NewUniverse(marketdata.Adjusted, series...)
	if err != nil {
		t.Fatal(err)
	}
	rows, err := analysis.Scan(u, analysis.ScanOptions{Threshold: 0.04, Horizons: analysis.DefaultHorizons()})
	if err != nil {
		t.Fatal(err)
	}
	if len(rows) != 30 {
		t.Fatalf("%d rows, want 30 ordered pairs", len(rows))
	}
	for _, row := range rows {
		if row.A != "IWM" && row.A != "XLF" {
			continue
		}
		al, err := marketdata.Align(series[index(tickers, row.A)], series[index(tickers, row.B)])
		if err != nil {
			t.Fatal(err)
		}
		o := analysis.DefaultOptions()
		o.A, o.B, o.Resamples = row.A, row.B, 0
		r, err := analysis.Run(al, o)
		if err != nil {
			t.Fatal(err)
		}
		sameAsRun(t, row, r)
	}
}

func index(ts []marketdata.Ticker, t marketdata.Ticker) int {
	for i, x := range ts {
		if x == t {
			return i
		}
	}
	return -1
}
