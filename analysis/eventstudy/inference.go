package eventstudy

import (
	"math"

	"github.com/rotationlab/rotation/analysis"
	"github.com/rotationlab/rotation/analysis/resample"
	"github.com/rotationlab/rotation/analysis/stat"
)

// resampleOptions are the options every resampling method is given.
func (r *Result) resampleOptions() resample.Options {
	return resample.Options{Draws: r.Options.Draws, Seed: r.Options.Seed, Confidence: r.Options.Study.Confidence}
}

// band is the mean of vals and the episode bootstrap's percentile
// interval (vals[i] in episode eps[i]); NaN bounds without draws or with
// fewer than two episodes.
func (r *Result) band(vals []float64, eps []int) (mean, low, high float64) {
	mean = meanOf(vals)
	if r.Options.Draws == 0 || len(vals) == 0 {
		return mean, nan(), nan()
	}
	iv, err := resample.EpisodeBootstrap(vals, eps, 0, r.resampleOptions())
	if err != nil {
		return mean, nan(), nan()
	}
	return mean, iv.Low, iv.High
}

// short reports whether horizon h gets the sign and rank tests.
func (r *Result) short(h analysis.Horizon) bool {
	return h == EventDay || h.Unit == analysis.TradingDays && h.N <= r.Options.ShortDays
}

// inference fills Methods and Calendar.
func (r *Result) inference() error {
	for k, h := range r.Horizons {
		if h != EventDay {
			for _, l := range Legs {
				r.Calendar = append(r.Calendar, r.calendar(h, l))
			}
		}
		for _, l := range Legs {
			for _, m := range Measures {
				r.methods(k, h, l, m)
			}
		}
	}
	return nil
}

// baseline is the mean of q over the window's defined rows and the share
// of them above zero.
func (r *Result) baseline(q []float64) (mean, share float64) {
	s, pos, n := 0.0, 0, 0
	for t := r.lo; t < r.hi; t++ {
		if v := q[t]; !math.IsNaN(v) {
			s += v
			n++
			if v > 0 {
				pos++
			}
		}
	}
	if n == 0 {
		return nan(), nan()
	}
	return s / float64(n), float64(pos) / float64(n)
}

// methods appends the rows of every method that applies to horizon k
// (h), leg l and measure m.
func (r *Result) methods(k int, h analysis.Horizon, l Leg, m Measure) {
	q := r.PerRow[k].At(m, l)
	var vals []float64
	var eps, rows, single []int
	for _, e := range r.Events {
		if v := q[e.Row]; !math.IsNaN(v) {
			// Only the events that have the measure are shifted: the
			// shifted sets then hold as many events as the observed one,
			// not every event's shifted row that happens to have it.
			rows = append(rows, e.Row)
			vals = append(vals, v)
			eps = append(eps, e.Episode)
			single = append(single, len(single))
		}
	}
	center, share := r.baseline(q)
	if m != Raw {
		center = 0
	}
	row := func(meth Method) Row {
		return Row{Horizon: h, Leg: l, Measure: m, Method: meth, N: len(vals), Estimate: meanOf(vals) - center,
			Low: nan(), High: nan(), P: nan(), P0: nan()}
	}
	ro := r.resampleOptions()
	switch {
	case m == Raw && h != EventDay:
		// The study's own iid bootstrap.
		sh := r.Study.Horizons[k-1]
		ex := [3]analysis.Excess{sh.Excess.A, sh.Excess.B, sh.Excess.Spread}[l]
		x := row(IIDBootstrap)
		x.Estimate, x.Low, x.High, x.P = ex.Mean, ex.Low, ex.High, ex.P
		x.Draws, x.Seed = r.Options.Study.Resamples, r.Options.Study.Seed
		r.Methods = append(r.Methods, x)
	case r.Options.Draws > 0:
		r.Methods = append(r.Methods, r.bootstrap(row(IIDBootstrap), vals, single, center, ro))
	}
	if r.Options.Draws > 0 {
		r.Methods = append(r.Methods, r.bootstrap(row(EpisodeBootstrap), vals, eps, center, ro))
		x := row(DateShift)
		x.Draws, x.Seed = ro.Draws, ro.Seed
		if len(vals) == 0 {
			x.Note = "no event has this measure"
		} else if sr, err := resample.DateShift(q, rows, r.lo, r.hi, ro); err != nil {
			x.Note = err.Error()
		} else {
			x.P = sr.P
			x.Estimate = sr.Observed - center
			x.Low, x.High = shiftInterval(sr, r.Options.Study.Confidence)
			if m == Raw {
				x.Low, x.High = x.Low-sr.Center, x.High-sr.Center
			}
		}
		r.Methods = append(r.Methods, x)
	}
	if h != EventDay && m != Raw {
		r.Methods = append(r.Methods, r.calendarRow(row(CalendarTime), h, l, m))
	}
	if r.short(h) {
		x := row(SignTest)
		x.Unit, x.P0 = Share, share
		if sr, err := stat.SignTest(vals, share); err == nil {
			x.Estimate, x.P, x.N = float64(sr.Positive)/float64(sr.N), sr.P, sr.N
		} else {
			x.Estimate, x.Note = nan(), err.Error()
		}
		r.Methods = append(r.Methods, x)
		r.Methods = append(r.Methods, r.rank(row(RankTest), h, l, m))
	}
}

