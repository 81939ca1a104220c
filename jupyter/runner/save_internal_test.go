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
// cell's start is saved at once, its end with the next start or by flush;
// a write slower than a quarter of `every` doubles it, with a note.
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
	const flush execute.ChangeKind = -1 // s.flush
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
		{execute.ChangeEnd, 0, 0, "", false},
		{flush, 0, 0, "", true},
		{flush, 0, 0, "", false}, // nothing new
	}
	var text, onDisk string
	for i, st := range steps {
		clock = clock.Add(st.advance)
		calls, took = 0, st.took
		if st.text != "" {
			text += st.text
			c.Outputs = []nbformat.Output{{Type: nbformat.Stream, Name: nbformat.Stdout, Text: text}}
		}
		var err error
		if st.kind == flush {
			err = s.flush(nb)
		} else {
			err = s.changed(nb, execute.Change{Kind: st.kind})
		}
		if err != nil {
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

// BenchmarkSave is the cost of one write during a run, for the largest of
// the project's notebooks: one per code cell and one after the last, and
// at most one per SaveEvery while outputs stream.
func BenchmarkSave(b *testing.B) {
	nb, err := nbformat.ReadFile(filepath.Join("..", "..", "notebooks", "04-is-it-real.ipynb"))
	if err != nil {
		b.Fatal(err)
	}
	s := &saver{path: filepath.Join(b.TempDir(), "a.ipynb"), rec: nbformat.PapermillRun{Running: true}, every: DefaultSaveEvery, now: time.Now}
	b.ReportAllocs()
	for b.Loop() {
		if err := s.save(nb, true); err != nil {
			b.Fatal(err)
		}
	}
}
