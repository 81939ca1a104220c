package main

import (
	"errors"
	"flag"
	"fmt"
	"io"
	"strings"

	"github.com/rotationlab/rotation/analysis"
	"github.com/rotationlab/rotation/analysis/article"
	"github.com/rotationlab/rotation/analysis/charts"
	"github.com/rotationlab/rotation/analysis/eventstudy"
	"github.com/rotationlab/rotation/analysis/marketdata"
	"github.com/rotationlab/rotation/analysis/report"
	"github.com/rotationlab/rotation/internal/cli"
)

// studyFlags are the flags shared by study and reproduce, as typed.
type studyFlags struct {
	data, a, b, after, before, horizons, price, plots string
	market                                            string
	threshold                                         float64
	decluster, entryLag, resamples                    int
	draws, estimation                                 int
	seed                                              uint64
	mirror, json, allowGaps                           bool
}

// register defines the flags on a new flag set; full adds those of study
// alone (the legs, the threshold, the window, declustering, the mirror and
// the charts), which reproduce takes from the article.
func (f *studyFlags) register(name string, stderr io.Writer, full bool) *flag.FlagSet {
	fs := newFlagSet(name, stderr)
	d := analysis.DefaultOptions()
	fs.StringVar(&f.data, "data", "", "data `dir`ectory with TICKER.csv files (default $ROTATION_DATA, then ./data)")
	fs.StringVar(&f.price, "price", "adjusted", "close to use: adjusted or raw")
	fs.StringVar(&f.horizons, "horizons", "63,252", "forward horizons: trading days (63) or months (3mo)")
	fs.IntVar(&f.entryLag, "entry-lag", 0, "enter `N` trading days after the event's close")
	fs.IntVar(&f.resamples, "resamples", d.Resamples, "bootstrap resamples (0: none)")
	fs.Uint64Var(&f.seed, "seed", d.Seed, "bootstrap seed")
	fs.BoolVar(&f.json, "json", false, "print one JSON object")
	fs.BoolVar(&f.allowGaps, "allow-gaps", false, "go on over data that lack too many trading days (the output says so first)")
	if full {
		fs.StringVar(&f.a, "a", string(d.A), "leg A (the spread is A minus B)")
		fs.StringVar(&f.b, "b", string(d.B), "leg B")
		fs.Float64Var(&f.threshold, "threshold", d.Threshold, "spread that makes an event, as a fraction")
		fs.StringVar(&f.after, "after", "", "first `date` that may be an event (YYYY-MM-DD, inclusive)")
		fs.StringVar(&f.before, "before", "", "events strictly before this `date` (YYYY-MM-DD)")
		fs.IntVar(&f.decluster, "decluster", 0, "at least `N` trading days between counted events")
		fs.BoolVar(&f.mirror, "mirror", false, "study the mirror case: spread <= -threshold")
		fs.StringVar(&f.plots, "plots", "", "write charts as PNG and SVG into `dir`")
		e := eventstudy.DefaultOptions()
		fs.StringVar(&f.market, "market", "", "measure abnormal returns against this `ticker`'s series; none for the raw figures alone (default SPY when the data directory has SPY.csv)")
		fs.IntVar(&f.draws, "draws", e.Draws, "draws of the clustering-aware methods against the market (episode bootstrap, date shift, CAR band; 0: none)")
		fs.IntVar(&f.estimation, "estimation-days", e.EstimationDays, "length of the market model's estimation window, in trading days, ending 11 days before each event")
	}
	return fs
}

// options turns the flags into checked analysis options.
func (f *studyFlags) options() (analysis.Options, error) {
	o := analysis.DefaultOptions()
	var err error
	if o.A, err = marketdata.ParseTicker(f.a); err != nil {
		return o, usagef("-a: %v", err)
	}
	if o.B, err = marketdata.ParseTicker(f.b); err != nil {
		return o, usagef("-b: %v", err)
	}
	o.Threshold = f.threshold
	if o.Price, err = marketdata.ParsePriceKind(f.price); err != nil {
		return o, usagef("-price: %v", err)
	}
	if o.Horizons, err = analysis.ParseHorizons(f.horizons); err != nil {
		return o, usagef("-horizons: %v", err)
	}
	if err := parseDates(f.after, f.before, &o.After, &o.Before); err != nil {
		return o, err
	}
	o.Decluster, o.Mirror, o.EntryLag = f.decluster, f.mirror, f.entryLag
	o.Resamples, o.Seed = f.resamples, f.seed
	if err := o.Validate(); err != nil {
		return o, optionError(err)
	}
	return o, nil
}

