package tables

import (
	"math"
	"strconv"

	"github.com/go-gota/gota/dataframe"
	"github.com/go-gota/gota/series"

	"github.com/rotationlab/rotation/analysis/eventstudy"
	"github.com/rotationlab/rotation/analysis/marketdata"
)

// Abnormal lists each event's abnormal returns, one row per event and
// horizon (the event day "0d" first): the market-adjusted returns and the
// market-model BHAR of A, B and the spread (NaN where undefined), and why
// an event has no market model ("" when it has one).
func Abnormal(es *eventstudy.Result) (dataframe.DataFrame, error) {
	o := es.Study.Options
	var dates, hs, missing []string
	var cols [6][]float64
	for _, e := range es.Events {
		for k, h := range es.Horizons {
			dates, hs, missing = append(dates, marketdata.FormatDate(e.Date)), append(hs, h.String()), append(missing, e.Missing)
			for l := range 3 {
				cols[l] = append(cols[l], e.Abnormal[k][eventstudy.MarketAdjusted][l])
				cols[3+l] = append(cols[3+l], e.Abnormal[k][eventstudy.MarketModel][l])
			}
		}
	}
	ss := []series.Series{series.New(dates, series.String, "date"), series.New(hs, series.String, "horizon")}
	for i, l := range eventstudy.Legs {
		ss = append(ss, series.New(cols[i], series.Float, l.Name(o)+" adj"))
	}
	for i, l := range eventstudy.Legs {
		ss = append(ss, series.New(cols[3+i], series.Float, l.Name(o)+" BHAR"))
	}
	return frame(append(ss, series.New(missing, series.String, "no market model because"))...)
}

// Methods is the methods table, one row per horizon, leg, measure and
// method: the estimate (in its unit), the interval (NaN for a test that
// gives none), the p-value, the count and the detail (draws and seed, lags,
// the sign test's null share).
func Methods(es *eventstudy.Result) (dataframe.DataFrame, error) {
	o := es.Study.Options
	n := len(es.Methods)
	hs, legs, ms, meths, units, det := make([]string, n), make([]string, n), make([]string, n), make([]string, n), make([]string, n), make([]string, n)
	est, lo, hi, p := make([]float64, n), make([]float64, n), make([]float64, n), make([]float64, n)
	cnt := make([]int, n)
	for i, r := range es.Methods {
		hs[i], legs[i], ms[i], meths[i] = r.Horizon.String(), r.Leg.Name(o), r.Measure.String(), r.Method.String()
		units[i] = unitNames[r.Unit]
		est[i], lo[i], hi[i], p[i], cnt[i] = r.Estimate, r.Low, r.High, r.P, r.N
		det[i] = methodDetail(r)
	}
	return frame(series.New(hs, series.String, "horizon"), series.New(legs, series.String, "leg"),
		series.New(ms, series.String, "measure"), series.New(meths, series.String, "method"),
		series.New(est, series.Float, "estimate"), series.New(lo, series.Float, "low"), series.New(hi, series.Float, "high"),
		series.New(p, series.Float, "p"), series.New(cnt, series.Int, "n"), series.New(units, series.String, "unit"),
		series.New(det, series.String, "detail"))
}

var unitNames = map[eventstudy.Unit]string{eventstudy.Return: "return", eventstudy.DailyReturn: "daily return",
	eventstudy.Share: "share positive", eventstudy.Statistic: "z"}

func methodDetail(r eventstudy.Row) string {
	switch {
	case r.Note != "":
		return r.Note
	case r.Method == eventstudy.CalendarTime:
		return "Newey-West, " + itoa(r.Lags) + " lags"
	case r.Method == eventstudy.SignTest:
		return "p0 " + pctText(r.P0)
	case r.Draws > 0:
		return itoa(r.Draws) + " draws, seed " + utoa(r.Seed)
	}
	return ""
}

