package main

import (
	"bytes"
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"sync"
	"syscall"
	"text/tabwriter"
	"time"

	"github.com/rotationlab/rotation/internal/cli"
	"github.com/rotationlab/rotation/internal/gobin"
	"github.com/rotationlab/rotation/jupyter/kernel"
	"github.com/rotationlab/rotation/jupyter/nbformat"
	"github.com/rotationlab/rotation/jupyter/params"
)

// Exit codes.
const (
	exitOK          = 0
	exitCellError   = 1
	exitUsage       = 2
	exitKernel      = 3
	exitTimeout     = 4
	exitStale       = 5   // -check: outputs differ from the stored ones
	exitWrite       = 6   // a notebook, a page, a summary or standard output could not be written
	exitInterrupted = 130 // SIGINT (Ctrl-C)
	exitTerminated  = 143 // SIGTERM, after the same cleanup
)

// signalError is the cause of a run's context cancelled by a signal.
type signalError struct{ sig os.Signal }

func (e signalError) Error() string { return "nbrun: " + e.sig.String() }

// exitForSignal is the exit code of an interrupted run: 128 plus the
// signal's number, as a shell reports a process the signal ended (130 for
// SIGINT, 143 for SIGTERM).
func exitForSignal(code int, cause error) int {
	var se signalError
	if code != exitInterrupted || !errors.As(cause, &se) {
		return code
	}
	if n, ok := se.sig.(syscall.Signal); ok {
		return 128 + int(n)
	}
	return code
}

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
	// paramFile is -f's YAML or JSON file of parameters; sweeps the -sweep
	// flags.
	paramFile string
	sweeps    []sweep
	// listParams (-params) lists each notebook's parameters; list (-list)
	// the planned runs; neither runs anything.
	listParams, list bool
	shard            string
	// mergeDirs: -merge, the shards' output directories.
	merge     bool
	logOutput bool
	noInput   bool
	// kernelEnv is added to every kernel's environment.
	kernelEnv []string
	// launcher starts every job's kernel, so that parallel jobs' kernels
	// are never handed the same port.
	launcher *kernel.Launcher
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
	fs.StringVar(&o.paramFile, "f", "", "YAML or JSON `file` of parameters (-p given after it overrides)")
	fs.Var(sweepFlag{&o.sweeps}, "sweep", "run once per value: `name=v1,v2,...` (repeatable: every combination)")
	fs.BoolVar(&o.listParams, "params", false, "list each notebook's parameters (name, type, default, comment) and exit")
	fs.BoolVar(&o.list, "list", false, "list the runs that would execute, one per line, and exit")
	fs.StringVar(&o.shard, "shard", "", "run only the `K/N`-th part of the runs (auto/N: K from $JOB_COMPLETION_INDEX)")
	fs.BoolVar(&o.merge, "merge", false, "merge the summaries in the directories given into -o DIR")
	fs.BoolVar(&o.logOutput, "log-output", false, "stream each cell's stdout and stderr to the terminal as they arrive")
	fs.BoolVar(&o.noInput, "no-input", false, "leave code cells' source out of -html and -md pages")
	fs.BoolVar(&o.check, "check", false, "compare each cell's fresh outputs with the stored ones; exit 5 when any differ")
	fs.StringVar(&o.cacheDir, "cache", "", "keep executed notebooks in `dir` by a key of everything their outputs depend on; reuse them when nothing changed")
	fs.BoolVar(&o.force, "force", false, "with -cache: run anyway and refresh the entry")
	fs.DurationVar(&o.notebookTimeout, "notebook-timeout", 0, "limit for each whole notebook (0: metadata.execution.timeout when present, else none)")
	fs.Usage = func() {
		fmt.Fprintln(stderr, "usage: nbrun [flags] NOTEBOOK... [flags]")
		fs.PrintDefaults()
	}
	// Flags may come before, between or after the notebooks; "--" ends
	// them (for a notebook whose name starts with "-").
	notebooks, err := cli.Parse(fs, args)
	if err != nil {
		return nil, err
	}
	o.notebooks = notebooks
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
	case o.merge && (o.outDir == "" || strings.Contains(o.outDir, "{")):
		return nil, errors.New("-merge writes the merged summary into -o DIR")
	case o.inplace && len(o.sweeps) > 0:
		return nil, errors.New("-sweep writes one notebook per run: use -o, not -inplace")
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
	if o.merge {
		return runMerge(o, stdout, stderr)
	}
	if o.listParams {
		return listParameters(o, stdout, stderr, getenv)
	}
	runs, code := planRuns(o, stderr, getenv)
	if runs == nil {
		return code
	}
	if o.list {
		// A plan, for a coordinator that may not hold the notebooks:
		// nothing is read.
		w := cli.NewWriter(stdout)
		for _, r := range runs {
			fmt.Fprintf(w, "%s\t%s\n", r.notebook, pointText(r))
		}
		return writeErr(w, stderr)
	}
	// Every run is checked before the first kernel starts: a mistake in
	// the last notebook or parameter is found before the others have run.
	if code := checkRuns(o, runs, stderr, getenv); code != exitOK {
		return code
	}
	// GoNB runs goimports from the Go bin directory.
	o.kernelEnv = append(o.kernelEnv, gobin.PathEnv(getenv))
	o.launcher = kernel.NewLauncher()
	for _, d := range outputDirs(o, runs) {
		if err := writableDir(d); err != nil {
			fmt.Fprintf(stderr, "nbrun: nothing ran: %v\n", err)
			return exitWrite
		}
	}
	out := &lockedWriter{w: stderr}
	live := !o.quiet && !o.logOutput && o.jobs == 1 && isTerminal(stderr)
	results := make([]result, len(runs))
	next := make(chan int)
	var wg sync.WaitGroup
	for range min(o.jobs, len(runs)) {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := range next {
				if ctx.Err() != nil { // interrupted: start no more
					results[i] = result{run: runs[i], code: exitInterrupted}
					continue
				}
				results[i] = runNotebook(ctx, o, runs[i], out, live, getenv)
			}
		}()
	}
	// Runs start in the planned order.
	for i := range runs {
		next <- i
	}
	close(next)
	wg.Wait()
	worst := exitOK
	for _, r := range results {
		worst = max(worst, r.code)
	}
	if len(o.sweeps) > 0 && o.outDir != "" {
		dir := filepath.Dir(runs[0].out)
		if err := writeSummary(dir, summaryTable(results, o.htmlDir)); err != nil {
			fmt.Fprintf(stderr, "nbrun: writing the summary: %v\n", err)
			return max(worst, exitWrite)
		}
		if !o.quiet {
			fmt.Fprintf(stderr, "nbrun: summary of %d runs in %s\n", len(runs), filepath.Join(dir, "summary.csv"))
		}
	}
	return worst
}

