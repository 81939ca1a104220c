package eventstudy

import (
	"errors"
	"fmt"
	"math"
	"time"

	"github.com/rotationlab/rotation/analysis"
	"github.com/rotationlab/rotation/analysis/marketdata"
)

// Event is one event's abnormal figures.
type Event struct {
	Date    time.Time
	Row     int
	Episode int
	// Fit is the market model of leg A and of leg B for the event.
	Fit [2]Fit
	// Missing says why the event has no market-model figures ("" when it
	// has them): it is left out of that measure only.
	Missing string
	// Abnormal[k][m][l] is the event's measure m of leg l at horizon k
	// (Result.Horizons' order); NaN when undefined.
	Abnormal [][3][3]float64
}

// CARPoint is the mean cumulative market-model abnormal return Day days
// after the event (negative before it), summed from day -PreDays.
type CARPoint struct {
	Day int
	// N counts the events with a market model and data through Day.
	N int
	// Mean, Low and High are by Leg: the mean across events and the
	// episode bootstrap's percentile band (NaN without draws).
	Mean, Low, High [3]float64
}

// Result is a finished event study.
type Result struct {
	Options Options
	// Study is the raw study (analysis.Run) on the dates the three series
	// share.
	Study *analysis.Result
	// Market holds the market's closes on Study.Dates.
	Market []float64
	// Horizons are EventDay followed by the study's horizons; PerRow has
	// the per-row measures in the same order.
	Horizons []analysis.Horizon
	PerRow   []*PerRow
	Events   []Event
	// Left counts the events left out of the market model.
	Left int
	// CAR is the cumulative abnormal return path, day -PreDays to the
	// longest horizon.
	CAR []CARPoint
	// Calendar holds the calendar-time portfolio regressions, by horizon
	// of the study (not the event day) and leg.
	Calendar []Calendar
	// Methods sets the methods side by side: for each horizon, leg and
	// measure, one Row per method that applies.
	Methods []Row
	// lo and hi are the window's rows, [lo, hi).
	lo, hi int
	s      *series
}

// Run performs the event study on three aligned series: A, B and the
// market, in that order.
func Run(al *marketdata.Aligned, opt Options) (*Result, error) {
	if err := opt.Validate(); err != nil {
		return nil, err
	}
	if al == nil || len(al.Series) != 3 {
		return nil, errors.New("eventstudy: Run needs three aligned series: A, B and the market")
	}
	var closes [3][]float64
	for i := range closes {
		c, err := al.Close(i, opt.Study.Price)
		if err != nil {
			return nil, err
		}
		closes[i] = c
	}
	r, err := RunPrices(al.Dates, closes[0], closes[1], closes[2], opt)
	if err != nil {
		return nil, err
	}
	r.Study.Alignment = al
	return r, nil
}

// RunPrices performs the event study on closes lined up on dates: the
// legs pa and pb and the market pm.
func RunPrices(dates []time.Time, pa, pb, pm []float64, opt Options) (*Result, error) {
	if err := opt.Validate(); err != nil {
		return nil, err
	}
	if len(pm) != len(dates) {
		return nil, fmt.Errorf("eventstudy: %d dates but %d market closes", len(dates), len(pm))
	}
	for i, p := range pm {
		if !(p > 0) || math.IsInf(p, 0) {
			return nil, fmt.Errorf("eventstudy: %s close on %s is not a positive number (%v)", opt.Market, marketdata.FormatDate(dates[i]), p)
		}
	}
	st, err := analysis.RunPrices(dates, pa, pb, opt.Study)
	if err != nil {
		return nil, err
	}
	var skip []bool
	if !opt.KeepEventDays {
		skip = make([]bool, len(dates))
		for _, e := range st.Events {
			skip[e.Row] = true
		}
	}
	res := &Result{Options: opt, Study: st, Market: pm, s: newSeries(dates, pa, pb, pm, skip, opt)}
	res.lo, res.hi = opt.Study.Window(dates)
	res.Horizons = append([]analysis.Horizon{EventDay}, opt.Study.Horizons...)
	for _, h := range res.Horizons {
		res.PerRow = append(res.PerRow, res.s.perRow(h, opt.Study.EntryLag))
	}
	res.events()
	res.CAR = res.carPath()
	if err := res.inference(); err != nil {
		return nil, err
	}
	return res, nil
}

