package main

import (
	"errors"
	"flag"
	"fmt"
	"io"
	"strings"
)

// Exit codes.
const (
	exitOK    = 0
	exitFail  = 1
	exitUsage = 2
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
		return exitOK
	default:
		fmt.Fprintf(stderr, "rotation: unknown command %q\n%s", cmd, usageText)
		return exitUsage
	}
	switch {
	case err == nil:
		return exitOK
	case errors.Is(err, flag.ErrHelp):
		return exitOK
	}
	msg := strings.TrimPrefix(err.Error(), "rotation: ")
	fmt.Fprintf(stderr, "rotation: %s\n", msg)
	var ue usageError
	if errors.As(err, &ue) {
		return exitUsage
	}
	return exitFail
}

// newFlagSet returns a flag set that reports errors instead of exiting.
func newFlagSet(name string, stderr io.Writer) *flag.FlagSet {
	fs := flag.NewFlagSet("rotation "+name, flag.ContinueOnError)
	fs.SetOutput(stderr)
	return fs
}

// parseFlags parses and turns flag errors into usage errors.
func parseFlags(fs *flag.FlagSet, args []string) error {
	if err := fs.Parse(args); err != nil {
		if errors.Is(err, flag.ErrHelp) {
			return err
		}
		return usageError{err}
	}
	return nil
}

// flagSet wraps flag.FlagSet with parse that maps errors to usage errors.
type flagSet struct{ *flag.FlagSet }

func (f *flagSet) parse(args []string) error { return parseFlags(f.FlagSet, args) }
