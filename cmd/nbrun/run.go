package main

import (
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
	"text/tabwriter"
	"time"

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
		for _, r := range runs {
			fmt.Fprintf(stdout, "%s\t%s\n", r.notebook, pointText(r))
		}
		return exitOK
	}
	// GoNB runs goimports from the Go bin directory.
	o.kernelEnv = append(o.kernelEnv, gobin.PathEnv(getenv))
	for _, d := range outputDirs(o, runs) {
		if err := os.MkdirAll(d, 0o755); err != nil {
			fmt.Fprintf(stderr, "nbrun: %v\n", err)
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
	fmt.Fprintf(stdout, "merged %d runs from %d summaries into %s\n", len(t.rows), len(o.notebooks), filepath.Join(o.outDir, "summary.csv"))
	return exitOK
}

// listParameters prints each notebook's declared parameters.
func listParameters(o *options, stdout, stderr io.Writer, getenv func(string) string) int {
	code := exitOK
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
		fmt.Fprintf(stdout, "%s (%s):\n", path, lang)
		tw := tabwriter.NewWriter(stdout, 0, 0, 2, ' ', 0)
		fmt.Fprintln(tw, "  name\ttype\tdefault\tcomment")
		for _, p := range ps {
			t := p.Type
			if t == "" {
				t = "?"
			}
			fmt.Fprintf(tw, "  %s\t%s\t%s\t%s\n", p.Name, t, p.Default, p.Comment)
		}
		tw.Flush()
		if len(ps) == 0 {
			fmt.Fprintln(stdout, "  no parameters (no cell tagged \"parameters\")")
		}
	}
	return code
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
