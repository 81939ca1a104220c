package main

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"time"

	"github.com/rotationlab/rotation/internal/atomicfile"
	"github.com/rotationlab/rotation/jupyter/execute"
	"github.com/rotationlab/rotation/jupyter/export"
	"github.com/rotationlab/rotation/jupyter/kernel"
	"github.com/rotationlab/rotation/jupyter/nbcache"
	"github.com/rotationlab/rotation/jupyter/nbformat"
	"github.com/rotationlab/rotation/jupyter/outputdiff"
	"github.com/rotationlab/rotation/jupyter/params"
)

// job is one notebook's run.
type job struct {
	o       *options
	r       runSpec
	path    string // as given
	name    string // its base name, for progress lines
	out     *lockedWriter
	live    bool
	getenv  func(string) string
	started time.Time
	// errText is the failed cell's error, for the summary.
	errText string
}

// fail prints a problem with the notebook and returns code.
func (j *job) fail(code int, format string, args ...any) int {
	j.out.printf("nbrun: %s: %s\n", j.path, fmt.Sprintf(format, args...))
	return code
}

func (j *job) progress(format string, args ...any) {
	if !j.o.quiet {
		j.out.printf("nbrun: %s"+format+"\n", append([]any{j.name}, args...)...)
	}
}

// runNotebook executes one notebook and returns its exit code: it reads
// the notebook and its kernelspec and injects the parameters (prepare),
// takes the run from the cache or starts the kernel and runs the cells
// (execute), records the run (record), compares the outputs (-check), and
// writes what the flags ask for (save, exportPages).
func runNotebook(ctx context.Context, o *options, r runSpec, out *lockedWriter, live bool, getenv func(string) string) result {
	path := r.notebook
	j := &job{o: o, r: r, path: path, name: r.label(), out: out, live: live, getenv: getenv}
	j.started = time.Now()
	res := result{run: r}
	nb, spec, code := j.prepare()
	if nb == nil {
		res.code, res.duration = code, time.Since(j.started)
		return res
	}
	var store *nbcache.Store
	var key string
	if o.cacheDir != "" {
		store = &nbcache.Store{Dir: o.cacheDir}
		k, _, err := nbcache.Key(nbcache.Inputs{Notebook: nb, Path: path, Spec: spec, Options: j.keyOptions(), Getenv: j.getenv})
		if err != nil {
			j.progress(": no cache key (%v); running", err)
		}
		key = k
	}
	if cached, ok := j.fromCache(store, key); ok {
		nb, code = cached, exitOK
	} else {
		code = j.run(ctx, nb, spec)
		if store != nil && key != "" && code == exitOK {
			if err := store.Put(key, nb); err != nil {
				j.progress(": not cached: %v", err)
			}
		}
	}
	j.record(nb, code)
	if o.check {
		code = max(code, j.compare(nb))
	}
	res.values, res.names = publishedValues(nb)
	res.errText = j.errText
	res.duration = time.Since(j.started)
	res.code = code
	failed := code != exitOK && code != exitStale
	res.written = destination(o, r, failed)
	if err := save(o, r, nb, failed); err != nil {
		res.code = max(code, j.fail(exitWrite, "writing the executed notebook: %v", err))
		return res
	}
	if err := exportPages(o, r, nb); err != nil {
		res.code = max(code, j.fail(exitWrite, "writing its pages: %v", err))
	}
	return res
}

// keyOptions names the options that change outputs, for the cache key.
func (j *job) keyOptions() string {
	return fmt.Sprintf("timing=%v allow-errors=%v", !j.o.noTiming, j.o.allowErrors)
}

// fromCache returns the stored run for key, unless -force.
func (j *job) fromCache(store *nbcache.Store, key string) (*nbformat.Notebook, bool) {
	if store == nil || key == "" || j.o.force {
		return nil, false
	}
	nb, ok := store.Get(key)
	if ok {
		j.progress(": cached (%s)", key[:12])
	}
	return nb, ok
}

// run starts the kernel and executes the notebook.
func (j *job) run(ctx context.Context, nb *nbformat.Notebook, spec *kernel.Spec) int {
	abs, err := filepath.Abs(j.path)
	if err != nil {
		return j.fail(exitUsage, "%v", err)
	}
	k, err := j.o.launcher.Start(ctx, spec, kernel.Options{Dir: filepath.Dir(abs), Env: j.o.kernelEnv, SessionName: abs, StartupTimeout: j.o.startupTimeout})
	if err != nil {
		if ctx.Err() != nil {
			return j.fail(exitInterrupted, "interrupted while the kernel %s started", spec.Name)
		}
		return j.fail(exitKernel, "kernel %s did not start: %v", spec.Name, err)
	}
	defer k.Shutdown(3 * time.Second)
	for _, c := range k.PortConflicts() {
		j.progress(": kernel %s started again on fresh ports: %s", spec.Name, firstLines(c.Error(), 1))
	}
	j.progress(": kernel %s started in %.2fs", spec.Name, time.Since(j.started).Seconds())
	code := j.execute(ctx, k, nb)
	k.Shutdown(3 * time.Second)
	j.progress(": done in %.1fs (exit %d)", time.Since(j.started).Seconds(), code)
	return code
}