// studyOptions is `rotation study` parsed: every flag checked, no data read.
type studyOptions struct {
	out io.Writer
	// dir is the data directory.
	dir   string
	study analysis.Options
	// allowGaps goes on over data the gap rule refuses (-allow-gaps).
	allowGaps bool
	json      bool
	// plots is the directory the charts go to; "" for none.
	plots string
	// claims are the article's, set beside ours when the set-up is its.
	claims article.Claims
	// market is the -market flag parsed: marketAuto (SPY when the data
	// directory has it), marketNone, or a ticker. event holds the event
	// study's options but for the market.
	market marketdata.Ticker
	event  eventstudy.Options
	stderr io.Writer
}

// The -market values that are not tickers.
const (
	marketAuto marketdata.Ticker = ""
	marketNone marketdata.Ticker = "none"
)

func parseStudy(args []string, stdout, stderr io.Writer, getenv env) (*studyOptions, error) {
	var f studyFlags
	operands, err := parseFlags(f.register("study", stderr, true), args)
	if err != nil {
		return nil, err
	}
	if len(operands) > 0 {
		return nil, usagef("study takes no arguments, got %q", operands)
	}
	o, err := f.options()
	if err != nil {
		return nil, err
	}
	so := &studyOptions{out: stdout, dir: marketdata.Dir("", f.data, getenv), study: o, allowGaps: f.allowGaps,
		json: f.json, plots: f.plots, claims: article.Equalizer(), stderr: stderr}
	switch strings.ToLower(strings.TrimSpace(f.market)) {
	case "":
		so.market = marketAuto
	case "none":
		so.market = marketNone
	default:
		if so.market, err = marketdata.ParseTicker(f.market); err != nil {
			return nil, usagef("-market: %v", err)
		}
		if so.market == o.A || so.market == o.B {
			// A leg against itself has no abnormal return to measure.
			return nil, usagef("-market %s is one of the legs (-a %s, -b %s): choose another series, or -market none", so.market, o.A, o.B)
		}
	}
	if so.event, err = f.eventOptions(o); err != nil {
		return nil, err
	}
	warnFewDraws(stderr, "-draws", f.draws)
	return so, nil
}

// eventOptions are the event study's options for the study o, the market
// set later.
func (f *studyFlags) eventOptions(o analysis.Options) (eventstudy.Options, error) {
	e := eventstudy.DefaultOptions()
	e.Study, e.Draws, e.Seed, e.EstimationDays = o, f.draws, o.Seed, f.estimation
	switch {
	case f.draws < 0:
		return e, usagef("-draws %d is negative", f.draws)
	case f.estimation < 3:
		return e, usagef("-estimation-days %d: the market model needs at least 3 days", f.estimation)
	}
	if err := e.Validate(); err != nil {
		return e, usagef("%v", err)
	}
	return e, nil
}

// marketTicker resolves -market against the data directory: the ticker
// to measure against, or "" for none with the reason to say.
func (o *studyOptions) marketTicker() (marketdata.Ticker, string, error) {
	switch o.market {
	case marketNone:
		return "", "", nil
	case marketAuto:
		if o.study.A == "SPY" || o.study.B == "SPY" {
			return "", "SPY is one of the legs: the study is not measured against the market (-market TICKER chooses another series)", nil
		}
		if marketdata.CheckDir(o.dir, "SPY") != nil {
			return "", fmt.Sprintf("no SPY.csv in %s: the study is not measured against the market (-market TICKER chooses a series, -market none says nothing)", o.dir), nil
		}
		return "SPY", "", nil
	}
	if err := marketdata.CheckDir(o.dir, o.market); err != nil {
		return "", "", fmt.Errorf("-market %s: %w", o.market, err)
	}
	return o.market, "", nil
}

