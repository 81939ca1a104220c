package analysis_test

import (
	"runtime"
	"testing"

	"github.com/rotationlab/rotation/analysis"
	"github.com/rotationlab/rotation/analysis/marketdata"
	synth "github.com/rotationlab/rotation/analysis/marketdata/synthetic"
)

// TestStudyMemory: the study on n days allocates its three columns of
// daily returns and about 500 bytes per event, and a few megabytes
// whatever the length; not a table of exits per horizon, nor columns of
// the baseline's returns. The default options, on a random walk with
// thousands of events.
func TestStudyMemory(t *testing.T) {
	const rows = 200_000
	dir := t.TempDir()
	if err := synth.Write(dir, rows, 1); err != nil {
		t.Fatal(err)
	}
	s, err := marketdata.LoadAll(dir, "IWM", "QQQ")
	if err != nil {
		t.Fatal(err)
	}
	al, err := marketdata.Align(s...)
	if err != nil {
		t.Fatal(err)
	}
	o := analysis.DefaultOptions()
	o.Resamples = 100 // the bootstrap's memory does not grow with the rows
	runtime.GC()
	var before, after runtime.MemStats
	runtime.ReadMemStats(&before)
	res, err := analysis.Run(al, o)
	if err != nil {
		t.Fatal(err)
	}
	runtime.ReadMemStats(&after)
	got := after.TotalAlloc - before.TotalAlloc
	events := uint64(len(res.Events))
	if events < 1000 {
		t.Fatalf("only %d events: the synthetic walk should give thousands", events)
	}
	col := uint64(8 * rows)
	limit := 3*col + 500*events + 4<<20
	if got > limit {
		t.Errorf("the study of %d days and %d events allocated %d bytes, want at most %d", rows, events, got, limit)
	}
}
