package main

import (
	"bytes"
	"fmt"
	"io"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/rotationlab/rotation/analysis/marketdata"
	"github.com/rotationlab/rotation/analysis/marketdata/synthetic"
)

// BenchmarkStudyRows is `rotation study` with its defaults (read IWM.csv
// and QQQ.csv, align, the study with 4000 resamples, the printed report)
// on synthetic random walks of 10 k to 3 M rows (analysis/marketdata/synthetic: about
// 3% of days are events, so 3 M rows give some 90,000 events). Beside the
// time and allocations of one study in this process it reports, on the
// same files:
//
//   - MB-peak-rss, s-cmd and s-cmd-cpu: the built command run once in a
//     process of its own, its peak resident size (as /usr/bin/time -v
//     reports it), wall time and processor time (user and system); on a
//     shared machine the processor time varies less than the wall time;
//   - s-go-read: one marketdata.LoadAll of both files;
//   - s-pandas-read: testdata/pandas_read.py, pandas.read_csv of both files
//     (median of 3), when /usr/bin/python3 has pandas.
//
// Run it with
//
//	go test -run '^$' -bench StudyRows -benchtime 1x ./cmd/rotation
func BenchmarkStudyRows(b *testing.B) {
	bin := filepath.Join(b.TempDir(), "rotation")
	if out, err := exec.Command("go", "build", "-o", bin, ".").CombinedOutput(); err != nil {
		b.Fatalf("go build: %v\n%s", err, out)
	}
	for _, rows := range []int{10_000, 100_000, 1_000_000, 3_000_000} {
		b.Run("rows="+strconv.Itoa(rows), func(b *testing.B) {
			dir := b.TempDir()
			if err := synthetic.Write(dir, rows, 1); err != nil {
				b.Fatal(err)
			}
			args := []string{"study", "-data", dir}
			b.ReportAllocs()
			for b.Loop() {
				if code := run(args, io.Discard, io.Discard, noenv); code != 0 {
					b.Fatalf("exit %d", code)
				}
			}
			b.StopTimer()
			rss, wall, cpu := runCommand(b, bin, args)
			b.ReportMetric(rss, "MB-peak-rss")
			b.ReportMetric(wall.Seconds(), "s-cmd")
			b.ReportMetric(cpu.Seconds(), "s-cmd-cpu")
			t0 := time.Now()
			if _, err := marketdata.LoadAll(dir, "IWM", "QQQ"); err != nil {
				b.Fatal(err)
			}
			b.ReportMetric(time.Since(t0).Seconds(), "s-go-read")
			if s, ok := pandasRead(b, dir); ok {
				b.ReportMetric(s, "s-pandas-read")
			}
		})
	}
}

// runCommand runs the command once and returns its peak resident size in
// MB, its wall time and its processor time.
func runCommand(b *testing.B, bin string, args []string) (rssMB float64, wall, cpu time.Duration) {
	b.Helper()
	cmd := exec.Command(bin, args...)
	var stderr bytes.Buffer
	cmd.Stderr = &stderr // and the report to /dev/null (Stdout nil), as > /dev/null
	t0 := time.Now()
	if err := cmd.Run(); err != nil {
		b.Fatalf("%s %s: %v\n%s", bin, strings.Join(args, " "), err, stderr.Bytes())
	}
	wall = time.Since(t0)
	ru, ok := cmd.ProcessState.SysUsage().(*syscall.Rusage)
	if !ok {
		b.Fatalf("no resource usage for the command")
	}
	cpu = cmd.ProcessState.UserTime() + cmd.ProcessState.SystemTime()
	return float64(ru.Maxrss) / 1024, wall, cpu // Linux reports KiB
}

// pandasRead times testdata/pandas_read.py on dir; ok is false, with a note
// in the log, when Debian's python3-pandas is not installed.
func pandasRead(b *testing.B, dir string) (seconds float64, ok bool) {
	b.Helper()
	const python = "/usr/bin/python3"
	if err := exec.Command(python, "-c", "import pandas").Run(); err != nil {
		b.Logf("no pandas for %s (apt-get install python3-pandas): %v", python, err)
		return 0, false
	}
	var stderr bytes.Buffer
	cmd := exec.Command(python, filepath.Join("testdata", "pandas_read.py"), "--repeat", "3", "--seconds", dir)
	cmd.Stderr = &stderr
	out, err := cmd.Output()
	if err != nil {
		b.Fatalf("pandas_read.py: %v\n%s", err, stderr.Bytes())
	}
	if _, err := fmt.Sscan(string(out), &seconds); err != nil {
		b.Fatalf("pandas_read.py printed %q, want seconds: %v", out, err)
	}
	return seconds, true
}
