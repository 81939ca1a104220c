package report

import (
	"fmt"
	"io"
	"math"
	"strings"
	"text/tabwriter"

	"github.com/rotationlab/rotation/analysis"
	"github.com/rotationlab/rotation/analysis/article"
	"github.com/rotationlab/rotation/analysis/marketdata"
	"github.com/rotationlab/rotation/analysis/reproduce"
)

// Study is the JSON form of an analysis.Result (rotation study -json).
type Study struct {
	// Gaps, first so that it is seen, is there only when a series lacks
	// trading days (see analysis.StudyGaps).
	Gaps *Gaps `json:"gaps,omitempty"`
	// A and B are the legs; the spread is A's return minus B's.
	A marketdata.Ticker `json:"a"`
	B marketdata.Ticker `json:"b"`
	// Threshold is the spread that makes an event, as a fraction.
	Threshold float64 `json:"threshold"`
	// Price is the close studied: "adjusted" or "raw".
	Price string `json:"price"`
	// After is the first day that may be an event (inclusive), Before the
	// day events come strictly before; "" when unset.
	After  string `json:"after"`
	Before string `json:"before"`
	// Mirror is true for the mirror case: spread <= -threshold.
	Mirror bool `json:"mirror"`
	// Above, there only when true, says events pass the threshold
	// strictly: spread > threshold (< -threshold under the mirror).
	Above bool `json:"above,omitempty"`
	// Decluster is the least number of trading days between counted
	// events (0: every candidate counts).
	Decluster int `json:"decluster"`
	// EntryLag is how many trading days after the event's close the legs
	// are entered.
	EntryLag int `json:"entry_lag"`
	// Window is the first and last day that could be an event.
	Window Window `json:"window"`
	// Data describes the aligned data.
	Data Data `json:"data"`
	// Candidates counts the days over the threshold before declustering.
	Candidates int `json:"candidates"`
	// Events are the counted event days, in order; never null.
	Events []Event `json:"events"`
	// Episodes are the clusters the events fall into; never null.
	Episodes []Episode `json:"episodes"`
	// Horizons hold the statistics at each forward horizon.
	Horizons []Horizon `json:"horizons"`
}

// Window is the first and last day that could be an event.
type Window struct {
	Start string `json:"start"`
	End   string `json:"end"`
}

// Data describes the aligned data.
type Data struct {
	// Start and End bound the common range of the two series.
	Start string `json:"start"`
	End   string `json:"end"`
	// Days is the number of days both series have.
	Days int `json:"days"`
	// Missing counts, per ticker, the dates inside the common range that
	// the other series has and this one lacks (dropped by the alignment).
	Missing map[string]int `json:"missing"`
}

// Event is one event day.
type Event struct {
	Date string `json:"date"`
	// AReturn and BReturn are the legs' returns on the day, Spread their
	// difference.
	AReturn Number `json:"a_return"`
	BReturn Number `json:"b_return"`
	Spread  Number `json:"spread"`
	// Episode numbers the event's episode, from 0 (an index into
	// Study.Episodes).
	Episode int `json:"episode"`
	// Forward holds the forward returns, one per horizon in Study.Horizons'
	// order.
	Forward []Forward `json:"forward"`
}

// Forward is an event's forward return at one horizon.
type Forward struct {
	// Horizon is the horizon's label: "63d" or "3mo".
	Horizon string `json:"horizon"`
	// Exit is the day the position is left; "" and the returns null when
	// the data end before the horizon.
	Exit   string `json:"exit"`
	A      Number `json:"a"`
	B      Number `json:"b"`
	Spread Number `json:"spread"`
}

// Episode is a cluster of events: events more than the episode gap apart
// start a new one.
type Episode struct {
	Start  string `json:"start"`
	End    string `json:"end"`
	Events int    `json:"events"`
}

// Stats is analysis.Stats: a leg's forward returns summarised; null where
// undefined (no return to summarise, or one for Std).
type Stats struct {
	N      int    `json:"n"`
	Mean   Number `json:"mean"`
	Median Number `json:"median"`
	// HitRate is the share of positive returns.
	HitRate Number `json:"hit_rate"`
	Std     Number `json:"std"`
	Min     Number `json:"min"`
	Max     Number `json:"max"`
}

