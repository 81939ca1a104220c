package quality_test

import (
	"testing"
	"time"

	"github.com/rotationlab/rotation/analysis/marketdata"
	"github.com/rotationlab/rotation/analysis/quality"
)

// BenchmarkCompareIndex compares 27 years of daily closes with an index.
func BenchmarkCompareIndex(b *testing.B) {
	const n = 6900
	d := time.Date(1999, 3, 10, 0, 0, 0, 0, time.UTC)
	fund := &marketdata.Series{Ticker: "QQQ"}
	index := &marketdata.Series{Ticker: "^NDX"}
	f, x := 100.0, 2000.0
	for i := range n {
		fund.Dates, index.Dates = append(fund.Dates, d), append(index.Dates, d)
		r := 0.01 * float64((i*7919)%21-10) / 10
		x *= 1 + r
		f *= 1 + r + 0.0005*float64((i*104729)%5-2)
		fund.Adjusted, index.Adjusted = append(fund.Adjusted, f), append(index.Adjusted, x)
		d = d.AddDate(0, 0, 1)
	}
	b.ReportAllocs()
	for b.Loop() {
		quality.CompareIndex(fund, index, quality.IndexPair{Fund: "QQQ", Index: "^NDX"}, quality.Options{})
	}
}
