package main

import (
	"errors"
	"flag"
	"fmt"
	"io"
	"strings"

	"github.com/rotationlab/rotation/analysis"
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

func run(args []string, stdout, stderr io.Writer, getenv env) int {
	if len(args) == 0 {
		fmt.Fprint(stderr, usageText)
		return exitUsage
	}
	// Every write to standard output goes through out, which remembers the
	// first failure: a report that could not be written is an error.
	out := cli.NewWriter(stdout)
	stdout = out
	var err error
	switch cmd, rest := args[0], args[1:]; cmd {
	case "study":
		err = runStudy(rest, stdout, stderr, getenv)
	case "reproduce":
		err = runReproduce(rest, stdout, stderr, getenv)
	case "scan":
		err = runScan(rest, stdout, stderr, getenv)
	case "fetch":
		err = runFetch(rest, stdout, stderr, getenv)
	case "check":
		err = runCheck(rest, stdout, stderr, getenv)
	case "help", "-h", "-help", "--help":
		fmt.Fprint(stdout, usageText)
	default:
		fmt.Fprintf(stderr, "rotation: unknown command %q\n%s", cmd, usageText)
		return exitUsage
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

// flagSet wraps flag.FlagSet with parse that maps errors to usage errors.
type flagSet struct{ *flag.FlagSet }

func (f *flagSet) parse(args []string) ([]string, error) { return parseFlags(f.FlagSet, args) }
