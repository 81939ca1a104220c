package quality_test

import (
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/rotationlab/rotation/analysis/marketdata"
	"github.com/rotationlab/rotation/analysis/marketdata/marketdatatest"
	"github.com/rotationlab/rotation/analysis/quality"
)

func day(s string) time.Time { d, _ := time.Parse("2006-01-02", s); return d }

func TestTradingDay(t *testing.T) {
	for d, open := range map[string]bool{
		"2024-07-11": true, "2024-07-04": false, "2024-07-06": false, "2024-03-29": false, // Good Friday
		"2021-12-31": true,  // New Year's Day 2022 fell on a Saturday: no closure
		"2022-06-20": false, // Juneteenth observed
		"2021-06-18": true,  // before Juneteenth was a market holiday
		"2001-09-12": false, "2012-10-30": false, "2025-01-09": false,
		"2023-01-16": false, "1997-01-20": true, // MLK day from 1998
		"2020-11-26": false, "2020-11-27": true, "2022-12-26": false, "2017-01-02": false,
	} {
		if got := quality.TradingDay(day(d)); got != open {
			t.Errorf("TradingDay(%s) = %v, want %v", d, got, open)
		}
	}
}

// A series built by hand with a planted bad close, a repeated close, a
// missing day and a weekend row.
var saturday time.Time

func planted() *marketdata.Series {
	s := &marketdata.Series{Ticker: "AAA", Source: "a.csv"}
	d := day("2024-01-02")
	p := 100.0
	for i := range 100 {
		for !quality.TradingDay(d) {
			d = d.AddDate(0, 0, 1)
		}
		if i == 70 {
			d = d.AddDate(0, 0, 1) // skip a trading day
			for !quality.TradingDay(d) {
				d = d.AddDate(0, 0, 1)
			}
		}
		p *= 1 + 0.002*float64((i*7)%5-2)
		c := p
		if i == 40 {
			c = p * 1.06 // the bad close: +6%, back the next day
		}
		if i >= 50 && i <= 52 {
			c = 123.456 // three equal closes
		}
		s.Dates = append(s.Dates, d)
		s.Adjusted = append(s.Adjusted, c)
		s.High = append(s.High, p*1.01)
		s.Low = append(s.Low, p*0.99)
		d = d.AddDate(0, 0, 1)
	}
	// A Saturday row after the first Friday from day 80 on.
	for k := 80; k < len(s.Dates); k++ {
		if s.Dates[k].Weekday() == time.Friday {
			sat := s.Dates[k].AddDate(0, 0, 1)
			s.Dates = slices.Insert(s.Dates, k+1, sat)
			s.Adjusted = slices.Insert(s.Adjusted, k+1, s.Adjusted[k])
			s.High = slices.Insert(s.High, k+1, s.High[k]*1.001)
			s.Low = slices.Insert(s.Low, k+1, s.Low[k]*0.999)
			saturday = sat
			break
		}
	}
	return s
}

func TestCheckPlanted(t *testing.T) {
	s := planted()
	flags := quality.Check(s, quality.Options{})
	want := map[quality.Reason]time.Time{
		quality.Reversal:     s.Dates[40],
		quality.OutsideRange: s.Dates[40],
		quality.Repeated:     s.Dates[52],
		quality.Extra:        saturday,
	}
	got := map[quality.Reason][]time.Time{}
	for _, f := range flags {
		got[f.Reason] = append(got[f.Reason], f.Date)
	}
	for r, d := range want {
		if len(got[r]) == 0 || !got[r][0].Equal(d) {
			t.Errorf("%s: flagged %v, want %s", r, got[r], d.Format("2006-01-02"))
		}
	}
	if len(got[quality.Missing]) != 1 {
		t.Errorf("missing days %v, want the one skipped", got[quality.Missing])
	}
	// 50, 51, 52 share a close but only a third equal close is flagged;
	// the move into the planted close is not also flagged as repeated.
	if len(got[quality.Repeated]) != 1 || len(got[quality.Reversal]) != 1 {
		t.Errorf("flags %v", got)
	}
	quality.MarkEvents(flags, []time.Time{s.Dates[41]}, s.Dates)
	for _, f := range flags {
		if f.Date.Equal(s.Dates[40]) && !f.Event.Equal(s.Dates[41]) {
			t.Errorf("a flag on the day before an event is not marked: %+v", f)
		}
	}
}

// Against a second source: the day they disagree, and whose close sits at
// the day's high.
func TestCompare(t *testing.T) {
	a := planted()
	b := &marketdata.Series{Ticker: "AAA", Source: "b.csv", Dates: a.Dates, High: a.High, Low: a.Low,
		Adjusted: append([]float64(nil), a.Adjusted...)}
	b.Adjusted[40] = a.High[40] // b closed at the high that day
	flags := quality.Compare(a, b, quality.Options{})
	if len(flags) != 2 || !flags[0].Date.Equal(a.Dates[40]) || !strings.Contains(flags[0].Detail, "b.csv's close equals its high") {
		t.Errorf("flags %+v", flags)
	}
}

// The real files: the provenance check found no gap and no OHLC
// inconsistency with a rule-based NYSE calendar; ours must agree.
func TestRealCalendarAndRanges(t *testing.T) {
	dir := marketdatatest.RealDir(t)
	for _, tk := range []marketdata.Ticker{"IWM", "QQQ", "SPY", "XLF", "XLK", "XLY"} {
		s, err := marketdata.ReadFileOHLC(marketdata.Path(dir, tk))
		if err != nil {
			t.Fatal(err)
		}
		for _, f := range quality.Check(s, quality.Options{}) {
			if f.Reason == quality.Missing || f.Reason == quality.Extra || f.Reason == quality.OutsideRange {
				t.Errorf("%s %s: %s (%s)", tk, f.Date.Format("2006-01-02"), f.Reason, f.Detail)
			}
		}
	}
}

// Calendar gives TradingDay's answer on every day from 1990 to 2030, walked
// in order and then out of order (years revisited), and on the special
// closures.
func TestCalendarMatchesTradingDay(t *testing.T) {
	cal := quality.Calendar()
	var open int
	for d := time.Date(1990, 1, 1, 0, 0, 0, 0, time.UTC); d.Year() < 2031; d = d.AddDate(0, 0, 1) {
		if got, want := cal(d), quality.TradingDay(d); got != want {
			t.Fatalf("Calendar()(%s) = %v, TradingDay = %v", d.Format("2006-01-02"), got, want)
		}
		if cal(d) {
			open++
		}
	}
	if open < 41*248 || open > 41*254 {
		t.Errorf("%d trading days in 41 years", open)
	}
	for _, s := range []string{"2001-09-11", "2025-01-09", "2024-12-25", "2001-09-10", "2024-07-11", "1994-04-27"} {
		d, _ := time.Parse("2006-01-02", s)
		if got, want := cal(d), quality.TradingDay(d); got != want {
			t.Errorf("out of order: Calendar()(%s) = %v, TradingDay = %v", s, got, want)
		}
	}
	if d := time.Date(2001, 9, 11, 15, 30, 0, 0, time.UTC); cal(d) {
		t.Error("2001-09-11 at 15:30 is a trading day")
	}
}