// events fills Events from the study's events and the per-row measures.
func (r *Result) events() {
	for _, e := range r.Study.Events {
		ev := Event{Date: e.Date, Row: e.Row, Episode: e.Episode,
			Fit: [2]Fit{r.s.fit[0][e.Row], r.s.fit[1][e.Row]}}
		if !ev.Fit[0].OK || !ev.Fit[1].OK {
			ev.Missing = r.missing(ev)
			r.Left++
		}
		ev.Abnormal = make([][3][3]float64, len(r.PerRow))
		for k, p := range r.PerRow {
			for m := range p.Q {
				for l := range p.Q[m] {
					ev.Abnormal[k][m][l] = p.Q[m][l][e.Row]
				}
			}
		}
		r.Events = append(r.Events, ev)
	}
}

// missing says why ev has no market model.
func (r *Result) missing(ev Event) string {
	o := r.Options
	f := ev.Fit[0]
	if !ev.Fit[1].OK && ev.Fit[1].N < f.N {
		f = ev.Fit[1]
	}
	if f.N < o.EstimationDays {
		return fmt.Sprintf("its estimation window needs %d daily returns ending %d days before it; the data have %d",
			o.EstimationDays, o.EstimationGap, f.N)
	}
	return fmt.Sprintf("its %d-day estimation window (ending %d days before it) holds a return that is not a number, or the market does not move in it",
		o.EstimationDays, o.EstimationGap)
}

// carDays is the CAR path's last day: the longest horizon in trading
// days, a calendar-month horizon counted as 21 trading days a month.
func carDays(o Options) int {
	d := 0
	for _, h := range o.Study.Horizons {
		n := h.N
		if h.Unit == analysis.Months {
			n = 21 * h.N
		}
		d = max(d, n)
	}
	return d
}

// abnormal is leg l's market-model abnormal return on row s for an event
// fitted with fit (l is LegA or LegB).
func (r *Result) abnormal(fit Fit, l Leg, s int) float64 {
	return r.s.ret[l][s] - fit.Predict(r.s.ret[2][s])
}

// carStep moves each event's CARs by leg, cum[i], from event time day-1
// to day (summed from -PreDays); NaN once undefined.
func (r *Result) carStep(day int, cum [][3]float64) {
	n := len(r.s.dates)
	for i, e := range r.Events {
		s := e.Row + day
		if !e.Fit[0].OK || !e.Fit[1].OK || s < 1 || s >= n {
			cum[i] = [3]float64{math.NaN(), math.NaN(), math.NaN()}
			continue
		}
		a, b := r.abnormal(e.Fit[0], LegA, s), r.abnormal(e.Fit[1], LegB, s)
		cum[i][0] += a
		cum[i][1] += b
		cum[i][2] += a - b
	}
}

// carPath computes the mean CAR path and its band.
func (r *Result) carPath() []CARPoint {
	o := r.Options
	cum := make([][3]float64, len(r.Events))
	var pts []CARPoint
	vals := make([]float64, 0, len(r.Events))
	eps := make([]int, 0, len(r.Events))
	for day := -o.PreDays; day <= carDays(o); day++ {
		r.carStep(day, cum)
		p := CARPoint{Day: day}
		for l := range 3 {
			vals, eps = vals[:0], eps[:0]
			for i, c := range cum {
				if !math.IsNaN(c[l]) {
					vals = append(vals, c[l])
					eps = append(eps, r.Events[i].Episode)
				}
			}
			p.N = len(vals)
			p.Mean[l], p.Low[l], p.High[l] = r.band(vals, eps)
		}
		pts = append(pts, p)
	}
	return pts
}
