package main

import (
	"bufio"
	"bytes"
	"fmt"
	"io"
	"strconv"
	"time"

	"github.com/rotationlab/rotation/analysis"
	"github.com/rotationlab/rotation/analysis/marketdata"
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
	allowGaps := fs.Bool("allow-gaps", false, "go on over data that lack too many trading days (the output says so first)")
	fs.Usage = func() {
		fmt.Fprintln(stderr, "usage: rotation scan [flags] TICKER TICKER...")
		fs.PrintDefaults()
	}
	operands, err := parseFlags(fs, args)
	if err != nil {
		return err
	}
	if len(operands) < 2 {
		return usagef("scan needs at least two tickers")
	}
	opt := analysis.ScanOptions{Threshold: *threshold}
	if opt.Horizons, err = analysis.ParseHorizons(*horizons); err != nil {
		return usagef("-horizons: %v", err)
	}
	kind, err := marketdata.ParsePriceKind(*price)
	if err != nil {
		return usagef("-price: %v", err)
	}
	for _, d := range []struct {
		s   string
		dst *time.Time
		n   string
	}{{*after, &opt.After, "-after"}, {*before, &opt.Before, "-before"}} {
		if d.s != "" {
			if *d.dst, err = marketdata.ParseDate(d.s); err != nil {
				return usagef("%s: %v", d.n, err)
			}
		}
	}
	if err := opt.Validate(); err != nil {
		return optionError(err)
	}
	var tickers []marketdata.Ticker
	seen := map[marketdata.Ticker]bool{}
	for _, a := range operands {
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
	series, err := marketdata.LoadAll(marketdata.Dir("", *data, getenv), tickers...)
	if err != nil {
		return err
	}
	gaps := analysis.SeriesGaps(opt.After, series...)
	if err := refuseGaps(gaps, *allowGaps); err != nil {
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
		return writeJSON(stdout, struct {
			Gaps      *analysis.ReportGaps `json:"gaps,omitempty"`
			Pairs     []row                `json:"pairs"`
			Price     string               `json:"price"`
			Threshold float64              `json:"threshold"`
		}{gaps.Report(), out, kind.String(), opt.Threshold})
	}
	if n := gaps.Notice(); n != "" {
		fmt.Fprint(stdout, n)
	} else {
		for _, l := range gaps.Lines() {
			fmt.Fprintln(stdout, l)
		}
	}
	return printScan(stdout, rows, opt, kind)
}

// printScan writes the scan as a right-aligned table. A universe of 500
// tickers gives 249,500 rows, so cells are formatted straight into one
// buffered writer rather than through fmt and text/tabwriter.
func printScan(w io.Writer, rows []analysis.ScanRow, opt analysis.ScanOptions, kind marketdata.PriceKind) error {
	bw := bufio.NewWriterSize(w, 1<<16)
	fmt.Fprintf(bw, "Days when A's daily return beat B's by %.2f pp or more (%s close), with mean forward returns after them\n",
		100*opt.Threshold, kind)
	tw, ew, nw := 1, len("events"), 1
	for _, r := range rows {
		tw = max(tw, len(r.A), len(r.B))
		ew = max(ew, len(strconv.Itoa(r.Events)))
		for _, f := range r.Forward {
			nw = max(nw, len(strconv.Itoa(f.N)))
		}
	}
	const pw = 9 // "+1234.56%"
	var line []byte
	cell := func(s []byte, width int) {
		for range width - len(s) {
			line = append(line, ' ')
		}
		line = append(line, s...)
		line = append(line, ' ', ' ')
	}
	line = line[:0]
	cell([]byte("A"), tw)
	cell([]byte("B"), tw)
	cell([]byte("events"), ew)
	for _, h := range opt.Horizons {
		cell([]byte("n "+h.String()), max(nw, len("n "+h.String())))
		cell([]byte("A "+h.String()), pw)
		cell([]byte("B "+h.String()), pw)
	}
	bw.Write(append(bytes.TrimRight(line, " "), '\n'))
	var num []byte
	for _, r := range rows {
		line = line[:0]
		cell([]byte(r.A), tw)
		cell([]byte(r.B), tw)
		cell(strconv.AppendInt(num[:0], int64(r.Events), 10), ew)
		for k, f := range r.Forward {
			cell(strconv.AppendInt(num[:0], int64(f.N), 10), max(nw, len("n "+opt.Horizons[k].String())))
			cell(analysis.SignedPct.Append(num[:0], f.A), pw)
			cell(analysis.SignedPct.Append(num[:0], f.B), pw)
		}
		if _, err := bw.Write(append(bytes.TrimRight(line, " "), '\n')); err != nil {
			return err
		}
	}
	return bw.Flush()
}
