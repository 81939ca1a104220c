package eventstudy_test

import (
	"math"
	"testing"
	"time"

	"github.com/rotationlab/rotation/analysis/eventstudy"
	"github.com/rotationlab/rotation/analysis/marketdata"
	"github.com/rotationlab/rotation/analysis/marketdata/marketdatatest"
)

// realOptions is the article's set-up (events before its publication)
// against SPY.
func realOptions() eventstudy.Options {
	o := eventstudy.DefaultOptions()
	o.Study.Before = time.Date(2024, 7, 11, 0, 0, 0, 0, time.UTC)
	return o
}

// realData loads IWM, QQQ and SPY from the real data directory, or skips.
func realData(tb testing.TB) *marketdata.Aligned {
	tb.Helper()
	dir := marketdatatest.RealDir(tb)
	if marketdata.CheckDir(dir, "SPY") != nil {
		tb.Skipf("real price data: %s has no SPY.csv", dir)
	}
	return marketdatatest.Aligned(tb, dir, "IWM", "QQQ", "SPY")
}

// On the real data, the event study runs, every method gives a row for
// every horizon, leg and measure it applies to, and the raw iid figures
// are the study's own.
func TestRealData(t *testing.T) {
	al := realData(t)
	res, err := eventstudy.Run(al, realOptions())
	if err != nil {
		t.Fatal(err)
	}
	if len(res.Events) < 20 {
		t.Fatalf("%d events; the article's set-up has about 24", len(res.Events))
	}
	seen := map[eventstudy.Method]int{}
	for _, r := range res.Methods {
		seen[r.Method]++
		if r.Method != eventstudy.SignTest && r.Method != eventstudy.RankTest && math.IsNaN(r.Estimate) {
			t.Errorf("%s %s %s %s: no estimate", r.Horizon, r.Leg.Name(res.Study.Options), r.Measure, r.Method)
		}
		t.Logf("%-4s %-8s %-16s %-18s est %+.4f [%+.4f, %+.4f] p %.4f n %d", r.Horizon, r.Leg.Name(res.Study.Options), r.Measure, r.Method, r.Estimate, r.Low, r.High, r.P, r.N)
	}
	for _, m := range eventstudy.Methods {
		if seen[m] == 0 {
			t.Errorf("no %s row", m)
		}
	}
	for _, e := range res.Events {
		if e.Missing != "" {
			t.Logf("%s left out of the market model: %s", marketdata.FormatDate(e.Date), e.Missing)
		}
	}
	for _, c := range res.Calendar {
		t.Logf("calendar %s %s: days %d open %.1f alpha %.5f se %.5f p %.3f lags %d", c.Horizon, c.Leg.Name(res.Study.Options), c.Days, c.MeanOpen, c.Alpha, c.SE, c.P, c.Lags)
	}
}

// BenchmarkRealData is the whole event study on the real data: the raw
// study, the market models of every row, the per-row measures, the CAR
// path with its band and every method of the methods table.
func BenchmarkRealData(b *testing.B) {
	al := realData(b)
	o := realOptions()
	b.ReportAllocs()
	for b.Loop() {
		if _, err := eventstudy.Run(al, o); err != nil {
			b.Fatal(err)
		}
	}
}
