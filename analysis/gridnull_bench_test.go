package analysis_test

import (
	"testing"
	"time"

	"github.com/rotationlab/rotation/analysis"
	"github.com/rotationlab/rotation/analysis/marketdata/marketdatatest"
	"github.com/rotationlab/rotation/analysis/resample"
)

// BenchmarkGridNull: the inferential specification curve of the whole
// default grid (26,400 specifications on IWM and QQQ before 2024-07-11)
// under 500 date shifts, from the loaded data: the grid, the per-row
// forward returns and the shifts.
func BenchmarkGridNull(b *testing.B) {
	al := marketdatatest.Aligned(b, marketdatatest.RealDir(b), "IWM", "QQQ")
	g := analysis.DefaultGrid("IWM", "QQQ", 0.04, time.Date(2024, 7, 11, 0, 0, 0, 0, time.UTC))
	b.ReportAllocs()
	var specs int
	for b.Loop() {
		gn, err := analysis.NewGridNull(al, g)
		if err != nil {
			b.Fatal(err)
		}
		lo, hi := gn.Window()
		offsets, err := resample.Offsets(hi-lo, 500, 1)
		if err != nil {
			b.Fatal(err)
		}
		if _, err := gn.Test(offsets, 0); err != nil {
			b.Fatal(err)
		}
		specs = len(gn.Specs())
	}
	b.ReportMetric(float64(specs), "specs")
}
