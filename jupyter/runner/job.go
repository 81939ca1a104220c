package runner

import (
	"context"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"sync"
	"time"

	"github.com/rotationlab/rotation/internal/atomicfile"
	"github.com/rotationlab/rotation/internal/gobin"
	"github.com/rotationlab/rotation/internal/nbvalues"
	"github.com/rotationlab/rotation/jupyter/execute"
	"github.com/rotationlab/rotation/jupyter/export"
	"github.com/rotationlab/rotation/jupyter/kernel"
	"github.com/rotationlab/rotation/jupyter/nbcache"
	"github.com/rotationlab/rotation/jupyter/nbformat"
	"github.com/rotationlab/rotation/jupyter/outputdiff"
	"github.com/rotationlab/rotation/jupyter/params"
)

// Result is one run's outcome, a row of a sweep's summary.
type Result struct {
	// Job is the run.
	Job Job
	// Err is nil when the run succeeded, else what went wrong, in the
	// kinds of this package (ErrCell, ErrTimeout, ...; errors.Join of
	// several when more than one thing failed). Status says which counts.
	Err error
	// Duration is the run's wall time.
	Duration time.Duration
	// Values are what the notebook published through nbvalues.MIME, by
	// name; Names keeps their names in the order first published, each
	// display's in its publisher's order (nbvalues.Meta.Order, else the
	// order of the display's JSON text, else sorted). Formats holds how
	// pages show them (nbvalues.Meta.Formats; a name without one shows
	// as nbvalues.Number).
	Values  map[string]any
	Names   []string
	Formats map[string]nbvalues.Format
	// Written is where the executed notebook went ("" for nowhere): the
	// job's Out, the notebook itself (InPlace), or NAME.failed.ipynb
	// beside a source it would replace.
	Written string
}

// Status is how the run ended.
func (r *Result) Status() Status { return StatusOf(r.Err) }

// Report is what a plan's runs gave.
type Report struct {
	// Results are the runs' outcomes, in the plan's order.
	Results []Result
	// Summary is the sweep's summary.csv (index.html beside it), "" when
	// none was written: one is written for a sweep with an OutDir.
	Summary string
}

// Status is the worst of the runs' statuses.
func (r *Report) Status() Status {
	worst := StatusOK
	for i := range r.Results {
		worst = max(worst, r.Results[i].Status())
	}
	return worst
}

// prepared is a job ready to start: its notebook read once, parameters
// injected, kernelspec found.
type prepared struct {
	job *Job
	nb  *nbformat.Notebook
	// stored is the notebook as read (a text notebook combined with its
	// paired .ipynb), for Check; nil without Check, or for a text notebook
	// with no paired .ipynb.
	stored *nbformat.Notebook
	spec   *kernel.Spec
	// byExtension tells that the kernel is a text notebook's default, as
	// it names none.
	byExtension bool
	// injected is the record of the parameters injected, by name, for
	// metadata.papermill.parameters (params.Inject's).
	injected map[string]any
	// atTop tells values injected at the top of a notebook without a
	// parameters cell (Python only), which the run warns of.
	atTop bool
}