// record writes the run into metadata.papermill as papermill does, so that
// papermill-aware tools read it: the parameters, the paths, whether it
// failed, and unless -no-timing when it ran.
func (j *job) record(nb *nbformat.Notebook, code int) {
	ps := map[string]any{}
	for _, v := range j.r.values {
		var x any
		if err := json.Unmarshal([]byte(v.Raw), &x); err != nil {
			x = v.Raw
		}
		ps[v.Name] = x
	}
	rec := map[string]any{"parameters": ps, "input_path": j.path, "output_path": destination(j.o, j.r, code != exitOK),
		"exception": code != exitOK, "version": "nbrun"}
	if !j.o.noTiming {
		end := time.Now()
		rec["start_time"] = j.started.UTC().Format("2006-01-02T15:04:05.000000Z")
		rec["end_time"] = end.UTC().Format("2006-01-02T15:04:05.000000Z")
		rec["duration"] = end.Sub(j.started).Seconds()
	}
	if nb.Metadata == nil {
		nb.Metadata = map[string]any{}
	}
	nb.Metadata["papermill"] = rec
	j.recordInputs(nb)
}

// compare prints the cells whose fresh outputs differ from the file's and
// returns exitStale when any do.
func (j *job) compare(nb *nbformat.Notebook) int {
	stored, err := nbformat.ReadFile(j.path)
	if err != nil {
		return j.fail(exitUsage, "%v", err)
	}
	if why, differ := j.otherInputs(stored, nb); differ {
		j.out.printf("nbrun: %s: ran; outputs not compared: the data is not what the stored outputs were made from: %s\n", j.path, why)
		return exitOK
	}
	diffs := outputdiff.Compare(stored, nb)
	if len(diffs) == 0 {
		j.progress(": outputs are current")
		return exitOK
	}
	var b strings.Builder
	for _, d := range diffs {
		b.WriteString(d.String())
	}
	j.out.printf("nbrun: %s: %d %s with outputs that differ from the stored ones:\n%s", j.path, len(diffs), plural(len(diffs), "cell", "cells"), b.String())
	return exitStale
}

func plural(n int, one, many string) string {
	if n == 1 {
		return one
	}
	return many
}

// prepare reads the notebook, finds its kernelspec (or -kernel's) and
// injects the parameters. On failure nb is nil and code says why.
func (j *job) prepare() (nb *nbformat.Notebook, spec *kernel.Spec, code int) {
	nb, err := nbformat.ReadFile(j.path)
	if err != nil {
		return nil, nil, j.fail(exitUsage, "%v", strings.TrimPrefix(err.Error(), j.path+": "))
	}
	kname := j.o.kernelName
	if kname == "" {
		kname = nb.KernelSpec().Name
	}
	if kname == "" {
		return nil, nil, j.fail(exitUsage, "the notebook names no kernel (metadata.kernelspec.name); choose one with -kernel")
	}
	if spec, err = kernel.Find(kname, j.getenv); err != nil {
		return nil, nil, j.fail(exitKernel, "%v", err)
	}
	if j.o.kernelName != "" {
		nb.SetKernelSpec(nbformat.KernelSpec{Name: spec.Name, DisplayName: spec.DisplayName, Language: spec.Language})
	}
	lang := spec.Language
	if lang == "" {
		lang = nb.LanguageInfo().Name
	}
	if err := params.Inject(nb, lang, j.r.values); err != nil {
		return nil, nil, j.fail(exitUsage, "%v", err)
	}
	return nb, spec, exitOK
}

// execute runs the cells with progress lines (and a live line on a
// terminal) and returns the exit code of the run.
func (j *job) execute(ctx context.Context, k *kernel.Kernel, nb *nbformat.Notebook) int {
	var liveStop func()
	opt := execute.Options{Timeout: j.o.timeout, NotebookTimeout: notebookTimeout(j.o, nb), AllowErrors: j.o.allowErrors, NoTiming: j.o.noTiming,
		Progress: func(e execute.CellEvent) {
			if liveStop != nil {
				liveStop()
				liveStop = nil
			}
			status := string(e.Status)
			if e.Err != nil {
				status += ": " + clip(firstLines(e.Err.Detail(), 1), 120)
			}
			j.progress(" [%d/%d] %-40s %6.2fs %s", e.Index+1, e.Total, clip(e.FirstLine, 40), e.Duration.Seconds(), status)
		}}
	if j.o.logOutput {
		opt.Stream = func(name nbformat.StreamName, text string) {
			prefix := ""
			if j.o.jobs > 1 {
				prefix = "[" + j.name + "] "
			}
			var b strings.Builder
			for line := range strings.Lines(text) {
				b.WriteString(prefix + line)
				if !strings.HasSuffix(line, "\n") {
					b.WriteString("\n")
				}
			}
			j.out.printf("%s", b.String())
		}
	}
	if j.live {
		opt.Start = func(index, total int, first string) {
			liveStop = liveLine(j.out, fmt.Sprintf("nbrun: %s [%d/%d] %s", j.name, index+1, total, clip(first, 40)))
		}
	}
	runErr := execute.Run(ctx, k, nb, opt)
	if liveStop != nil {
		liveStop()
	}
	var ce *execute.CellError
	switch {
	case runErr == nil:
		return exitOK
	case errors.As(runErr, &ce):
		j.errText = "cell " + strconv.Itoa(ce.Index+1) + " " + firstLines(ce.Summary(), 3)
		j.out.printf("nbrun: %s: %s\n", j.path, j.errText)
		return exitCellError
	case errors.Is(runErr, kernel.ErrTimeout):
		j.out.printf("nbrun: %s: %v\n", j.path, runErr)
		return exitTimeout
	case ctx.Err() != nil:
		k.Interrupt()
		j.out.printf("nbrun: %s: interrupted\n", j.path)
		return exitInterrupted
	default:
		j.out.printf("nbrun: %s: %v\n", j.path, runErr)
		return exitKernel
	}
}

