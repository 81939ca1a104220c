package notebooks_test

import (
	"bytes"
	"os"
	"path/filepath"
	"testing"
	"time"

	"github.com/rotationlab/rotation/analysis/marketdata/marketdatatest"
	"github.com/rotationlab/rotation/jupyter/runner"
)

// BenchmarkCachedRerun runs the five notebooks as nbrun -no-timing -j 2
// -cache does: once into an empty cache (the first-s metric), then, per
// iteration, again with nothing changed, which takes every run from the
// cache. Every rerun must write the bytes of the first run.
func BenchmarkCachedRerun(b *testing.B) {
	needKernel(b)
	dir := marketdatatest.RealDir(b)
	nbs, err := filepath.Glob("0*.ipynb")
	if err != nil || len(nbs) == 0 {
		b.Fatalf("no notebooks: %v", err)
	}
	cache, out := b.TempDir(), b.TempDir()
	opt := runner.Options{Notebooks: nbs, CacheDir: cache, OutDir: out}
	start := time.Now()
	first := runAll(b, dir, opt)
	firstTook := time.Since(start)
	cached := 0
	for b.Loop() {
		opt.Progress = func(e runner.Event) {
			if _, ok := e.(*runner.Cached); ok {
				cached++
			}
		}
		again := runAll(b, dir, opt)
		for name, data := range first {
			if !bytes.Equal(again[name], data) {
				b.Fatalf("%s: the cached rerun wrote other bytes than the first run", name)
			}
		}
	}
	b.ReportMetric(firstTook.Seconds(), "first-s")
	if cached != b.N*len(nbs) {
		b.Errorf("%d runs taken from the cache, want %d", cached, b.N*len(nbs))
	}
}

// runAll runs opt with the data in dir and returns the notebooks written,
// by name.
func runAll(b *testing.B, dir string, opt runner.Options) map[string][]byte {
	b.Helper()
	rep, c := withData(b, dir, opt)
	written := map[string][]byte{}
	for _, r := range rep.Results {
		if r.Err != nil {
			b.Fatalf("%s: %v\n%v", r.Job.Notebook, r.Err, c.problems)
		}
		data, err := os.ReadFile(r.Written)
		if err != nil {
			b.Fatal(err)
		}
		written[filepath.Base(r.Written)] = data
	}
	return written
}
