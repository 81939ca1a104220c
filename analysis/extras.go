package analysis

import (
	"cmp"
	"fmt"
	"math"
	"slices"

	"github.com/go-gota/gota/dataframe"
	"github.com/go-gota/gota/series"

	"github.com/rotationlab/rotation/marketdata"
)

// PricesTable lists both legs' adjusted and raw closes on the aligned
// dates (raw columns are NaN for a series without raw closes).
func PricesTable(al *marketdata.Aligned) (dataframe.DataFrame, error) {
	n := al.Len()
	dates := make([]string, n)
	for i, d := range al.Dates {
		dates[i] = d.Format(marketdata.DateLayout)
	}
	cols := []series.Series{series.New(dates, series.String, "date")}
	for i, s := range al.Series {
		adj, err := al.Close(i, marketdata.Adjusted)
		if err != nil {
			return dataframe.DataFrame{}, err
		}
		raw, err := al.Close(i, marketdata.Raw)
		if err != nil {
			raw = make([]float64, n)
			for k := range raw {
				raw[k] = math.NaN()
			}
		}
		cols = append(cols, series.New(adj, series.Float, string(s.Ticker)+" adjusted"),
			series.New(raw, series.Float, string(s.Ticker)+" raw"))
	}
	return frame(cols...)
}

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

// DaysTable renders chosen days: date, both returns, spread, and whether
// the day is an event in the study's window.
func (r *Result) DaysTable(rows []DayRow) (dataframe.DataFrame, error) {
	isEvent := map[int]bool{}
	for _, e := range r.Events {
		isEvent[e.Row] = true
	}
	var dates, ev []string
	var a, b, s []float64
	for _, d := range rows {
		dates = append(dates, r.Dates[d.Row].Format(marketdata.DateLayout))
		a, b, s = append(a, d.A), append(b, d.B), append(s, d.Spread)
		ev = append(ev, map[bool]string{true: "yes", false: ""}[isEvent[d.Row]])
	}
	o := r.Options
	return frame(
		series.New(dates, series.String, "date"),
		series.New(a, series.Float, string(o.A)),
		series.New(b, series.Float, string(o.B)),
		series.New(s, series.Float, "spread"),
		series.New(ev, series.String, "event"),
	)
}

// NamedTable sets the article's named days beside ours.
func (rep *Reproduction) NamedTable() (dataframe.DataFrame, error) {
	var dates []string
	var ours, theirs, a, b []float64
	for _, n := range rep.Named {
		dates = append(dates, n.Claim.Date.Format(marketdata.DateLayout))
		ours, theirs = append(ours, n.Spread), append(theirs, n.Claim.Spread)
		a, b = append(a, n.A), append(b, n.B)
	}
	c := rep.Claims
	return frame(
		series.New(dates, series.String, "date"),
		series.New(a, series.Float, c.A),
		series.New(b, series.Float, c.B),
		series.New(ours, series.Float, "spread"),
		series.New(theirs, series.Float, "article spread"),
	)
}

// ConventionsTable has one row per convention with the event count and the
// mean forward returns, and a last row with the article's figures.
func (rep *Reproduction) ConventionsTable() (dataframe.DataFrame, error) {
	c := rep.Claims
	var names []string
	var events []int
	cols := make([][]float64, 2*len(c.Forward))
	for _, cr := range rep.Conventions {
		names = append(names, cr.Convention.String())
		events = append(events, cr.Events)
		for k, h := range cr.Horizons {
			cols[2*k] = append(cols[2*k], h.Events.A.Mean)
			cols[2*k+1] = append(cols[2*k+1], h.Events.B.Mean)
		}
	}
	names = append(names, "article")
	events = append(events, c.Events)
	for k, f := range c.Forward {
		cols[2*k] = append(cols[2*k], f.A)
		cols[2*k+1] = append(cols[2*k+1], f.B)
	}
	ss := []series.Series{series.New(names, series.String, "convention"), series.New(events, series.Int, "events")}
	for k, f := range c.Forward {
		ss = append(ss, series.New(cols[2*k], series.Float, fmt.Sprintf("%s %dm", c.A, f.Months)),
			series.New(cols[2*k+1], series.Float, fmt.Sprintf("%s %dm", c.B, f.Months)))
	}
	return frame(ss...)
}

// Sweep reruns the study at each threshold (without the bootstrap) and
// tabulates the event count, episodes and mean forward returns per horizon.
func Sweep(al *marketdata.Aligned, opt Options, thresholds []float64) (dataframe.DataFrame, error) {
	var thr []float64
	var events, episodes []int
	means := make([][]float64, 2*len(opt.Horizons))
	opt.Resamples = 0
	for _, t := range thresholds {
		o := opt
		o.Threshold = t
		r, err := Run(al, o)
		if err != nil {
			return dataframe.DataFrame{}, err
		}
		thr = append(thr, t)
		events = append(events, len(r.Events))
		episodes = append(episodes, len(r.Episodes))
		for k, h := range r.Horizons {
			means[2*k] = append(means[2*k], h.Events.A.Mean)
			means[2*k+1] = append(means[2*k+1], h.Events.B.Mean)
		}
	}
	ss := []series.Series{series.New(thr, series.Float, "threshold"), series.New(events, series.Int, "events"), series.New(episodes, series.Int, "episodes")}
	for k, h := range opt.Horizons {
		ss = append(ss, series.New(means[2*k], series.Float, string(opt.A)+" "+h.String()),
			series.New(means[2*k+1], series.Float, string(opt.B)+" "+h.String()))
	}
	return frame(ss...)
}

// ScanTable renders scan rows.
func ScanTable(rows []ScanRow, hs []Horizon) (dataframe.DataFrame, error) {
	var a, b []string
	var ev []int
	n := make([][]int, len(hs))
	ma, mb := make([][]float64, len(hs)), make([][]float64, len(hs))
	for _, r := range rows {
		a, b, ev = append(a, string(r.A)), append(b, string(r.B)), append(ev, r.Events)
		for k, f := range r.Forward {
			n[k] = append(n[k], f.N)
			ma[k], mb[k] = append(ma[k], f.A), append(mb[k], f.B)
		}
	}
	ss := []series.Series{series.New(a, series.String, "A"), series.New(b, series.String, "B"), series.New(ev, series.Int, "events")}
	for k, h := range hs {
		ss = append(ss, series.New(n[k], series.Int, "n "+h.String()),
			series.New(ma[k], series.Float, "A "+h.String()), series.New(mb[k], series.Float, "B "+h.String()))
	}
	return frame(ss...)
}
