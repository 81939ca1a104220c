package marketdata_test

import (
	"errors"
	"strings"
	"testing"
	"time"

	"github.com/rotationlab/rotation/analysis/marketdata"
)

// weekdays is a calendar open Monday to Friday.
func weekdays(d time.Time) bool { return d.Weekday() != time.Saturday && d.Weekday() != time.Sunday }

// onDays is a series with a price on each of the given dates.
func onDays(tk string, dates ...time.Time) *marketdata.Series {
	s := &marketdata.Series{Ticker: marketdata.Ticker(tk), Format: marketdata.FormatArchive}
	for i, d := range dates {
		s.Dates = append(s.Dates, d)
		s.Adjusted = append(s.Adjusted, float64(100+i))
	}
	return s
}

// without returns days less the ones whose index is listed.
func without(days []time.Time, drop ...int) []time.Time {
	out := []time.Time{}
	for i, d := range days {
		keep := true
		for _, k := range drop {
			keep = keep && i != k
		}
		if keep {
			out = append(out, d)
		}
	}
	return out
}

func TestMissingDays(t *testing.T) {
	// 2024-01-01 (a Monday) to 2024-05-31: 110 weekdays.
	days := marketdata.TradingDays(weekdays, day("2024-01-01"), day("2024-05-31"))
	if len(days) != 110 {
		t.Fatalf("%d weekdays, want 110", len(days))
	}
	var everyOther []int
	for i := 1; i < len(days); i += 2 {
		everyOther = append(everyOther, i)
	}
	rule := marketdata.DefaultGapRule
	tests := []struct {
		name    string
		drop    []int
		missing int
		run     int
		start   string
		allowed bool
	}{
		{"complete", nil, 0, 0, "", true},
		{"one day", []int{10}, 1, 1, "2024-01-15", true},
		{"two apart: 1.8% is over 1%", []int{10, 20}, 2, 1, "2024-01-15", false},
		{"two in a row over a weekend", []int{4, 5}, 2, 2, "2024-01-05", false},
		{"every other day", everyOther, 55, 1, "2024-01-02", false},
		{"first and last", []int{0, 109}, 2, 1, "2024-01-01", false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			m := marketdata.MissingDays(onDays("AAA", without(days, tt.drop...)...), days)
			if len(m.Dates) != tt.missing || m.LongestRun != tt.run || m.TradingDays != 110 {
				t.Errorf("missing %d, run %d of %d; want %d, %d of 110", len(m.Dates), m.LongestRun, m.TradingDays, tt.missing, tt.run)
			}
			if tt.start != "" && marketdata.FormatDate(m.RunStart) != tt.start {
				t.Errorf("run starts %s, want %s", marketdata.FormatDate(m.RunStart), tt.start)
			}
			if got := rule.Allows(m); got != tt.allowed {
				t.Errorf("allowed %v, want %v (%s)", got, tt.allowed, m)
			}
		})
	}
}

// The rule's edges: exactly the share and the run it allows pass; one more
// is refused.
func TestGapRuleEdges(t *testing.T) {
	rule := marketdata.GapRule{MaxShare: 0.01, MaxRun: 2}
	days := marketdata.TradingDays(weekdays, day("2024-01-01"), day("2024-12-31")) // 262 weekdays
	tests := []struct {
		name    string
		drop    []int
		allowed bool
	}{
		{"2 of 262, in a row", []int{100, 101}, true},
		{"3 of 262 (1.15%)", []int{10, 100, 200}, false},
		{"3 in a row", []int{100, 101, 102}, false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			m := marketdata.MissingDays(onDays("AAA", without(days, tt.drop...)...), days)
			if got := rule.Allows(m); got != tt.allowed {
				t.Errorf("allowed %v, want %v (%s)", got, tt.allowed, m)
			}
		})
	}
}

// Check names the series it refuses, with the count and the first gaps.
func TestGapError(t *testing.T) {
	days := marketdata.TradingDays(weekdays, day("2024-01-01"), day("2024-01-31"))
	var half []time.Time
	for i, d := range days {
		if i%2 == 0 {
			half = append(half, d)
		}
	}
	al, err := marketdata.Align(onDays("AAA", half...), onDays("BBB", days...))
	if err != nil {
		t.Fatal(err)
	}
	ms := al.MissingDays(weekdays, time.Time{})
	err = marketdata.DefaultGapRule.Check(ms)
	var ge *marketdata.GapError
	if !errors.As(err, &ge) || len(ge.Refused) != 1 || ge.Refused[0].Ticker != "AAA" {
		t.Fatalf("Check = %v, want AAA refused", err)
	}
	want := "marketdata: AAA lacks 11 of 23 trading days from 2024-01-01 to 2024-01-31 (47.83%; longest run 1 day from 2024-01-02): " +
		"2024-01-02, 2024-01-04, 2024-01-08, 2024-01-10, 2024-01-12, …; a series that lacks more than 1% of the trading days, or more than 2 in a row, is refused"
	if err.Error() != want {
		t.Errorf("error\n%s\nwant\n%s", err, want)
	}
	if !strings.Contains(ms[1].String(), "BBB lacks none of 23") {
		t.Errorf("BBB: %s", ms[1])
	}
	// From a later day only the days from then on count.
	if ms := al.MissingDays(weekdays, day("2024-01-29")); len(ms[0].Dates) != 1 || ms[0].TradingDays != 3 {
		t.Errorf("from 2024-01-29: %s", ms[0])
	}
}

// Checking complete series for gaps walks the calendar without holding a
// list of its days: the memory it takes does not grow with the data (it
// used to take 24 bytes a calendar day, 50 MB on 3 million rows).
func TestMissingDaysMemory(t *testing.T) {
	days := marketdata.TradingDays(weekdays, day("1950-01-02"), day("2029-12-31"))
	al, err := marketdata.Align(onDays("AAA", days...), onDays("BBB", days...))
	if err != nil {
		t.Fatal(err)
	}
	allocs := testing.AllocsPerRun(3, func() {
		ms := al.MissingDays(weekdays, time.Time{})
		if len(ms[0].Dates)+len(ms[1].Dates) != 0 || ms[0].TradingDays != len(days) {
			t.Fatalf("complete series: %+v", ms[0])
		}
	})
	if allocs > 20 {
		t.Errorf("%v allocations to check %d days of two complete series, want a handful", allocs, len(days))
	}
}