// Excess is analysis.Excess: the events' mean less the baseline's, with its
// bootstrap interval and p-value (null without resamples).
type Excess struct {
	Mean Number `json:"mean"`
	// CILow and CIHigh bound the bootstrap percentile interval of Mean at
	// Horizon.Confidence.
	CILow  Number `json:"ci_low"`
	CIHigh Number `json:"ci_high"`
	// PValue is the two-sided bootstrap p-value of Mean being zero.
	PValue Number `json:"p_value"`
}

// Legs holds a figure for each leg and for the spread.
type Legs[T any] struct {
	A      T `json:"a"`
	B      T `json:"b"`
	Spread T `json:"spread"`
}

// Horizon is the study at one forward horizon.
type Horizon struct {
	// Horizon is the label: "63d" or "3mo".
	Horizon string `json:"horizon"`
	// Days is the horizon in trading days (0 for a calendar-month
	// horizon, whose length is in Months).
	Days   int `json:"days"`
	Months int `json:"months"`
	// N counts the events whose forward return the data reach, Dropped
	// those they do not.
	N       int `json:"n"`
	Dropped int `json:"dropped"`
	// Episodes counts the episodes among the N events.
	Episodes int `json:"episodes"`
	// A, B and Spread summarise the events' forward returns.
	A      Stats `json:"a"`
	B      Stats `json:"b"`
	Spread Stats `json:"spread"`
	// Baseline is the same forward return from every day in the window.
	Baseline Legs[Stats] `json:"baseline"`
	// Excess is the events over the baseline.
	Excess Legs[Excess] `json:"excess"`
	// Confidence (0.95), Resamples and Seed are the bootstrap's set-up.
	Confidence float64 `json:"confidence"`
	Resamples  int     `json:"resamples"`
	Seed       uint64  `json:"seed"`
}

func newStats(s analysis.Stats) Stats {
	return Stats{N: s.N, Mean: Number(s.Mean), Median: Number(s.Median), HitRate: Number(s.HitRate),
		Std: Number(s.Std), Min: Number(s.Min), Max: Number(s.Max)}
}

func newExcess(e analysis.Excess) Excess {
	return Excess{Mean: Number(e.Mean), CILow: Number(e.Low), CIHigh: Number(e.High), PValue: Number(e.P)}
}

// NewStudy returns the JSON form of r; g, when not nil, adds the gaps.
func NewStudy(r *analysis.Result, g *analysis.Gaps) Study {
	o := r.Options
	rep := Study{
		Gaps: NewGaps(g),
		A:    o.A, B: o.B, Threshold: o.Threshold, Price: o.Price.String(),
		After: optionalDate(o.After), Before: optionalDate(o.Before), Mirror: o.Mirror, Above: o.Compare == analysis.Above, Decluster: o.Decluster,
		EntryLag: o.EntryLag, Window: Window{optionalDate(r.WindowStart), optionalDate(r.WindowEnd)},
		Data: Data{Start: optionalDate(r.Dates[0]), End: optionalDate(r.Dates[len(r.Dates)-1]), Days: len(r.Dates),
			Missing: map[string]int{}},
		Candidates: r.Candidates, Events: []Event{}, Episodes: []Episode{},
	}
	if r.Alignment != nil {
		for _, g := range r.Alignment.Gaps {
			rep.Data.Missing[string(g.Ticker)] = len(g.Dates)
		}
	}
	for _, e := range r.Events {
		re := Event{Date: optionalDate(e.Date), AReturn: Number(e.A), BReturn: Number(e.B),
			Spread: Number(e.Spread), Episode: e.Episode}
		for i, f := range e.Forward {
			re.Forward = append(re.Forward, Forward{Horizon: o.Horizons[i].String(), Exit: optionalDate(f.Exit),
				A: Number(f.A), B: Number(f.B), Spread: Number(f.Spread)})
		}
		rep.Events = append(rep.Events, re)
	}
	for _, ep := range r.Episodes {
		rep.Episodes = append(rep.Episodes, Episode{optionalDate(ep.Start), optionalDate(ep.End), ep.Events})
	}
	for _, h := range r.Horizons {
		rh := Horizon{Horizon: h.Horizon.String(), N: h.N, Dropped: h.Dropped, Episodes: h.Episodes,
			A: newStats(h.Events.A), B: newStats(h.Events.B), Spread: newStats(h.Events.Spread),
			Baseline:   Legs[Stats]{newStats(h.Baseline.A), newStats(h.Baseline.B), newStats(h.Baseline.Spread)},
			Excess:     Legs[Excess]{newExcess(h.Excess.A), newExcess(h.Excess.B), newExcess(h.Excess.Spread)},
			Confidence: o.Confidence, Resamples: o.Resamples, Seed: o.Seed,
		}
		if h.Horizon.Unit == analysis.Months {
			rh.Months = h.Horizon.N
		} else {
			rh.Days = h.Horizon.N
		}
		rep.Horizons = append(rep.Horizons, rh)
	}
	return rep
}

