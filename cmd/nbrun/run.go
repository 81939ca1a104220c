package main

import (
	"context"
	"encoding/csv"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"syscall"
	"text/tabwriter"
	"time"

	"github.com/rotationlab/rotation/internal/cli"
	"github.com/rotationlab/rotation/jupyter/kernel"
	"github.com/rotationlab/rotation/jupyter/params"
	"github.com/rotationlab/rotation/jupyter/runner"
)

// Exit codes: a run's are its runner.Status; usage, standard output and
// signals are the command's own.
const (
	exitOK          = int(runner.StatusOK)
	exitCellError   = int(runner.StatusCellError)
	exitUsage       = int(runner.StatusUsage)
	exitKernel      = int(runner.StatusKernel)
	exitTimeout     = int(runner.StatusTimeout)
	exitStale       = int(runner.StatusStale)       // -check: outputs differ from the stored ones
	exitWrite       = int(runner.StatusWrite)       // a notebook, a page, a summary or standard output could not be written
	exitInterrupted = int(runner.StatusInterrupted) // SIGINT (Ctrl-C)
	exitTerminated  = 143                           // SIGTERM, after the same cleanup (see exitForSignal)
)

// exitCode maps an outcome of the runner to nbrun's exit code.
func exitCode(err error) int { return int(runner.StatusOf(err)) }

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

