package analysis_test

import (
	"testing"
	"time"

	"github.com/rotationlab/rotation/analysis"
)

// ExitRows gives the rows the study values its forward returns at: t+N for
// trading days, the first day on or after the date N months on (clipped to
// the month's end), -1 past the data.
func TestExitRows(t *testing.T) {
	d := func(s string) time.Time { x, _ := time.Parse("2006-01-02", s); return x }
	dates := []time.Time{d("2024-01-31"), d("2024-02-28"), d("2024-02-29"), d("2024-03-01"), d("2024-04-02")}
	for _, c := range []struct {
		h    analysis.Horizon
		want []int
	}{
		{analysis.Days(2), []int{2, 3, 4, -1, -1}},
		{analysis.MonthsAhead(1), []int{2, 4, 4, 4, -1}}, // Jan 31 + 1mo is Feb 29; Mar 28, Mar 29 and Apr 1 are not in the data: Apr 2
	} {
		got := analysis.ExitRows(dates, c.h)
		for i := range got {
			if got[i] != c.want[i] {
				t.Errorf("%s: %v, want %v", c.h, got, c.want)
				break
			}
		}
	}
}
