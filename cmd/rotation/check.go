package main

import (
	"errors"
	"fmt"
	"io"
	"math"
	"strconv"
	"text/tabwriter"
	"time"

	"github.com/rotationlab/rotation/analysis"
	"github.com/rotationlab/rotation/analysis/marketdata"
	"github.com/rotationlab/rotation/analysis/quality"
)

// runCheck is `rotation check [-data DIR] [-against DIR2] [-json] TICKER...`.
func runCheck(args []string, stdout, stderr io.Writer, getenv env) error {
	fs := newFlagSet("check", stderr)
	data := fs.String("data", "", "data `dir`ectory (default $ROTATION_DATA, then ./data)")
	against := fs.String("against", "", "a second source: a `dir`ectory of the same tickers in any supported layout")
	a := fs.String("a", "IWM", "leg A of the study whose event days are called out")
	b := fs.String("b", "QQQ", "leg B")
	threshold := fs.Float64("threshold", 0.04, "the study's threshold")
	tol := fs.Float64("tolerance", 0.0025, "how far two sources' daily returns may differ (a fraction)")
	asJSON := fs.Bool("json", false, "print one JSON object")
	fs.Usage = func() {
		fmt.Fprintln(stderr, "usage: rotation check [-data DIR] [-against DIR2] [-json] TICKER...")
		fs.PrintDefaults()
	}
	operands, err := parseFlags(fs, args)
	if err != nil {
		return err
	}
	if len(operands) == 0 {
		return usagef("check needs at least one ticker")
	}
	// Every argument is checked before any file is read.
	study := analysis.DefaultOptions()
	study.Threshold, study.Resamples = *threshold, 0
	if study.A, err = marketdata.ParseTicker(*a); err != nil {
		return usagef("-a: %v", err)
	}
	if study.B, err = marketdata.ParseTicker(*b); err != nil {
		return usagef("-b: %v", err)
	}
	if err := study.Validate(); err != nil {
		return optionError(err)
	}
	if err := checkTolerance(*tol); err != nil {
		return err
	}
	var tickers []marketdata.Ticker
	seen := map[marketdata.Ticker]bool{}
	for _, arg := range operands {
		t, err := marketdata.ParseTicker(arg)
		if err != nil {
			return usageError{err}
		}
		if !seen[t] {
			seen[t] = true
			tickers = append(tickers, t)
		}
	}
	dir := marketdata.Dir("", *data, getenv)
	opt := quality.Options{Tolerance: *tol}
	var flags []quality.Flag
	series := map[marketdata.Ticker]*marketdata.Series{}
	for _, t := range tickers {
		s, err := marketdata.ReadFileOHLC(marketdata.Path(dir, t))
		if err != nil {
			return err
		}
		series[t] = s
		flags = append(flags, quality.Check(s, opt)...)
		if *against != "" {
			other, err := marketdata.ReadFileOHLC(marketdata.Path(*against, t))
			if err != nil {
				return err
			}
			flags = append(flags, quality.Compare(s, other, opt)...)
		}
	}
	if err := markStudyEvents(flags, series, study); err != nil {
		return err
	}
	// check reports gaps, it does not refuse them: finding them is its
	// job. It says whether the study would refuse the data.
	checked := make([]*marketdata.Series, len(tickers))
	for i, t := range tickers {
		checked[i] = series[t]
	}
	gaps := analysis.SeriesGaps(time.Time{}, checked...)
	if *asJSON {
		type jflag struct {
			Ticker string `json:"ticker"`
			Date   string `json:"date"`
			Reason string `json:"reason"`
			Detail string `json:"detail"`
			Event  string `json:"event,omitempty"`
		}
		out := []jflag{}
		for _, f := range flags {
			j := jflag{Ticker: string(f.Ticker), Date: marketdata.FormatDate(f.Date), Reason: string(f.Reason), Detail: f.Detail}
			if !f.Event.IsZero() {
				j.Event = marketdata.FormatDate(f.Event)
			}
			out = append(out, j)
		}
		return writeJSON(stdout, struct {
			Gaps  *analysis.ReportGaps `json:"gaps,omitempty"`
			Flags []jflag              `json:"flags"`
		}{gaps.Report(), out})
	}
	if err := gaps.Err(); err != nil {
		fmt.Fprintf(stdout, "The study would refuse these data (%s; -allow-gaps goes on):\n", gaps.Rule.Limit("NYSE"))
		var ge *marketdata.GapError
		if errors.As(err, &ge) {
			for _, m := range ge.Refused {
				fmt.Fprintln(stdout, "  "+m.String())
			}
		}
		fmt.Fprintln(stdout)
	}
	printFlags(stdout, flags, string(study.A), string(study.B))
	return nil
}

