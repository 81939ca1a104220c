package tables

import (
	"github.com/go-gota/gota/dataframe"
	"github.com/go-gota/gota/series"

	"github.com/rotationlab/rotation/analysis"
	"github.com/rotationlab/rotation/analysis/article"
	"github.com/rotationlab/rotation/analysis/reproduce"
)

// CurveTests tabulates the inferential specification curve: per horizon
// (3m, 12m) and leg (A, B, A-B) the specifications with an estimate, the
// median excess and its date-shift p-value, the share of specifications
// above zero, the share agreeing on the majority's sign and its p-value.
func CurveTests(cv *reproduce.Curve, c article.Claims) (dataframe.DataFrame, error) {
	spread := string(c.A) + "-" + string(c.B)
	var hz, leg []string
	var specs []int
	cols := make([][]float64, 5)
	for _, r := range []struct {
		h, l string
		t    analysis.CurveTest
	}{
		{"3m", string(c.A), cv.Short.A}, {"3m", string(c.B), cv.Short.B}, {"3m", spread, cv.Short.Spread},
		{"12m", string(c.A), cv.Long.A}, {"12m", string(c.B), cv.Long.B}, {"12m", spread, cv.Long.Spread},
	} {
		hz, leg, specs = append(hz, r.h), append(leg, r.l), append(specs, r.t.Specs)
		for k, v := range []float64{r.t.Median, r.t.PMedian, r.t.Positive, r.t.Agree, r.t.PAgree} {
			cols[k] = append(cols[k], v)
		}
	}
	ss := []series.Series{series.New(hz, series.String, "horizon"), series.New(leg, series.String, "leg"), series.New(specs, series.Int, "specs")}
	for k, h := range []string{"median excess", "p (median)", "share above zero", "agree on sign", "p (agreement)"} {
		ss = append(ss, series.New(cols[k], series.Float, h))
	}
	return frame(ss...)
}

// ScanTests tabulates the scan's search inference: per pair and horizon
// the events reaching it, the excess, the date-shift p-value, Holm's and
// Benjamini-Hochberg's adjustments and the Romano-Wolf stepdown (NaN
// outside its family). Rows with no event are left out.
func ScanTests(s *analysis.ScanSearch) (dataframe.DataFrame, error) {
	var a, b, hz []string
	var n []int
	cols := make([][]float64, 5)
	for _, p := range s.Pairs {
		for _, t := range p.Horizons {
			if t.N == 0 {
				continue
			}
			a, b, hz, n = append(a, string(p.A)), append(b, string(p.B)), append(hz, t.Horizon.String()), append(n, t.N)
			for k, v := range []float64{t.Excess, t.P, t.Holm, t.BH, t.RomanoWolf} {
				cols[k] = append(cols[k], v)
			}
		}
	}
	ss := []series.Series{series.New(a, series.String, "A"), series.New(b, series.String, "B"),
		series.New(hz, series.String, "horizon"), series.New(n, series.Int, "n")}
	for k, h := range []string{"excess", "p", "Holm", "BH", "Romano-Wolf"} {
		ss = append(ss, series.New(cols[k], series.Float, h))
	}
	return frame(ss...)
}

// BestPairs tabulates the data-snooping test of each horizon: the best
// pair (largest |z|), its excess, z, p-value and Holm's adjustment, the
// reality check's p-value, the pairs compared and the shifts used.
func BestPairs(s *analysis.ScanSearch) (dataframe.DataFrame, error) {
	var hz, a, b []string
	var pairs, shifts []int
	cols := make([][]float64, 5)
	for _, x := range s.Best {
		hz, a, b = append(hz, x.Horizon.String()), append(a, string(x.A)), append(b, string(x.B))
		pairs, shifts = append(pairs, x.Pairs), append(shifts, x.Shifts)
		for k, v := range []float64{x.Excess, x.Z, x.P, x.Holm, x.RealityCheck} {
			cols[k] = append(cols[k], v)
		}
	}
	ss := []series.Series{series.New(hz, series.String, "horizon"), series.New(a, series.String, "A"), series.New(b, series.String, "B")}
	for k, h := range []string{"excess", "z", "p", "Holm", "reality check"} {
		ss = append(ss, series.New(cols[k], series.Float, h))
	}
	ss = append(ss, series.New(pairs, series.Int, "pairs"), series.New(shifts, series.Int, "shifts"))
	return frame(ss...)
}