// Percentages, written by the study's one formatter: signed with two
// decimals, with one as the article quotes them, unsigned, and whole (a
// hit rate or a rank: "57%", or "n/a" when there is nothing to count).
var (
	pct      = SignedPct.Format
	pct1     = SignedPct1.Format
	pctAbs   = PlainPct.Format
	pctWhole = WholePct.Format
)

// WriteStudy writes the text report of r (rotation study): the set-up and
// the data, the article's named days when r studies the article's legs,
// the events, and the statistics at each horizon, with the article's
// figures beside ours when r has the article's set-up (see
// reproduce.SameSetUp). g, when not nil, adds a line for each series that
// lacks trading days, after the warning of GapNotice. It returns the first
// write error.
func WriteStudy(w io.Writer, r *analysis.Result, c article.Claims, g *analysis.Gaps) error {
	bw := newWriter(w)
	bw.WriteString(GapNotice(g))
	writeStudy(bw, r, c, g)
	return bw.Flush()
}

// writeStudy writes the study's report without the gap notice.
func writeStudy(w io.Writer, r *analysis.Result, c article.Claims, g *analysis.Gaps) {
	o := r.Options
	verb, margin, test := ruleWords(o.EventRule)
	fmt.Fprintf(w, "Days when %s's daily return %s %s's %s (%s), %s close\n",
		o.A, verb, o.B, margin, test, o.Price)
	if r.Alignment != nil {
		fmt.Fprint(w, indent(r.Alignment.Report(), "  "))
	}
	for _, l := range GapLines(g) {
		fmt.Fprintln(w, "  "+l)
	}
	win := "window: " + marketdata.FormatDate(r.WindowStart) + " to " + marketdata.FormatDate(r.WindowEnd)
	if !o.Before.IsZero() {
		win += " (before " + marketdata.FormatDate(o.Before) + ")"
	}
	fmt.Fprintln(w, "  "+win)
	art := reproduce.SameSetUp(o, c)
	fmt.Fprintln(w)
	if o.A == c.A && o.B == c.B && !o.Mirror {
		writeNamed(w, reproduce.NamedDays(r, c), c)
		fmt.Fprintln(w)
	}
	evLine := fmt.Sprintf("Events: %d", len(r.Events))
	if art {
		evLine += fmt.Sprintf(" (article: %d)", c.Events)
	}
	if o.Decluster > 0 {
		evLine += fmt.Sprintf(", kept from %d candidates at least %d trading days apart", r.Candidates, o.Decluster)
	}
	evLine += fmt.Sprintf(", in %d %s (events more than %d trading days apart start a new one)",
		len(r.Episodes), plural(len(r.Episodes), "episode", "episodes"), o.EpisodeGap)
	fmt.Fprintln(w, evLine)
	// w is buffered (WriteStudy): tabwriter's many small writes of cells
	// and padding do not each reach the file.
	tw := tabwriter.NewWriter(w, 0, 0, 2, ' ', tabwriter.AlignRight)
	head := []string{"date", string(o.A), string(o.B), "spread"}
	for _, h := range o.Horizons {
		head = append(head, string(o.A)+" "+h.String(), string(o.B)+" "+h.String())
	}
	fmt.Fprintln(tw, strings.Join(head, "\t")+"\t")
	// One line buffer for all events, which may number tens of thousands:
	// the same text as pct and FormatDate give, without a string per cell.
	var line []byte
	for _, e := range r.Events {
		line = e.Date.AppendFormat(line[:0], marketdata.DateLayout)
		for _, x := range [...]float64{e.A, e.B, e.Spread} {
			line = SignedPct.Append(append(line, '\t'), x)
		}
		for _, f := range e.Forward {
			line = SignedPct.Append(append(line, '\t'), f.A)
			line = SignedPct.Append(append(line, '\t'), f.B)
		}
		tw.Write(append(line, "\t\n"...))
	}
	tw.Flush()
	fmt.Fprintln(w)
	writeHorizons(w, r, c, art)
}