// Run checks every run before the first kernel starts (each notebook
// read, its kernelspec found, its parameters applied, every output
// directory made and written to), then executes the runs, Options.Jobs at
// a time in the plan's order, and writes a sweep's summary.
//
// A run that cannot start runs nothing: the error is a *StartError and
// the report nil. The runs' own failures are in the report's Results;
// the error is then nil, or the summary's failed write (ErrWrite), the
// report given too. Cancelling ctx interrupts the runs, which clean up:
// their kernels are ended, and the runs not started end with
// ErrInterrupted.
func (p *Plan) Run(ctx context.Context) (*Report, error) {
	jobs := make([]*prepared, len(p.Jobs))
	var problems []error
	for i := range p.Jobs {
		pj, err := p.prepare(&p.Jobs[i])
		if err != nil {
			problems = append(problems, err)
		}
		jobs[i] = pj
	}
	if len(problems) > 0 {
		return nil, &StartError{Problems: problems, Runs: len(p.Jobs)}
	}
	for _, d := range p.outputDirs() {
		if err := writableDir(d); err != nil {
			return nil, &StartError{Problems: []error{withKind(ErrWrite, err)}, Runs: len(p.Jobs)}
		}
	}
	// GoNB runs goimports from the Go bin directory.
	env := append([]string{gobin.PathEnv(p.opt.Getenv)}, p.opt.Env...)
	goEnv := sync.OnceValues(readGoSettings) // for GoNB's fast settings
	rep := &Report{Results: make([]Result, len(jobs))}
	next := make(chan int)
	var wg sync.WaitGroup
	var mu sync.Mutex
	emit := func(e Event) {
		if p.opt.Progress != nil {
			mu.Lock()
			defer mu.Unlock()
			p.opt.Progress(e)
		}
	}
	for range min(p.opt.Jobs, len(jobs)) {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := range next {
				if ctx.Err() != nil { // interrupted: start no more
					rep.Results[i] = Result{Job: p.Jobs[i], Err: ErrInterrupted}
					continue
				}
				r := &run{p: p, pj: jobs[i], env: p.kernelEnv(env, jobs[i].spec, goEnv), emit: emit, started: time.Now()}
				rep.Results[i] = r.do(ctx)
				jobs[i] = nil // its notebooks are no longer needed
			}
		}()
	}
	for i := range jobs {
		next <- i
	}
	close(next)
	wg.Wait()
	if len(p.opt.Sweeps) > 0 && p.opt.OutDir != "" && len(p.Jobs) > 0 {
		dir := filepath.Dir(p.Jobs[0].Out)
		if err := writeSummary(dir, summaryTable(rep.Results, p.opt.HTMLDir)); err != nil {
			return rep, fmt.Errorf("writing the summary: %w", withKind(ErrWrite, err))
		}
		rep.Summary = filepath.Join(dir, "summary.csv")
	}
	return rep, nil
}

// prepare reads the job's notebook, finds its kernelspec (or
// Options.Kernel's) and injects the parameters. Its error is a *JobError.
func (p *Plan) prepare(j *Job) (*prepared, error) {
	fail := func(kind error, err error, msg string) (*prepared, error) {
		return nil, &JobError{Notebook: j.Notebook, Err: &kindError{kind: kind, err: err, msg: msg}}
	}
	src, err := readSource(j.Notebook)
	if err != nil {
		return fail(ErrUsage, err, strings.TrimPrefix(err.Error(), j.Notebook+": "))
	}
	nb := src.nb
	pj := &prepared{job: j, nb: nb}
	if p.opt.Check && src.stored != nil {
		pj.stored = src.stored.Clone()
	}
	kname := p.opt.Kernel
	if kname == "" {
		kname = nb.KernelSpec().Name
	}
	if kname == "" {
		kname, pj.byExtension = src.kernel, src.kernel != "" // a text notebook without a header: by its language
	}
	if kname == "" {
		err := errors.New("the notebook names no kernel (metadata.kernelspec.name); choose one with -kernel")
		return fail(ErrUsage, err, "")
	}
	if pj.spec, err = kernel.Find(kname, p.opt.Getenv); err != nil {
		return fail(ErrKernel, err, "")
	}
	if p.opt.Kernel != "" || nb.KernelSpec().Name == "" {
		nb.SetKernelSpec(nbformat.KernelSpec{Name: pj.spec.Name, DisplayName: pj.spec.DisplayName, Language: pj.spec.Language})
	}
	removeErrorCells(nb) // an earlier failed run's, as papermill drops them
	pj.atTop = len(j.Values) > 0 && !params.HasParametersCell(nb)
	if pj.injected, err = params.Inject(nb, language(nb, pj.spec), j.Values); err != nil {
		return fail(ErrUsage, err, "")
	}
	if p.opt.ReportMode { // after the injection, as papermill: its cell too
		hideSources(nb)
	}
	return pj, nil
}