// bootstrap fills x from the episode bootstrap of vals over episodes eps
// (each value its own episode: the iid bootstrap).
func (r *Result) bootstrap(x Row, vals []float64, eps []int, center float64, ro resample.Options) Row {
	x.Draws, x.Seed = ro.Draws, ro.Seed
	if len(vals) == 0 || math.IsNaN(center) {
		x.Note = "no event has this measure"
		return x
	}
	if distinct(eps) < 2 {
		x.Note = "needs at least 2 episodes"
		if x.Method == IIDBootstrap {
			x.Note = "needs at least 2 events"
		}
		return x
	}
	iv, err := resample.EpisodeBootstrap(vals, eps, center, ro)
	if err != nil {
		x.Note = err.Error()
		return x
	}
	x.Estimate, x.Low, x.High, x.P = iv.Estimate, iv.Low, iv.High, iv.P
	return x
}

// shiftInterval inverts the date-shift test into an interval of the
// events' mean: the observed mean ± the Confidence-quantile of the shifted
// means' distances from the center. The test's p-value counts shifted
// means at least as far from the center as the observed, on either side,
// so this interval, unlike one cut from the tails of a skewed null, leaves
// out the center exactly when the p-value is below 1 - Confidence.
func shiftInterval(sr resample.ShiftResult, confidence float64) (low, high float64) {
	// Distances of the null from the center, placed around the observed
	// mean: SymmetricInterval of the null moved by Observed - Center.
	moved := make([]float64, len(sr.Null))
	for i, v := range sr.Null {
		moved[i] = v - sr.Center + sr.Observed
	}
	return resample.SymmetricInterval(sr.Observed, moved, confidence)
}

// openDays marks the days s on which some event's holding window at h is
// open: entered at row e, held through its exit x, open on e+1..x (to the
// data's end when the data end first), and returns the mean number open.
func (r *Result) openDays(h analysis.Horizon) (open []bool, meanOpen float64) {
	n := len(r.s.dates)
	exits := analysis.ExitRows(r.s.dates, h)
	cnt := make([]int, n+1)
	for _, e := range r.Events {
		en := e.Row + r.Options.Study.EntryLag
		if en+1 >= n {
			continue
		}
		x := n - 1
		if exits[en] >= 0 {
			x = exits[en]
		}
		cnt[en+1]++
		cnt[x+1]--
	}
	open = make([]bool, n)
	c, days, tot := 0, 0, 0
	for s := range n {
		c += cnt[s]
		if c > 0 {
			open[s] = true
			days++
			tot += c
		}
	}
	if days == 0 {
		return open, nan()
	}
	return open, float64(tot) / float64(days)
}

// portfolio is the calendar-time portfolio of leg l at h: on every day
// some event is open, the mean daily return of the open events' leg l,
// which, as every event holds the same legs, is the leg's return that
// day; and the market's.
func (r *Result) portfolio(h analysis.Horizon, l Leg) (y, m []float64, meanOpen float64) {
	open, meanOpen := r.openDays(h)
	for s, ok := range open {
		if !ok || s == 0 {
			continue
		}
		v := r.s.ret[0][s]
		switch l {
		case LegB:
			v = r.s.ret[1][s]
		case LegSpread:
			v -= r.s.ret[1][s]
		}
		y = append(y, v)
		m = append(m, r.s.ret[2][s])
	}
	return y, m, meanOpen
}

