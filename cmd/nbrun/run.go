package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"sync"
	"time"

	"github.com/rotationlab/rotation/internal/gobin"
	"github.com/rotationlab/rotation/jupyter/params"
)

// Exit codes.
const (
	exitOK          = 0
	exitCellError   = 1
	exitUsage       = 2
	exitKernel      = 3
	exitTimeout     = 4
	exitStale       = 5 // -check: outputs differ from the stored ones
	exitWrite       = 6 // an executed notebook or a page could not be written
	exitInterrupted = 130
)

// options are the parsed flags.
type options struct {
	outDir         string
	inplace        bool
	kernelName     string
	params         []params.Value
	timeout        time.Duration
	startupTimeout time.Duration
	allowErrors    bool
	noTiming       bool
	jobs           int
	quiet          bool
	htmlDir, mdDir string
	notebooks      []string
	// check compares fresh outputs with the stored ones.
	check bool
	// cacheDir keeps executed notebooks by key ("" for no cache); force
	// runs anyway and refreshes the entry.
	cacheDir        string
	force           bool
	notebookTimeout time.Duration
	// kernelEnv is added to every kernel's environment.
	kernelEnv []string
}

type paramFlag struct{ vals *[]params.Value }

func (p paramFlag) String() string { return "" }
func (p paramFlag) Set(s string) error {
	v, err := params.ParseValue(s)
	if err != nil {
		return err
	}
	*p.vals = append(*p.vals, v)
	return nil
}

func parseArgs(args []string, stderr io.Writer) (*options, error) {
	o := &options{}
	fs := flag.NewFlagSet("nbrun", flag.ContinueOnError)
	fs.SetOutput(stderr)
	fs.StringVar(&o.outDir, "o", "", "write each executed notebook to `dir`/<same name>")
	fs.BoolVar(&o.inplace, "inplace", false, "replace each notebook with its executed version")
	fs.StringVar(&o.kernelName, "kernel", "", "kernelspec `name` to use instead of the notebook's own")
	fs.Var(paramFlag{&o.params}, "p", "parameter `name=value` (repeatable)")
	fs.DurationVar(&o.timeout, "timeout", 0, "per-cell limit; on expiry interrupt the kernel and stop (0: none)")
	fs.DurationVar(&o.startupTimeout, "startup-timeout", 60*time.Second, "limit for the kernel to start")
	fs.BoolVar(&o.allowErrors, "allow-errors", false, "record cell errors and go on")
	fs.BoolVar(&o.noTiming, "no-timing", false, "leave execution timings out of the notebook")
	fs.IntVar(&o.jobs, "j", 1, "notebooks in parallel, each with its own kernel")
	fs.BoolVar(&o.quiet, "q", false, "no progress output")
	fs.StringVar(&o.htmlDir, "html", "", "also write each executed notebook as a standalone HTML page into `dir`")
	fs.StringVar(&o.mdDir, "md", "", "also write each executed notebook as Markdown, images beside it, into `dir`")
	fs.BoolVar(&o.check, "check", false, "compare each cell's fresh outputs with the stored ones; exit 5 when any differ")
	fs.StringVar(&o.cacheDir, "cache", "", "keep executed notebooks in `dir` by a key of everything their outputs depend on; reuse them when nothing changed")
	fs.BoolVar(&o.force, "force", false, "with -cache: run anyway and refresh the entry")
	fs.DurationVar(&o.notebookTimeout, "notebook-timeout", 0, "limit for each whole notebook (0: metadata.execution.timeout when present, else none)")
	fs.Usage = func() {
		fmt.Fprintln(stderr, "usage: nbrun [flags] NOTEBOOK...")
		fs.PrintDefaults()
	}
	if err := fs.Parse(args); err != nil {
		return nil, err
	}
	o.notebooks = fs.Args()
	switch {
	case len(o.notebooks) == 0:
		return nil, errors.New("no notebook given")
	case o.inplace && o.outDir != "":
		return nil, errors.New("-o and -inplace exclude each other")
	case o.jobs < 1:
		return nil, errors.New("-j must be at least 1")
	case o.timeout < 0 || o.startupTimeout <= 0 || o.notebookTimeout < 0:
		return nil, errors.New("-timeout and -notebook-timeout must not be negative and -startup-timeout must be positive")
	case o.check && o.inplace:
		return nil, errors.New("-check compares with the stored outputs and -inplace replaces them: use -check alone, or with -o")
	case o.force && o.cacheDir == "":
		return nil, errors.New("-force goes with -cache")
	}
	if o.outDir != "" {
		seen := map[string]string{}
		for _, nb := range o.notebooks {
			base := filepath.Base(nb)
			if prev, dup := seen[base]; dup {
				return nil, fmt.Errorf("-o: %s and %s would both be written to %s", prev, nb, filepath.Join(o.outDir, base))
			}
			seen[base] = nb
		}
	}
	return o, nil
}

func run(ctx context.Context, args []string, stdout, stderr io.Writer, getenv func(string) string) int {
	o, err := parseArgs(args, stderr)
	if errors.Is(err, flag.ErrHelp) {
		return exitOK
	}
	if err != nil {
		fmt.Fprintf(stderr, "nbrun: %v\n", err)
		return exitUsage
	}
	// GoNB runs goimports from the Go bin directory.
	o.kernelEnv = append(o.kernelEnv, gobin.PathEnv(getenv))
	for _, d := range []string{o.outDir, o.htmlDir, o.mdDir} {
		if d == "" {
			continue
		}
		if err := os.MkdirAll(d, 0o755); err != nil {
			fmt.Fprintf(stderr, "nbrun: %v\n", err)
			return exitWrite
		}
	}
	out := &lockedWriter{w: stderr}
	live := !o.quiet && o.jobs == 1 && isTerminal(stderr)
	codes := make([]int, len(o.notebooks))
	next := make(chan int)
	var wg sync.WaitGroup
	for range min(o.jobs, len(o.notebooks)) {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := range next {
				codes[i] = runNotebook(ctx, o, o.notebooks[i], out, live, getenv)
			}
		}()
	}
	// Notebooks start in the order given.
	for i := range o.notebooks {
		next <- i
	}
	close(next)
	wg.Wait()
	worst := exitOK
	for _, c := range codes {
		worst = max(worst, c)
	}
	return worst
}

// lockedWriter serialises progress lines from parallel notebooks.
type lockedWriter struct {
	mu sync.Mutex
	w  io.Writer
}

func (l *lockedWriter) printf(format string, args ...any) {
	l.mu.Lock()
	defer l.mu.Unlock()
	fmt.Fprintf(l.w, format, args...)
}

func isTerminal(w io.Writer) bool {
	f, ok := w.(*os.File)
	if !ok {
		return false
	}
	fi, err := f.Stat()
	return err == nil && fi.Mode()&os.ModeCharDevice != 0
}