// language is a notebook's language by the one rule of the runner: the
// kernel's (its kernelspec's language), else the notebook's own record
// (nbformat's Language: language_info, else metadata.kernelspec).
func language(nb *nbformat.Notebook, spec *kernel.Spec) string {
	if spec != nil && spec.Language != "" {
		return spec.Language
	}
	return nb.Language()
}

// Parameters reads the notebook at path (an .ipynb, or a text notebook
// as a run reads it) and returns the parameters it declares and its
// language, by the rule a run follows: the language of the kernelspec
// (kernelName's, as Options.Kernel, else the notebook's, else a text
// notebook's by its extension) when it is installed, else the notebook's
// own record. A kernelspec not installed is no error here: listing needs
// no kernel.
func Parameters(path, kernelName string, getenv func(string) string) (lang string, ps []params.Param, err error) {
	if getenv == nil {
		getenv = os.Getenv
	}
	src, err := readSource(path)
	if err != nil {
		return "", nil, err
	}
	nb := src.nb
	if kernelName == "" {
		kernelName = nb.KernelSpec().Name
	}
	if kernelName == "" {
		kernelName = src.kernel
	}
	var spec *kernel.Spec
	if kernelName != "" {
		spec, _ = kernel.Find(kernelName, getenv) // not installed: the notebook's record decides
	}
	lang = language(nb, spec)
	if ps, err = params.Declared(nb, lang); err != nil {
		return "", nil, fmt.Errorf("%s: %w", path, err)
	}
	return lang, ps, nil
}

// run is one job's execution.
type run struct {
	p       *Plan
	pj      *prepared
	env     []string
	emit    func(Event)
	started time.Time
	errs    []error
	// saver writes the notebook while it runs; nil when it is written at
	// the end only.
	saver *saver
}

// fail records a problem of the run and reports it.
func (r *run) fail(kind, err error, msg string) {
	err = &JobError{Notebook: r.pj.job.Notebook, Err: &kindError{kind: kind, err: err, msg: msg}}
	r.errs = append(r.errs, err)
	r.emit(&Problem{Job: r.pj.job, Err: err})
}

func (r *run) note(format string, args ...any) {
	r.emit(&Note{Job: r.pj.job, Text: fmt.Sprintf(format, args...)})
}

// do runs the job: it takes the run from the cache or starts the kernel
// and runs the cells (execute), records the run, compares the outputs
// (Check), and writes what the options ask for (save, pages).
func (r *run) do(ctx context.Context) Result {
	o, j, nb := &r.p.opt, r.pj.job, r.pj.nb
	res := Result{Job: *j}
	if r.pj.atTop {
		r.note("has no cell tagged \"parameters\": the parameters go into a new cell at the top, as papermill does")
	}
	if r.pj.byExtension {
		r.note("names no kernel (no YAML header): runs on %s, by its extension (-kernel chooses another)", r.pj.spec.Name)
	}
	var store *nbcache.Store
	var key string
	if o.CacheDir != "" {
		store = &nbcache.Store{Dir: o.CacheDir}
		k, _, err := nbcache.Key(nbcache.Inputs{Notebook: nb, Path: j.Notebook, Spec: r.pj.spec, Options: r.keyOptions(), Getenv: o.Getenv})
		if err != nil {
			r.note("no cache key (%v); running", err)
		}
		key = k
	}
	var execErr error
	if cached, ok := r.fromCache(store, key); ok {
		nb = cached
	} else {
		execErr = r.execute(ctx)
		if store != nil && key != "" && execErr == nil {
			if err := store.Put(key, nb); err != nil {
				r.note("not cached: %v", err)
			}
		}
	}
	failed := execErr != nil
	r.record(nb, failed)
	if o.Check {
		r.compare(nb)
	}
	res.Values, res.Names, res.Formats = publishedValues(nb)
	res.Written = r.p.destination(j, failed)
	if failed {
		addErrorCells(nb)
	}
	if err := r.save(nb, res.Written); err != nil {
		if r.saver == nil || r.saver.err == nil { // else already told
			r.fail(ErrWrite, err, "writing the executed notebook: "+err.Error())
		}
	} else if err := r.p.exportPages(j, nb); err != nil {
		r.fail(ErrWrite, err, "writing its pages: "+err.Error())
	}
	res.Err = errors.Join(r.errs...)
	res.Duration = time.Since(r.started)
	return res
}

