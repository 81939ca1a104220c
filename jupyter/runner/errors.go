package runner

import (
	"errors"
	"strconv"

	"github.com/rotationlab/rotation/jupyter/execute"
	"github.com/rotationlab/rotation/jupyter/outputdiff"
)

// The kinds of failure a run ends with, for errors.Is. A Result's Err
// wraps one or more of them (several when, say, a cell failed and the
// notebook could not be written either); the error's text is the problem
// as nbrun prints it. A cell's error is also an *execute.CellError, and
// outputs that differ a *DiffError, for errors.As.
var (
	// ErrUsage: the notebook cannot be read, names no kernel, or the
	// parameters do not apply to it.
	ErrUsage = errors.New("bad notebook or parameters")
	// ErrCell: a cell raised an error.
	ErrCell = errors.New("cell error")
	// ErrKernel: the kernel died, never started, or its kernelspec is not
	// installed.
	ErrKernel = errors.New("kernel failed")
	// ErrTimeout: a cell or the notebook ran out of time. It is
	// execute.ErrTimeout (and kernel.ErrTimeout).
	ErrTimeout = execute.ErrTimeout
	// ErrOutputsDiffer: with Options.Check, fresh outputs differ from the
	// stored ones.
	ErrOutputsDiffer = errors.New("stale outputs")
	// ErrWrite: an executed notebook, a page or a summary could not be
	// written.
	ErrWrite = errors.New("write failed")
	// ErrInterrupted: the context was cancelled before or during the run.
	ErrInterrupted = errors.New("interrupted")
)

// Status is how a run ended, in increasing severity: the worst of a
// sweep's is the sweep's. Its number is nbrun's exit code for it, which a
// summary's "exit" column records; its String the "status" column.
type Status int

// The statuses of a run.
const (
	StatusOK          Status = 0
	StatusCellError   Status = 1
	StatusUsage       Status = 2
	StatusKernel      Status = 3
	StatusTimeout     Status = 4
	StatusStale       Status = 5
	StatusWrite       Status = 6
	StatusInterrupted Status = 130
)

func (s Status) String() string {
	switch s {
	case StatusOK:
		return "ok"
	case StatusCellError:
		return ErrCell.Error()
	case StatusUsage:
		return ErrUsage.Error()
	case StatusKernel:
		return ErrKernel.Error()
	case StatusTimeout:
		return "timed out"
	case StatusStale:
		return ErrOutputsDiffer.Error()
	case StatusWrite:
		return ErrWrite.Error()
	case StatusInterrupted:
		return ErrInterrupted.Error()
	}
	return "exit " + strconv.Itoa(int(s))
}

// StatusOf is the status of a run that ended with err: StatusOK for nil,
// else the most severe kind err wraps. An error of none of the kinds
// counts as a failed kernel.
func StatusOf(err error) Status {
	if err == nil {
		return StatusOK
	}
	kinds := []struct {
		err error
		s   Status
	}{
		{ErrInterrupted, StatusInterrupted}, {ErrWrite, StatusWrite}, {ErrOutputsDiffer, StatusStale},
		{ErrTimeout, StatusTimeout}, {ErrKernel, StatusKernel}, {ErrUsage, StatusUsage}, {ErrCell, StatusCellError},
	}
	for _, k := range kinds {
		if errors.Is(err, k.err) {
			return k.s
		}
	}
	var ce *execute.CellError
	if errors.As(err, &ce) {
		return StatusCellError
	}
	return StatusKernel
}

// kindError gives err a kind for errors.Is while keeping its text.
type kindError struct {
	kind, err error
	// msg, when set, replaces err's text.
	msg string
}

func (e *kindError) Error() string {
	if e.msg != "" {
		return e.msg
	}
	return e.err.Error()
}
func (e *kindError) Unwrap() []error { return []error{e.kind, e.err} }

func withKind(kind, err error) error { return &kindError{kind: kind, err: err} }

// DiffError is a run whose fresh outputs differ from the stored ones
// (Options.Check). It is ErrOutputsDiffer for errors.Is.
type DiffError struct {
	// Notebook is the notebook's path.
	Notebook string
	// Diffs are the cells whose outputs differ.
	Diffs []outputdiff.Diff
}

func (e *DiffError) Error() string {
	var b []byte
	n := len(e.Diffs)
	b = append(b, strconv.Itoa(n)+" "+plural(n, "cell", "cells")+" with outputs that differ from the stored ones:\n"...)
	for _, d := range e.Diffs {
		b = append(b, d.String()...)
	}
	return string(b)
}

// Is makes a DiffError ErrOutputsDiffer.
func (e *DiffError) Is(target error) bool { return target == ErrOutputsDiffer }

// StartError is a plan of which nothing ran: some runs cannot start (a
// notebook unreadable, its kernelspec missing, parameters that do not
// apply), or a directory to write into cannot be written.
type StartError struct {
	// Problems are the runs' errors, one per run that cannot start (each
	// a *JobError), or the directory's.
	Problems []error
	// Runs is the number of runs planned.
	Runs int
}

func (e *StartError) Error() string {
	if len(e.Problems) == 1 {
		if _, ok := e.Problems[0].(*JobError); !ok {
			return "nothing ran: " + e.Problems[0].Error()
		}
	}
	return "nothing ran: " + strconv.Itoa(len(e.Problems)) + " of " + strconv.Itoa(e.Runs) + " " + plural(e.Runs, "run", "runs") + " cannot start"
}

// Unwrap returns the problems, for errors.Is and errors.As.
func (e *StartError) Unwrap() []error { return e.Problems }

// JobError is a problem with one run, naming its notebook.
type JobError struct {
	// Notebook is the notebook's path, as given.
	Notebook string
	// Err is the problem, with its kind.
	Err error
}

func (e *JobError) Error() string { return e.Notebook + ": " + e.Err.Error() }

// Unwrap returns Err.
func (e *JobError) Unwrap() error { return e.Err }

func plural(n int, one, many string) string {
	if n == 1 {
		return one
	}
	return many
}
