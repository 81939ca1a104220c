package eventstudy

import (
	"math"
	"testing"
	"time"

	"github.com/rotationlab/rotation/analysis"
)

// A fixture small enough to work out by hand. The market returns 1%, -1%,
// 2%, 0%, 1%, 3%, -2% on rows 1 to 7; A returns twice the market's on
// rows 1 to 4, 5% on the event day (row 5), then 8% and -3%; B returns the
// market's. With a 3-day window ending 1 day before the event (rows 2 to
// 4), A's market model is alpha 0, beta 2 and B's alpha 0, beta 1. Over
// the 2 days after the event:
//
//	raw A           1.08*0.97 - 1           = 0.0476
//	market-adj. A   0.0476 - (1.03*0.98 - 1) = 0.0476 - 0.0094 = 0.0382
//	BHAR A          1.08*0.97 - 1.06*0.96    = 1.0476 - 1.0176 = 0.03
//	BHAR B          0 (B is the market, beta 1)
//
// and on the event day A's abnormal return is 0.05 - 2*0.01 = 0.03.
func TestHandWorkedBHAR(t *testing.T) {
	m := []float64{0, 0.01, -0.01, 0.02, 0, 0.01, 0.03, -0.02}
	a := []float64{0, 0.02, -0.02, 0.04, 0, 0.05, 0.08, -0.03}
	prices := func(r []float64) []float64 {
		p := []float64{100}
		for _, x := range r[1:] {
			p = append(p, p[len(p)-1]*(1+x))
		}
		return p
	}
	dates := make([]time.Time, len(m))
	for i := range dates {
		dates[i] = time.Date(2024, 1, 1+i, 0, 0, 0, 0, time.UTC)
	}
	o := Options{EstimationDays: 3, EstimationGap: 1}
	s := newSeries(dates, prices(a), prices(m), prices(m), nil, o)
	fa, fb := s.fit[0][5], s.fit[1][5]
	if !fa.OK || !fb.OK || math.Abs(fa.Alpha) > 1e-12 || math.Abs(fa.Beta-2) > 1e-12 || math.Abs(fb.Beta-1) > 1e-12 {
		t.Fatalf("fits %+v %+v, want alpha 0, beta 2 and 1", fa, fb)
	}
	p := s.perRow(analysis.Days(2), 0)
	for _, c := range []struct {
		m    Measure
		l    Leg
		want float64
	}{
		{Raw, LegA, 0.0476}, {MarketAdjusted, LegA, 0.0382}, {MarketModel, LegA, 0.03},
		{MarketModel, LegB, 0}, {MarketModel, LegSpread, 0.03}, {MarketAdjusted, LegSpread, 0.0476 - 0.0094},
	} {
		if got := p.At(c.m, c.l)[5]; math.Abs(got-c.want) > 1e-12 {
			t.Errorf("%s leg %d: %v, want %v", c.m, c.l, got, c.want)
		}
	}
	if got := s.perRow(EventDay, 0).At(MarketModel, LegA)[5]; math.Abs(got-0.03) > 1e-12 {
		t.Errorf("event day's abnormal return %v, want 0.03", got)
	}
	// Row 3's window would start at row 0, which has no return.
	if s.fit[0][3].OK || !math.IsNaN(p.At(MarketModel, LegA)[3]) || math.IsNaN(p.At(Raw, LegA)[3]) {
		t.Errorf("row 3: fit %+v, BHAR %v; want no market model, a raw return", s.fit[0][3], p.At(MarketModel, LegA)[3])
	}
}
