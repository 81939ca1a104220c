// Command fakeprovider serves the price files of a directory as Yahoo,
// Stooq and Tiingo answer, on a local address, so that `make run` can be
// tried end to end without the network:
//
//	go run ./cmd/fakeprovider -data DIR &
//	ROTATION_YAHOO_URL=http://127.0.0.1:8765 rotation fetch -data ./data IWM QQQ
//	kill $!
//
// Index files (NDX.csv, RUT.csv in -index-data, by default indices beside
// -data) are served under their caret symbols (^NDX) as the providers
// serve indices.
//
// Each file is served with its own open, high, low, close, adjusted close
// and volume (see package analysis/fetch/fetchtest), read afresh for each request.
// With -addr 127.0.0.1:0 it picks a free port; the line it logs once it
// listens names the address and its process id.
//
// It stops on SIGINT (Ctrl-C), SIGTERM and SIGHUP, closing its port and
// exiting 130, 143 and 129; and when the process that started it ends (as
// `go run` does on a SIGTERM sent to it alone, which never reaches the
// server), so that no server is left behind.
package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"log"
	"net"
	"net/http"
	"os"
	"os/signal"
	"path/filepath"
	"sort"
	"strings"
	"syscall"
	"time"

	"github.com/rotationlab/rotation/analysis/fetch/fetchtest"
	"github.com/rotationlab/rotation/analysis/marketdata"
	"github.com/rotationlab/rotation/internal/cli"
)

func main() {
	log.SetFlags(0)
	log.SetPrefix("fakeprovider: ")
	os.Exit(run(os.Args[1:]))
}

func run(args []string) int {
	fs := flag.NewFlagSet("fakeprovider", flag.ContinueOnError)
	data := fs.String("data", "", "directory of TICKER.csv files to serve (any supported layout)")
	indexData := fs.String("index-data", "", "directory of index files to serve as ^NAME (NDX.csv as ^NDX; default: indices beside -data, when it exists)")
	addr := fs.String("addr", "127.0.0.1:8765", "address to listen on (loopback only; port 0 picks a free one)")
	stooqKey := fs.String("stooq-key", "", "API key Stooq's fake wants (empty: none)")
	tiingoKey := fs.String("tiingo-key", "", "token Tiingo's fake wants")
	fs.Usage = func() {
		fmt.Fprintln(os.Stderr, "usage: fakeprovider -data DIR [-index-data DIR] [-addr 127.0.0.1:PORT] [-stooq-key KEY] [-tiingo-key TOKEN]")
		fs.PrintDefaults()
	}
	rest, err := cli.Parse(fs, args)
	switch {
	case errors.Is(err, flag.ErrHelp):
		return 0
	case err != nil:
		return 2
	case len(rest) > 0:
		log.Printf("unexpected argument %q", rest[0])
		return 2
	case *data == "":
		log.Print("-data is required: a directory of TICKER.csv files")
		return 2
	}
	if host, _, err := net.SplitHostPort(*addr); err != nil || !net.ParseIP(host).IsLoopback() {
		log.Printf("-addr %q is not a loopback address (want 127.0.0.1:PORT)", *addr)
		return 2
	}
	tickers, err := filepath.Glob(filepath.Join(*data, "*.csv"))
	if err != nil || len(tickers) == 0 {
		log.Printf("-data %s holds no TICKER.csv files", *data)
		return 2
	}
	for i, p := range tickers {
		tickers[i] = strings.TrimSuffix(filepath.Base(p), ".csv")
	}
	sort.Strings(tickers)

	ixDir := marketdata.IndexDir("", *indexData, *data, func(string) string { return "" })
	var indices []string
	if fi, err := os.Stat(ixDir); err == nil && fi.IsDir() {
		files, _ := filepath.Glob(filepath.Join(ixDir, "*.csv"))
		for _, p := range files {
			indices = append(indices, "^"+strings.TrimSuffix(filepath.Base(p), ".csv"))
		}
		sort.Strings(indices)
	} else if *indexData != "" {
		log.Printf("-index-data %s is not a directory", *indexData)
		return 2
	}
	if len(indices) == 0 {
		ixDir = ""
	}
	fp := fetchtest.FromDirs(*data, ixDir)
	load := fp.Load
	fp.Load = func(t marketdata.Ticker) (*marketdata.Series, error) {
		s, err := load(t)
		if err != nil {
			log.Printf("%s: %v", t, err)
		}
		return s, err
	}
	fp.StooqKey, fp.TiingoKey = *stooqKey, *tiingoKey
	fp.StooqPage = []byte("<!DOCTYPE html><html><head><title>Stooq</title></head><body>API key required</body></html>")

	// The signals are caught, and the parent noted, before the port opens
	// and the server says it serves: a signal, or the end of its parent
	// (`kill $!` of go run), that comes as soon as it says so finds it
	// ready. Noting the parent later would miss a parent that ended in
	// between, and serve forever.
	orphaned := parentGone()
	sigs := make(chan os.Signal, 1)
	signal.Notify(sigs, os.Interrupt, syscall.SIGTERM, syscall.SIGHUP)
	ln, err := net.Listen("tcp", *addr)
	if err != nil {
		log.Print(err)
		return 1
	}
	srv := &http.Server{Handler: fp, ReadHeaderTimeout: 10 * time.Second}
	served := make(chan error, 1)
	go func() { served <- srv.Serve(ln) }()
	served2 := fmt.Sprintf("%s (%s)", *data, strings.Join(tickers, ", "))
	if ixDir != "" {
		served2 += fmt.Sprintf(" and %s (%s)", ixDir, strings.Join(indices, ", "))
	}
	log.Printf("serving %s as yahoo, stooq and tiingo on http://%s (pid %d)", served2, ln.Addr(), os.Getpid())

	code := 0
	select {
	case err := <-served:
		log.Print(err)
		return 1
	case sig := <-sigs:
		code = 128 + int(sig.(syscall.Signal))
		log.Printf("stopping (%v)", sig)
	case <-orphaned:
		log.Print("stopping: the process that started it ended")
		code = 1
	}
	signal.Stop(sigs)
	ctx, cancel := context.WithTimeout(context.Background(), 2*time.Second)
	defer cancel()
	if err := srv.Shutdown(ctx); err != nil {
		srv.Close()
	}
	return code
}

// parentGone is closed when the process's parent ends: it is then
// adopted by another (its parent id changes). Without a parent to watch
// (started by init) it is never closed.
func parentGone() <-chan struct{} {
	done := make(chan struct{})
	ppid := os.Getppid()
	if ppid <= 1 {
		return done
	}
	go func() {
		for os.Getppid() == ppid {
			time.Sleep(200 * time.Millisecond)
		}
		close(done)
	}()
	return done
}
