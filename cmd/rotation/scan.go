package main

import (
	"flag"
	"fmt"
	"io"

	"github.com/rotationlab/rotation/analysis"
	"github.com/rotationlab/rotation/analysis/marketdata"
	"github.com/rotationlab/rotation/analysis/report"
)

// scanOptions is `rotation scan` parsed: every flag and ticker checked, no
// data read.
type scanOptions struct {
	out     io.Writer
	dir     string
	tickers []marketdata.Ticker
	scan    analysis.ScanOptions
	price   marketdata.PriceKind
	// allowGaps goes on over data the gap rule refuses (-allow-gaps).
	allowGaps bool
	json      bool
	// shifts are the date shifts of the search inference (-shifts,
	// -seed); none when Shifts is 0.
	shifts analysis.ShiftOptions
}

func parseScan(args []string, stdout, stderr io.Writer, getenv env) (*scanOptions, error) {
	fs := newFlagSet("scan", stderr)
	data := fs.String("data", "", "data `dir`ectory (default $ROTATION_DATA, then ./data)")
	threshold := fs.Float64("threshold", 0.04, "spread that makes an event, as a fraction")
	horizons := fs.String("horizons", "63,252", "forward horizons: trading days (63) or months (3mo)")
	price := fs.String("price", "adjusted", "close to use: adjusted or raw")
	after := fs.String("after", "", "first `date` that may be an event (inclusive)")
	before := fs.String("before", "", "events strictly before this `date`")
	asJSON := fs.Bool("json", false, "print JSON")
	shifts := fs.Int("shifts", analysis.DefaultShifts, fmt.Sprintf("date shifts for the p-values of every pair (0: none; by default none above %d ordered pairs)", maxAutoShiftPairs))
	seed := fs.Uint64("seed", 1, "seed of the date shifts")
	allowGaps := fs.Bool("allow-gaps", false, "go on over data that lack too many trading days (the output says so first)")
	fs.Usage = func() {
		fmt.Fprintln(stderr, "usage: rotation scan [flags] TICKER TICKER...")
		fs.PrintDefaults()
	}
	operands, err := parseFlags(fs, args)
	if err != nil {
		return nil, err
	}
	if len(operands) < 2 {
		return nil, usagef("scan needs at least two tickers")
	}
	o := &scanOptions{out: stdout, dir: marketdata.Dir("", *data, getenv), allowGaps: *allowGaps, json: *asJSON,
		scan: analysis.ScanOptions{Threshold: *threshold}}
	if o.scan.Horizons, err = analysis.ParseHorizons(*horizons); err != nil {
		return nil, usagef("-horizons: %v", err)
	}
	if o.price, err = marketdata.ParsePriceKind(*price); err != nil {
		return nil, usagef("-price: %v", err)
	}
	if err := parseDates(*after, *before, &o.scan.After, &o.scan.Before); err != nil {
		return nil, err
	}
	if err := o.scan.Validate(); err != nil {
		return nil, optionError(err)
	}
	if *shifts < 0 {
		return nil, usagef("-shifts must not be negative (got %d)", *shifts)
	}
	o.shifts = analysis.ShiftOptions{Shifts: *shifts, Seed: *seed}
	warnFewDraws(stderr, "-shifts", *shifts)
	if o.tickers, err = parseTickers(operands); err != nil {
		return nil, err
	}
	if len(o.tickers) < 2 {
		return nil, usagef("scan needs at least two different tickers")
	}
	// The date shifts cost pairs × shifts × events in time and keep
	// pairs × horizons × shifts numbers for the joint null: about a second
	// and 30 MB at the limit, minutes and gigabytes for hundreds of
	// tickers. Unasked, a scan that large leaves them out and says so.
	if pairs := len(o.tickers) * (len(o.tickers) - 1); pairs > maxAutoShiftPairs && !flagSet(fs, "shifts") && o.shifts.Shifts > 0 {
		fmt.Fprintf(stderr, "rotation: scan: %d ordered pairs: the date-shift p-values are left out above %d pairs (ask for them with -shifts N)\n", pairs, maxAutoShiftPairs)
		o.shifts.Shifts = 0
	}
	return o, nil
}

// maxAutoShiftPairs is the most ordered pairs a scan computes its
// date-shift p-values for when -shifts is not given (45 tickers give
// 1,980 pairs).
const maxAutoShiftPairs = 2000

// flagSet reports whether the flag name was given on the command line.
func flagSet(fs *flag.FlagSet, name string) bool {
	set := false
	fs.Visit(func(f *flag.Flag) {
		if f.Name == name {
			set = true
		}
	})
	return set
}

func (o *scanOptions) run() error {
	series, err := marketdata.LoadAll(o.dir, o.tickers...)
	if err != nil {
		return err
	}
	gaps := analysis.SeriesGaps(o.scan.After, series...)
	if err := refuseGaps(gaps, o.allowGaps); err != nil {
		return err
	}
	u, err := analysis.NewUniverse(o.price, series...)
	if err != nil {
		return err
	}
	rows, err := analysis.Scan(u, o.scan)
	if err != nil {
		return err
	}
	var search *analysis.ScanSearch
	if o.shifts.Shifts > 0 {
		if search, err = analysis.SearchScan(u, o.scan, o.shifts); err != nil {
			return err
		}
	}
	if o.json {
		return report.WriteJSON(o.out, report.NewScanSearch(rows, search, o.scan, o.price, gaps))
	}
	return report.WriteScanSearch(o.out, rows, search, o.scan, o.price, gaps)
}
