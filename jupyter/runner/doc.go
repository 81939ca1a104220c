// Package runner runs Jupyter notebooks headlessly: it is nbrun's
// workflow as a library. It plans the runs (notebooks, parameters and the
// points of sweeps, sharded), checks all of them before the first kernel
// starts, executes each on its own kernel (package kernel, package
// execute), records the run in the notebook as papermill does, compares
// fresh outputs with the stored ones, reuses cached runs, writes the
// executed notebooks, their HTML and Markdown pages, and a sweep's
// summary.
//
// Notebooks are .ipynb files, or text notebooks in jupytext's percent
// format (.py, .go; package jupytext), each combined with its paired
// .ipynb when that exists (the same name with .ipynb, in the same
// directory), as jupytext opens a pair: the cells' sources from the text;
// ids, stored outputs and the metadata the text leaves out from the
// .ipynb. Whatever the notebook, what a run writes is an .ipynb.
//
// A run's outcome is a Result whose Err is nil or wraps the kinds of
// failure this package names, for errors.Is: ErrCell (and an
// *execute.CellError for errors.As), ErrTimeout, ErrKernel, ErrUsage,
// ErrOutputsDiffer (a *DiffError), ErrWrite and ErrInterrupted. Status
// orders them by severity; its numbers are nbrun's exit codes.
//
// A sweep's summary is summary.csv (every published value at full
// precision, the columns in the publisher's order: nbvalues.Meta.Order
// from the display's metadata, else the JSON text's order), index.html
// for people (the numbers in their nbvalues.Format, every text escaped,
// the pages' Content-Security-Policy) and FormatsFile, which keeps the
// formats so that Merge writes the same index.html from shards.
//
// A run with an OutDir notebook of its own writes it while it runs, as
// papermill does (Options.SaveEvery): a run killed in the middle leaves a
// whole notebook with the cells that finished, the rest pending, and the
// run's record (metadata.papermill.status "running") saying it did not
// end. InPlace writes at the end only.
//
// GoNB builds every cell into a Go program, and before that runs `go
// get`, which asks the module proxy about every dependency (to warn of
// retracted versions) even when nothing is missing. Unless
// Options.NoGoNBFast, a GoNB kernel (recognised by its kernelspec: its
// program is gonb) gets two settings in its environment, neither of
// which changes what a notebook computes or shows:
//
//   - GOFLAGS with -ldflags=-w appended: the cells are linked without
//     DWARF tables, which only debuggers read; a panic keeps its stack
//     trace with file and line (GoNB's [[ Cell [N] Line M ]]), which the
//     runtime's own tables give. Left alone when GOFLAGS already sets
//     -ldflags; a notebook's %goflags -ldflags=... wins over it.
//   - GOPROXY with the module cache's download directory first
//     (file://$GOMODCACHE/cache/download), the list as it was after it:
//     what the cache holds is answered from disk, anything else by the
//     proxies as before. A module that a notebook imports for the first
//     time resolves to the newest version in the cache when the cache
//     has one. Left alone when GOPROXY is off or already starts with a
//     file:// proxy.
//
// The values they extend are those the kernel would get: Options.Env's,
// else the kernelspec's env, else go env's (the environment, then the
// go env -w file).
//
// What happens along the way goes to Options.Progress as typed events
// (a cell finished, a kernel started, a problem), not to a writer: the
// caller decides what to print.
//
//	plan, err := runner.NewPlan(runner.Options{
//		Notebooks: []string{"study.ipynb"},
//		Params:    []params.Value{{Name: "threshold", Raw: "0.05"}},
//		OutDir:    "out",
//		NoTiming:  true,
//	})
//	if err != nil {
//		return err
//	}
//	rep, err := plan.Run(ctx)
//	if err != nil {
//		return err // nothing ran, or the summary was not written
//	}
//	for _, r := range rep.Results {
//		if errors.Is(r.Err, runner.ErrCell) {
//			...
//		}
//	}
package runner
