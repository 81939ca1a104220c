package runner

import (
	"fmt"
	"maps"
	"time"

	"github.com/rotationlab/rotation/jupyter/execute"
	"github.com/rotationlab/rotation/jupyter/nbformat"
)

// DefaultSaveEvery is Options.SaveEvery's default: how often, at most, a
// run's -o notebook is written while a cell runs and its outputs arrive.
const DefaultSaveEvery = 5 * time.Second

// saver writes a run's notebook while it runs (a job with Out of its
// own, not the notebook itself): when the run starts; when each code cell
// starts, the cells before it finished and it running; after the last
// cell (flush); and as outputs arrive, at most every `every` by the clock
// now (time.Now; tests give their own). A cell's end is written with the
// next cell's start, or by flush, as nothing but bookkeeping comes
// between the two: papermill writes both, at twice the cost. A write
// that takes more than a quarter of `every` doubles it, as papermill's
// autosave does. Each write is whole, by nbformat.WriteFile
// (internal/atomicfile): a reader, or a run killed in the middle, finds
// the last one complete.
type saver struct {
	path  string
	rec   nbformat.PapermillRun // the run's record, Running
	every time.Duration
	now   func() time.Time
	note  func(format string, args ...any)
	last  time.Time // the end of the last write
	dirty bool      // a cell ended since the last write
	err   error     // the first failed write; none is tried after it
}

// newSaver returns the saver of run r, nil when the run's notebook is
// written at its end only: no Out, or Out the notebook itself (-inplace
// and -o onto the source never leave the committed notebook half-run).
func (r *run) newSaver() *saver {
	j := r.pj.job
	if j.Out == "" || j.OverSource {
		return nil
	}
	every := r.p.opt.SaveEvery
	if every <= 0 {
		every = DefaultSaveEvery
	}
	rec := r.runRecord(false)
	rec.Running = true
	return &saver{path: j.Out, rec: rec, every: every, now: time.Now, note: r.note}
}

// save writes the notebook as it stands, the cells not yet run pending
// (all of them when begun is false: before the first cell).
func (s *saver) save(nb *nbformat.Notebook, begun bool) error {
	if s.err != nil {
		return s.err
	}
	if err := nbformat.WriteFile(s.path, inProgress(nb, s.rec, begun)); err != nil {
		s.err = err
		return err
	}
	s.last, s.dirty = s.now(), false
	return nil
}

// flush writes what changed since the last write, if anything.
func (s *saver) flush(nb *nbformat.Notebook) error {
	if !s.dirty {
		return s.err
	}
	return s.save(nb, true)
}

// changed is execute.Options.Changed: a cell's start is saved at once,
// its end with the next start (or flush), outputs when `every` has passed
// since the last write.
func (s *saver) changed(nb *nbformat.Notebook, c execute.Change) error {
	switch c.Kind {
	case execute.ChangeStart:
		return s.save(nb, true)
	case execute.ChangeEnd:
		s.dirty = true
		return nil
	}
	start := s.now()
	if start.Sub(s.last) < s.every {
		return nil
	}
	if err := s.save(nb, true); err != nil {
		return err
	}
	if took := s.last.Sub(start); took > s.every/4 {
		s.every *= 2
		s.note("writing %s took %v: saving it at most every %v while a cell runs", s.path, took.Round(time.Millisecond), s.every)
	}
	return nil
}

// inProgress is nb as written during its run, nb itself untouched: the
// run's record rec (Running), and every cell not yet run (every cell when
// begun is false) pending, its outputs, count and timings left out,
// whatever the notebook held before, so that nothing in the file looks
// like this run's that is not. A cell running keeps the outputs it has
// given so far. The cells of nb get their ids (AssignIDs).
func inProgress(nb *nbformat.Notebook, rec nbformat.PapermillRun, begun bool) *nbformat.Notebook {
	// The ids every write gives, in one pass over the cells as the last
	// write would make it (a copy's id would be lost).
	nb.AssignIDs()
	snap := *nb
	snap.Metadata = maps.Clone(nb.Metadata)
	snap.SetPapermill(rec)
	snap.Cells = make([]*nbformat.Cell, len(nb.Cells))
	noTiming := rec.Start.IsZero()
	for i, c := range nb.Cells {
		status := cellStatus(c)
		if begun && status != nbformat.PapermillPending && status != nbformat.PapermillRunning {
			snap.Cells[i] = c
			continue
		}
		cc := *c
		cc.Metadata = maps.Clone(c.Metadata)
		delete(cc.Metadata, "execution")
		if !begun || status == nbformat.PapermillPending {
			cc.SetPapermill(nbformat.CellPapermill{Status: nbformat.PapermillPending, NoTiming: noTiming})
			if cc.Type == nbformat.Code {
				cc.Outputs, cc.ExecutionCount = nil, nil
			}
		}
		snap.Cells[i] = &cc
	}
	return &snap
}

// cellStatus is a cell's metadata.papermill.status, "" for none.
func cellStatus(c *nbformat.Cell) nbformat.PapermillStatus {
	pm, _ := c.Metadata["papermill"].(map[string]any)
	s, _ := pm["status"].(string)
	return nbformat.PapermillStatus(s)
}

// saveFailed is the problem of a write during the run.
func saveFailed(err error) string {
	return fmt.Sprintf("writing the executed notebook as it runs: %v", err)
}
