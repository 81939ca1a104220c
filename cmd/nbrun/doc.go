// Command nbrun executes Jupyter notebooks headlessly, top to bottom, and
// writes their outputs, as papermill or "jupyter nbconvert --execute" do,
// without Python: it starts each notebook's kernel from its kernelspec and
// speaks the Jupyter messaging protocol itself. It works with the GoNB
// kernel and with any other Jupyter kernel.
//
// Usage:
//
//	nbrun [flags] NOTEBOOK... [flags]
//	  -o DIR              write each executed notebook to DIR/<same name> (.ipynb)
//	  -inplace            replace each notebook with its executed version (text: its paired .ipynb)
//	  -kernel NAME        kernelspec to use instead of the notebook's own
//	  -p name=value       parameter (repeatable)
//	  -timeout DUR        per-cell limit; on expiry interrupt the kernel and stop
//	  -notebook-timeout DUR  limit for each whole notebook (else metadata.execution.timeout)
//	  -startup-timeout DUR  default 60s
//	  -transport auto|ipc|tcp  how nbrun and each kernel connect (default auto)
//	  -f FILE             YAML or JSON file of parameters (-p after it overrides)
//	  -sweep name=v1,v2   run once per value (repeatable: every combination), with a summary
//	  -params             list each notebook's parameters and exit
//	  -list               list the runs that would execute and exit
//	  -shard K/N          run only the K-th of N parts of the runs (auto/N, auto: see below)
//	  -merge -o DIR D...  merge the summaries of shards
//	  -slurm N -o DIR     submit the runs as a Slurm array of N shards and a merge job (see below)
//	  -sbatch "OPTS"      with -slurm: sbatch options for both jobs
//	  -dry-run            with -slurm: print the job scripts, submit nothing
//	  -log-output         stream each cell's stdout and stderr as they arrive
//	  -no-input           leave code cells' source out of -html and -md pages
//	  -report-mode        mark code cells' source hidden in the executed notebook, as papermill's --report-mode
//	  -check              compare each cell's fresh outputs with the stored ones
//	  -cache DIR          reuse executed notebooks whose inputs have not changed
//	  -force              with -cache: run anyway and refresh the entry
//	  -allow-errors       record cell errors and go on
//	  -no-timing          leave execution timings out of the notebook
//	  -j N                notebooks in parallel, each with its own kernel
//	  -q                  no progress output
//	  -html DIR           also write each executed notebook as a standalone HTML page
//	  -md DIR             also write each as Markdown with its images beside it
//	  -trust              keep the notebooks' HTML as it is in -html and -md pages
//	  -gonb-fast=false    give GoNB kernels the environment as it is (see below)
//
// A NOTEBOOK is an .ipynb, or a text notebook in jupytext's percent format
// (package jupyter/jupytext): a .py file with "# %%" cell markers, or a .go
// file as jupytext writes GoNB notebooks ("// %%", GoNB's "%%" written as
// "//gonb:%%"). A text notebook is read as jupytext opens a pair: its
// cells from the text, combined with the paired .ipynb (the same name with
// .ipynb, beside it) when that exists, for the cell ids, the stored
// outputs and the metadata the text leaves out. Its executed version is an
// .ipynb: -o DIR writes DIR/NAME.ipynb, -inplace writes the paired
// NAME.ipynb and leaves the script alone, and -check compares with the
// paired .ipynb (without one it runs and says that the outputs were not
// compared). A text notebook without a YAML header names no kernel: it
// runs on python3 (.py) or gonb (.go) unless -kernel says otherwise.
// jupytext pairings into other directories (metadata.jupytext.formats
// with a prefix) are not followed.
//
// Flags go before, between or after the notebooks; "--" ends them. Every
// argument is checked before the first kernel starts: each notebook read,
// its kernelspec found, each run's parameters applied, each output
// directory made and written to; a mistake anywhere runs nothing.
//
// With neither -o nor -inplace it executes and writes nothing: a check for
// CI.
//
// Parameters follow papermill: a cell tagged "parameters" holds defaults,
// and the values given with -p go into a cell tagged "injected-parameters"
// right after it. For Go notebooks the defaults are Go declarations and the
// values are written as Go literals of the declared types.
//
// The kernel runs in the notebook's directory with the Go bin directory
// (go env GOBIN, else $(go env GOPATH)/bin) first on its PATH, since GoNB
// runs goimports on every cell. Kernels are launched as Jupyter's own
// client launches them (JPY_PARENT_PID, JPY_SESSION_NAME set to the
// notebook's path, the kernelspec's env, IPython's history in memory; see
// package kernel). Nothing outlives nbrun: the kernel, its process group,
// and helpers that left the group (GoNB's gopls) are ended after a polite
// shutdown, and the kernel's directory removed, on success, errors,
// timeouts, a failed start, a dying kernel and Ctrl-C.
//
// nbrun and each kernel talk over Unix socket files in the kernel's
// private directory (mode 0700, in $TMPDIR), the ipc transport of
// Jupyter's connection files, for the kernels known to support it, GoNB
// and ipykernel: no port is picked, so none can be taken by another
// program before the kernel binds it, and no other user can reach the
// sockets. Other kernels get five TCP ports on 127.0.0.1 (a start whose
// port another program took is started again on fresh ports). That is
// -transport auto; -transport tcp or ipc chooses for every kernel, and a
// kernelspec's metadata {"nbrun": {"transport": "tcp"}} for its own kernel
// under auto. A Unix socket path holds at most 107 bytes: where $TMPDIR is
// too deep for the kernel's sockets, auto uses tcp and ipc asked for fails
// with an error that says so. (ipykernel also listens on one TCP port of
// its own on 127.0.0.1, whatever the transport, for the output of forked
// subprocesses.)
//
// GoNB kernels get two settings that make its builds faster and change
// no output (-gonb-fast, on by default; see package runner): GOFLAGS
// gains -ldflags=-w, so that cells link without DWARF tables (panics keep
// their stack traces, with the cell and line), unless it already sets
// -ldflags; and GOPROXY starts with the module cache
// (file://$GOMODCACHE/cache/download), so that the `go get` GoNB runs
// before every cell is answered from disk for what the cache holds,
// instead of asking the proxy about every dependency; anything else goes
// to the proxies as before. A module a notebook newly imports then
// resolves to the newest version in the cache when it has one.
// -gonb-fast=false leaves the kernels' environment as it is.
//
// On a failure the partly executed notebook is kept: written to -o, or with
// -inplace beside the original as NAME.failed.ipynb, the original left
// untouched. -o onto the notebook itself (its own folder, or the same file
// by another path) is treated as -inplace: a failed run goes beside it, a
// successful one replaces it. Every write goes to a temporary file that is
// renamed into place, and every write is checked, standard output's too.
//
// With -o (and sweeps) the notebook is also written while it runs, as
// papermill does, so that a run killed with SIGKILL (a CI job's time
// limit) leaves how far it got: when the run starts, when each code cell
// starts, after the last cell, and while a cell's outputs stream at most
// every 5 seconds. Such a file is a whole notebook: the finished cells
// with their outputs, the running one (metadata.papermill.status
// "running") with its output so far, the rest "pending" with no outputs,
// and metadata.papermill.status "running" for the run; the last write is
// the executed notebook. A write that fails stops the run (exit 6).
// -inplace writes at the end only, never leaving the notebook half-run.
//
// A failed cell is shown with its error: a Python exception, or for a Go
// program, which GoNB reports only as "exit status 1", the last lines it
// wrote to standard error.
//
// A Python cell that raises SystemExit with status 0 or none (sys.exit(0),
// sys.exit(), raise SystemExit) stops the run cleanly, as in papermill:
// the cell keeps its error output, the cells after it are not run
// (metadata.papermill.status "pending"), and the run succeeds. A GoNB
// cell calling os.Exit(0) just ends its own program; the next cells run.
//
// A failed run's notebook, when written (-o, NAME.failed.ipynb), carries
// papermill's error cells: two Markdown cells tagged
// "papermill-error-cell-tag", one at the top linking to the failed cell
// (In [N]), one just before it with the anchor. Those of an earlier run
// are dropped before a run.
//
// Pages are meant to be published. By default the HTML that Markdown
// cells and text/html outputs hold is sanitized in -html pages (no
// script, event handler, javascript: link or frame is kept), and that of
// text/html outputs in -md files (their Markdown cells are copied as
// written, for the host that renders them to sanitize); -trust keeps it
// as the notebook holds it, for notebooks whose author you trust. Either
// way every HTML page carries a Content-Security-Policy that lets no
// script run and loads nothing from the network.
//
// A sweep writes summary.csv and index.html beside its notebooks: one row
// per run with its parameters, status, duration, error and the values the
// notebook published through a display of MIME type
// application/vnd.nbrun.values+json, in the publisher's order (the
// display's metadata under that MIME type: {"order": [...], "formats":
// {...}}; else the order of the JSON text; else sorted). summary.csv keeps
// full precision; index.html shows each number in its format ("percent"
// +4.4%, "integer" 24, else four significant digits) and escapes every
// text. summary-formats.json beside them keeps the formats, so that -merge
// writes the same index.html as an unsharded run. -merge names on stderr
// each merged run that failed, with its status and exit code, and exits
// with the highest of them, as the unsharded run would; a shard whose
// summary is missing (it never ran) is named, with exit 2.
//
// -shard auto/N takes K from the engine that started nbrun: a Slurm job
// array's $SLURM_ARRAY_TASK_ID less $SLURM_ARRAY_TASK_MIN (whatever the
// array's first index), else a Kubernetes Indexed Job's
// $JOB_COMPLETION_INDEX; -shard auto takes N too, from
// $SLURM_ARRAY_TASK_COUNT (a Kubernetes Job gives no count: give auto/N
// there). nbrun says on stderr which variables it used, and stops when
// none is set, a value is not a number, or the array's count is not N.
//
// -slurm N -o DIR checks the runs, then writes DIR/slurm/shards.sbatch (an
// N-task job array whose task K runs the same command with -shard auto/N
// -o DIR/shard-K) and DIR/slurm/merge.sbatch (nbrun -merge -o DIR of the
// N shards), submits both with sbatch, the merge with
// --dependency=afterany on the array (so that it runs, and shows the
// failed runs, when a shard fails), and prints the two job ids. The
// shards and the merge must see the same filesystem (the notebooks,
// DIR, nbrun itself). -sbatch passes options to both jobs; -dry-run
// prints the scripts and the sbatch commands instead.
//
// -check compares every code cell's fresh outputs with the stored ones
// (package outputdiff), unless the stored notebook records other input
// files than the run read: then it runs the notebook, says that the
// outputs were not compared and which file differs, and exits 0; -cache
// keys runs on everything their outputs depend on (package nbcache). Every
// run is recorded in metadata.papermill, as papermill records it, and the
// files its declared inputs resolved to in metadata.nbrun.input_files.
//
// Exit status: 0 all ran; 1 a cell raised an error; 2 bad usage or an
// unreadable notebook; 3 the kernel died or never started; 4 a cell or the
// notebook timed out; 5 -check found outputs that differ; 6 an executed
// notebook, a page, a summary or standard output could not be written;
// 130 interrupted (SIGINT); 143 terminated (SIGTERM), after the same
// cleanup. With several notebooks, the highest.
//
// The workflow is package jupyter/runner, which Go programs and tests call
// directly; this command parses the flags, prints the runner's events as
// progress lines and maps its outcomes to the exit codes above.
package main
