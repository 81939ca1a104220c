package eventstudy

import (
	"math"
	"time"

	"github.com/rotationlab/rotation/analysis"
)

// EventDay is the horizon of the event day's own return: day 0, from the
// close before the event to the event's close. Its measures are the day's
// return, that less the market's, and the market model's abnormal return.
var EventDay = analysis.Horizon{N: 0, Unit: analysis.TradingDays}

// PerRow holds one horizon's measures for every row t of the data: a
// position entered at row t+EntryLag after an event on row t, held over the
// horizon, measured each way, for each leg. They exist for every row, not
// only the events', because the date-shift test moves the events to other
// rows.
type PerRow struct {
	Horizon analysis.Horizon
	// Q[m][l][t] is measure m of leg l for row t; NaN where undefined
	// (the data end before the horizon, or the market model's estimation
	// window lacks data).
	Q [3][3][]float64
}

// At returns the per-row series of measure m and leg l.
func (p *PerRow) At(m Measure, l Leg) []float64 { return p.Q[m][l] }

// series are the three aligned series' closes and daily returns, and the
// two legs' market models for every row.
type series struct {
	dates []time.Time
	// price and ret: A, B, market; ret[k][t] is close t-1 to close t
	// (NaN at row 0).
	price [3][]float64
	ret   [3][]float64
	fit   [2][]Fit
	// skip marks the rows left out of the estimation windows (nil: none).
	skip []bool
}

// newSeries computes the returns and rolling fits of closes pa, pb, pm,
// the rows marked in skip (nil for none) left out of every estimation
// window.
func newSeries(dates []time.Time, pa, pb, pm []float64, skip []bool, o Options) *series {
	s := &series{dates: dates, price: [3][]float64{pa, pb, pm}, skip: skip}
	for k, p := range s.price {
		r := make([]float64, len(p))
		if len(r) > 0 {
			r[0] = math.NaN()
			analysis.Returns(r[1:], p)
		}
		s.ret[k] = r
	}
	for l := range 2 {
		s.fit[l] = FitRollingSkip(s.ret[l], s.ret[2], skip, o.EstimationDays, o.EstimationGap)
	}
	return s
}

// perRow computes the measures at horizon h (EventDay for day 0) for
// every row, entering lag rows after it.
func (s *series) perRow(h analysis.Horizon, lag int) *PerRow {
	n := len(s.dates)
	p := &PerRow{Horizon: h}
	for m := range p.Q {
		for l := range p.Q[m] {
			p.Q[m][l] = make([]float64, n)
		}
	}
	pa, pb, pm := s.price[0], s.price[1], s.price[2]
	rm := s.ret[2]
	var exits []int
	if h != EventDay {
		exits = analysis.ExitRows(s.dates, h)
	}
	nan := math.NaN()
	for t := range n {
		var raw [3]float64 // A, B, market
		var mm [2]float64  // the legs' BHAR
		switch {
		case h == EventDay:
			raw = [3]float64{s.ret[0][t], s.ret[1][t], rm[t]}
			for l := range 2 {
				mm[l] = nan
				if f := s.fit[l][t]; f.OK {
					mm[l] = raw[l] - f.Predict(rm[t])
				}
			}
		case t+lag >= n || exits[t+lag] < 0:
			raw, mm = [3]float64{nan, nan, nan}, [2]float64{nan, nan}
		default:
			e, x := t+lag, exits[t+lag]
			raw = [3]float64{pa[x]/pa[e] - 1, pb[x]/pb[e] - 1, pm[x]/pm[e] - 1}
			for l := range 2 {
				mm[l] = nan
				if f := s.fit[l][t]; f.OK {
					mm[l] = 1 + raw[l] - compound(f, rm[e+1:x+1])
				}
			}
		}
		p.Q[Raw][LegA][t], p.Q[Raw][LegB][t], p.Q[Raw][LegSpread][t] = raw[0], raw[1], raw[0]-raw[1]
		p.Q[MarketAdjusted][LegA][t], p.Q[MarketAdjusted][LegB][t] = raw[0]-raw[2], raw[1]-raw[2]
		p.Q[MarketAdjusted][LegSpread][t] = (raw[0] - raw[2]) - (raw[1] - raw[2])
		p.Q[MarketModel][LegA][t], p.Q[MarketModel][LegB][t], p.Q[MarketModel][LegSpread][t] = mm[0], mm[1], mm[0]-mm[1]
	}
	return p
}

// compound is prod(1 + alpha + beta*m) over the market returns m: the
// model's buy-and-hold return.
func compound(f Fit, m []float64) float64 {
	g := 1.0
	for _, x := range m {
		g *= 1 + f.Alpha + f.Beta*x
	}
	return g
}
