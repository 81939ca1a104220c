package tables

import (
	"fmt"
	"math"

	"github.com/go-gota/gota/dataframe"
	"github.com/go-gota/gota/series"

	"github.com/rotationlab/rotation/analysis"
	"github.com/rotationlab/rotation/analysis/article"
	"github.com/rotationlab/rotation/analysis/marketdata"
	"github.com/rotationlab/rotation/analysis/quality"
	"github.com/rotationlab/rotation/analysis/reproduce"
)

func frame(cols ...series.Series) (dataframe.DataFrame, error) {
	df := dataframe.New(cols...)
	if df.Err != nil {
		return df, fmt.Errorf("tables: building table: %w", df.Err)
	}
	return df, nil
}

// Sweep tabulates a threshold sweep: the threshold, the event count, the
// episodes and the mean forward returns of A and B per horizon.
func Sweep(rows []analysis.SweepRow, opt analysis.Options) (dataframe.DataFrame, error) {
	var thr []float64
	var events, episodes []int
	means := make([][]float64, 2*len(opt.Horizons))
	for _, r := range rows {
		thr = append(thr, r.Threshold)
		events = append(events, r.Events)
		episodes = append(episodes, r.Episodes)
		for k := range opt.Horizons {
			means[2*k] = append(means[2*k], r.MeanA[k])
			means[2*k+1] = append(means[2*k+1], r.MeanB[k])
		}
	}
	ss := []series.Series{series.New(thr, series.Float, "threshold"), series.New(events, series.Int, "events"), series.New(episodes, series.Int, "episodes")}
	for k, h := range opt.Horizons {
		ss = append(ss, series.New(means[2*k], series.Float, string(opt.A)+" "+h.String()),
			series.New(means[2*k+1], series.Float, string(opt.B)+" "+h.String()))
	}
	return frame(ss...)
}

