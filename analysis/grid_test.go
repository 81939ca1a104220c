package analysis

import (
	"slices"
	"testing"
	"time"
)

func TestExitRows(t *testing.T) {
	day := func(s string) time.Time {
		d, err := time.Parse(time.DateOnly, s)
		if err != nil {
			t.Fatal(err)
		}
		return d
	}
	// Trading days around month ends: no 2024-03-30/31 (weekend), no
	// 2024-04-29.
	var dates []time.Time
	for _, s := range []string{"2024-01-30", "2024-01-31", "2024-02-29", "2024-03-01", "2024-03-29", "2024-04-01", "2024-04-30"} {
		dates = append(dates, day(s))
	}
	for _, tc := range []struct {
		name string
		rule ExitRule
		n    int
		want []int
	}{
		{"two trading days", TradingDaysLater, 2, []int{2, 3, 4, 5, 6, -1, -1}},
		// 2024-01-30 + 30 days = 02-29; 01-31 + 30 = 03-01; 02-29 + 30 =
		// 03-30, a Saturday: the next trading day, 04-01.
		{"30 calendar days", CalendarDaysLater, 30, []int{2, 3, 5, 5, 6, -1, -1}},
		// 01-30 + 1 month = 02-29 (clipped); 01-31 too; 02-29 + 1 month =
		// 03-29; 03-01 -> 04-01; 03-29 -> 04-29, not a trading day: 04-30.
		{"one month, on or after", MonthsOnOrAfter, 1, []int{2, 2, 4, 5, 6, -1, -1}},
		// The same targets; 04-29 is missing, so the exit is the day before
		// it, 04-01. 04-01 -> 05-01: the data ends first.
		{"one month, on or before", MonthsOnOrBefore, 1, []int{2, 2, 4, 5, 5, -1, -1}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			if got := exitRows(dates, tc.rule, tc.n); !slices.Equal(got, tc.want) {
				t.Errorf("exitRows = %v, want %v", got, tc.want)
			}
		})
	}
}