func (o *studyOptions) run() error {
	al, gaps, err := load(o.dir, o.study, o.allowGaps)
	if err != nil {
		return err
	}
	mkt, note, err := o.marketTicker()
	if err != nil {
		return err
	}
	if note != "" {
		if _, err := fmt.Fprintf(o.stderr, "rotation: %s\n", note); err != nil {
			return &cli.WriteError{Name: "standard error", Err: err}
		}
	}
	res, err := analysis.Run(al, o.study)
	if errors.Is(err, analysis.ErrEmptyWindow) {
		return fmt.Errorf("%w: the data run from %s to %s (see -after and -before)", err,
			marketdata.FormatDate(al.Start), marketdata.FormatDate(al.End))
	}
	if err != nil {
		return err
	}
	var es *eventstudy.Result
	if mkt != "" {
		if es, err = o.eventStudy(al, mkt); err != nil {
			return err
		}
	}
	if o.plots != "" {
		plots, err := charts.All(res)
		if err != nil {
			return err
		}
		if es != nil {
			if car, err := charts.CAR(es); err == nil {
				plots["car"] = car
			}
		}
		if err := charts.SaveAll(o.plots, plots, charts.Wide); err != nil {
			return &cli.WriteError{Name: "charts to " + o.plots, Err: err}
		}
	}
	if o.json {
		return report.WriteJSON(o.out, report.NewStudyMarket(res, gaps, es))
	}
	return report.WriteStudyMarket(o.out, res, o.claims, gaps, es, "")
}

// eventStudy runs the event study against the market mkt: the legs of al
// and the market aligned on the dates all three have.
func (o *studyOptions) eventStudy(al *marketdata.Aligned, mkt marketdata.Ticker) (*eventstudy.Result, error) {
	m, err := marketdata.LoadDir(o.dir, mkt)
	if err != nil {
		return nil, fmt.Errorf("-market %s: %w", mkt, err)
	}
	if _, err := m.Close(o.study.Price); err != nil {
		return nil, fmt.Errorf("-market %s: %w", mkt, err)
	}
	al3, err := marketdata.Align(al.Series[0], al.Series[1], m)
	if err != nil {
		return nil, fmt.Errorf("-market %s: %w", mkt, err)
	}
	eo := o.event
	eo.Market = mkt
	es, err := eventstudy.Run(al3, eo)
	if errors.Is(err, analysis.ErrEmptyWindow) {
		return nil, fmt.Errorf("-market %s: %w on the days the legs and the market share, %s to %s", mkt, err,
			marketdata.FormatDate(al3.Start), marketdata.FormatDate(al3.End))
	}
	return es, err
}

// load reads and aligns A and B from the data directory and measures
// their gaps on the NYSE calendar: data over the gap rule are refused
// unless allowGaps.
func load(dir string, o analysis.Options, allowGaps bool) (*marketdata.Aligned, *analysis.Gaps, error) {
	s, err := marketdata.LoadAll(dir, o.A, o.B)
	if err != nil {
		return nil, nil, err
	}
	al, err := marketdata.Align(s...)
	if err != nil {
		return nil, nil, err
	}
	// A close the data lack is the first thing to say, before any gap.
	for _, s := range al.Series {
		if _, err := s.Close(o.Price); err != nil {
			return nil, nil, err
		}
	}
	g := analysis.StudyGaps(al, o)
	if err := refuseGaps(g, allowGaps); err != nil {
		return nil, nil, err
	}
	return al, g, nil
}

// refuseGaps returns the gap rule's error, with the flag that goes on
// anyway, unless allowGaps; then it marks g as allowed.
func refuseGaps(g *analysis.Gaps, allowGaps bool) error {
	if err := g.Err(); err != nil && !allowGaps {
		return fmt.Errorf("%w (-allow-gaps goes on anyway)", err)
	}
	g.Allowed = allowGaps
	return nil
}
