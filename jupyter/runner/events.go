package runner

import (
	"time"

	"github.com/rotationlab/rotation/jupyter/execute"
	"github.com/rotationlab/rotation/jupyter/nbformat"
)

// Event is something that happened during a run, for progress output:
// one of the types below. Each has a Job field, the job it concerns,
// which Of returns. Options.Progress receives
// them in the order they happen within a job; with several jobs at once,
// jobs' events interleave.
type Event interface {
	// Of is the job the event belongs to.
	Of() *Job
}

// Problem is a failure of a job, as it happens: the run's Result.Err
// holds it too. nbrun prints it even when quiet.
type Problem struct {
	Job *Job
	// Err is a *JobError naming the notebook, of one of the kinds of
	// failure (ErrCell, ErrTimeout, ...).
	Err error
}

// Note is a remark that does not change the outcome: a run not cached, a
// cache key not computed, inputs not recorded, a kernel restarted on fresh
// ports.
type Note struct {
	Job *Job
	// Text is the remark, lower case, without the notebook's name.
	Text string
}

// Cached is a run taken from the cache instead of run.
type Cached struct {
	Job *Job
	// Key is the cache key.
	Key string
}

// KernelStarted is the kernel up and answering.
type KernelStarted struct {
	Job *Job
	// Kernel is the kernelspec's name.
	Kernel string
	// Elapsed is the time since the job began.
	Elapsed time.Duration
}

// CellStarted is a cell sent to the kernel.
type CellStarted struct {
	Job *Job
	// Index is the cell's place in the notebook (from 0), of Total cells.
	Index, Total int
	// FirstLine is the cell's first line worth showing.
	FirstLine string
}

// CellFinished is a cell's end (or skip).
type CellFinished struct {
	Job *Job
	// Cell is the cell's end as package execute reports it.
	Cell execute.CellEvent
}

// Output is text a cell wrote to its stdout or stderr, as it arrives.
type Output struct {
	Job *Job
	// Stream is stdout or stderr; Text what arrived, not always whole
	// lines.
	Stream nbformat.StreamName
	Text   string
}

// Executed is the kernel's part of a run done, the kernel shut down.
type Executed struct {
	Job *Job
	// Elapsed is the time since the job began.
	Elapsed time.Duration
	// Err is how the execution ended (nil for success).
	Err error
}

// Compared is the outcome of Options.Check for a run whose outputs were
// compared and found current (Current), or not compared because the
// stored notebook records other input files than the run read (Why says
// which differ), or because a text notebook has no paired .ipynb holding
// stored outputs (Unpaired; Why names the .ipynb looked for). Outputs
// that differ are a Problem with a *DiffError.
type Compared struct {
	Job      *Job
	Current  bool
	Unpaired bool
	Why      string
}

// Of returns the event's job.
func (e *Problem) Of() *Job       { return e.Job }
func (e *Note) Of() *Job          { return e.Job }
func (e *Cached) Of() *Job        { return e.Job }
func (e *KernelStarted) Of() *Job { return e.Job }
func (e *CellStarted) Of() *Job   { return e.Job }
func (e *CellFinished) Of() *Job  { return e.Job }
func (e *Output) Of() *Job        { return e.Job }
func (e *Executed) Of() *Job      { return e.Job }
func (e *Compared) Of() *Job      { return e.Job }
