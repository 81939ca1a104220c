package analysis

import (
	"fmt"

	"github.com/go-gota/gota/dataframe"
	"github.com/go-gota/gota/series"
	"github.com/rotationlab/rotation/marketdata"
)

// Tables as gota dataframes, for notebooks. Dates are strings in
// YYYY-MM-DD form, returns are fractions, and missing values are NaN. Every
// function checks the frame's Err and returns it.

func frame(cols ...series.Series) (dataframe.DataFrame, error) {
	df := dataframe.New(cols...)
	if df.Err != nil {
		return df, fmt.Errorf("analysis: building table: %w", df.Err)
	}
	return df, nil
}

// EventsTable lists the events: date, the day's returns and spread, the
// episode, and per horizon the forward returns of A and B (NaN when the
// data ends first).
func (r *Result) EventsTable() (dataframe.DataFrame, error) {
	n := len(r.Events)
	dates := make([]string, n)
	a, b, s := make([]float64, n), make([]float64, n), make([]float64, n)
	ep := make([]int, n)
	for i, e := range r.Events {
		dates[i] = e.Date.Format(marketdata.DateLayout)
		a[i], b[i], s[i], ep[i] = e.A, e.B, e.Spread, e.Episode
	}
	A, B := string(r.Options.A), string(r.Options.B)
	cols := []series.Series{
		series.New(dates, series.String, "date"),
		series.New(a, series.Float, A),
		series.New(b, series.Float, B),
		series.New(s, series.Float, "spread"),
		series.New(ep, series.Int, "episode"),
	}
	for k, h := range r.Options.Horizons {
		fa, fb := make([]float64, n), make([]float64, n)
		for i, e := range r.Events {
			fa[i], fb[i] = e.Forward[k].A, e.Forward[k].B
		}
		cols = append(cols,
			series.New(fa, series.Float, A+" "+h.String()),
			series.New(fb, series.Float, B+" "+h.String()))
	}
	return frame(cols...)
}

// SummaryTable has one row per horizon and leg (A, B, spread): the events'
// statistics, the baseline mean and the excess with its interval and
// p-value.
func (r *Result) SummaryTable() (dataframe.DataFrame, error) {
	var (
		hz, leg                                    []string
		n, dropped, episodes                       []int
		mean, median, hit, std, min, max, baseMean []float64
		excess, lo, hi, p                          []float64
	)
	names := [3]string{string(r.Options.A), string(r.Options.B), string(r.Options.A) + "-" + string(r.Options.B)}
	for _, h := range r.Horizons {
		ev := [3]Stats{h.Events.A, h.Events.B, h.Events.Spread}
		bs := [3]Stats{h.Baseline.A, h.Baseline.B, h.Baseline.Spread}
		ex := [3]Excess{h.Excess.A, h.Excess.B, h.Excess.Spread}
		for k := range 3 {
			hz = append(hz, h.Horizon.String())
			leg = append(leg, names[k])
			n = append(n, h.N)
			dropped = append(dropped, h.Dropped)
			episodes = append(episodes, h.Episodes)
			mean = append(mean, ev[k].Mean)
			median = append(median, ev[k].Median)
			hit = append(hit, ev[k].HitRate)
			std = append(std, ev[k].Std)
			min = append(min, ev[k].Min)
			max = append(max, ev[k].Max)
			baseMean = append(baseMean, bs[k].Mean)
			excess = append(excess, ex[k].Mean)
			lo = append(lo, ex[k].Low)
			hi = append(hi, ex[k].High)
			p = append(p, ex[k].P)
		}
	}
	return frame(
		series.New(hz, series.String, "horizon"),
		series.New(leg, series.String, "leg"),
		series.New(n, series.Int, "n"),
		series.New(dropped, series.Int, "dropped"),
		series.New(episodes, series.Int, "episodes"),
		series.New(mean, series.Float, "mean"),
		series.New(median, series.Float, "median"),
		series.New(hit, series.Float, "hit_rate"),
		series.New(std, series.Float, "std"),
		series.New(min, series.Float, "min"),
		series.New(max, series.Float, "max"),
		series.New(baseMean, series.Float, "baseline_mean"),
		series.New(excess, series.Float, "excess"),
		series.New(lo, series.Float, "ci_low"),
		series.New(hi, series.Float, "ci_high"),
		series.New(p, series.Float, "p_value"),
	)
}

// EpisodesTable lists the episodes: first and last event date and the count.
func (r *Result) EpisodesTable() (dataframe.DataFrame, error) {
	var start, end []string
	var count []int
	for _, e := range r.Episodes {
		start = append(start, e.Start.Format(marketdata.DateLayout))
		end = append(end, e.End.Format(marketdata.DateLayout))
		count = append(count, e.Events)
	}
	return frame(
		series.New(start, series.String, "start"),
		series.New(end, series.String, "end"),
		series.New(count, series.Int, "events"),
	)
}
