package runner

import (
	"fmt"
	"path/filepath"
	"testing"
	"time"

	"github.com/rotationlab/rotation/jupyter/execute"
	"github.com/rotationlab/rotation/jupyter/nbformat"
)

// Outputs are saved when `every` has passed since the last write, by the
// saver's clock (a fake one here, so that nothing depends on timing); a
// cell's start and end are saved at once; a write slower than a quarter
// of `every` doubles it, with a note.
func TestSaveThrottle(t *testing.T) {
	path := filepath.Join(t.TempDir(), "a.ipynb")
	clock := time.Date(2026, 1, 2, 15, 0, 0, 0, time.UTC)
	var calls int
	var took time.Duration // how long the step's write takes
	now := func() time.Time {
		calls++
		if calls > 1 {
			return clock.Add(took)
		}
		return clock
	}
	var notes []string
	s := &saver{path: path, rec: nbformat.PapermillRun{Running: true}, every: 4 * time.Second, now: now,
		note: func(f string, a ...any) { notes = append(notes, fmt.Sprintf(f, a...)) }}
	c := &nbformat.Cell{ID: "c", Type: nbformat.Code, Source: "loop"}
	nb := &nbformat.Notebook{Format: 4, Minor: 5, Cells: []*nbformat.Cell{c}}
	c.SetPapermill(nbformat.CellPapermill{Status: nbformat.PapermillRunning, NoTiming: true})
	steps := []struct {
		kind    execute.ChangeKind
		advance time.Duration // the clock, before the step
		took    time.Duration
		text    string // an output arriving ("" for none)
		saved   bool
	}{
		{execute.ChangeStart, 0, 0, "", true},
		{execute.ChangeOutput, time.Second, 0, "a", false},
		{execute.ChangeOutput, 2900 * time.Millisecond, 0, "b", false}, // 3.9 s since
		{execute.ChangeOutput, 100 * time.Millisecond, 0, "c", true},   // 4 s
		{execute.ChangeOutput, 4 * time.Second, 2 * time.Second, "d", true},
		// That write took half of `every`: now 8 s.
		{execute.ChangeOutput, 7 * time.Second, 0, "e", false},
		{execute.ChangeOutput, time.Second, 0, "f", true},
		{execute.ChangeEnd, 0, 0, "", true},
	}
	var text, onDisk string
	for i, st := range steps {
		clock = clock.Add(st.advance)
		calls, took = 0, st.took
		if st.text != "" {
			text += st.text
			c.Outputs = []nbformat.Output{{Type: nbformat.Stream, Name: nbformat.Stdout, Text: text}}
		}
		if err := s.changed(nb, execute.Change{Kind: st.kind}); err != nil {
			t.Fatal(err)
		}
		if st.saved {
			onDisk = text
			clock = clock.Add(took)
		}
		saved, err := nbformat.ReadFile(path)
		if err != nil {
			t.Fatal(err)
		}
		got := ""
		for _, o := range saved.Cells[0].Outputs {
			got += o.Text
		}
		if got != onDisk {
			t.Errorf("step %d: the file holds %q, want %q", i, got, onDisk)
		}
	}
	if s.every != 8*time.Second || len(notes) != 1 {
		t.Errorf("every %v after a slow write, notes %q; want 8s and one note", s.every, notes)
	}
}