// Events lists the events: date, the day's returns and spread, the
// episode, and per horizon the forward returns of A and B (NaN when the
// data ends first).
func Events(r *analysis.Result) (dataframe.DataFrame, error) {
	n := len(r.Events)
	dates := make([]string, n)
	a, b, s := make([]float64, n), make([]float64, n), make([]float64, n)
	ep := make([]int, n)
	for i, e := range r.Events {
		dates[i] = marketdata.FormatDate(e.Date)
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

// Summary has one row per horizon and leg (A, B, spread): the events'
// statistics, the baseline mean and the excess with its interval and
// p-value.
func Summary(r *analysis.Result) (dataframe.DataFrame, error) {
	var (
		hz, leg                                    []string
		n, dropped, episodes                       []int
		mean, median, hit, std, min, max, baseMean []float64
		excess, lo, hi, p                          []float64
	)
	names := [3]string{string(r.Options.A), string(r.Options.B), string(r.Options.A) + "-" + string(r.Options.B)}
	for _, h := range r.Horizons {
		ev := [3]analysis.Stats{h.Events.A, h.Events.B, h.Events.Spread}
		bs := [3]analysis.Stats{h.Baseline.A, h.Baseline.B, h.Baseline.Spread}
		ex := [3]analysis.Excess{h.Excess.A, h.Excess.B, h.Excess.Spread}
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

// Episodes lists the episodes: first and last event date and the count.
func Episodes(r *analysis.Result) (dataframe.DataFrame, error) {
	var start, end []string
	var count []int
	for _, e := range r.Episodes {
		start = append(start, marketdata.FormatDate(e.Start))
		end = append(end, marketdata.FormatDate(e.End))
		count = append(count, e.Events)
	}
	return frame(
		series.New(start, series.String, "start"),
		series.New(end, series.String, "end"),
		series.New(count, series.Int, "events"),
	)
}

// Prices lists both legs' adjusted and raw closes on the aligned
// dates (raw columns are NaN for a series without raw closes).
func Prices(al *marketdata.Aligned) (dataframe.DataFrame, error) {
	n := al.Len()
	dates := make([]string, n)
	for i, d := range al.Dates {
		dates[i] = marketdata.FormatDate(d)
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

// Days renders chosen days: date, both returns, spread, and whether
// the day is an event in the study's window.
func Days(r *analysis.Result, rows []analysis.DayRow) (dataframe.DataFrame, error) {
	isEvent := map[int]bool{}
	for _, e := range r.Events {
		isEvent[e.Row] = true
	}
	var dates, ev []string
	var a, b, s []float64
	for _, d := range rows {
		dates = append(dates, marketdata.FormatDate(r.Dates[d.Row]))
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

// Named sets the article's named days beside ours.
func Named(rep *reproduce.Reproduction) (dataframe.DataFrame, error) {
	var dates []string
	var ours, theirs, a, b []float64
	for _, n := range rep.Named {
		dates = append(dates, marketdata.FormatDate(n.Claim.Date))
		ours, theirs = append(ours, n.Spread), append(theirs, n.Claim.Spread)
		a, b = append(a, n.A), append(b, n.B)
	}
	c := rep.Claims
	return frame(
		series.New(dates, series.String, "date"),
		series.New(a, series.Float, string(c.A)),
		series.New(b, series.Float, string(c.B)),
		series.New(ours, series.Float, "spread"),
		series.New(theirs, series.Float, "article spread"),
	)
}

// Conventions has one row per convention with the event count and the
// mean forward returns, and a last row with the article's figures.
func Conventions(rep *reproduce.Reproduction) (dataframe.DataFrame, error) {
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

// Scan renders scan rows.
func Scan(rows []analysis.ScanRow, hs []analysis.Horizon) (dataframe.DataFrame, error) {
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

// Curve has one row per mean of the article's: the spread of the
// specification curve (min, 10%, median, 90%, max), our headline's value,
// the article's, and the share of specifications below the article's.
func Curve(figs []reproduce.Figure) (dataframe.DataFrame, error) {
	var names []string
	cols := make([][]float64, 8)
	for _, f := range figs {
		names = append(names, f.Name)
		for k, v := range []float64{f.Min, f.P10, f.Median, f.P90, f.Max, f.Headline, f.Article, f.ArticleRank} {
			cols[k] = append(cols[k], v)
		}
	}
	ss := []series.Series{series.New(names, series.String, "mean")}
	for k, h := range []string{"min", "10%", "median", "90%", "max", "ours", "article", "share below the article"} {
		ss = append(ss, series.New(cols[k], series.Float, h))
	}
	return frame(ss...)
}

// Best lists the specifications closest to the article: their choices, the
// event left out, the events, the four means and the distance in pp.
func Best(s *reproduce.Search, c article.Claims) (dataframe.DataFrame, error) {
	var price, rule, hz, entry, excluded []string
	var events []int
	var dist []float64
	means := make([][]float64, 4)
	for _, b := range s.Best {
		price, rule, hz, entry = append(price, b.Price.String()), append(rule, b.Compare.String()), append(hz, b.Horizon.String()), append(entry, b.Entry.String())
		ex := "none"
		if !b.Excluded.IsZero() {
			ex = marketdata.FormatDate(b.Excluded)
		}
		excluded = append(excluded, ex)
		events, dist = append(events, b.Events), append(dist, b.Distance)
		for k, v := range []float64{b.ShortA, b.ShortB, b.LongA, b.LongB} {
			means[k] = append(means[k], v)
		}
	}
	ss := []series.Series{series.New(price, series.String, "price"), series.New(rule, series.String, "rule"),
		series.New(hz, series.String, "horizons"), series.New(entry, series.String, "entry"),
		series.New(excluded, series.String, "left out"), series.New(events, series.Int, "events")}
	for k, h := range []string{string(c.A) + " 3m", string(c.B) + " 3m", string(c.A) + " 12m", string(c.B) + " 12m"} {
		ss = append(ss, series.New(means[k], series.Float, h))
	}
	ss = append(ss, series.New(dist, series.Float, "distance (pp)"))
	return frame(ss...)
}

// Flags lists data-quality flags: ticker, date, reason, detail and the
// study event the day's close enters (empty for none).
func Flags(flags []quality.Flag) (dataframe.DataFrame, error) {
	var tk, date, reason, detail, event []string
	for _, f := range flags {
		tk, date, reason, detail = append(tk, string(f.Ticker)), append(date, marketdata.FormatDate(f.Date)), append(reason, string(f.Reason)), append(detail, f.Detail)
		ev := ""
		if !f.Event.IsZero() {
			ev = marketdata.FormatDate(f.Event)
		}
		event = append(event, ev)
	}
	return frame(series.New(tk, series.String, "ticker"), series.New(date, series.String, "date"), series.New(reason, series.String, "reason"),
		series.New(detail, series.String, "detail"), series.New(event, series.String, "event"))
}