// options are the parsed flags: the runner's options and what the command
// does with them.
type options struct {
	run runner.Options
	// paramFile is -f's YAML or JSON file of parameters, applied before
	// -p's values (p).
	paramFile string
	p         []params.Value
	shard     string
	quiet     bool
	logOutput bool
	// listParams (-params) lists each notebook's parameters; list (-list)
	// the planned runs; merge (-merge) joins shards' summaries; none of
	// them runs anything.
	listParams, list, merge bool
	// gonbFast (-gonb-fast, default true) is runner.Options.NoGoNBFast
	// negated.
	gonbFast bool
	// slurm (-slurm N) submits the runs as an N-task Slurm job array
	// and a merge job instead of running them; sbatch (-sbatch) holds
	// options for both jobs; dryRun (-dry-run) prints the scripts.
	slurm  int
	sbatch string
	dryRun bool
	// args and fs are the command line and its flags, from which -slurm
	// writes the shards' command.
	args []string
	fs   *flag.FlagSet
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

type sweepFlag struct{ sweeps *[]runner.Sweep }

func (s sweepFlag) String() string { return "" }
func (s sweepFlag) Set(v string) error {
	name, list, ok := strings.Cut(v, "=")
	name = strings.TrimSpace(name)
	if !ok || name == "" || strings.TrimSpace(list) == "" {
		return fmt.Errorf("%q is not name=v1,v2 (values separated by commas)", v)
	}
	var vals []string
	for _, x := range strings.Split(list, ",") {
		vals = append(vals, strings.TrimSpace(x))
	}
	*s.sweeps = append(*s.sweeps, runner.Sweep{Name: name, Values: vals})
	return nil
}

// transportFlag is -transport: auto, ipc or tcp.
type transportFlag struct{ t *kernel.Transport }

func (f transportFlag) String() string {
	if f.t == nil {
		return kernel.TransportAuto.String()
	}
	return f.t.String()
}

func (f transportFlag) Set(s string) error {
	t, err := kernel.ParseTransport(s)
	if err != nil {
		return errors.New("want auto, ipc or tcp")
	}
	*f.t = t
	return nil
}

func parseArgs(args []string, stderr io.Writer) (*options, error) {
	o := &options{}
	r := &o.run
	fs := flag.NewFlagSet("nbrun", flag.ContinueOnError)
	fs.SetOutput(stderr)
	fs.StringVar(&r.OutDir, "o", "", "write each executed notebook to `dir`/<same name> (.ipynb for a text notebook)")
	fs.BoolVar(&r.InPlace, "inplace", false, "replace each notebook with its executed version (a text notebook: write its paired .ipynb)")
	fs.StringVar(&r.Kernel, "kernel", "", "kernelspec `name` to use instead of the notebook's own")
	fs.Var(paramFlag{&o.p}, "p", "parameter `name=value` (repeatable)")
	fs.DurationVar(&r.Timeout, "timeout", 0, "per-cell limit; on expiry interrupt the kernel and stop (0: none)")
	fs.DurationVar(&r.StartupTimeout, "startup-timeout", 60*time.Second, "limit for the kernel to start")
	fs.BoolVar(&r.AllowErrors, "allow-errors", false, "record cell errors and go on")
	fs.BoolVar(&r.NoTiming, "no-timing", false, "leave execution timings out of the notebook")
	fs.IntVar(&r.Jobs, "j", 1, "notebooks in parallel, each with its own kernel")
	fs.BoolVar(&o.quiet, "q", false, "no progress output")
	fs.StringVar(&r.HTMLDir, "html", "", "also write each executed notebook as a standalone HTML page into `dir`")
	fs.StringVar(&r.MDDir, "md", "", "also write each executed notebook as Markdown, images beside it, into `dir`")
	fs.StringVar(&o.paramFile, "f", "", "YAML or JSON `file` of parameters (-p given after it overrides)")
	fs.Var(sweepFlag{&r.Sweeps}, "sweep", "run once per value: `name=v1,v2,...` (repeatable: every combination)")
	fs.BoolVar(&o.listParams, "params", false, "list each notebook's parameters (name, type, default, comment) and exit")
	fs.BoolVar(&o.list, "list", false, "list the runs that would execute, one per line, and exit")
	fs.StringVar(&o.shard, "shard", "", "run only the `K/N`-th part of the runs (auto/N, auto: from a Slurm array's or a Kubernetes Indexed Job's index)")
	fs.BoolVar(&o.merge, "merge", false, "merge the summaries in the directories given into -o DIR")
	fs.BoolVar(&o.logOutput, "log-output", false, "stream each cell's stdout and stderr to the terminal as they arrive")
	fs.BoolVar(&r.NoInput, "no-input", false, "leave code cells' source out of -html and -md pages")
	fs.BoolVar(&r.ReportMode, "report-mode", false, "mark code cells' source hidden in the executed notebook, as papermill's --report-mode")
	fs.BoolVar(&r.Trust, "trust", false, "keep the HTML of Markdown cells and outputs as it is in -html and -md pages (default: sanitized; scripts never run either way)")
	fs.BoolVar(&r.Check, "check", false, "compare each cell's fresh outputs with the stored ones; exit 5 when any differ")
	fs.StringVar(&r.CacheDir, "cache", "", "keep executed notebooks in `dir` by a key of everything their outputs depend on; reuse them when nothing changed")
	fs.BoolVar(&r.Force, "force", false, "with -cache: run anyway and refresh the entry")
	fs.DurationVar(&r.NotebookTimeout, "notebook-timeout", 0, "limit for each whole notebook (0: metadata.execution.timeout when present, else none)")
	// -transport: how nbrun reaches each kernel.
	fs.Var(transportFlag{&r.Transport}, "transport", "how nbrun and each kernel connect, `auto|ipc|tcp`: auto (the default) is ipc, Unix socket files in the kernel's private directory, for GoNB and ipykernel and tcp, ports on 127.0.0.1, for other kernels, unless a kernelspec's metadata.nbrun.transport says which")
	// -gonb-fast: GoNB's fast settings (runner.Options.NoGoNBFast).
	fs.BoolVar(&o.gonbFast, "gonb-fast", true, "GoNB kernels: link cells without DWARF (GOFLAGS -ldflags=-w) and answer go get from the module cache first (GOPROXY); -gonb-fast=false leaves their environment as it is")
	fs.IntVar(&o.slurm, "slurm", 0, "submit the runs as a Slurm job array of `N` shards writing into -o DIR/shard-K, and a merge job writing -o DIR's summary, instead of running them")
	fs.StringVar(&o.sbatch, "sbatch", "", "with -slurm: sbatch `options` for both jobs, separated by spaces (e.g. \"--partition=short --time=1:00:00\")")
	fs.BoolVar(&o.dryRun, "dry-run", false, "with -slurm: print the job scripts and the sbatch commands, submit nothing")
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
	r.Notebooks = notebooks
	r.NoGoNBFast = !o.gonbFast
	o.args, o.fs = args, fs
	switch {
	case len(r.Notebooks) == 0:
		return nil, errors.New("no notebook given")
	case r.InPlace && r.OutDir != "":
		return nil, errors.New("-o and -inplace exclude each other")
	case r.Jobs < 1:
		return nil, errors.New("-j must be at least 1")
	case r.Timeout < 0 || r.StartupTimeout <= 0 || r.NotebookTimeout < 0:
		return nil, errors.New("-timeout and -notebook-timeout must not be negative and -startup-timeout must be positive")
	case r.Check && r.InPlace:
		return nil, errors.New("-check compares with the stored outputs and -inplace replaces them: use -check alone, or with -o")
	case r.Force && r.CacheDir == "":
		return nil, errors.New("-force goes with -cache")
	case r.Trust && r.HTMLDir == "" && r.MDDir == "":
		return nil, errors.New("-trust keeps the HTML of -html and -md pages: give -html or -md")
	case o.merge && (r.OutDir == "" || strings.Contains(r.OutDir, "{")):
		return nil, errors.New("-merge writes the merged summary into -o DIR")
	case r.InPlace && len(r.Sweeps) > 0:
		return nil, errors.New("-sweep writes one notebook per run: use -o, not -inplace")
	case o.slurm < 0:
		return nil, errors.New("-slurm N: N must be at least 1")
	case o.slurm == 0 && (o.sbatch != "" || o.dryRun):
		return nil, errors.New("-sbatch and -dry-run go with -slurm N")
	case o.slurm > 0:
		if err := checkSlurm(o); err != nil {
			return nil, err
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
	o.run.Getenv = getenv
	if o.merge {
		return runMerge(o, stdout, stderr)
	}
	if o.listParams {
		return listParameters(o, stdout, stderr)
	}
	pr := &printer{w: stderr, quiet: o.quiet, logOutput: o.logOutput, prefix: o.run.Jobs > 1,
		live: !o.quiet && !o.logOutput && o.run.Jobs == 1 && isTerminal(stderr)}
	o.run.Progress = pr.event
	plan, err := newPlan(o, getenv, stderr)
	if err != nil {
		fmt.Fprintf(stderr, "nbrun: %v\n", err)
		return exitUsage
	}
	if o.slurm > 0 {
		return submitSlurm(ctx, o, plan, stdout, stderr)
	}
	if o.list {
		// A plan, for a coordinator that may not hold the notebooks:
		// nothing is read.
		w := cli.NewWriter(stdout)
		for _, j := range plan.Jobs {
			fmt.Fprintf(w, "%s\t%s\n", j.Notebook, j.ParamText())
		}
		return writeErr(w, stderr)
	}
	return runPlan(ctx, o, plan, pr, stderr)
}

// newPlan reads -f and plans the runs of this shard.
// An automatic shard (-shard auto/N, auto) says on stderr which
// variables gave it.
func newPlan(o *options, getenv func(string) string, stderr io.Writer) (*runner.Plan, error) {
	var fileValues []params.Value
	if o.paramFile != "" {
		var err error
		if fileValues, err = params.LoadFile(o.paramFile); err != nil {
			return nil, err
		}
	}
	opt := o.run
	opt.Params = params.Merge(fileValues, o.p)
	var err error
	if opt.Shard, err = runner.ParseShard(o.shard, getenv); err != nil {
		return nil, err
	}
	if opt.Shard.From != "" {
		fmt.Fprintf(stderr, "nbrun: -shard %s: part %d/%d, from %s\n", o.shard, opt.Shard.K, opt.Shard.N, opt.Shard.From)
	}
	return runner.NewPlan(opt)
}

// runPlan runs the plan, printing progress to stderr, and returns the
// worst exit code.
func runPlan(ctx context.Context, o *options, plan *runner.Plan, pr *printer, stderr io.Writer) int {
	rep, err := plan.Run(ctx)
	pr.stopLive()
	var se *runner.StartError
	if errors.As(err, &se) {
		// Every run is checked before the first kernel starts: each
		// problem is printed once, however many runs share it.
		var seen []string
		for _, p := range se.Problems {
			if _, isJob := p.(*runner.JobError); !isJob {
				continue
			}
			if m := p.Error(); !slices.Contains(seen, m) {
				seen = append(seen, m)
				fmt.Fprintf(stderr, "nbrun: %s\n", m)
			}
		}
		fmt.Fprintf(stderr, "nbrun: %v\n", err)
		return exitCode(err)
	}
	code := int(rep.Status())
	if err != nil {
		fmt.Fprintf(stderr, "nbrun: %v\n", err)
		return max(code, exitCode(err))
	}
	if rep.Summary != "" && !o.quiet {
		fmt.Fprintf(stderr, "nbrun: summary of %d runs in %s\n", len(rep.Results), rep.Summary)
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

// runMerge joins shards' summaries into -o DIR.
func runMerge(o *options, stdout, stderr io.Writer) int {
	n, err := runner.Merge(o.run.Notebooks, o.run.OutDir)
	if err != nil {
		fmt.Fprintf(stderr, "nbrun: %v\n", err)
		return exitCode(err) // 2 for a summary that cannot be read, 6 for one that cannot be written
	}
	w := cli.NewWriter(stdout)
	summary := filepath.Join(o.run.OutDir, "summary.csv")
	fmt.Fprintf(w, "merged %d runs from %d summaries into %s\n", n, len(o.run.Notebooks), summary)
	code, err := failedRuns(summary, stderr)
	if err != nil {
		fmt.Fprintf(stderr, "nbrun: -merge: reading the merged summary: %v\n", err)
		code = max(code, exitWrite)
	}
	return max(code, writeErr(w, stderr))
}

// failedRuns names on stderr each run of a merged summary that did not
// succeed, with its status and exit code, and returns the highest exit
// code, as a run of the same sweep on one machine exits.
func failedRuns(summary string, stderr io.Writer) (int, error) {
	f, err := os.Open(summary)
	if err != nil {
		return 0, err
	}
	defer f.Close()
	recs, err := csv.NewReader(f).ReadAll()
	if err != nil || len(recs) == 0 {
		return 0, fmt.Errorf("%s: %v", summary, err)
	}
	col := func(name string) int { return slices.Index(recs[0], name) }
	run, nb, out, status, exit, msg := col("run"), col("notebook"), col("output"), col("status"), col("exit"), col("error")
	if min(run, nb, out, status, exit, msg) < 0 || out >= status {
		return 0, fmt.Errorf("%s: not a summary nbrun writes (columns %q)", summary, recs[0])
	}
	code := exitOK
	for _, r := range recs[1:] {
		if len(r) != len(recs[0]) || r[exit] == "0" {
			continue
		}
		e, err := strconv.Atoi(r[exit])
		if err != nil {
			return code, fmt.Errorf("%s: run %s: exit %q is not a number", summary, r[run], r[exit])
		}
		var ps []string
		for i := out + 1; i < status; i++ {
			ps = append(ps, recs[0][i]+"="+r[i])
		}
		detail := ""
		if r[msg] != "" {
			detail = ": " + strings.SplitN(r[msg], "\n", 2)[0]
		}
		fmt.Fprintf(stderr, "nbrun: -merge: run %s (%s %s) failed: %s (exit %d)%s\n", r[run], r[nb], strings.Join(ps, " "), r[status], e, detail)
		code = max(code, e)
	}
	return code, nil
}

// listParameters prints each notebook's declared parameters.
func listParameters(o *options, stdout, stderr io.Writer) int {
	code := exitOK
	w := cli.NewWriter(stdout)
	for _, path := range o.run.Notebooks {
		lang, ps, err := runner.Parameters(path, o.run.Kernel, o.run.Getenv)
		if err != nil {
			fmt.Fprintf(stderr, "nbrun: %v\n", err)
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

func isTerminal(w io.Writer) bool {
	f, ok := w.(*os.File)
	if !ok {
		return false
	}
	fi, err := f.Stat()
	return err == nil && fi.Mode()&os.ModeCharDevice != 0
}
