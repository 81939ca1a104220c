package analysis

import (
	"cmp"
	"math"
	"slices"
	"time"

	"github.com/rotationlab/rotation/analysis/marketdata"
)

// DayRow is one day's returns, for tables of chosen days.
type DayRow struct {
	Row          int
	A, B, Spread float64
}

// LargestSpreads returns the n days with the largest spreads (the most
// negative first when the study is the mirror case), most extreme first.
func (r *Result) LargestSpreads(n int) []DayRow {
	var rows []DayRow
	for i := 1; i < len(r.Dates); i++ {
		rows = append(rows, DayRow{Row: i, A: r.ReturnA[i], B: r.ReturnB[i], Spread: r.Spread[i]})
	}
	sign := 1.0
	if r.Options.Mirror {
		sign = -1
	}
	slices.SortFunc(rows, func(x, y DayRow) int { return cmp.Compare(sign*y.Spread, sign*x.Spread) })
	return rows[:min(n, len(rows))]
}

// SweepRow is the study at one threshold: the event count, the episodes,
// and per horizon the mean forward returns of A and B.
type SweepRow struct {
	Threshold    float64
	Events       int
	Episodes     int
	MeanA, MeanB []float64
}

// Sweep reruns the study at each threshold, without the bootstrap.
func Sweep(al *marketdata.Aligned, opt Options, thresholds []float64) ([]SweepRow, error) {
	opt.Resamples = 0
	rows := make([]SweepRow, 0, len(thresholds))
	for _, t := range thresholds {
		o := opt
		o.Threshold = t
		r, err := Run(al, o)
		if err != nil {
			return nil, err
		}
		row := SweepRow{Threshold: t, Events: len(r.Events), Episodes: len(r.Episodes)}
		for _, h := range r.Horizons {
			row.MeanA = append(row.MeanA, h.Events.A.Mean)
			row.MeanB = append(row.MeanB, h.Events.B.Mean)
		}
		rows = append(rows, row)
	}
	return rows, nil
}

// MeansWithout returns, per horizon, the mean forward returns of A and B
// over the events whose dates are not in skip (NaN when none is left).
func (r *Result) MeansWithout(skip map[time.Time]bool) (a, b []float64) {
	for k := range r.Options.Horizons {
		var sa, sb float64
		n := 0
		for _, e := range r.Events {
			if f := e.Forward[k]; f.OK && !skip[e.Date] {
				sa, sb, n = sa+f.A, sb+f.B, n+1
			}
		}
		if n == 0 {
			a, b = append(a, math.NaN()), append(b, math.NaN())
			continue
		}
		a, b = append(a, sa/float64(n)), append(b, sb/float64(n))
	}
	return a, b
}
