package main

import (
	"context"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"time"

	"github.com/rotationlab/rotation/internal/atomicfile"
	"github.com/rotationlab/rotation/jupyter/execute"
	"github.com/rotationlab/rotation/jupyter/export"
	"github.com/rotationlab/rotation/jupyter/kernel"
	"github.com/rotationlab/rotation/jupyter/nbformat"
	"github.com/rotationlab/rotation/jupyter/params"
)

// runNotebook executes one notebook and returns its exit code.
func runNotebook(ctx context.Context, o *options, path string, out *lockedWriter, live bool, getenv func(string) string) int {
	name := filepath.Base(path)
	fail := func(code int, format string, args ...any) int {
		out.printf("nbrun: %s: %s\n", path, fmt.Sprintf(format, args...))
		return code
	}
	nb, err := nbformat.ReadFile(path)
	if err != nil {
		return fail(exitUsage, "%v", strings.TrimPrefix(err.Error(), path+": "))
	}
	kname := o.kernelName
	ks, _ := nb.Metadata["kernelspec"].(map[string]any)
	if kname == "" {
		kname, _ = ks["name"].(string)
	}
	if kname == "" {
		return fail(exitUsage, "the notebook names no kernel (metadata.kernelspec.name); choose one with -kernel")
	}
	spec, err := kernel.Find(kname, getenv)
	if err != nil {
		return fail(exitKernel, "%v", err)
	}
	if o.kernelName != "" {
		nb.Metadata["kernelspec"] = map[string]any{"name": spec.Name, "display_name": spec.DisplayName, "language": spec.Language}
	}
	lang := spec.Language
	if li, ok := nb.Metadata["language_info"].(map[string]any); ok && lang == "" {
		lang, _ = li["name"].(string)
	}
	if err := params.Inject(nb, lang, o.params); err != nil {
		return fail(exitUsage, "%v", err)
	}
	abs, err := filepath.Abs(path)
	if err != nil {
		return fail(exitUsage, "%v", err)
	}
	started := time.Now()
	k, err := kernel.Start(ctx, spec, kernel.Options{Dir: filepath.Dir(abs), Env: o.kernelEnv, SessionName: abs, StartupTimeout: o.startupTimeout})
	if err != nil {
		if ctx.Err() != nil {
			return fail(exitInterrupted, "interrupted while the kernel %s started", kname)
		}
		return fail(exitKernel, "kernel %s did not start: %v", kname, err)
	}
	defer k.Shutdown(3 * time.Second)
	if !o.quiet {
		out.printf("nbrun: %s: kernel %s started in %.2fs\n", name, kname, time.Since(started).Seconds())
	}

	var liveStop func()
	opt := execute.Options{Timeout: o.timeout, AllowErrors: o.allowErrors, NoTiming: o.noTiming,
		Progress: func(e execute.CellEvent) {
			if liveStop != nil {
				liveStop()
				liveStop = nil
			}
			if !o.quiet {
				out.printf("nbrun: %s [%d/%d] %-40s %6.2fs %s\n", name, e.Index+1, e.Total, clip(e.FirstLine, 40), e.Duration.Seconds(), e.Status)
			}
		}}
	if live {
		opt.Start = func(index, total int, first string) {
			liveStop = liveLine(out, fmt.Sprintf("nbrun: %s [%d/%d] %s", name, index+1, total, clip(first, 40)))
		}
	}
	runErr := execute.Run(ctx, k, nb, opt)
	if liveStop != nil {
		liveStop()
	}
	code := exitOK
	var ce *execute.CellError
	switch {
	case runErr == nil:
	case errors.As(runErr, &ce):
		code = exitCellError
		out.printf("nbrun: %s: cell %d raised %s: %s\n", path, ce.Index+1, ce.Ename, firstLines(ce.Evalue, 3))
	case errors.Is(runErr, kernel.ErrTimeout):
		code = exitTimeout
		out.printf("nbrun: %s: %v\n", path, runErr)
	case ctx.Err() != nil:
		code = exitInterrupted
		k.Interrupt()
		out.printf("nbrun: %s: interrupted\n", path)
	default:
		code = exitKernel
		out.printf("nbrun: %s: %v\n", path, runErr)
	}
	k.Shutdown(3 * time.Second)
	if !o.quiet {
		out.printf("nbrun: %s: done in %.1fs (exit %d)\n", name, time.Since(started).Seconds(), code)
	}
	if err := save(o, path, nb, code != exitOK); err != nil {
		out.printf("nbrun: %s: writing the executed notebook: %v\n", path, err)
		return max(code, exitWrite)
	}
	if err := exportPages(o, path, nb); err != nil {
		out.printf("nbrun: %s: writing its pages: %v\n", path, err)
		return max(code, exitWrite)
	}
	return code
}

// exportPages writes the HTML page and the Markdown the flags ask for.
func exportPages(o *options, path string, nb *nbformat.Notebook) error {
	name := filepath.Base(path)
	stem := strings.TrimSuffix(name, filepath.Ext(name))
	if o.htmlDir != "" {
		page, err := export.HTML(nb, export.Options{Name: name})
		if err != nil {
			return err
		}
		if err := atomicfile.WriteFile(filepath.Join(o.htmlDir, stem+".html"), page, 0o644); err != nil {
			return err
		}
	}
	if o.mdDir != "" {
		md, files, err := export.Markdown(nb, export.Options{Name: name, ImageDir: stem + "_files"})
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

// save writes the executed notebook where the flags say. A failed run with
// -inplace goes beside the original as NAME.failed.ipynb.
func save(o *options, path string, nb *nbformat.Notebook, failed bool) error {
	var dest string
	switch {
	case o.outDir != "":
		dest = filepath.Join(o.outDir, filepath.Base(path))
	case o.inplace && failed:
		dest = strings.TrimSuffix(path, filepath.Ext(path)) + ".failed.ipynb"
	case o.inplace:
		dest = path
	default:
		return nil
	}
	return nbformat.WriteFile(dest, nb)
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
