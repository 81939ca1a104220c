package report

import (
	"errors"
	"fmt"
	"io"
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
	// Flags are the flagged days, in the order the checks found them;
	// never null.
	Flags []Flag `json:"flags"`
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
}

// NewCheck returns the JSON form of the flags; g, when not nil, adds the
// gaps.
func NewCheck(flags []quality.Flag, g *analysis.Gaps) Check {
	out := Check{Gaps: NewGaps(g), Flags: []Flag{}}
	for _, f := range flags {
		j := Flag{Ticker: f.Ticker, Date: marketdata.FormatDate(f.Date), Reason: string(f.Reason), Detail: f.Detail}
		if !f.Event.IsZero() {
			j.Event = marketdata.FormatDate(f.Event)
		}
		out.Flags = append(out.Flags, j)
	}
	return out
}

// WriteCheck writes the data checks as text: whether the study would
// refuse the data for their gaps (g may be nil), the flags on days the
// events of the study of a and b rest on, then every flag as a table. It
// returns the first write error.
func WriteCheck(w io.Writer, flags []quality.Flag, g *analysis.Gaps, a, b marketdata.Ticker) error {
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
	var onEvents []quality.Flag
	for _, f := range flags {
		if !f.Event.IsZero() {
			onEvents = append(onEvents, f)
		}
	}
	fmt.Fprintf(bw, "%d flagged days", len(flags))
	if len(onEvents) == 0 {
		fmt.Fprintf(bw, "; none on a day the %s-%s events rest on\n", a, b)
	} else {
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