// exportPages writes the HTML page and the Markdown the flags ask for.
func exportPages(o *options, r runSpec, nb *nbformat.Notebook) error {
	name := filepath.Base(r.notebook)
	if r.out != "" {
		name = filepath.Base(r.out)
	}
	stem := strings.TrimSuffix(name, filepath.Ext(name))
	if o.htmlDir != "" {
		page, err := export.HTML(nb, export.Options{Name: name, NoInput: o.noInput})
		if err != nil {
			return err
		}
		if err := atomicfile.WriteFile(filepath.Join(o.htmlDir, stem+".html"), page, 0o644); err != nil {
			return err
		}
	}
	if o.mdDir != "" {
		md, files, err := export.Markdown(nb, export.Options{Name: name, ImageDir: stem + "_files", NoInput: o.noInput})
		if err != nil {
			return err
		}
		for _, f := range files {
			p := filepath.Join(o.mdDir, filepath.FromSlash(f.Path))
			if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
				return err
			}
			if err := atomicfile.WriteFile(p, f.Data, 0o644); err != nil {
				return err
			}
		}
		if err := atomicfile.WriteFile(filepath.Join(o.mdDir, stem+".md"), md, 0o644); err != nil {
			return err
		}
	}
	return nil
}

// destination is where the executed notebook goes: -o DIR, -inplace, or
// beside the original as NAME.failed.ipynb for a failed run that would
// replace it (-inplace, or -o onto the notebook itself); "" when nothing
// is written.
func destination(o *options, r runSpec, failed bool) string {
	path := r.notebook
	switch {
	case r.overSource && failed:
		return strings.TrimSuffix(path, filepath.Ext(path)) + ".failed.ipynb"
	case r.out != "":
		return r.out
	case o.inplace && failed:
		return strings.TrimSuffix(path, filepath.Ext(path)) + ".failed.ipynb"
	case o.inplace:
		return path
	}
	return ""
}

// save writes the executed notebook where the flags say.
func save(o *options, r runSpec, nb *nbformat.Notebook, failed bool) error {
	dest := destination(o, r, failed)
	if dest == "" {
		return nil
	}
	return nbformat.WriteFile(dest, nb)
}

// notebookTimeout is -notebook-timeout, else the notebook's
// metadata.execution.timeout in seconds (nbmake's), else none.
func notebookTimeout(o *options, nb *nbformat.Notebook) time.Duration {
	if o.notebookTimeout > 0 {
		return o.notebookTimeout
	}
	ex, _ := nb.Metadata["execution"].(map[string]any)
	if v, ok := ex["timeout"]; ok {
		if secs, err := strconv.ParseFloat(fmt.Sprint(v), 64); err == nil && secs > 0 {
			return time.Duration(secs * float64(time.Second))
		}
	}
	return 0
}

func clip(s string, n int) string {
	r := []rune(s)
	if len(r) <= n {
		return s
	}
	return string(r[:n-1]) + "…"
}

func firstLines(s string, n int) string {
	lines := strings.SplitN(strings.TrimSpace(s), "\n", n+1)
	if len(lines) > n {
		lines = append(lines[:n], "…")
	}
	return strings.Join(lines, " / ")
}

// liveLine shows a running cell's elapsed time on a terminal, redrawn
// every 200 ms; the returned function erases it.
func liveLine(out *lockedWriter, label string) func() {
	done := make(chan struct{})
	stopped := make(chan struct{})
	start := time.Now()
	go func() {
		defer close(stopped)
		t := time.NewTicker(200 * time.Millisecond)
		defer t.Stop()
		for {
			select {
			case <-t.C:
				out.printf("\r\x1b[K%s %.1fs running", label, time.Since(start).Seconds())
			case <-done:
				out.printf("\r\x1b[K")
				return
			}
		}
	}()
	return func() {
		close(done)
		<-stopped
	}
}
