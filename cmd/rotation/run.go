package main

import (
	"errors"
	"flag"
	"fmt"
	"io"
	"strings"
	"time"

	"github.com/rotationlab/rotation/analysis"
	"github.com/rotationlab/rotation/analysis/marketdata"
	"github.com/rotationlab/rotation/internal/cli"
)

// Exit codes.
const (
	exitOK    = 0
	exitFail  = 1
	exitUsage = 2
	// exitWrite: the work was done but its output (standard output, a
	// chart) could not be written, as on a full disk.
	exitWrite = 3
)

// usageError marks errors caused by how the command was called.
type usageError struct{ err error }

func (e usageError) Error() string { return e.err.Error() }
func (e usageError) Unwrap() error { return e.err }

func usagef(format string, args ...any) error { return usageError{fmt.Errorf(format, args...)} }

const usageText = `usage: rotation <command> [flags]

commands:
  study      the event study for one pair (the article's table and more)
  reproduce  the article's figures beside ours, under several conventions
  scan       event counts and forward returns for every pair of tickers
  fetch      download daily prices into the data directory
  check      data quality on the days that matter, alone or against a second source

Run 'rotation <command> -h' for a command's flags.
`

// env is how commands read the environment (os.Getenv in production).
type env func(string) string

// command is a subcommand whose arguments were parsed and checked: its
// options struct. run does the work: it reads the data, computes and
// writes the output through package report.
type command interface {
	run() error
}

// parse parses and checks a subcommand's arguments, reading no data. It
// returns a nil command for an unknown name.
func parse(name string, args []string, stdout, stderr io.Writer, getenv env) (command, error) {
	switch name {
	case "study":
		return parseStudy(args, stdout, stderr, getenv)
	case "reproduce":
		return parseReproduce(args, stdout, stderr, getenv)
	case "scan":
		return parseScan(args, stdout, stderr, getenv)
	case "fetch":
		return parseFetch(args, stdout, stderr, getenv)
	case "check":
		return parseCheck(args, stdout, stderr, getenv)
	}
	return nil, nil
}

func run(args []string, stdout, stderr io.Writer, getenv env) int {
	if len(args) == 0 {
		fmt.Fprint(stderr, usageText)
		return exitUsage
	}
	// Every write to standard output goes through out, which remembers the
	// first failure: a report that could not be written is an error.
	out := cli.NewWriter(stdout)
	var err error
	switch name := args[0]; name {
	case "help", "-h", "-help", "--help":
		fmt.Fprint(out, usageText)
	default:
		var cmd command
		cmd, err = parse(name, args[1:], out, stderr, getenv)
		if err == nil && cmd == nil {
			fmt.Fprintf(stderr, "rotation: unknown command %q\n%s", name, usageText)
			return exitUsage
		}
		if err == nil {
			err = cmd.run()
		}
	}
	if errors.Is(err, flag.ErrHelp) {
		err = nil
	}
	if werr := out.Err("standard output"); werr != nil && (err == nil || !cli.IsWriteError(err)) {
		// The failed write is the cause: whatever failed after it (a
		// flush, a later write) only repeats it.
		err = werr
	}
	if err == nil {
		return exitOK
	}
	msg := strings.TrimPrefix(err.Error(), "rotation: ")
	fmt.Fprintf(stderr, "rotation: %s\n", msg)
	var ue usageError
	switch {
	case errors.As(err, &ue):
		return exitUsage
	case cli.IsWriteError(err):
		return exitWrite
	}
	return exitFail
}

// newFlagSet returns a flag set that reports errors instead of exiting.
func newFlagSet(name string, stderr io.Writer) *flag.FlagSet {
	fs := flag.NewFlagSet("rotation "+name, flag.ContinueOnError)
	fs.SetOutput(stderr)
	return fs
}

// parseFlags parses flags before, between and after the operands ("--"
// ends them), returns the operands and turns flag errors into usage errors.
func parseFlags(fs *flag.FlagSet, args []string) ([]string, error) {
	operands, err := cli.Parse(fs, args)
	if err != nil {
		if errors.Is(err, flag.ErrHelp) {
			return nil, err
		}
		return nil, usageError{err}
	}
	return operands, nil
}

// flagNames maps the fields of the analysis options to the flags that set
// them, so that a refused value is named as the user typed it.
var flagNames = map[string]string{
	"Legs": "-a and -b", "Threshold": "-threshold", "Horizons": "-horizons", "Decluster": "-decluster",
	"EntryLag": "-entry-lag", "Resamples": "-resamples", "After": "-after",
}

// optionError turns an *analysis.OptionError into a usage error naming the
// flag; other errors pass unchanged.
func optionError(err error) error {
	var oe *analysis.OptionError
	if !errors.As(err, &oe) {
		return err
	}
	if name, ok := flagNames[oe.Field]; ok {
		return usageError{errors.New(oe.Message(name))}
	}
	return usageError{err}
}

// parseTickers parses ticker operands, dropping repeats.
func parseTickers(operands []string) ([]marketdata.Ticker, error) {
	var tickers []marketdata.Ticker
	seen := map[marketdata.Ticker]bool{}
	for _, a := range operands {
		t, err := marketdata.ParseTicker(a)
		if err != nil {
			return nil, usageError{err}
		}
		if !seen[t] {
			seen[t] = true
			tickers = append(tickers, t)
		}
	}
	return tickers, nil
}

// parseDates parses the -after and -before flags into their destinations.
func parseDates(after, before string, dstAfter, dstBefore *time.Time) error {
	for _, d := range []struct {
		s   string
		dst *time.Time
		n   string
	}{{after, dstAfter, "-after"}, {before, dstBefore, "-before"}} {
		if d.s == "" {
			continue
		}
		var err error
		if *d.dst, err = marketdata.ParseDate(d.s); err != nil {
			return usagef("%s: %v", d.n, err)
		}
	}
	return nil
}

// minDraws is the fewest draws or shifts whose p-values can fall below
// 0.01; fewer give coarse p-values, which the command says on stderr.
const minDraws = 100

// warnFewDraws says, on stderr, that n draws (of the flag named) cannot
// give a p-value below 1/(n+1), when 0 < n < minDraws. The run goes on:
// a quick look with few draws is a fair use.
func warnFewDraws(stderr io.Writer, flag string, n int) {
	if n > 0 && n < minDraws {
		fmt.Fprintf(stderr, "rotation: %s %d is few: no p-value can fall below 1/%d = %.3f (%d or more for p-values below 0.01)\n",
			flag, n, n+1, 1/float64(n+1), minDraws)
	}
}
