package execute_test

import (
	"context"
	"fmt"
	"testing"
	"time"

	"github.com/rotationlab/rotation/jupyter/execute"
	"github.com/rotationlab/rotation/jupyter/nbformat"
)

// BenchmarkCellOverhead measures what the runner adds to each cell beyond
// the kernel's own time: the wall time of a cell as nbrun sees it (request
// sent to idle received) minus the kernel's busy-to-idle span from the
// message timestamps, on Debian's ipykernel with 20 trivial cells.
func BenchmarkCellOverhead(b *testing.B) {
	k := pythonB(b)
	var total, kernelSide time.Duration
	cells := 0
	for b.Loop() {
		nb := &nbformat.Notebook{Format: 4, Minor: 5, Metadata: map[string]any{}}
		for i := range 20 {
			nb.Cells = append(nb.Cells, &nbformat.Cell{Type: nbformat.Code, Source: fmt.Sprintf("x%d = %d", i, i), Metadata: map[string]any{}})
		}
		var durs []time.Duration
		err := execute.Run(context.Background(), k, nb, execute.Options{Progress: func(e execute.CellEvent) { durs = append(durs, e.Duration) }})
		if err != nil {
			b.Fatal(err)
		}
		for i, c := range nb.Cells {
			ex := c.Metadata["execution"].(map[string]any)
			busy, err1 := time.Parse(time.RFC3339Nano, ex["iopub.status.busy"].(string))
			idle, err2 := time.Parse(time.RFC3339Nano, ex["iopub.status.idle"].(string))
			if err1 != nil || err2 != nil {
				b.Fatal(err1, err2)
			}
			total += durs[i]
			kernelSide += idle.Sub(busy)
			cells++
		}
	}
	b.ReportMetric(float64(total-kernelSide)/float64(cells)/1e6, "ms-overhead/cell")
	b.ReportMetric(float64(total)/float64(cells)/1e6, "ms-wall/cell")
}
