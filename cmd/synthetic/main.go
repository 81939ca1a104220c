// Command synthetic writes the benchmark's price files, IWM.csv and
// QQQ.csv (package analysis/marketdata/synthetic), into a directory, for
// measuring the built command and pandas on them outside `go test`:
//
//	go run ./cmd/synthetic -rows 3000000 -o DIR
//	/usr/bin/time -v bin/rotation study -data DIR > /dev/null
//	/usr/bin/python3 cmd/rotation/testdata/pandas_read.py DIR
//
// It never replaces IWM.csv or QQQ.csv already in DIR (a user's prices,
// perhaps) unless given -force. Exit status 2 for a bad flag or a file in
// the way, 1 when the files cannot be written.
package main

import (
	"flag"
	"fmt"
	"io"
	"os"
	"path/filepath"

	"github.com/rotationlab/rotation/analysis/marketdata/synthetic"
	"github.com/rotationlab/rotation/internal/cli"
)

func main() {
	os.Exit(run(os.Args[1:], os.Stderr))
}

func run(args []string, stderr io.Writer) int {
	fs := flag.NewFlagSet("synthetic", flag.ContinueOnError)
	fs.SetOutput(stderr)
	rows := fs.Int("rows", 1_000_000, "rows (calendar days) per file")
	seed := fs.Uint64("seed", 1, "seed of the random walks")
	dir := fs.String("o", "", "directory to write IWM.csv and QQQ.csv into (created when missing)")
	force := fs.Bool("force", false, "replace IWM.csv and QQQ.csv when the directory has them")
	operands, err := cli.Parse(fs, args)
	if err != nil {
		return 2
	}
	if *dir == "" || len(operands) > 0 {
		fmt.Fprintln(stderr, "usage: synthetic -o DIR [-rows N] [-seed N] [-force]")
		return 2
	}
	// Random walks must never replace a user's prices unasked.
	for _, t := range synthetic.Tickers {
		p := filepath.Join(*dir, t+".csv")
		if _, err := os.Stat(p); err == nil && !*force {
			fmt.Fprintf(stderr, "synthetic: %s exists: these are random walks, not prices; choose another -o, or -force to replace it\n", p)
			return 2
		}
	}
	if err := os.MkdirAll(*dir, 0o755); err != nil {
		fmt.Fprintf(stderr, "synthetic: %v\n", err)
		return 1
	}
	if err := synthetic.Write(*dir, *rows, *seed); err != nil {
		fmt.Fprintf(stderr, "%v\n", err)
		return 1
	}
	return 0
}
