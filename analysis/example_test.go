package analysis_test

import (
	"fmt"
	"time"

	"github.com/rotationlab/rotation/analysis"
)

func ExampleRunPrices() {
	day := func(d int) time.Time { return time.Date(2024, 1, d, 0, 0, 0, 0, time.UTC) }
	dates := []time.Time{day(2), day(3), day(4), day(5), day(8)}
	small := []float64{100, 105, 106, 110, 112} // +5% on the 3rd
	large := []float64{200, 198, 200, 202, 204} // -1% on the 3rd
	// Baseline at two days: 110/105 and 112/106 from the 3rd and 4th.
	o := analysis.DefaultOptions()
	o.A, o.B = "SMALL", "LARGE"
	o.Horizons = []analysis.Horizon{analysis.Days(2)}
	o.Resamples = 0
	r, err := analysis.RunPrices(dates, small, large, o)
	if err != nil {
		fmt.Println(err)
		return
	}
	for _, e := range r.Events {
		f := e.Forward[0]
		fmt.Printf("%s spread %.2f%%; two days on: %s %+.2f%%, %s %+.2f%%\n",
			e.Date.Format("2006-01-02"), 100*e.Spread, o.A, 100*f.A, o.B, 100*f.B)
	}
	h := r.Horizons[0]
	fmt.Printf("n=%d dropped=%d baseline %s %+.2f%%\n", h.N, h.Dropped, o.A, 100*h.Baseline.A.Mean)
	// Output:
	// 2024-01-03 spread 6.00%; two days on: SMALL +4.76%, LARGE +2.02%
	// n=1 dropped=0 baseline SMALL +5.21%
}

func ExampleSummarize() {
	s := analysis.Summarize([]float64{0.02, -0.01, 0.05, 0.03})
	fmt.Printf("n=%d mean=%.4f median=%.4f hit=%.2f\n", s.N, s.Mean, s.Median, s.HitRate)
	// Output: n=4 mean=0.0225 median=0.0250 hit=0.75
}

func ExampleParseHorizons() {
	hs, _ := analysis.ParseHorizons("63,252,3mo")
	for _, h := range hs {
		fmt.Println(h, "=", h.Label())
	}
	// Output:
	// 63d = 63 trading days
	// 252d = 252 trading days
	// 3mo = 3 months
}

func ExampleEventRule() {
	day := func(d int) time.Time { return time.Date(2024, 1, d, 0, 0, 0, 0, time.UTC) }
	dates := []time.Time{day(2), day(3), day(4), day(5), day(8), day(9)}
	// Spreads indexed like dates; the first day has none.
	spread := []float64{0, 0.05, 0.04, -0.06, 0.01, 0.07}
	for _, r := range []analysis.EventRule{
		{Threshold: 0.04},
		{Threshold: 0.04, Compare: analysis.Above},
		{Threshold: 0.04, Mirror: true},
		{Threshold: 0.04, After: day(4), Before: day(9)},
	} {
		fmt.Println(r.Compare, r.Mirror, r.Events(dates, spread))
	}
	// Output:
	// >= false [1 2 5]
	// > false [1 5]
	// >= true [3]
	// >= false [2]
}