// keyOptions names the options that change outputs, for the cache key.
func (r *run) keyOptions() string {
	k := fmt.Sprintf("timing=%v allow-errors=%v", !r.p.opt.NoTiming, r.p.opt.AllowErrors)
	if r.p.opt.ReportMode { // only when set: the keys of other runs stay as they were
		k += " report-mode=true"
	}
	return k
}

// fromCache returns the stored run for key, unless Force.
func (r *run) fromCache(store *nbcache.Store, key string) (*nbformat.Notebook, bool) {
	if store == nil || key == "" || r.p.opt.Force {
		return nil, false
	}
	nb, ok := store.Get(key)
	if ok {
		r.emit(&Cached{Job: r.pj.job, Key: key})
	}
	return nb, ok
}

// execute starts the kernel, runs the cells and returns how that ended
// (nil, or the error also recorded in r.errs).
func (r *run) execute(ctx context.Context) error {
	j, spec := r.pj.job, r.pj.spec
	if r.saver = r.newSaver(); r.saver != nil {
		// Whatever the file held before (an earlier run's result) is
		// replaced before the kernel starts.
		if err := r.saver.save(r.pj.nb, false); err != nil {
			r.fail(ErrWrite, err, saveFailed(err))
			return err
		}
	}
	k, err := r.startKernel(ctx)
	if err != nil {
		return err
	}
	defer k.Shutdown(3 * time.Second)
	n := len(r.errs)
	for _, c := range k.PortConflicts() {
		r.note("kernel %s started again on fresh ports: %s", spec.Name, firstLines(c.Error(), 1))
	}
	r.emit(&KernelStarted{Job: j, Kernel: spec.Name, Elapsed: time.Since(r.started)})
	err = r.cells(ctx, k)
	k.Shutdown(3 * time.Second)
	r.emit(&Executed{Job: j, Elapsed: time.Since(r.started), Err: errors.Join(r.errs[n:]...)})
	return err
}

// startKernel starts the job's kernel in the notebook's directory.
func (r *run) startKernel(ctx context.Context) (*kernel.Kernel, error) {
	spec := r.pj.spec
	abs, err := filepath.Abs(r.pj.job.Notebook)
	if err != nil {
		r.fail(ErrUsage, err, "")
		return nil, err
	}
	k, err := r.p.opt.Launcher.Start(ctx, spec, kernel.Options{Dir: filepath.Dir(abs), Env: r.env, SessionName: abs, StartupTimeout: r.p.opt.StartupTimeout,
		Transport: r.p.opt.Transport})
	if err != nil {
		if ctx.Err() != nil {
			r.fail(ErrInterrupted, err, "interrupted while the kernel "+spec.Name+" started")
		} else {
			msg := fmt.Sprintf("kernel %s did not start: %v", spec.Name, err)
			if errors.Is(err, kernel.ErrSocketPathTooLong) {
				msg += " (-transport tcp)"
			}
			r.fail(ErrKernel, err, msg)
		}
		return nil, err
	}
	return k, nil
}

