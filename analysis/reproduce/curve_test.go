package reproduce_test

import (
	"math"
	"testing"

	"github.com/rotationlab/rotation/analysis"
	"github.com/rotationlab/rotation/analysis/article"
	"github.com/rotationlab/rotation/analysis/marketdata/marketdatatest"
	"github.com/rotationlab/rotation/analysis/reproduce"
)

// On the real data: the curve covers the whole grid under the shifts
// asked for; the headline specification's excess is the study's own
// excess (so the curve's baseline is the study's); the same seed gives the
// same curve; no shifts, no curve.
func TestCurveReal(t *testing.T) {
	al := marketdatatest.Aligned(t, marketdatatest.RealDir(t), "IWM", "QQQ")
	c := article.Equalizer()
	base := analysis.DefaultOptions()
	rep, err := reproduce.RunShifts(al, c, base, analysis.ShiftOptions{Shifts: 500, Seed: 1})
	if err != nil {
		t.Fatal(err)
	}
	cv := rep.Search.Curve
	if cv == nil || cv.Draws != 500 || len(cv.Excess) != len(rep.Search.Specs) || cv.Long.Spread.Specs != len(rep.Search.Specs) {
		t.Fatalf("curve %+v", cv)
	}
	h := rep.Main.Horizons
	for i, sp := range rep.Search.Specs {
		if sp != rep.Search.Headline {
			continue
		}
		x := cv.Excess[i]
		for name, pair := range map[string][2]float64{
			"short A": {x.ShortA, h[0].Excess.A.Mean}, "short B": {x.ShortB, h[0].Excess.B.Mean},
			"long A": {x.LongA, h[1].Excess.A.Mean}, "long B": {x.LongB, h[1].Excess.B.Mean},
		} {
			if math.Abs(pair[0]-pair[1]) > 1e-12 {
				t.Errorf("headline %s excess: curve %v, study %v", name, pair[0], pair[1])
			}
		}
	}
	for _, ct := range []struct {
		name string
		t    analysis.CurveTest
	}{{"3m IWM", cv.Short.A}, {"3m QQQ", cv.Short.B}, {"3m IWM-QQQ", cv.Short.Spread}, {"12m IWM", cv.Long.A}, {"12m QQQ", cv.Long.B}, {"12m IWM-QQQ", cv.Long.Spread}} {
		t.Logf("%s: %d specs, median excess %+.2f%% (p %.3f), share > 0 %.1f%%, agree %.1f%% (p %.3f)", ct.name, ct.t.Specs,
			100*ct.t.Median, ct.t.PMedian, 100*ct.t.Positive, 100*ct.t.Agree, ct.t.PAgree)
	}
	again, err := reproduce.RunShifts(al, c, base, analysis.ShiftOptions{Shifts: 500, Seed: 1})
	if err != nil {
		t.Fatal(err)
	}
	if again.Search.Curve.Long.Spread.PMedian != cv.Long.Spread.PMedian || again.Search.Curve.Short.B.NullMedian[7] != cv.Short.B.NullMedian[7] {
		t.Error("the same seed gave another curve")
	}
	none, err := reproduce.RunShifts(al, c, base, analysis.ShiftOptions{})
	if err != nil {
		t.Fatal(err)
	}
	if none.Search.Curve != nil {
		t.Error("a curve without shifts")
	}
}
