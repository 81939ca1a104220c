package quality_test

import (
	"fmt"
	"time"

	"github.com/rotationlab/rotation/analysis/marketdata"
	"github.com/rotationlab/rotation/analysis/quality"
)

// Check flags the bad close of 2024-01-04 (outside the day's range, and a
// move taken back the next day) and a close repeated three days in a row;
// MarkEvents ties the bad close to the study's event of 2024-01-05, whose
// return is measured from it.
func ExampleCheck() {
	day := func(d int) time.Time { return time.Date(2024, 1, d, 0, 0, 0, 0, time.UTC) }
	s := &marketdata.Series{
		Ticker:   "IWM",
		Dates:    []time.Time{day(2), day(3), day(4), day(5), day(8), day(9)},
		Adjusted: []float64{200, 201, 215, 203, 203, 203},
		High:     []float64{201, 202, 204, 204, 204, 204},
		Low:      []float64{199, 200, 201, 202, 202, 202},
	}
	flags := quality.Check(s, quality.Options{})
	quality.MarkEvents(flags, []time.Time{day(5)}, s.Dates)
	for _, f := range flags {
		fmt.Printf("%s %s: %s (%s)", f.Ticker, marketdata.FormatDate(f.Date), f.Reason, f.Detail)
		if !f.Event.IsZero() {
			fmt.Printf(", event of %s", marketdata.FormatDate(f.Event))
		}
		fmt.Println()
	}
	// Output:
	// IWM 2024-01-04: move reversed the next day (+6.97% then -5.58% the next day (typical move 0.50%)), event of 2024-01-05
	// IWM 2024-01-04: close outside the day's high-low range (close 215.0000, low 201.0000, high 204.0000), event of 2024-01-05
	// IWM 2024-01-09: close repeated (the same close (203.0000) 3 days in a row)
}

// CompareIndex flags the fund's close of 2000-09-21 that its index does
// not bear out (QQQ -7.27% against ^NDX -1.91%), and says the next day
// took it back.
func ExampleCompareIndex() {
	day := func(d int) time.Time { return time.Date(2000, 9, d, 0, 0, 0, 0, time.UTC) }
	dates := []time.Time{day(19), day(20), day(21), day(22)}
	qqq := &marketdata.Series{Ticker: "QQQ", Dates: dates, Adjusted: []float64{97.54, 94.63, 87.75, 92.94}}
	ndx := &marketdata.Series{Ticker: "^NDX", Dates: dates, Adjusted: []float64{3880.37, 3790.45, 3718.15, 3701.19}}
	pairs, err := quality.ParseIndexPairs("QQQ=^NDX")
	if err != nil {
		fmt.Println(err)
		return
	}
	flags, sum := quality.CompareIndex(qqq, ndx, pairs[0], quality.Options{})
	for _, f := range flags {
		fmt.Printf("%s %s: %s (%s)\n", f.Ticker, marketdata.FormatDate(f.Date), f.Reason, f.Detail)
	}
	fmt.Printf("%d days compared, %d beyond %.0f pp\n", sum.Days, sum.Flagged, 100*sum.Tolerance)
	// Output:
	// QQQ 2000-09-21: fund departs from its index (QQQ -7.27%, ^NDX -1.91%: -5.36 pp (+6.37 pp the next day))
	// QQQ 2000-09-22: fund departs from its index (QQQ +5.91%, ^NDX -0.46%: +6.37 pp)
	// 3 days compared, 2 beyond 1 pp
}