// checkTolerance refuses a tolerance that is not a positive fraction below
// one (quality would take zero for its default).
func checkTolerance(tol float64) error {
	switch {
	case !(tol > 0) || math.IsInf(tol, 0):
		return usagef("-tolerance %v is not a positive number (a fraction: 0.0025 lets two sources' daily returns differ by 0.25 pp)", tol)
	case tol >= 1:
		hint := "tolerances are fractions"
		if tol < 100 {
			hint += ": did you mean " + strconv.FormatFloat(tol/100, 'f', -1, 64) + "?"
		}
		return usagef("-tolerance %v lets daily returns differ by %s percentage points (%s)", tol, strconv.FormatFloat(100*tol, 'f', -1, 64), hint)
	}
	return nil
}

// markStudyEvents marks the flags on days the study's events (A beating B
// by the threshold, over all the data) rest on, when both legs were
// checked.
func markStudyEvents(flags []quality.Flag, series map[marketdata.Ticker]*marketdata.Series, o analysis.Options) error {
	sa, okA := series[o.A]
	sb, okB := series[o.B]
	if !okA || !okB {
		return nil
	}
	al, err := marketdata.Align(sa, sb)
	if err != nil {
		return err
	}
	res, err := analysis.Run(al, o)
	if err != nil {
		return err
	}
	var events []time.Time
	for _, e := range res.Events {
		events = append(events, e.Date)
	}
	var mine []quality.Flag
	for i := range flags {
		if flags[i].Ticker == sa.Ticker || flags[i].Ticker == sb.Ticker {
			mine = append(mine, flags[i])
		}
	}
	quality.MarkEvents(mine, events, al.Dates)
	k := 0
	for i := range flags {
		if flags[i].Ticker == sa.Ticker || flags[i].Ticker == sb.Ticker {
			flags[i] = mine[k]
			k++
		}
	}
	return nil
}

func printFlags(w io.Writer, flags []quality.Flag, a, b string) {
	var onEvents []quality.Flag
	for _, f := range flags {
		if !f.Event.IsZero() {
			onEvents = append(onEvents, f)
		}
	}
	fmt.Fprintf(w, "%d flagged days", len(flags))
	if len(onEvents) == 0 {
		fmt.Fprintf(w, "; none on a day the %s-%s events rest on\n", a, b)
	} else {
		fmt.Fprintf(w, "; %d on days the %s-%s events rest on:\n", len(onEvents), a, b)
		for _, f := range onEvents {
			fmt.Fprintf(w, "  %s %s: %s (%s) — event of %s\n", f.Ticker, marketdata.FormatDate(f.Date), f.Reason, f.Detail, marketdata.FormatDate(f.Event))
		}
	}
	if len(flags) == 0 {
		return
	}
	fmt.Fprintln(w)
	tw := tabwriter.NewWriter(w, 0, 0, 2, ' ', 0)
	fmt.Fprintln(tw, "ticker\tdate\treason\tdetail\tevent")
	for _, f := range flags {
		ev := ""
		if !f.Event.IsZero() {
			ev = marketdata.FormatDate(f.Event)
		}
		fmt.Fprintf(tw, "%s\t%s\t%s\t%s\t%s\n", f.Ticker, marketdata.FormatDate(f.Date), f.Reason, f.Detail, ev)
	}
	tw.Flush()
}
