package nbformat

import "time"

// PapermillTime is the layout of papermill's timestamps: UTC with
// microseconds, as in "2026-01-02T15:04:05.123456Z". The run record and
// the cells' records both use it.
const PapermillTime = "2006-01-02T15:04:05.000000Z"

// PapermillRun is a notebook's metadata.papermill: the record papermill
// writes of a run, so that papermill-aware tools read nbrun's runs too.
type PapermillRun struct {
	// Parameters are the values injected, by name: the value each
	// injected literal stands for (params.Inject's record), as papermill
	// records the parameters it injects.
	Parameters map[string]any
	// InputPath is the notebook run, as given; OutputPath where the
	// executed notebook went ("" when nowhere).
	InputPath, OutputPath string
	// Exception tells that the run failed.
	Exception bool
	// Start and End are when the run began and ended. Both zero leave the
	// times and the duration out (nbrun -no-timing), so that regenerated
	// notebooks diff cleanly.
	Start, End time.Time
	// Running marks the record of a run still going, written into the
	// notebook while it runs: "status" is "running", and "exception",
	// "end_time" and "duration" are null (End is not read), as papermill
	// leaves them until the run ends. A finished run's record has no
	// "status".
	Running bool
}

// SetPapermill replaces metadata.papermill with the run record r, with
// "version" set to "nbrun".
func (nb *Notebook) SetPapermill(r PapermillRun) {
	ps := r.Parameters
	if ps == nil {
		ps = map[string]any{}
	}
	rec := map[string]any{"parameters": ps, "input_path": r.InputPath, "output_path": r.OutputPath,
		"exception": r.Exception, "version": "nbrun"}
	switch {
	case r.Running:
		rec["status"], rec["exception"] = string(PapermillRunning), nil
		if !r.Start.IsZero() {
			rec["start_time"] = r.Start.UTC().Format(PapermillTime)
			rec["end_time"], rec["duration"] = nil, nil
		}
	case !r.Start.IsZero() || !r.End.IsZero():
		rec["start_time"] = r.Start.UTC().Format(PapermillTime)
		rec["end_time"] = r.End.UTC().Format(PapermillTime)
		rec["duration"] = r.End.Sub(r.Start).Seconds()
	}
	if nb.Metadata == nil {
		nb.Metadata = map[string]any{}
	}
	nb.Metadata["papermill"] = rec
}

// PapermillStatus is a cell's metadata.papermill.status, and "running"
// that of a run still going (PapermillRun.Running).
type PapermillStatus string

// The statuses papermill gives a cell.
const (
	PapermillPending   PapermillStatus = "pending" // not run yet
	PapermillRunning   PapermillStatus = "running" // sent to the kernel, not finished
	PapermillCompleted PapermillStatus = "completed"
	PapermillFailed    PapermillStatus = "failed"
	PapermillSkipped   PapermillStatus = "skipped" // tagged skip-execution, or empty
)

// CellPapermill is a cell's metadata.papermill.
type CellPapermill struct {
	Status PapermillStatus
	// Failed is written as "exception": null while the cell is pending,
	// and as true or false once it has run or been skipped.
	Failed bool
	// Start and End are when the cell ran; zero ones are written as null
	// (a cell not run; End and the duration of a cell still running).
	Start, End time.Time
	// NoTiming leaves the times and the duration out altogether.
	NoTiming bool
}

// SetPapermill replaces the cell's metadata.papermill with p.
func (c *Cell) SetPapermill(p CellPapermill) {
	if c.Metadata == nil {
		c.Metadata = map[string]any{}
	}
	var exception any = p.Failed
	if p.Status == PapermillPending {
		exception = nil
	}
	m := map[string]any{"status": string(p.Status), "exception": exception}
	if !p.NoTiming {
		m["start_time"], m["end_time"], m["duration"] = nil, nil, nil
		if !p.Start.IsZero() {
			m["start_time"] = p.Start.UTC().Format(PapermillTime)
		}
		if !p.Start.IsZero() && !p.End.IsZero() {
			m["end_time"] = p.End.UTC().Format(PapermillTime)
			m["duration"] = p.End.Sub(p.Start).Seconds()
		}
	}
	c.Metadata["papermill"] = m
}
