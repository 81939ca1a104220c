package reproduce_test

import (
	"testing"
	"time"

	"github.com/rotationlab/rotation/analysis"
	"github.com/rotationlab/rotation/analysis/article"
	"github.com/rotationlab/rotation/analysis/marketdata"
	"github.com/rotationlab/rotation/analysis/marketdata/marketdatatest"
	"github.com/rotationlab/rotation/analysis/reproduce"
)

// BenchmarkSearchInference is the whole price of searching on the real
// data, loaded once: the inferential specification curve of the default
// grid (26,400 specifications on IWM and QQQ) and the scan of IWM, QQQ,
// SPY, XLF, XLK and XLY at 63 and 252 trading days with its p-values,
// Holm, BH, reality check and Romano-Wolf, each under 500 date shifts.
func BenchmarkSearchInference(b *testing.B) {
	dir := marketdatatest.RealDir(b)
	al := marketdatatest.Aligned(b, dir, "IWM", "QQQ")
	series, err := marketdata.LoadAll(dir, "IWM", "QQQ", "SPY", "XLF", "XLK", "XLY")
	if err != nil {
		b.Fatal(err)
	}
	u, err := analysis.NewUniverse(marketdata.Adjusted, series...)
	if err != nil {
		b.Fatal(err)
	}
	c := article.Equalizer()
	g := analysis.DefaultGrid("", "", 0, time.Time{})
	so := analysis.ShiftOptions{Shifts: 500, Seed: 1}
	opt := analysis.ScanOptions{Threshold: 0.04, Horizons: analysis.DefaultHorizons()}
	b.ReportAllocs()
	for b.Loop() {
		s, err := reproduce.SearchGridShifts(al, c, g, 5, so)
		if err != nil {
			b.Fatal(err)
		}
		if s.Curve == nil || s.Curve.Draws != 500 {
			b.Fatal("no curve")
		}
		if _, err := analysis.SearchScan(u, opt, so); err != nil {
			b.Fatal(err)
		}
	}
}