// cells runs the notebook's cells on k, reporting each.
func (r *run) cells(ctx context.Context, k *kernel.Kernel) error {
	j, nb := r.pj.job, r.pj.nb
	opt := execute.Options{Timeout: r.p.opt.Timeout, NotebookTimeout: notebookTimeout(r.p.opt.NotebookTimeout, nb),
		AllowErrors: r.p.opt.AllowErrors, NoTiming: r.p.opt.NoTiming,
		Progress: func(e execute.CellEvent) {
			r.emit(&CellFinished{Job: j, Cell: e})
			if e.Status == execute.StatusExited {
				r.note("%s", stoppedEarly(nb, e))
			}
		},
		Start: func(index, total int, first string) {
			r.emit(&CellStarted{Job: j, Index: index, Total: total, FirstLine: first})
		},
		Stream: func(name nbformat.StreamName, text string) { r.emit(&Output{Job: j, Stream: name, Text: text}) },
	}
	if r.saver != nil {
		opt.Changed = func(c execute.Change) error { return r.saver.changed(nb, c) }
	}
	runErr := execute.Run(ctx, k, nb, opt)
	if r.saver != nil {
		stopped := r.saver.err != nil
		// The last cell's end, before the kernel's shutdown; flush
		// returns the failed write that stopped the run, if one did.
		if err := r.saver.flush(nb); err != nil {
			r.fail(ErrWrite, err, saveFailed(err))
			if stopped {
				// As papermill: a run whose notebook cannot be saved stops.
				k.Interrupt()
				return runErr
			}
			if runErr == nil {
				return err
			}
		}
	}
	var ce *execute.CellError
	switch {
	case runErr == nil:
		return nil
	case errors.As(runErr, &ce):
		r.fail(ErrCell, runErr, CellErrorText(ce))
	case errors.Is(runErr, kernel.ErrTimeout):
		r.fail(ErrTimeout, runErr, "")
	case ctx.Err() != nil:
		k.Interrupt()
		r.fail(ErrInterrupted, runErr, "interrupted")
	default:
		r.fail(ErrKernel, runErr, "")
	}
	return runErr
}

// stoppedEarly says where a run stopped at a SystemExit with status 0 or
// none, papermill's clean early stop, and what it left unrun.
func stoppedEarly(nb *nbformat.Notebook, e execute.CellEvent) string {
	left := 0
	for _, c := range nb.Cells[e.Index+1:] {
		if c.Type == nbformat.Code {
			left++
		}
	}
	what := "no code cell after it"
	switch left {
	case 0:
	case 1:
		what = "1 code cell after it not run"
	default:
		what = strconv.Itoa(left) + " code cells after it not run"
	}
	return fmt.Sprintf("stopped early at cell %d of %d (%s, papermill's clean stop): %s; the run counts as a success",
		e.Index+1, e.Total, e.Err.Detail(), what)
}

// CellErrorText is a failed cell as nbrun shows it and a summary's
// "error" column records it: "cell 4 raised ZeroDivisionError: ...",
// counting cells from 1, on at most three lines joined by " / ".
func CellErrorText(ce *execute.CellError) string {
	return "cell " + strconv.Itoa(ce.Index+1) + " " + firstLines(ce.Summary(), 3)
}

// record writes the run into metadata.papermill, as papermill does, and
// the files its declared inputs resolved to into metadata.nbrun.
func (r *run) record(nb *nbformat.Notebook, failed bool) {
	rec := r.runRecord(failed)
	rec.End = time.Now()
	if r.p.opt.NoTiming {
		rec.End = time.Time{}
	}
	nb.SetPapermill(rec)
	r.recordInputs(nb)
}

// runRecord is the run's metadata.papermill but for its end time.
func (r *run) runRecord(failed bool) nbformat.PapermillRun {
	j := r.pj.job
	rec := nbformat.PapermillRun{Parameters: r.pj.injected, InputPath: j.Notebook, OutputPath: r.p.destination(j, failed), Exception: failed}
	if !r.p.opt.NoTiming {
		rec.Start = r.started
	}
	return rec
}

