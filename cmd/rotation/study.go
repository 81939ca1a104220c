package main

import (
	"bufio"
	"encoding/json"
	"fmt"
	"io"
	"math"
	"strings"
	"text/tabwriter"
	"time"

	"github.com/rotationlab/rotation/analysis"
	"github.com/rotationlab/rotation/analysis/article"
	"github.com/rotationlab/rotation/analysis/charts"
	"github.com/rotationlab/rotation/analysis/marketdata"
	"github.com/rotationlab/rotation/analysis/reproduce"
)

// studyFlags are the flags shared by study and reproduce.
type studyFlags struct {
	data, a, b, after, before, horizons, price, plots string
	threshold                                         float64
	decluster, entryLag, resamples                    int
	seed                                              uint64
	mirror, json                                      bool
}

func (f *studyFlags) register(fsName string, stderr io.Writer, full bool) *flagSet {
	fs := newFlagSet(fsName, stderr)
	d := analysis.DefaultOptions()
	fs.StringVar(&f.data, "data", "", "data `dir`ectory with TICKER.csv files (default $ROTATION_DATA, then ./data)")
	fs.StringVar(&f.price, "price", "adjusted", "close to use: adjusted or raw")
	fs.StringVar(&f.horizons, "horizons", "63,252", "forward horizons: trading days (63) or months (3mo)")
	fs.IntVar(&f.entryLag, "entry-lag", 0, "enter `N` trading days after the event's close")
	fs.IntVar(&f.resamples, "resamples", d.Resamples, "bootstrap resamples (0: none)")
	fs.Uint64Var(&f.seed, "seed", d.Seed, "bootstrap seed")
	fs.BoolVar(&f.json, "json", false, "print one JSON object")
	if full {
		fs.StringVar(&f.a, "a", string(d.A), "leg A (the spread is A minus B)")
		fs.StringVar(&f.b, "b", string(d.B), "leg B")
		fs.Float64Var(&f.threshold, "threshold", d.Threshold, "spread that makes an event, as a fraction")
		fs.StringVar(&f.after, "after", "", "first `date` that may be an event (YYYY-MM-DD, inclusive)")
		fs.StringVar(&f.before, "before", "", "events strictly before this `date` (YYYY-MM-DD)")
		fs.IntVar(&f.decluster, "decluster", 0, "at least `N` trading days between counted events")
		fs.BoolVar(&f.mirror, "mirror", false, "study the mirror case: spread <= -threshold")
		fs.StringVar(&f.plots, "plots", "", "write charts as PNG and SVG into `dir`")
	}
	return &flagSet{fs}
}

// options turns flags into analysis options.
func (f *studyFlags) options() (analysis.Options, error) {
	o := analysis.DefaultOptions()
	var err error
	if f.a != "" {
		if o.A, err = marketdata.ParseTicker(f.a); err != nil {
			return o, usageError{err}
		}
	}
	if f.b != "" {
		if o.B, err = marketdata.ParseTicker(f.b); err != nil {
			return o, usageError{err}
		}
	}
	o.Threshold = f.threshold
	if o.Price, err = marketdata.ParsePriceKind(f.price); err != nil {
		return o, usageError{err}
	}
	if o.Horizons, err = analysis.ParseHorizons(f.horizons); err != nil {
		return o, usageError{err}
	}
	for _, d := range []struct {
		s   string
		dst *time.Time
		n   string
	}{{f.after, &o.After, "-after"}, {f.before, &o.Before, "-before"}} {
		if d.s == "" {
			continue
		}
		if *d.dst, err = marketdata.ParseDate(d.s); err != nil {
			return o, usagef("%s: %v", d.n, err)
		}
	}
	o.Decluster, o.Mirror, o.EntryLag = f.decluster, f.mirror, f.entryLag
	o.Resamples, o.Seed = f.resamples, f.seed
	if err := o.Validate(); err != nil {
		return o, usageError{err}
	}
	return o, nil
}

// load reads and aligns A and B from the data directory.
func load(dir string, o analysis.Options) (*marketdata.Aligned, error) {
	s, err := marketdata.LoadAll(dir, o.A, o.B)
	if err != nil {
		return nil, err
	}
	return marketdata.Align(s...)
}

