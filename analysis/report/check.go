package report

import (
	"errors"
	"fmt"
	"io"
	"math"
	"text/tabwriter"

	"github.com/rotationlab/rotation/analysis"
	"github.com/rotationlab/rotation/analysis/marketdata"
	"github.com/rotationlab/rotation/analysis/quality"
)

// Check is the JSON form of the data checks (rotation check -json).
type Check struct {
	// Gaps, first so that it is seen, is there only when a series lacks
	// trading days; check reports them, it does not refuse them.
	Gaps *Gaps `json:"gaps,omitempty"`
	// Index, there only when funds were checked against their indices
	// (rotation check -index), summarizes each fund against its index.
	Index []IndexPair `json:"index,omitempty"`
	// Flags are the flagged days, in the order the checks found them;
	// never null.
	Flags []Flag `json:"flags"`
}

// IndexPair is one fund against its index: a quality.IndexSummary.
// Returns and departures are fractions (0.01 is 1 percentage point).
type IndexPair struct {
	Fund  marketdata.Ticker `json:"fund"`
	Index marketdata.Index  `json:"index"`
	// Days is the number of daily returns compared, Flagged those whose
	// departure (fund less index) exceeds Tolerance.
	Days      int     `json:"days"`
	Flagged   int     `json:"flagged"`
	Tolerance float64 `json:"tolerance"`
	// MedianAbs and P99Abs are the median and 99th percentile of the
	// absolute departure; absent when no day was compared.
	MedianAbs *float64 `json:"median_abs_departure,omitempty"`
	P99Abs    *float64 `json:"p99_abs_departure,omitempty"`
	First     string   `json:"first,omitempty"`
	Last      string   `json:"last,omitempty"`
}

// Flag is one flagged day: a quality.Flag.
type Flag struct {
	Ticker marketdata.Ticker `json:"ticker"`
	Date   string            `json:"date"`
	// Reason is what is wrong ("close repeated"), Detail the figures
	// behind it.
	Reason string `json:"reason"`
	Detail string `json:"detail"`
	// Event is the study event whose return rests on this day's close;
	// absent when none.
	Event string `json:"event,omitempty"`
	// Index, FundReturn, IndexReturn and Departure (fund less index, a
	// fraction) are there on the days a fund departs from its index only.
	Index       marketdata.Index `json:"index,omitempty"`
	FundReturn  *float64         `json:"fund_return,omitempty"`
	IndexReturn *float64         `json:"index_return,omitempty"`
	Departure   *float64         `json:"departure,omitempty"`
}

// NewCheck returns the JSON form of the flags; g, when not nil, adds the
// gaps, and index the funds checked against their indices.
func NewCheck(flags []quality.Flag, g *analysis.Gaps, index ...quality.IndexSummary) Check {
	out := Check{Gaps: NewGaps(g), Flags: []Flag{}}
	for _, s := range index {
		p := IndexPair{Fund: s.Pair.Fund, Index: s.Pair.Index, Days: s.Days, Flagged: s.Flagged, Tolerance: s.Tolerance,
			MedianAbs: finitePtr(s.MedianAbs), P99Abs: finitePtr(s.P99Abs)}
		if s.Days > 0 {
			p.First, p.Last = marketdata.FormatDate(s.First), marketdata.FormatDate(s.Last)
		}
		out.Index = append(out.Index, p)
	}
	for _, f := range flags {
		j := Flag{Ticker: f.Ticker, Date: marketdata.FormatDate(f.Date), Reason: string(f.Reason), Detail: f.Detail}
		if !f.Event.IsZero() {
			j.Event = marketdata.FormatDate(f.Event)
		}
		if f.Index != "" {
			j.Index = f.Index
			j.FundReturn, j.IndexReturn, j.Departure = finitePtr(f.FundReturn), finitePtr(f.IndexReturn), finitePtr(f.FundReturn-f.IndexReturn)
		}
		out.Flags = append(out.Flags, j)
	}
	return out
}

// finitePtr points at x, or is nil when x is NaN or infinite (JSON has
// no such numbers, and none may pass for one).
func finitePtr(x float64) *float64 {
	if math.IsNaN(x) || math.IsInf(x, 0) {
		return nil
	}
	return &x
}

// WriteCheck writes the data checks as text: whether the study would
// refuse the data for their gaps (g may be nil), each fund against its
// index (when index is given), the flags on days the events of the study
// of a and b rest on (a and b empty: the events were not marked), then
// every flag as a table. It returns the first
// write error.
func WriteCheck(w io.Writer, flags []quality.Flag, g *analysis.Gaps, a, b marketdata.Ticker, index ...quality.IndexSummary) error {
	bw := newWriter(w)
	if g != nil {
		if err := g.Err(); err != nil {
			fmt.Fprintf(bw, "The study would refuse these data (%s; -allow-gaps goes on):\n", g.Rule.Limit("NYSE"))
			var ge *marketdata.GapError
			if errors.As(err, &ge) {
				for _, m := range ge.Refused {
					fmt.Fprintln(bw, "  "+m.String())
				}
			}
			fmt.Fprintln(bw)
		}
	}
	for _, s := range index {
		if s.Days == 0 {
			fmt.Fprintf(bw, "%s against %s: no common days to compare\n", s.Pair.Fund, s.Pair.Index)
			continue
		}
		fmt.Fprintf(bw, "%s against %s, %s to %s: %d daily returns, %d depart by more than %.2f pp (median |departure| %.3f pp, 99th percentile %.3f pp)\n",
			s.Pair.Fund, s.Pair.Index, marketdata.FormatDate(s.First), marketdata.FormatDate(s.Last), s.Days, s.Flagged,
			100*s.Tolerance, 100*s.MedianAbs, 100*s.P99Abs)
	}
	if len(index) > 0 {
		fmt.Fprintln(bw)
	}
	var onEvents []quality.Flag
	for _, f := range flags {
		if !f.Event.IsZero() {
			onEvents = append(onEvents, f)
		}
	}
	fmt.Fprintf(bw, "%d flagged days", len(flags))
	switch {
	case a == "" || b == "":
		fmt.Fprintf(bw, "; the study's events were not marked (they need both legs' price files)\n")
	case len(onEvents) == 0:
		fmt.Fprintf(bw, "; none on a day the %s-%s events rest on\n", a, b)
	default:
		fmt.Fprintf(bw, "; %d on days the %s-%s events rest on:\n", len(onEvents), a, b)
		for _, f := range onEvents {
			fmt.Fprintf(bw, "  %s %s: %s (%s) — event of %s\n", f.Ticker, marketdata.FormatDate(f.Date), f.Reason, f.Detail, marketdata.FormatDate(f.Event))
		}
	}
	if len(flags) == 0 {
		return bw.Flush()
	}
	fmt.Fprintln(bw)
	tw := tabwriter.NewWriter(bw, 0, 0, 2, ' ', 0)
	fmt.Fprintln(tw, "ticker\tdate\treason\tdetail\tevent")
	for _, f := range flags {
		ev := ""
		if !f.Event.IsZero() {
			ev = marketdata.FormatDate(f.Event)
		}
		fmt.Fprintf(tw, "%s\t%s\t%s\t%s\t%s\n", f.Ticker, marketdata.FormatDate(f.Date), f.Reason, f.Detail, ev)
	}
	tw.Flush()
	return bw.Flush()
}