// writeNamed writes the article's named days as the data have them.
func writeNamed(w io.Writer, named []reproduce.Named, c article.Claims) {
	fmt.Fprintln(w, "The article's named days (ours, article):")
	for _, n := range named {
		d := n.Claim
		if !n.Found {
			fmt.Fprintf(w, "  %s  not in the data (spread %s in the article)\n", marketdata.FormatDate(d.Date), pct(d.Spread))
			continue
		}
		line := fmt.Sprintf("  %s  spread %s (%s)", marketdata.FormatDate(d.Date), pct(n.Spread), pct(d.Spread))
		if d.QuotedA || d.QuotedB {
			line += fmt.Sprintf("  %s %s (%s)  %s %s (%s)", c.A, pct(n.A), pct(d.A), c.B, pct(n.B), pct(d.B))
		}
		fmt.Fprintln(w, line)
	}
}

// writeHorizons writes the statistics at each horizon; art adds the
// article's mean beside each leg.
func writeHorizons(w io.Writer, r *analysis.Result, c article.Claims, art bool) {
	o := r.Options
	fmt.Fprintf(w, "Forward returns after events, against every day in the window (baseline); %.0f%% bootstrap interval of the excess, %d resamples, seed %d\n",
		100*o.Confidence, o.Resamples, o.Seed)
	tw := tabwriter.NewWriter(w, 0, 0, 2, ' ', tabwriter.AlignRight)
	head := "horizon\tleg\tn\tdropped\tepisodes\tmean\tmedian\thit rate\tstd\tmin\tmax\tbaseline\texcess\tinterval\tp\t"
	if art {
		head += "article mean\t"
	}
	fmt.Fprintln(tw, head)
	for _, h := range r.Horizons {
		legs := []struct {
			name string
			s    analysis.Stats
			b    analysis.Stats
			e    analysis.Excess
			art  float64
		}{
			{string(o.A), h.Events.A, h.Baseline.A, h.Excess.A, math.NaN()},
			{string(o.B), h.Events.B, h.Baseline.B, h.Excess.B, math.NaN()},
			{string(o.A) + "-" + string(o.B), h.Events.Spread, h.Baseline.Spread, h.Excess.Spread, math.NaN()},
		}
		if f, ok := reproduce.ArticleFigure(c, h.Horizon); art && ok {
			legs[0].art, legs[1].art, legs[2].art = f.A, f.B, f.A-f.B
		}
		for _, l := range legs {
			row := fmt.Sprintf("%s\t%s\t%d\t%d\t%d\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t[%s, %s]\t%s\t",
				h.Horizon, l.name, h.N, h.Dropped, h.Episodes, pct(l.s.Mean), pct(l.s.Median), pctWhole(l.s.HitRate),
				pctAbs(l.s.Std), pct(l.s.Min), pct(l.s.Max), pct(l.b.Mean), pct(l.e.Mean), pct(l.e.Low), pct(l.e.High), pval(l.e.P))
			if art {
				row += pct1(l.art) + "\t"
			}
			fmt.Fprintln(tw, row)
		}
	}
	tw.Flush()
}

func indent(s, pre string) string {
	var b strings.Builder
	for line := range strings.Lines(s) {
		b.WriteString(pre + line)
	}
	return b.String()
}

// pval formats a p-value with three decimals, or "<0.001".
func pval(p float64) string {
	switch {
	case math.IsNaN(p):
		return "n/a"
	case p < 0.001:
		return "<0.001"
	}
	return fmt.Sprintf("%.3f", p)
}

func plural(n int, one, many string) string {
	if n == 1 {
		return one
	}
	return many
}
