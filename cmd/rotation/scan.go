package main

import (
	"fmt"
	"io"
	"strings"
	"text/tabwriter"
	"time"

	"github.com/rotationlab/rotation/analysis"
	"github.com/rotationlab/rotation/marketdata"
)

func runScan(args []string, stdout, stderr io.Writer, getenv env) error {
	fs := newFlagSet("scan", stderr)
	data := fs.String("data", "", "data `dir`ectory (default $ROTATION_DATA, then ./data)")
	threshold := fs.Float64("threshold", 0.04, "spread that makes an event, as a fraction")
	horizons := fs.String("horizons", "63,252", "forward horizons: trading days (63) or months (3mo)")
	price := fs.String("price", "adjusted", "close to use: adjusted or raw")
	after := fs.String("after", "", "first `date` that may be an event (inclusive)")
	before := fs.String("before", "", "events strictly before this `date`")
	asJSON := fs.Bool("json", false, "print JSON")
	fs.Usage = func() {
		fmt.Fprintln(stderr, "usage: rotation scan [flags] TICKER TICKER...")
		fs.PrintDefaults()
	}
	if err := parseFlags(fs, args); err != nil {
		return err
	}
	if fs.NArg() < 2 {
		return usagef("scan needs at least two tickers")
	}
	opt := analysis.ScanOptions{Threshold: *threshold}
	var err error
	if opt.Horizons, err = analysis.ParseHorizons(*horizons); err != nil {
		return usageError{err}
	}
	kind, err := marketdata.ParsePriceKind(*price)
	if err != nil {
		return usageError{err}
	}
	for _, d := range []struct {
		s   string
		dst *time.Time
	}{{*after, &opt.After}, {*before, &opt.Before}} {
		if d.s != "" {
			if *d.dst, err = marketdata.ParseDate(d.s); err != nil {
				return usageError{err}
			}
		}
	}
	var tickers []marketdata.Ticker
	seen := map[marketdata.Ticker]bool{}
	for _, a := range fs.Args() {
		t, err := marketdata.ParseTicker(a)
		if err != nil {
			return usageError{err}
		}
		if !seen[t] {
			seen[t] = true
			tickers = append(tickers, t)
		}
	}
	if len(tickers) < 2 {
		return usagef("scan needs at least two different tickers")
	}
	series, err := marketdata.LoadAll(marketdata.Dir(*data, getenv), tickers...)
	if err != nil {
		return err
	}
	u, err := analysis.NewUniverse(kind, series...)
	if err != nil {
		return err
	}
	rows, err := analysis.Scan(u, opt)
	if err != nil {
		return err
	}
	if *asJSON {
		type fwd struct {
			Horizon string          `json:"horizon"`
			N       int             `json:"n"`
			A       analysis.Number `json:"a_mean"`
			B       analysis.Number `json:"b_mean"`
		}
		type row struct {
			A       string `json:"a"`
			B       string `json:"b"`
			Events  int    `json:"events"`
			Forward []fwd  `json:"forward"`
		}
		out := make([]row, len(rows))
		for i, r := range rows {
			out[i] = row{A: string(r.A), B: string(r.B), Events: r.Events}
			for k, f := range r.Forward {
				out[i].Forward = append(out[i].Forward, fwd{opt.Horizons[k].String(), f.N, analysis.Number(f.A), analysis.Number(f.B)})
			}
		}
		return writeJSON(stdout, map[string]any{"threshold": opt.Threshold, "price": kind.String(), "pairs": out})
	}
	fmt.Fprintf(stdout, "Days when A's daily return beat B's by %.2f pp or more (%s close), with mean forward returns after them\n",
		100*opt.Threshold, kind)
	tw := tabwriter.NewWriter(stdout, 0, 0, 2, ' ', tabwriter.AlignRight)
	head := []string{"A", "B", "events"}
	for _, h := range opt.Horizons {
		head = append(head, "n "+h.String(), "A "+h.String(), "B "+h.String())
	}
	fmt.Fprintln(tw, strings.Join(head, "\t")+"\t")
	for _, r := range rows {
		line := []string{string(r.A), string(r.B), fmt.Sprint(r.Events)}
		for _, f := range r.Forward {
			line = append(line, fmt.Sprint(f.N), pct(f.A), pct(f.B))
		}
		fmt.Fprintln(tw, strings.Join(line, "\t")+"\t")
	}
	return tw.Flush()
}
