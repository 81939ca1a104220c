package main

import (
	"context"
	"fmt"
	"io"
	"os"
	"os/signal"
	"time"

	"github.com/rotationlab/rotation/analysis/fetch"
	"github.com/rotationlab/rotation/analysis/marketdata"
)

// fetchDeps holds what fetch reaches out through; tests give it a client
// aimed at httptest servers.
type fetchDeps struct {
	client func() *fetch.Client
}

var defaultFetchDeps = fetchDeps{client: fetch.NewClient}

func runFetch(args []string, stdout, stderr io.Writer, getenv env) error {
	return runFetchWith(defaultFetchDeps, args, stdout, stderr, getenv)
}

func runFetchWith(deps fetchDeps, args []string, stdout, stderr io.Writer, getenv env) error {
	fs := newFlagSet("fetch", stderr)
	data := fs.String("data", "", "data `dir`ectory to write TICKER.csv into (default $ROTATION_DATA, then ./data)")
	source := fs.String("source", "yahoo", "provider: yahoo or stooq")
	timeout := fs.Duration("timeout", 30*time.Second, "limit for each request")
	retries := fs.Int("retries", 4, "retries after a failed request")
	fs.Usage = func() {
		fmt.Fprintln(stderr, "usage: rotation fetch [flags] TICKER...")
		fs.PrintDefaults()
	}
	if err := parseFlags(fs, args); err != nil {
		return err
	}
	if fs.NArg() == 0 {
		return usagef("fetch needs at least one ticker")
	}
	src, err := fetch.ParseSource(*source)
	if err != nil {
		return usageError{err}
	}
	if *retries < 0 || *timeout <= 0 {
		return usagef("-retries must be >= 0 and -timeout > 0")
	}
	var tickers []marketdata.Ticker
	for _, a := range fs.Args() {
		t, err := marketdata.ParseTicker(a)
		if err != nil {
			return usageError{err}
		}
		tickers = append(tickers, t)
	}
	c := deps.client()
	c.Timeout, c.Retries = *timeout, *retries
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt)
	defer stop()
	dir := marketdata.Dir("", *data, getenv)
	for _, t := range tickers {
		path, n, err := c.ToDir(ctx, src, dir, t)
		if err != nil {
			return err
		}
		fmt.Fprintf(stdout, "%s: %d days from %s into %s\n", t, n, src, path)
	}
	return nil
}
