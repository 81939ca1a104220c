package analysis_test

import (
	"testing"
	"time"

	"github.com/rotationlab/rotation/analysis"
	"github.com/rotationlab/rotation/analysis/marketdata"
)

// onDates is a series with a price on each date given as YYYY-MM-DD.
func onDates(t *testing.T, tk string, days ...string) *marketdata.Series {
	t.Helper()
	s := &marketdata.Series{Ticker: marketdata.Ticker(tk)}
	for i, d := range days {
		s.Dates = append(s.Dates, date(d))
		s.Adjusted = append(s.Adjusted, float64(100+i))
	}
	return s
}

// Gaps are NYSE trading days a series lacks: a holiday is none, and a row
// on a closed day in one series makes no gap in the other.
func TestStudyGaps(t *testing.T) {
	// 2024-01-12 (Friday) to 2024-01-19; 2024-01-15 was Martin Luther King
	// Jr. Day. A has a row on it, B lacks 2024-01-17.
	a := onDates(t, "AAA", "2024-01-12", "2024-01-15", "2024-01-16", "2024-01-17", "2024-01-18", "2024-01-19")
	b := onDates(t, "BBB", "2024-01-12", "2024-01-16", "2024-01-18", "2024-01-19")
	al, err := marketdata.Align(a, b)
	if err != nil {
		t.Fatal(err)
	}
	o := analysis.DefaultOptions()
	g := analysis.StudyGaps(al, o)
	if len(g.Missing) != 2 || len(g.Missing[0].Dates) != 0 || len(g.Missing[1].Dates) != 1 ||
		marketdata.FormatDate(g.Missing[1].Dates[0]) != "2024-01-17" || g.Missing[1].TradingDays != 5 {
		t.Fatalf("gaps %+v", g.Missing)
	}
	if g.Err() == nil {
		t.Error("1 of 5 days missing (20%) accepted")
	}
	// From 2024-01-18 on nothing is missing.
	o.After = date("2024-01-18")
	if g := analysis.StudyGaps(al, o); g.Any() || g.Err() != nil {
		t.Errorf("from 2024-01-18: %+v", g.Missing)
	}
}

// A scan's series are each measured over their own range.
func TestSeriesGaps(t *testing.T) {
	a := onDates(t, "AAA", "2024-01-02", "2024-01-03", "2024-01-04")
	b := onDates(t, "BBB", "2024-01-04", "2024-01-08") // lacks 01-05
	c := onDates(t, "CCC", "2024-01-02", "2024-01-08") // lacks 01-03 to 01-05
	g := analysis.SeriesGaps(time.Time{}, a, b, c)
	want := []struct {
		days, missing, run int
	}{{3, 0, 0}, {3, 1, 1}, {5, 3, 3}}
	for i, w := range want {
		m := g.Missing[i]
		if m.TradingDays != w.days || len(m.Dates) != w.missing || m.LongestRun != w.run {
			t.Errorf("%s: %d of %d missing, run %d; want %d of %d, run %d", m.Ticker, len(m.Dates), m.TradingDays, m.LongestRun, w.missing, w.days, w.run)
		}
	}
	if g := analysis.SeriesGaps(date("2024-01-08"), a, b, c); g.Any() {
		t.Errorf("from 2024-01-08: %+v", g.Missing)
	}
}

// The real data pass the gap rule: the archive lacks no NYSE trading day
// (its PROVENANCE.md counts 6593 of 6593 for IWM, 6901 of 6901 for QQQ).
func TestRealDataPassTheGapRule(t *testing.T) {
	al := realAligned(t)
	g := analysis.StudyGaps(al, analysis.DefaultOptions())
	if err := g.Err(); err != nil {
		t.Error(err)
	}
	for _, m := range g.Missing {
		t.Log(m)
	}
}
