package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"os/signal"
	"path/filepath"
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

// fetchOptions is `rotation fetch` parsed: every flag and ticker checked,
// nothing downloaded.
type fetchOptions struct {
	out, errOut io.Writer
	// getenv configures the client (keys, addresses).
	getenv env
	// client returns the client downloads go through; tests give one
	// aimed at httptest servers.
	client func() *fetch.Client
	dir    string
	src    fetch.Source
	// apikey is Stooq's key from -apikey; "" for the environment's.
	apikey  string
	timeout time.Duration
	retries int
	// ifMissing fetches only the tickers whose file is missing; full
	// fetches whole histories even for files that exist.
	ifMissing, full bool
	tickers         []marketdata.Ticker
	// indices are the operands with a caret (^NDX), fetched into
	// indexDir, never into dir.
	indices  []marketdata.Index
	indexDir string
}

// runFetch parses and runs fetch with the production client.
func runFetch(args []string, stdout, stderr io.Writer, getenv env) error {
	o, err := parseFetch(args, stdout, stderr, getenv)
	if err != nil {
		return err
	}
	return o.run()
}

func parseFetch(args []string, stdout, stderr io.Writer, getenv env) (*fetchOptions, error) {
	o := &fetchOptions{out: stdout, errOut: stderr, getenv: getenv, client: fetch.NewClient}
	var data, source, indexData string
	fs := newFlagSet("fetch", stderr)
	fs.StringVar(&data, "data", "", "data `dir`ectory to write TICKER.csv into (default $ROTATION_DATA, then ./data)")
	fs.StringVar(&indexData, "index-data", "", "index `dir`ectory to write ^NAME's NAME.csv into (default $"+marketdata.EnvIndexDir+", then indices beside the data directory)")
	defSource := "yahoo"
	if s := getenv(EnvSource); s != "" {
		defSource = s
	}
	fs.StringVar(&source, "source", defSource, "provider: yahoo, stooq or tiingo (default $"+EnvSource+", then yahoo)")
	fs.StringVar(&o.apikey, "apikey", "", "Stooq's API key (default $"+fetch.EnvStooqKey+")")
	fs.DurationVar(&o.timeout, "timeout", 30*time.Second, "limit for each request")
	fs.IntVar(&o.retries, "retries", 4, "retries after a failed request")
	fs.BoolVar(&o.ifMissing, "if-missing", false, "fetch only the tickers whose file is missing; leave the others as they are")
	fs.BoolVar(&o.full, "full", false, "fetch whole histories even for files that exist")
	fs.Usage = func() {
		fmt.Fprintln(stderr, "usage: rotation fetch [flags] TICKER|^INDEX...")
		fs.PrintDefaults()
	}
	operands, err := parseFlags(fs, args)
	if err != nil {
		return nil, err
	}
	if len(operands) == 0 {
		return nil, usagef("fetch needs at least one ticker")
	}
	if o.src, err = fetch.ParseSource(source); err != nil {
		return nil, usageError{err}
	}
	if o.retries < 0 || o.timeout <= 0 {
		return nil, usagef("-retries must be >= 0 and -timeout > 0")
	}
	if o.ifMissing && o.full {
		return nil, usagef("-if-missing and -full exclude each other")
	}
	for _, a := range operands {
		if strings.HasPrefix(strings.TrimSpace(a), "^") {
			ix, err := marketdata.ParseIndex(a)
			if err != nil {
				return nil, usageError{err}
			}
			o.indices = append(o.indices, ix)
			continue
		}
		t, err := marketdata.ParseTicker(a)
		if err != nil {
			return nil, usageError{err}
		}
		o.tickers = append(o.tickers, t)
	}
	o.dir = marketdata.Dir("", data, getenv)
	if len(o.indices) > 0 {
		if o.src == fetch.Tiingo {
			return nil, usagef("tiingo has no index data (stocks, ETFs and mutual funds only): fetch %s with -source yahoo or -source stooq", joinAnd(indexNames(o.indices)))
		}
		o.indexDir = marketdata.IndexDir("", indexData, o.dir, getenv)
		if filepath.Clean(o.indexDir) == filepath.Clean(o.dir) {
			return nil, usagef("the index directory %s is the data directory: index files are kept apart from the ETF files (-index-data or $%s names another)", o.indexDir, marketdata.EnvIndexDir)
		}
	}
	return o, nil
}

func indexNames(ix []marketdata.Index) []string {
	out := make([]string, len(ix))
	for i, x := range ix {
		out[i] = string(x)
	}
	return out
}

// item is one thing to fetch: a ticker into the data directory or an
// index into the index directory.
type item struct {
	name   string
	path   string
	update func(ctx context.Context, c *fetch.Client, opt fetch.UpdateOptions) (fetch.Result, error)
}

func (o *fetchOptions) items() []item {
	var out []item
	for _, t := range o.tickers {
		out = append(out, item{name: string(t), path: marketdata.Path(o.dir, t),
			update: func(ctx context.Context, c *fetch.Client, opt fetch.UpdateOptions) (fetch.Result, error) {
				return c.Update(ctx, o.src, o.dir, t, opt)
			}})
	}
	for _, ix := range o.indices {
		out = append(out, item{name: string(ix), path: marketdata.IndexPath(o.indexDir, ix),
			update: func(ctx context.Context, c *fetch.Client, opt fetch.UpdateOptions) (fetch.Result, error) {
				return c.UpdateIndex(ctx, o.src, o.indexDir, ix, opt)
			}})
	}
	return out
}

func (o *fetchOptions) run() error {
	c := o.client()
	c.Configure(o.getenv)
	c.Timeout, c.Retries = o.timeout, o.retries
	if o.apikey != "" {
		c.StooqKey = o.apikey
	}
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt)
	defer stop()
	// A ticker that cannot be had does not stop the others: each failure
	// is said when it happens, and all of them again at the end. Only what
	// would fail the same way for every ticker stops the run: no network,
	// no key, or Ctrl-C.
	var failed []string
	tried := 0
	for _, it := range o.items() {
		if _, err := os.Stat(it.path); err == nil && o.ifMissing {
			continue
		}
		t := it.name
		tried++
		fmt.Fprintf(o.out, "%s: fetching from %s…\n", t, o.src)
		start := time.Now()
		r, err := it.update(ctx, c, fetch.UpdateOptions{Full: o.full})
		switch {
		case err == nil:
			fmt.Fprintln(o.out, r)
			continue
		case errors.Is(err, fetch.ErrOffline):
			return fmt.Errorf("%w\n%s", err, noData)
		case errors.Is(err, fetch.ErrNoKey), ctx.Err() != nil:
			return err
		}
		failed = append(failed, t)
		fmt.Fprintf(o.errOut, "rotation: %s: failed after %v: %v\n", t, fetch.Round(time.Since(start)), err)
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

func plural(n int, one, many string) string {
	if n == 1 {
		return one
	}
	return many
}
