package execute_test

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"testing"

	"github.com/rotationlab/rotation/jupyter/execute"
	"github.com/rotationlab/rotation/jupyter/nbformat"
)

func codeNB(sources ...string) *nbformat.Notebook {
	nb := &nbformat.Notebook{Format: 4, Minor: 5}
	for i, src := range sources {
		nb.Cells = append(nb.Cells, &nbformat.Cell{ID: fmt.Sprint("c", i), Type: nbformat.Code, Source: src})
	}
	return nb
}

func papermillStatus(c *nbformat.Cell) string {
	pm, _ := c.Metadata["papermill"].(map[string]any)
	s, _ := pm["status"].(string)
	return s
}

// Changed is told of each cell's start (the cell running, without
// outputs, the cells before it done, the rest pending), of each output
// stored, and of each cell's end.
func TestChanged(t *testing.T) {
	k := python(t)
	nb := codeNB(`print("a")`, "", `print("b"); print("c", flush=True)`)
	nb.Cells[2].Outputs = []nbformat.Output{{Type: nbformat.Stream, Name: nbformat.Stdout, Text: "stale\n"}}
	var got []string
	opt := execute.Options{Changed: func(c execute.Change) error {
		var states []string
		for _, cell := range nb.Cells {
			states = append(states, papermillStatus(cell))
		}
		kind := map[execute.ChangeKind]string{execute.ChangeStart: "start", execute.ChangeEnd: "end", execute.ChangeOutput: "output"}[c.Kind]
		if c.Kind == execute.ChangeStart && len(nb.Cells[c.Index].Outputs) > 0 {
			t.Errorf("cell %d starts with outputs %v", c.Index, nb.Cells[c.Index].Outputs)
		}
		if c.Kind != execute.ChangeOutput || len(got) == 0 || got[len(got)-1] != fmt.Sprint(kind, c.Index, states) {
			got = append(got, fmt.Sprint(kind, c.Index, states)) // one line for a cell's outputs, however they come
		}
		return nil
	}}
	if err := execute.Run(context.Background(), k, nb, opt); err != nil {
		t.Fatal(err)
	}
	want := []string{
		"start0 [running pending pending]",
		"output0 [running pending pending]",
		"end0 [completed pending pending]",
		"end1 [completed skipped pending]",
		"start2 [completed skipped running]",
		"output2 [completed skipped running]",
		"end2 [completed skipped completed]",
	}
	if strings.Join(got, "\n") != strings.Join(want, "\n") {
		t.Errorf("changes\n%s\nwant\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"))
	}
}

// An error from Changed stops the run: the running cell is failed, the
// next ones are never sent, and Run's error wraps Changed's.
func TestChangedStops(t *testing.T) {
	k := python(t)
	nb := codeNB(`print("a")`, "import time\nfor i in range(600):\n    print(i, flush=True)\n    time.sleep(0.1)", `print("never")`)
	stop := errors.New("disk full")
	opt := execute.Options{Changed: func(c execute.Change) error {
		if c.Kind == execute.ChangeOutput && c.Index == 1 {
			return stop
		}
		return nil
	}}
	err := execute.Run(context.Background(), k, nb, opt)
	if !errors.Is(err, stop) {
		t.Fatalf("Run: %v, want it to wrap %v", err, stop)
	}
	k.Interrupt() // the loop still runs in the kernel: the caller's to stop
	var states []string
	for _, c := range nb.Cells {
		states = append(states, papermillStatus(c))
	}
	if got := strings.Join(states, " "); got != "completed failed pending" {
		t.Errorf("statuses %s, want completed failed pending", got)
	}
	if len(nb.Cells[2].Outputs) != 0 {
		t.Errorf("the cell after the stop has outputs %v", nb.Cells[2].Outputs)
	}
}
