package main

import (
	"errors"
	"fmt"
	"io"
	"io/fs"
	"math"
	"path/filepath"
	"slices"
	"strconv"
	"time"

	"github.com/rotationlab/rotation/analysis"
	"github.com/rotationlab/rotation/analysis/marketdata"
	"github.com/rotationlab/rotation/analysis/quality"
	"github.com/rotationlab/rotation/analysis/report"
)

// checkOptions is `rotation check` parsed: every flag and ticker checked,
// no data read.
type checkOptions struct {
	out io.Writer
	dir string
	// against is the second source's directory; "" for none.
	against string
	tickers []marketdata.Ticker
	// study is the study whose event days are called out.
	study   analysis.Options
	quality quality.Options
	json    bool
	// index pairs funds with their indices (-index); indexDir is where
	// the index files are.
	index    []quality.IndexPair
	indexDir string
}

// parseCheck parses `rotation check [-data DIR] [-against DIR2]
// [-index FUND=^INDEX,... [-index-data DIR] [-index-tolerance F]] [-json]
// [TICKER...]`.
func parseCheck(args []string, stdout, stderr io.Writer, getenv env) (*checkOptions, error) {
	fs := newFlagSet("check", stderr)
	data := fs.String("data", "", "data `dir`ectory (default $ROTATION_DATA, then ./data)")
	against := fs.String("against", "", "a second source: a `dir`ectory of the same tickers in any supported layout")
	a := fs.String("a", "IWM", "leg A of the study whose event days are called out")
	b := fs.String("b", "QQQ", "leg B")
	threshold := fs.Float64("threshold", 0.04, "the study's threshold")
	tol := fs.Float64("tolerance", 0.0025, "how far two sources' daily returns may differ (a fraction)")
	index := fs.String("index", "", "check funds against their indices: `FUND=^INDEX,...` (QQQ=^NDX,IWM=^RUT); the funds are checked too")
	indexData := fs.String("index-data", "", "index `dir`ectory (default $"+marketdata.EnvIndexDir+", then indices beside the data directory)")
	indexTol := fs.Float64("index-tolerance", quality.DefaultIndexTolerance, "how far a fund's daily return may depart from its index's (a fraction)")
	asJSON := fs.Bool("json", false, "print one JSON object")
	fs.Usage = func() {
		fmt.Fprintln(stderr, "usage: rotation check [-data DIR] [-against DIR2] [-index FUND=^INDEX,... [-index-data DIR]] [-json] TICKER...")
		fs.PrintDefaults()
	}
	operands, err := parseFlags(fs, args)
	if err != nil {
		return nil, err
	}
	if len(operands) == 0 && *index == "" {
		return nil, usagef("check needs at least one ticker, or -index FUND=^INDEX pairs")
	}
	o := &checkOptions{out: stdout, dir: marketdata.Dir("", *data, getenv), against: *against, json: *asJSON,
		study: analysis.DefaultOptions(), quality: quality.Options{Tolerance: *tol, IndexTolerance: *indexTol}}
	o.study.Threshold, o.study.Resamples = *threshold, 0
	if o.study.A, err = marketdata.ParseTicker(*a); err != nil {
		return nil, usagef("-a: %v", err)
	}
	if o.study.B, err = marketdata.ParseTicker(*b); err != nil {
		return nil, usagef("-b: %v", err)
	}
	if err := o.study.Validate(); err != nil {
		return nil, optionError(err)
	}
	if err := checkTolerance("-tolerance", *tol, "two sources' daily returns differ by 0.25 pp", "daily returns differ by"); err != nil {
		return nil, err
	}
	if len(operands) > 0 {
		if o.tickers, err = parseTickers(operands); err != nil {
			return nil, err
		}
	}
	if *index != "" {
		if o.index, err = quality.ParseIndexPairs(*index); err != nil {
			return nil, usagef("-index: %v", err)
		}
		if err := checkTolerance("-index-tolerance", *indexTol, "a fund's daily return depart from its index's by 0.25 pp", "a fund's daily return depart from its index's by"); err != nil {
			return nil, err
		}
		o.indexDir = marketdata.IndexDir("", *indexData, o.dir, getenv)
		if filepath.Clean(o.indexDir) == filepath.Clean(o.dir) {
			return nil, usagef("the index directory %s is the data directory: index files are kept apart from the ETF files (-index-data or $%s names another)", o.indexDir, marketdata.EnvIndexDir)
		}
		// The funds are checked like the tickers named.
		for _, p := range o.index {
			if !slices.Contains(o.tickers, p.Fund) {
				o.tickers = append(o.tickers, p.Fund)
			}
		}
	} else if *indexData != "" {
		return nil, usagef("-index-data needs -index FUND=^INDEX pairs")
	}
	return o, nil
}