// compare checks the fresh outputs against the notebook as read: a
// Compared event when they are current or not comparable, a problem with
// a *DiffError when they differ.
func (r *run) compare(nb *nbformat.Notebook) {
	j, stored := r.pj.job, r.pj.stored
	if stored == nil { // a text notebook without a paired .ipynb
		r.emit(&Compared{Job: j, Unpaired: true, Why: pairedPath(j.Notebook) + " does not exist"})
		return
	}
	if why, differ := otherInputs(stored, nb); differ {
		r.emit(&Compared{Job: j, Why: why})
		return
	}
	diffs := outputdiff.Compare(stored, nb)
	if len(diffs) == 0 {
		r.emit(&Compared{Job: j, Current: true})
		return
	}
	err := &JobError{Notebook: j.Notebook, Err: &DiffError{Notebook: j.Notebook, Diffs: diffs}}
	r.errs = append(r.errs, err)
	r.emit(&Problem{Job: j, Err: err})
}

// destination is where the executed notebook goes: Out, the notebook
// itself (InPlace), or beside it as NAME.failed.ipynb for a failed run
// that would replace it; "" when nothing is written.
func (p *Plan) destination(j *Job, failed bool) string {
	path := j.Notebook
	switch {
	case j.OverSource && failed:
		return strings.TrimSuffix(path, filepath.Ext(path)) + ".failed.ipynb"
	case j.Out != "":
		return j.Out
	case p.opt.InPlace && failed:
		return strings.TrimSuffix(path, filepath.Ext(path)) + ".failed.ipynb"
	case p.opt.InPlace:
		return pairedPath(path) // a text notebook's executed version is its paired .ipynb
	}
	return ""
}

// save writes the executed notebook to dest, unless dest is "".
func (r *run) save(nb *nbformat.Notebook, dest string) error {
	if dest == "" {
		return nil
	}
	return nbformat.WriteFile(dest, nb)
}

// exportPages writes the HTML page and the Markdown the options ask for.
func (p *Plan) exportPages(j *Job, nb *nbformat.Notebook) error {
	name := filepath.Base(j.Notebook)
	if j.Out != "" {
		name = filepath.Base(j.Out)
	}
	stem := strings.TrimSuffix(name, filepath.Ext(name))
	if p.opt.HTMLDir != "" {
		page, err := export.HTML(nb, p.pageOptions(name, ""))
		if err != nil {
			return err
		}
		if err := atomicfile.WriteFile(filepath.Join(p.opt.HTMLDir, stem+".html"), page, 0o644); err != nil {
			return err
		}
	}
	if p.opt.MDDir != "" {
		md, files, err := export.Markdown(nb, p.pageOptions(name, stem+"_files"))
		if err != nil {
			return err
		}
		for _, f := range files {
			path := filepath.Join(p.opt.MDDir, filepath.FromSlash(f.Path))
			if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
				return err
			}
			if err := atomicfile.WriteFile(path, f.Data, 0o644); err != nil {
				return err
			}
		}
		if err := atomicfile.WriteFile(filepath.Join(p.opt.MDDir, stem+".md"), md, 0o644); err != nil {
			return err
		}
	}
	return nil
}

// pageOptions are the export options of a run's pages: name is the
// notebook's file name for the footer, imageDir the Markdown's image
// folder ("" for HTML).
func (p *Plan) pageOptions(name, imageDir string) export.Options {
	return export.Options{Name: name, ImageDir: imageDir, NoInput: p.opt.NoInput, Trust: p.opt.Trust}
}

// notebookTimeout is limit, else the notebook's
// metadata.execution.timeout in seconds (nbmake's), else none.
func notebookTimeout(limit time.Duration, nb *nbformat.Notebook) time.Duration {
	if limit > 0 {
		return limit
	}
	ex, _ := nb.Metadata["execution"].(map[string]any)
	if v, ok := ex["timeout"]; ok {
		if secs, err := strconv.ParseFloat(fmt.Sprint(v), 64); err == nil && secs > 0 {
			return time.Duration(secs * float64(time.Second))
		}
	}
	return 0
}

func firstLines(s string, n int) string {
	lines := strings.SplitN(strings.TrimSpace(s), "\n", n+1)
	if len(lines) > n {
		lines = append(lines[:n], "…")
	}
	return strings.Join(lines, " / ")
}
