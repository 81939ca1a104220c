package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"os/signal"
	"strings"
	"time"

	"github.com/rotationlab/rotation/analysis/fetch"
	"github.com/rotationlab/rotation/analysis/marketdata"
)

// EnvSource names the provider when -source is not given.
const EnvSource = "ROTATION_SOURCE"

// noData says the three ways to get prices, after a fetch that could not
// reach its provider.
const noData = `rotation needs daily prices, one TICKER.csv per ticker, and could not download them. Either:
  1. fetch them when online: rotation fetch [-source yahoo|stooq|tiingo] TICKER...
     (stooq needs -apikey or $STOOQ_API_KEY, tiingo $TIINGO_API_KEY);
  2. point $ROTATION_DATA at a directory of price files from any vendor in a supported layout
     (Yahoo, Stooq, Tiingo, Alpha Vantage, or date,open,high,low,close,volume,dividend,unadj_close);
  3. or pass -data DIR to the command.`

// fetchDeps holds what fetch reaches out through; tests give it a client
// aimed at httptest servers.
type fetchDeps struct {
	client func() *fetch.Client
}

var defaultFetchDeps = fetchDeps{client: fetch.NewClient}

func runFetch(args []string, stdout, stderr io.Writer, getenv env) error {
	return runFetchWith(defaultFetchDeps, args, stdout, stderr, getenv)
}

// fetchFlags are fetch's flags.
type fetchFlags struct {
	data, source, apikey string
	timeout              time.Duration
	retries              int
	ifMissing, full      bool
	tickers              []marketdata.Ticker
	src                  fetch.Source
}

func parseFetchFlags(args []string, stderr io.Writer, getenv env) (*fetchFlags, error) {
	f := &fetchFlags{}
	fs := newFlagSet("fetch", stderr)
	fs.StringVar(&f.data, "data", "", "data `dir`ectory to write TICKER.csv into (default $ROTATION_DATA, then ./data)")
	defSource := "yahoo"
	if s := getenv(EnvSource); s != "" {
		defSource = s
	}
	fs.StringVar(&f.source, "source", defSource, "provider: yahoo, stooq or tiingo (default $"+EnvSource+", then yahoo)")
	fs.StringVar(&f.apikey, "apikey", "", "Stooq's API key (default $"+fetch.EnvStooqKey+")")
	fs.DurationVar(&f.timeout, "timeout", 30*time.Second, "limit for each request")
	fs.IntVar(&f.retries, "retries", 4, "retries after a failed request")
	fs.BoolVar(&f.ifMissing, "if-missing", false, "fetch only the tickers whose file is missing; leave the others as they are")
	fs.BoolVar(&f.full, "full", false, "fetch whole histories even for files that exist")
	fs.Usage = func() {
		fmt.Fprintln(stderr, "usage: rotation fetch [flags] TICKER...")
		fs.PrintDefaults()
	}
	operands, err := parseFlags(fs, args)
	if err != nil {
		return nil, err
	}
	if len(operands) == 0 {
		return nil, usagef("fetch needs at least one ticker")
	}
	if f.src, err = fetch.ParseSource(f.source); err != nil {
		return nil, usageError{err}
	}
	if f.retries < 0 || f.timeout <= 0 {
		return nil, usagef("-retries must be >= 0 and -timeout > 0")
	}
	if f.ifMissing && f.full {
		return nil, usagef("-if-missing and -full exclude each other")
	}
	for _, a := range operands {
		t, err := marketdata.ParseTicker(a)
		if err != nil {
			return nil, usageError{err}
		}
		f.tickers = append(f.tickers, t)
	}
	return f, nil
}

func runFetchWith(deps fetchDeps, args []string, stdout, stderr io.Writer, getenv env) error {
	f, err := parseFetchFlags(args, stderr, getenv)
	if err != nil {
		return err
	}
	c := deps.client()
	c.Configure(getenv)
	c.Timeout, c.Retries = f.timeout, f.retries
	if f.apikey != "" {
		c.StooqKey = f.apikey
	}
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt)
	defer stop()
	dir := marketdata.Dir("", f.data, getenv)
	// A ticker that cannot be had does not stop the others: each failure
	// is said when it happens, and all of them again at the end. Only what
	// would fail the same way for every ticker stops the run: no network,
	// no key, or Ctrl-C.
	var failed []string
	tried := 0
	for _, t := range f.tickers {
		path := marketdata.Path(dir, t)
		if _, err := os.Stat(path); err == nil && f.ifMissing {
			continue
		}
		tried++
		fmt.Fprintf(stdout, "%s: fetching from %s…\n", t, f.src)
		start := time.Now()
		r, err := c.Update(ctx, f.src, dir, t, fetch.UpdateOptions{Full: f.full})
		switch {
		case err == nil:
			fmt.Fprintln(stdout, r)
			continue
		case errors.Is(err, fetch.ErrOffline):
			return fmt.Errorf("%w\n%s", err, noData)
		case errors.Is(err, fetch.ErrNoKey), ctx.Err() != nil:
			return err
		}
		failed = append(failed, string(t))
		fmt.Fprintf(stderr, "rotation: %s: failed after %v: %v\n", t, fetch.Round(time.Since(start)), err)
	}
	if len(failed) > 0 {
		return fmt.Errorf("could not fetch %s (%d of %d %s; the others were fetched)",
			joinAnd(failed), len(failed), tried, plural(tried, "ticker", "tickers"))
	}
	return nil
}

// joinAnd lists names as "A", "A and B", "A, B and C".
func joinAnd(names []string) string {
	if len(names) <= 1 {
		return strings.Join(names, "")
	}
	return strings.Join(names[:len(names)-1], ", ") + " and " + names[len(names)-1]
}