// Compare sets the methods' p-values and interval widths side by side, one
// row per horizon, leg and measure: the estimate (a return over the
// horizon), then the p-value of the iid bootstrap, the episode bootstrap,
// the date shift and calendar time (NaN where a method does not apply),
// and the widths of the three resampled intervals. It shows how far the
// iid figures overstate.
func Compare(es *eventstudy.Result) (dataframe.DataFrame, error) {
	o := es.Study.Options
	type key struct {
		h string
		l eventstudy.Leg
		m eventstudy.Measure
	}
	var keys []key
	idx := map[key]int{}
	var est []float64
	var ps [4][]float64
	var ws [3][]float64
	for _, r := range es.Methods {
		k := key{h: r.Horizon.String(), l: r.Leg, m: r.Measure}
		i, ok := idx[k]
		if !ok {
			i = len(keys)
			idx[k] = i
			keys = append(keys, k)
			est = append(est, math.NaN())
			for j := range ps {
				ps[j] = append(ps[j], math.NaN())
			}
			for j := range ws {
				ws[j] = append(ws[j], math.NaN())
			}
		}
		switch r.Method {
		case eventstudy.IIDBootstrap, eventstudy.EpisodeBootstrap, eventstudy.DateShift:
			j := int(r.Method) // IIDBootstrap 0, EpisodeBootstrap 1, DateShift 2
			ps[j][i], ws[j][i] = r.P, r.High-r.Low
			if r.Method == eventstudy.EpisodeBootstrap {
				est[i] = r.Estimate
			}
		case eventstudy.CalendarTime:
			ps[3][i] = r.P
		}
	}
	hs, legs, ms := make([]string, len(keys)), make([]string, len(keys)), make([]string, len(keys))
	for i, k := range keys {
		hs[i], legs[i], ms[i] = k.h, k.l.Name(o), k.m.String()
	}
	return frame(series.New(hs, series.String, "horizon"), series.New(legs, series.String, "leg"),
		series.New(ms, series.String, "measure"), series.New(est, series.Float, "estimate"),
		series.New(ps[0], series.Float, "p iid"), series.New(ps[1], series.Float, "p episode"),
		series.New(ps[2], series.Float, "p date shift"), series.New(ps[3], series.Float, "p calendar time"),
		series.New(ws[0], series.Float, "width iid"), series.New(ws[1], series.Float, "width episode"),
		series.New(ws[2], series.Float, "width date shift"))
}

// Calendar lists the calendar-time regressions: horizon, leg, days with an
// open event, the mean number open, the daily intercept, its Newey-West
// standard error, t, p, the intercept compounded over 252 days, the slope
// and the lags.
func Calendar(es *eventstudy.Result) (dataframe.DataFrame, error) {
	o := es.Study.Options
	n := len(es.Calendar)
	hs, legs := make([]string, n), make([]string, n)
	days, lags := make([]int, n), make([]int, n)
	var f [7][]float64
	for j := range f {
		f[j] = make([]float64, n)
	}
	for i, c := range es.Calendar {
		hs[i], legs[i], days[i], lags[i] = c.Horizon.String(), c.Leg.Name(o), c.Days, c.Lags
		for j, v := range [7]float64{c.MeanOpen, c.Alpha, c.SE, c.T, c.P, c.Annual(), c.Beta} {
			f[j][i] = v
		}
	}
	ss := []series.Series{series.New(hs, series.String, "horizon"), series.New(legs, series.String, "leg"), series.New(days, series.Int, "days")}
	for j, name := range []string{"mean open", "alpha/day", "se", "t", "p", "annualised", "beta"} {
		ss = append(ss, series.New(f[j], series.Float, name))
	}
	return frame(append(ss, series.New(lags, series.Int, "lags"))...)
}

func itoa(n int) string    { return strconv.Itoa(n) }
func utoa(n uint64) string { return strconv.FormatUint(n, 10) }

// pctText writes a share as a whole percentage, "n/a" for NaN.
func pctText(x float64) string {
	if math.IsNaN(x) {
		return "n/a"
	}
	return strconv.FormatFloat(100*x, 'f', 0, 64) + "%"
}
