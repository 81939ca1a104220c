package analysis_test

import (
	"fmt"
	"path/filepath"
	"time"

	"github.com/rotationlab/rotation/analysis"
	"github.com/rotationlab/rotation/analysis/marketdata"
	"github.com/rotationlab/rotation/analysis/resample"
)

// The inferential specification curve: the default grid on synthetic
// prices (testdata/search), under 200 date shifts.
func ExampleGridNull() {
	series, err := marketdata.LoadAll(filepath.Join("..", "testdata", "search"), "IWM", "QQQ")
	if err != nil {
		fmt.Println(err)
		return
	}
	al, err := marketdata.Align(series...)
	if err != nil {
		fmt.Println(err)
		return
	}
	g := analysis.DefaultGrid("IWM", "QQQ", 0.04, time.Date(2024, 7, 11, 0, 0, 0, 0, time.UTC))
	gn, err := analysis.NewGridNull(al, g)
	if err != nil {
		fmt.Println(err)
		return
	}
	lo, hi := gn.Window()
	offsets, err := resample.Offsets(hi-lo, 200, 1)
	if err != nil {
		fmt.Println(err)
		return
	}
	cv, err := gn.Test(offsets, 0)
	if err != nil {
		fmt.Println(err)
		return
	}
	t := cv.Long.Spread
	fmt.Printf("%d specifications; 12-month IWM-QQQ median excess %+.2f%%, p %.3f; agreement %.0f%%, p %.3f\n",
		t.Specs, 100*t.Median, t.PMedian, 100*t.Agree, t.PAgree)
	// Output:
	// 10560 specifications; 12-month IWM-QQQ median excess -2.71%, p 0.418; agreement 99%, p 0.358
}

// The price of a scan's search: every pair's date-shift p-value, adjusted,
// and the reality check of the best pair.
func ExampleSearchScan() {
	series, err := marketdata.LoadAll(filepath.Join("..", "testdata", "search"), "IWM", "QQQ", "SPY")
	if err != nil {
		fmt.Println(err)
		return
	}
	u, err := analysis.NewUniverse(marketdata.Adjusted, series...)
	if err != nil {
		fmt.Println(err)
		return
	}
	s, err := analysis.SearchScan(u, analysis.ScanOptions{Threshold: 0.04, Horizons: []analysis.Horizon{analysis.Days(21)}},
		analysis.ShiftOptions{Shifts: 200, Seed: 7})
	if err != nil {
		fmt.Println(err)
		return
	}
	for _, p := range s.Pairs[:2] {
		t := p.Horizons[0]
		fmt.Printf("%s over %s: %d events, excess %+.2f%%, p %.3f, Holm %.3f, BH %.3f\n", p.A, p.B, t.N, 100*t.Excess, t.P, t.Holm, t.BH)
	}
	b := s.Best[0]
	fmt.Printf("best: %s over %s, reality check p %.3f among %d pairs\n", b.A, b.B, b.RealityCheck, b.Pairs)
	// Output:
	// IWM over QQQ: 13 events, excess -2.96%, p 0.209, Holm 1.000, BH 0.915
	// IWM over SPY: 10 events, excess +0.83%, p 0.746, Holm 1.000, BH 0.915
	// best: IWM over QQQ, reality check p 0.741 among 6 pairs
}
