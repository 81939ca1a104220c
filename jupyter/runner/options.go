package runner

import (
	"time"

	"github.com/rotationlab/rotation/jupyter/kernel"
	"github.com/rotationlab/rotation/jupyter/params"
)

// Options configure a Plan: which notebooks run, with which parameters,
// under which limits, and where their results go. A Plan keeps its own
// copy; nothing changes them during a run. The zero value runs nothing
// (Notebooks is empty); StartupTimeout and Jobs take defaults when zero.
//
// Messages name nbrun's flags (-o, -check, ...): the fields are those
// flags, and the library's errors read as the command's.
type Options struct {
	// Notebooks are the paths of the notebooks to run, in order (nbrun's
	// operands): .ipynb files, or text notebooks in jupytext's percent
	// format (.py, .go), read with their paired .ipynb (the same name with
	// .ipynb, beside them) when there is one.
	Notebooks []string

	// OutDir (-o) is where each executed notebook is written: a directory,
	// which receives DIR/<notebook>.ipynb (for a sweep
	// DIR/<notebook>-<name>=<value>....ipynb), or a template such as
	// "out/{notebook}-{threshold}.ipynb" naming {notebook} and parameters.
	// A text notebook's executed version is DIR/<notebook>.ipynb too.
	// "" writes nothing unless InPlace. -o naming the notebook's own file
	// (or a text notebook's paired .ipynb) is treated as InPlace.
	OutDir string

	// InPlace (-inplace) replaces each notebook with its executed version;
	// a failed run is written beside it as NAME.failed.ipynb instead. For
	// a text notebook it writes the paired .ipynb (NAME.ipynb beside it),
	// as jupytext's pairing does, and leaves the script alone.
	InPlace bool

	// SaveEvery is how often, at most, an OutDir notebook is written
	// while a cell runs and its outputs arrive; 0 means DefaultSaveEvery.
	// Such a notebook is also written, whole and atomically, when the run
	// starts, when each code cell starts (the cells before it finished,
	// it running) and after the last cell, with the cells not yet run
	// pending and the run's record saying it is running
	// (metadata.papermill.status "running"), so that a run killed in the
	// middle leaves the cells that finished; the last write, at the end,
	// is the executed notebook. A notebook written over its source
	// (InPlace, or OutDir naming it) is written at the end only. A write
	// that fails stops the run with ErrWrite.
	SaveEvery time.Duration

	// Kernel (-kernel) names the kernelspec to use instead of each
	// notebook's metadata.kernelspec.name; "" keeps the notebook's. A text
	// notebook that names none (no YAML header) runs on python3 (.py) or
	// gonb (.go).
	Kernel string

	// Params are the parameters given to every run (nbrun: -f's file, then
	// -p's), later ones winning; a sweep's point is applied after them.
	Params []params.Value

	// Sweeps (-sweep) run every notebook once per combination of their
	// values, the last sweep varying fastest, and write a summary.
	Sweeps []Sweep

	// Shard (-shard) keeps only one part of the planned runs; the zero
	// Shard keeps them all.
	Shard Shard

	// Timeout (-timeout) limits each cell (0: none); a cell's
	// metadata.nbrun.timeout overrides it.
	Timeout time.Duration

	// NotebookTimeout (-notebook-timeout) limits each whole notebook; 0
	// takes the notebook's metadata.execution.timeout (seconds) when
	// present, else no limit.
	NotebookTimeout time.Duration

	// StartupTimeout (-startup-timeout) limits the kernel's start; 0 means
	// 60 seconds.
	StartupTimeout time.Duration

	// Transport (-transport) is how nbrun and each kernel connect:
	// kernel.TransportAuto (the zero value) is Unix socket files in the
	// kernel's private directory for GoNB and ipykernel, TCP ports on
	// 127.0.0.1 for other kernels, unless the kernelspec's
	// metadata.nbrun.transport says otherwise; TransportIPC or
	// TransportTCP for every kernel.
	Transport kernel.Transport

	// Launcher starts the kernels, so that kernels running at the same
	// time are never handed the same port. nil: the plan makes its own.
	// Plans run at the same time in one process should share one.
	Launcher *kernel.Launcher

	// AllowErrors (-allow-errors) records cell errors and goes on.
	AllowErrors bool

	// NoTiming (-no-timing) leaves execution timings out of the executed
	// notebooks, so that regenerated notebooks diff cleanly.
	NoTiming bool

	// Jobs (-j) is how many notebooks run at once, each with its own
	// kernel; 0 means 1.
	Jobs int

	// HTMLDir (-html) receives each executed notebook as a standalone
	// HTML page, and MDDir (-md) as Markdown with its images beside it;
	// "" for none.
	HTMLDir, MDDir string

	// NoInput (-no-input) leaves code cells' source out of the pages.
	NoInput bool

	// ReportMode (-report-mode, papermill's name) marks every code cell
	// of the executed notebook metadata.jupyter.source_hidden, as
	// papermill's report mode does, so that Jupyter shows it folded.
	ReportMode bool

	// Trust (-trust) is the pages' export.Options.Trust: it keeps the
	// HTML of Markdown cells and text/html outputs as the notebook holds
	// it, where by default the pages sanitize it (see package export).
	// Either way an HTML page's Content-Security-Policy lets no script
	// run. A sweep's summary page is escaped text whatever Trust says.
	Trust bool

	// Check (-check) compares each cell's fresh outputs with the stored
	// ones (a text notebook's are in its paired .ipynb; without one the
	// run reports Compared.Unpaired); a run whose outputs differ ends with
	// ErrOutputsDiffer.
	Check bool

	// CacheDir (-cache) keeps executed notebooks by a key of everything
	// their outputs depend on, and reuses them when nothing changed; ""
	// for no cache. Force (-force) runs anyway and refreshes the entry.
	CacheDir string
	Force    bool

	// Env is added to every kernel's environment, after the Go bin
	// directory's PATH that the runner puts first (GoNB runs goimports).
	Env []string

	// NoGoNBFast (-gonb-fast=false) gives GoNB kernels the environment
	// as it is. By default a GoNB kernel's GOFLAGS gains -ldflags=-w
	// (cells linked without DWARF tables; panics keep their file:line
	// stack traces), unless it already sets -ldflags, and its GOPROXY
	// starts with the module cache (file://$GOMODCACHE/cache/download),
	// so that GoNB's `go get` before every cell is answered locally for
	// the modules the cache holds, unless GOPROXY is off or already
	// starts with a file:// proxy. See the package documentation.
	NoGoNBFast bool

	// Getenv reads the environment: $JUPYTER_PATH and the like for
	// kernelspecs, the variables of a notebook's declared inputs, and
	// $JOB_COMPLETION_INDEX or $SLURM_ARRAY_TASK_ID and its siblings for
	// an automatic shard. nil means os.Getenv.
	Getenv func(string) string

	// Progress, when set, receives what happens during the runs, as
	// typed events (see Event). With Jobs > 1 it is called from several
	// goroutines, one at a time.
	Progress func(Event)
}

// Sweep is one swept parameter (-sweep name=v1,v2,...): every run is
// repeated once per value.
type Sweep struct {
	// Name is the parameter's name.
	Name string
	// Values are its values, as -p would take them.
	Values []string
}

// Shard is the K-th of N disjoint parts of a plan (K from 1): run i of
// the plan belongs to part i mod N + 1. The zero Shard is the whole plan.
type Shard struct {
	// K is the part kept, from 1 to N.
	K int
	// N is the number of parts; 0 for no sharding.
	N int
	// From says, for a shard ParseShard read from the environment
	// (-shard auto/N or auto), which variables gave K and N, e.g.
	// "$JOB_COMPLETION_INDEX=2"; "" otherwise.
	From string
}