// planRuns reads -f, plans the runs and keeps this shard's. On failure runs
// is nil and code says why.
func planRuns(o *options, stderr io.Writer, getenv func(string) string) ([]runSpec, int) {
	var fileValues []params.Value
	if o.paramFile != "" {
		var err error
		if fileValues, err = params.LoadFile(o.paramFile); err != nil {
			fmt.Fprintf(stderr, "nbrun: %v\n", err)
			return nil, exitUsage
		}
	}
	runs, err := plan(o, params.Merge(fileValues, o.params))
	if err == nil {
		runs, err = shard(runs, o.shard, getenv)
	}
	if err != nil {
		fmt.Fprintf(stderr, "nbrun: %v\n", err)
		return nil, exitUsage
	}
	if runs == nil {
		runs = []runSpec{}
	}
	return runs, exitOK
}

// checkRuns prepares every run as runNotebook will (it reads the notebook,
// finds the kernelspec and injects the parameters) without starting
// anything, prints each problem once and returns the worst exit code.
func checkRuns(o *options, runs []runSpec, stderr io.Writer, getenv func(string) string) int {
	var msgs bytes.Buffer
	out := &lockedWriter{w: &msgs}
	code, bad := exitOK, 0
	var seen []string
	for _, r := range runs {
		j := &job{o: o, r: r, path: r.notebook, name: r.label(), out: out, getenv: getenv}
		msgs.Reset()
		nb, _, c := j.prepare()
		if nb != nil {
			continue
		}
		code, bad = max(code, c), bad+1
		if m := msgs.String(); !slices.Contains(seen, m) {
			seen = append(seen, m)
			io.WriteString(stderr, m)
		}
	}
	if bad > 0 {
		fmt.Fprintf(stderr, "nbrun: nothing ran: %d of %d %s cannot start\n", bad, len(runs), plural(len(runs), "run", "runs"))
	}
	return code
}