// calendar regresses the calendar-time portfolio of leg l at h on the
// market, Newey-West standard errors with the automatic lags.
func (r *Result) calendar(h analysis.Horizon, l Leg) Calendar {
	y, m, meanOpen := r.portfolio(h, l)
	c := Calendar{Horizon: h, Leg: l, Days: len(y), MeanOpen: meanOpen, Alpha: nan(), SE: nan(), T: nan(), P: nan(), Beta: nan()}
	fit, err := stat.OLS(y, [][]float64{m}, stat.OLSOptions{Cov: stat.NeweyWest, Lags: -1})
	if err != nil {
		return c
	}
	c.Alpha, c.SE, c.T, c.P, c.Beta, c.Lags = fit.Coef[0], fit.SE[0], fit.T[0], fit.P[0], fit.Coef[1], fit.Lags
	return c
}

// calendarRow is the calendar-time figure of measure m: for MarketModel
// the intercept of the regression on the market, for MarketAdjusted the
// mean of the portfolio's return less the market's (a regression on the
// intercept alone), both with Newey-West standard errors.
func (r *Result) calendarRow(x Row, h analysis.Horizon, l Leg, m Measure) Row {
	y, mk, _ := r.portfolio(h, l)
	x.Unit, x.N, x.Estimate = DailyReturn, len(y), nan()
	var reg [][]float64
	if m == MarketModel {
		reg = [][]float64{mk}
	} else if l != LegSpread {
		for i := range y {
			y[i] -= mk[i]
		}
	}
	fit, err := stat.OLS(y, reg, stat.OLSOptions{Cov: stat.NeweyWest, Lags: -1})
	if err != nil {
		x.Note = err.Error()
		return x
	}
	z := normalQuantile(1 - (1-r.Options.Study.Confidence)/2)
	x.Estimate, x.P, x.Lags = fit.Coef[0], fit.P[0], fit.Lags
	x.Low, x.High = fit.Coef[0]-z*fit.SE[0], fit.Coef[0]+z*fit.SE[0]
	return x
}

// dailyAR is leg l's daily return on row s measured by m for an event
// with market models fit: raw, less the market's, or less the model's.
func (r *Result) dailyAR(fit [2]Fit, l Leg, m Measure, s int) float64 {
	one := func(k int) float64 {
		v := r.s.ret[k][s]
		switch m {
		case MarketAdjusted:
			v -= r.s.ret[2][s]
		case MarketModel:
			v -= fit[k].Predict(r.s.ret[2][s])
		}
		return v
	}
	switch l {
	case LegA:
		return one(0)
	case LegB:
		return one(1)
	}
	return one(0) - one(1)
}

// rank is Corrado's rank test of the daily returns measured by m, each
// event's estimation window (cut to the data for Raw and MarketAdjusted;
// events without a market model are left out of MarketModel; the days it
// leaves out missing) followed by the days to its event window: the event
// day for EventDay, else the holding days e+1 to e+N.
func (r *Result) rank(x Row, h analysis.Horizon, l Leg, m Measure) Row {
	x.Unit, x.Estimate, x.N = Statistic, nan(), 0
	n := len(r.s.dates)
	var ar [][]float64
	var st, en []int
	for _, e := range r.Events {
		f := e.Fit
		if m == MarketModel && (!f[0].OK || !f[1].OK) {
			continue
		}
		ws, we := e.Row, e.Row+1 // the event window's rows, [ws, we)
		if h != EventDay {
			ws = e.Row + r.Options.Study.EntryLag + 1
			we = ws + h.N
		}
		from := max(f[0].From, 1)
		if we > n || from >= ws {
			continue
		}
		a := make([]float64, 0, we-from)
		for s := from; s < we; s++ {
			v := r.dailyAR(f, l, m, s)
			if s < ws && r.s.skip != nil && r.s.skip[s] {
				v = math.NaN() // another event's day: not ranked, as it is left out of the estimation
			}
			a = append(a, v)
		}
		ar = append(ar, a)
		st, en = append(st, ws-from), append(en, we-from)
	}
	if len(ar) == 0 {
		x.Note = "no event has the days the rank test needs"
		return x
	}
	rr, err := stat.CorradoRank(ar, st, en)
	if err != nil {
		x.Note = err.Error()
		return x
	}
	x.Estimate, x.P, x.N = rr.Stat, rr.P, rr.N
	return x
}

// distinct counts the distinct labels in eps, which come in order.
func distinct(eps []int) int {
	n := 0
	for i, e := range eps {
		if i == 0 || e != eps[i-1] {
			n++
		}
	}
	return n
}