func runStudy(args []string, stdout, stderr io.Writer, getenv env) error {
	var f studyFlags
	fs := f.register("study", stderr, true)
	if err := fs.parse(args); err != nil {
		return err
	}
	if fs.NArg() > 0 {
		return usagef("study takes no arguments, got %q", fs.Args())
	}
	o, err := f.options()
	if err != nil {
		return err
	}
	al, err := load(marketdata.Dir("", f.data, getenv), o)
	if err != nil {
		return err
	}
	res, err := analysis.Run(al, o)
	if err != nil {
		return err
	}
	if f.plots != "" {
		plots, err := charts.All(res)
		if err != nil {
			return err
		}
		if err := charts.SaveAll(f.plots, plots, charts.Wide); err != nil {
			return err
		}
	}
	if f.json {
		return writeJSON(stdout, res.Report())
	}
	printStudy(stdout, res, article.Equalizer())
	return nil
}

func writeJSON(w io.Writer, v any) error {
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	return enc.Encode(v)
}

// Percentages, written by the study's one formatter: signed with two
// decimals, with one as the article quotes them, and unsigned.
var (
	pct    = analysis.SignedPct.Format
	pct1   = analysis.SignedPct1.Format
	pctAbs = analysis.PlainPct.Format
)

func printStudy(w io.Writer, r *analysis.Result, c article.Claims) {
	o := r.Options
	cmp := "beat"
	sign := ">="
	thr := o.Threshold
	if o.Mirror {
		cmp, sign, thr = "trailed", "<=", -o.Threshold
	}
	fmt.Fprintf(w, "Days when %s's daily return %s %s's by %.2f pp or more (spread %s %+.2f%%), %s close\n",
		o.A, cmp, o.B, 100*o.Threshold, sign, 100*thr, o.Price)
	if r.Alignment != nil {
		fmt.Fprint(w, indent(r.Alignment.Report(), "  "))
	}
	win := "window: " + marketdata.FormatDate(r.WindowStart) + " to " + marketdata.FormatDate(r.WindowEnd)
	if !o.Before.IsZero() {
		win += " (before " + marketdata.FormatDate(o.Before) + ")"
	}
	fmt.Fprintln(w, "  "+win)
	art := reproduce.SameSetUp(o, c)
	fmt.Fprintln(w)
	if string(o.A) == c.A && string(o.B) == c.B && !o.Mirror {
		printNamed(w, r, c)
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
	// tabwriter writes each cell and each run of padding separately: a
	// buffer between it and w turns tens of thousands of writes a table
	// into a few hundred. Flushed before anything else goes to w.
	bw := bufio.NewWriterSize(w, 64<<10)
	tw := tabwriter.NewWriter(bw, 0, 0, 2, ' ', tabwriter.AlignRight)
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
			line = analysis.SignedPct.Append(append(line, '\t'), x)
		}
		for _, f := range e.Forward {
			line = analysis.SignedPct.Append(append(line, '\t'), f.A)
			line = analysis.SignedPct.Append(append(line, '\t'), f.B)
		}
		tw.Write(append(line, "\t\n"...))
	}
	tw.Flush()
	bw.Flush()
	fmt.Fprintln(w)
	printHorizons(w, r, c, art)
}

func printNamed(w io.Writer, r *analysis.Result, c article.Claims) {
	fmt.Fprintln(w, "The article's named days (ours, article):")
	for _, d := range c.Days {
		for i := 1; i < len(r.Dates); i++ {
			if !r.Dates[i].Equal(d.Date) {
				continue
			}
			line := fmt.Sprintf("  %s  spread %s (%s)", marketdata.FormatDate(d.Date), pct(r.Spread[i]), pct(d.Spread))
			if d.QuotedA || d.QuotedB {
				line += fmt.Sprintf("  %s %s (%s)  %s %s (%s)", c.A, pct(r.ReturnA[i]), pct(d.A), c.B, pct(r.ReturnB[i]), pct(d.B))
			}
			fmt.Fprintln(w, line)
		}
	}
}

func printHorizons(w io.Writer, r *analysis.Result, c article.Claims, art bool) {
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
			row := fmt.Sprintf("%s\t%s\t%d\t%d\t%d\t%s\t%s\t%.0f%%\t%s\t%s\t%s\t%s\t%s\t[%s, %s]\t%s\t",
				h.Horizon, l.name, h.N, h.Dropped, h.Episodes, pct(l.s.Mean), pct(l.s.Median), 100*l.s.HitRate,
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