// writeErr reports a failed write of standard output: exit 6.
func writeErr(w *cli.Writer, stderr io.Writer) int {
	if err := w.Err("standard output"); err != nil {
		fmt.Fprintf(stderr, "nbrun: %v\n", err)
		return exitWrite
	}
	return exitOK
}

// pointText writes a run's parameters as name=value pairs.
func pointText(r runSpec) string {
	var ps []string
	for _, v := range r.values {
		ps = append(ps, v.Name+"="+v.Raw)
	}
	return strings.Join(ps, " ")
}

// outputDirs lists the directories the runs write into.
func outputDirs(o *options, runs []runSpec) []string {
	dirs := []string{o.htmlDir, o.mdDir}
	for _, r := range runs {
		if r.out != "" {
			dirs = append(dirs, filepath.Dir(r.out))
		}
	}
	var out []string
	for _, d := range dirs {
		if d != "" && !slices.Contains(out, d) {
			out = append(out, d)
		}
	}
	return out
}

// writableDir makes dir if need be and checks that a file can be made in
// it, so that a run is not lost for want of a place to write it.
func writableDir(dir string) error {
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return err
	}
	f, err := os.CreateTemp(dir, ".nbrun-check-*")
	if err != nil {
		return fmt.Errorf("cannot write into %s: %w", dir, err)
	}
	name := f.Name()
	err = f.Close()
	if rmErr := os.Remove(name); err == nil {
		err = rmErr
	}
	if err != nil {
		return fmt.Errorf("cannot write into %s: %w", dir, err)
	}
	return nil
}

// runMerge joins shards' summaries into -o DIR.
func runMerge(o *options, stdout, stderr io.Writer) int {
	t, err := merge(o.notebooks)
	if err == nil {
		for i, l := range t.links {
			if l == "" {
				continue
			}
			// Links from the merged page reach into the shards' directories.
			for _, d := range o.notebooks {
				if _, statErr := os.Stat(filepath.Join(d, l)); statErr == nil {
					if rel, relErr := filepath.Rel(o.outDir, filepath.Join(d, l)); relErr == nil {
						t.links[i] = filepath.ToSlash(rel)
					}
					break
				}
			}
		}
		if err = os.MkdirAll(o.outDir, 0o755); err == nil {
			err = writeSummary(o.outDir, t)
		}
	}
	if err != nil {
		fmt.Fprintf(stderr, "nbrun: %v\n", err)
		return exitWrite
	}
	w := cli.NewWriter(stdout)
	fmt.Fprintf(w, "merged %d runs from %d summaries into %s\n", len(t.rows), len(o.notebooks), filepath.Join(o.outDir, "summary.csv"))
	return writeErr(w, stderr)
}

// listParameters prints each notebook's declared parameters.
func listParameters(o *options, stdout, stderr io.Writer, getenv func(string) string) int {
	code := exitOK
	w := cli.NewWriter(stdout)
	for _, path := range o.notebooks {
		nb, err := nbformat.ReadFile(path)
		if err != nil {
			fmt.Fprintf(stderr, "nbrun: %v\n", err)
			code = max(code, exitUsage)
			continue
		}
		lang := nb.Language()
		if o.kernelName != "" {
			if spec, err := kernel.Find(o.kernelName, getenv); err == nil && spec.Language != "" {
				lang = spec.Language
			}
		}
		ps, err := params.Declared(nb, lang)
		if err != nil {
			fmt.Fprintf(stderr, "nbrun: %s: %v\n", path, err)
			code = max(code, exitUsage)
			continue
		}
		fmt.Fprintf(w, "%s (%s):\n", path, lang)
		tw := tabwriter.NewWriter(w, 0, 0, 2, ' ', 0)
		fmt.Fprintln(tw, "  name\ttype\tdefault\tcomment")
		for _, p := range ps {
			t := p.Type
			if t == "" {
				t = "?"
			}
			fmt.Fprintf(tw, "  %s\t%s\t%s\t%s\n", p.Name, t, p.Default, p.Comment)
		}
		tw.Flush() // a failed write is kept by w
		if len(ps) == 0 {
			fmt.Fprintln(w, "  no parameters (no cell tagged \"parameters\")")
		}
	}
	return max(code, writeErr(w, stderr))
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