func (o *checkOptions) run() error {
	if len(o.index) > 0 {
		var indices []marketdata.Index
		for _, p := range o.index {
			indices = append(indices, p.Index)
		}
		if err := marketdata.CheckIndexDir(o.indexDir, indices...); err != nil {
			return err
		}
	}
	var flags []quality.Flag
	series := map[marketdata.Ticker]*marketdata.Series{}
	for _, t := range o.tickers {
		s, err := marketdata.ReadFileOHLC(marketdata.Path(o.dir, t))
		if err != nil {
			return err
		}
		series[t] = s
		flags = append(flags, quality.Check(s, o.quality)...)
		if o.against != "" {
			other, err := marketdata.ReadFileOHLC(marketdata.Path(o.against, t))
			if err != nil {
				return err
			}
			flags = append(flags, quality.Compare(s, other, o.quality)...)
		}
	}
	var sums []quality.IndexSummary
	for _, p := range o.index {
		ix, err := marketdata.LoadIndex(o.indexDir, p.Index)
		if err != nil {
			return err
		}
		f, sum := quality.CompareIndex(series[p.Fund], ix, p, o.quality)
		flags = append(flags, f...)
		sums = append(sums, sum)
	}
	marked, err := markStudyEvents(flags, series, o.study, o.dir)
	if err != nil {
		return err
	}
	a, b := o.study.A, o.study.B
	if !marked {
		a, b = "", ""
	}
	// check reports gaps, it does not refuse them: finding them is its
	// job. It says whether the study would refuse the data.
	checked := make([]*marketdata.Series, len(o.tickers))
	for i, t := range o.tickers {
		checked[i] = series[t]
	}
	gaps := analysis.SeriesGaps(time.Time{}, checked...)
	if o.json {
		return report.WriteJSON(o.out, report.NewCheck(flags, gaps, sums...))
	}
	return report.WriteCheck(o.out, flags, gaps, a, b, sums...)
}

// checkTolerance refuses a tolerance (of the flag named) that is not a
// positive fraction below one (quality would take zero for its default);
// example and what say what it lets differ.
func checkTolerance(flag string, tol float64, example, what string) error {
	switch {
	case !(tol > 0) || math.IsInf(tol, 0):
		return usagef("%s %v is not a positive number (a fraction: 0.0025 lets %s)", flag, tol, example)
	case tol >= 1:
		hint := "tolerances are fractions"
		if tol < 100 {
			hint += ": did you mean " + strconv.FormatFloat(tol/100, 'f', -1, 64) + "?"
		}
		return usagef("%s %v lets %s %s percentage points (%s)", flag, tol, what, strconv.FormatFloat(100*tol, 'f', -1, 64), hint)
	}
	return nil
}

// markStudyEvents marks the flags on days the study's events (A beating B
// by the threshold, over all the data) rest on. A leg that was not among
// the checked tickers is read from dir: `check -index QQQ=^NDX` still
// says which IWM-QQQ events rest on a QQQ day. It reports false, marking
// nothing, when a leg has no file there.
func markStudyEvents(flags []quality.Flag, series map[marketdata.Ticker]*marketdata.Series, o analysis.Options, dir string) (bool, error) {
	leg := func(t marketdata.Ticker) (*marketdata.Series, error) {
		if s, ok := series[t]; ok {
			return s, nil
		}
		s, err := marketdata.ReadFileOHLC(marketdata.Path(dir, t))
		if errors.Is(err, fs.ErrNotExist) {
			return nil, nil
		}
		if err == nil {
			s.Ticker = t
		}
		return s, err
	}
	sa, err := leg(o.A)
	if err != nil {
		return false, err
	}
	sb, err := leg(o.B)
	if err != nil || sa == nil || sb == nil {
		return false, err
	}
	al, err := marketdata.Align(sa, sb)
	if err != nil {
		return false, err
	}
	res, err := analysis.Run(al, o)
	if err != nil {
		return false, err
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
	return true, nil
}
