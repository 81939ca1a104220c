package main

import (
	"bufio"
	"fmt"
	"io"
	"math"
	"math/rand/v2"
	"os"
	"path/filepath"
	"runtime"
	"syscall"
	"testing"
	"time"
)

// writeUniverse writes n synthetic tickers of days rows each in the archive
// layout: independent random walks with daily volatility between 1% and 2%.
func writeUniverse(tb testing.TB, dir string, n, days int) []string {
	tb.Helper()
	rng := rand.New(rand.NewPCG(1, 2))
	start := time.Date(2000, 1, 3, 0, 0, 0, 0, time.UTC)
	var tickers []string
	for i := range n {
		t := fmt.Sprintf("S%03d", i)
		tickers = append(tickers, t)
		f, err := os.Create(filepath.Join(dir, t+".csv"))
		if err != nil {
			tb.Fatal(err)
		}
		w := bufio.NewWriter(f)
		w.WriteString("date,open,high,low,close,volume,dividend,unadj_close\n")
		p, vol := 100.0, 0.01+0.01*rng.Float64()
		for d := range days {
			if d > 0 {
				p *= math.Exp(vol * rng.NormFloat64())
			}
			date := start.AddDate(0, 0, d).Format("2006-01-02")
			fmt.Fprintf(w, "%s,%.4f,%.4f,%.4f,%.4f,1000,0.0,%.4f\n", date, p, p, p, p, p)
		}
		if err := w.Flush(); err != nil {
			tb.Fatal(err)
		}
		f.Close()
	}
	return tickers
}

// BenchmarkScanCommand is `rotation scan` end to end over 500 synthetic
// tickers of 6,500 days: reading 500 files, every ordered pair (249,500),
// and the printed table. It reports the memory the process obtained from
// the operating system (MB-sys) and the process's peak resident size
// (MB-maxrss).
func BenchmarkScanCommand(b *testing.B) {
	dir := b.TempDir()
	tickers := writeUniverse(b, dir, 500, 6500)
	args := append([]string{"scan", "-data", dir}, tickers...)
	b.ResetTimer()
	for b.Loop() {
		if code := run(args, io.Discard, io.Discard, noenv); code != 0 {
			b.Fatalf("exit %d", code)
		}
	}
	var ms runtime.MemStats
	runtime.ReadMemStats(&ms)
	b.ReportMetric(float64(ms.Sys)/1e6, "MB-sys")
	// The peak resident size of the whole test process (Linux reports KiB).
	var ru syscall.Rusage
	if err := syscall.Getrusage(syscall.RUSAGE_SELF, &ru); err == nil {
		b.ReportMetric(float64(ru.Maxrss)/1024, "MB-maxrss")
	}
}
