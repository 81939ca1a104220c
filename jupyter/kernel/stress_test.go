package kernel_test

import (
	"context"
	"flag"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/rotationlab/rotation/internal/gobin"
	"github.com/rotationlab/rotation/jupyter/kernel"
)

var (
	stressN         = flag.Int("stress", 0, "TestStress: kernel starts per kernel (0 skips the test; make stress uses 100)")
	stressLoad      = flag.Int("stress.load", 1, "TestStress: busy processes loading the other cores while it runs")
	stressTransport = flag.String("stress.transport", "auto", "TestStress: the kernels' transport, auto, ipc or tcp (make stress runs ipc and tcp)")
)

// TestStress starts each real kernel N times with other cores busy, runs
// one trivial cell on it and shuts it down, and reports failed starts and
// start-up times. It is a benchmark of dependability, run by make stress,
// not by make test: go test ./kernel -run '^TestStress$' -stress 100 -v,
// with -stress.transport tcp (or ipc) to choose the kernels' transport.
// It fails on any failed start or anything left behind; the 15 s target
// for the slowest start is reported, not asserted.
func TestStress(t *testing.T) {
	if *stressN <= 0 {
		t.Skip("a stress benchmark: run with -stress N (make stress)")
	}
	transport, err := kernel.ParseTransport(*stressTransport)
	if err != nil {
		t.Fatalf("-stress.transport: %v", err)
	}
	for range *stressLoad {
		busy := exec.Command("/bin/sh", "-c", "while :; do :; done")
		if err := busy.Start(); err != nil {
			t.Fatal(err)
		}
		t.Cleanup(func() { busy.Process.Kill(); busy.Wait() })
	}
	pathEnv := gobin.PathEnv(os.Getenv)
	for _, kc := range []struct{ name, code string }{{"gonb", "!true"}, {"python3", "1+1"}} {
		t.Run(kc.name, func(t *testing.T) {
			spec, err := kernel.Find(kc.name, os.Getenv)
			if err != nil {
				t.Skipf("no %s kernelspec: %v", kc.name, err)
			}
			var times []time.Duration
			var failures []string
			var used kernel.Transport
			for i := range *stressN {
				tmp := t.TempDir()
				t.Setenv("TMPDIR", tmp)
				start := time.Now()
				k, err := launcher.Start(context.Background(), spec, kernel.Options{Dir: t.TempDir(), Env: []string{pathEnv}, StartupTimeout: time.Minute, Transport: transport})
				if err != nil {
					failures = append(failures, fmt.Sprintf("start %d: %v", i+1, firstLine(err.Error())))
					continue
				}
				times = append(times, time.Since(start))
				used = k.Transport()
				res, err := k.Execute(context.Background(), kc.code, kernel.ExecOptions{Timeout: time.Minute}, nil)
				if err != nil || res.Status != "ok" {
					failures = append(failures, fmt.Sprintf("run %d: %v %v", i+1, err, res))
				}
				k.Shutdown(3 * time.Second)
				if left := markedLeft(tmp); len(left) > 0 {
					failures = append(failures, fmt.Sprintf("run %d left %v", i+1, left))
				}
			}
			slices.Sort(times)
			q := func(p float64) time.Duration {
				if len(times) == 0 {
					return 0
				}
				return times[min(len(times)-1, int(p*float64(len(times))))].Round(time.Millisecond)
			}
			slowest := q(1)
			verdict := "target met (0 failures, slowest under 15s)"
			if len(failures) > 0 || slowest > 15*time.Second {
				verdict = "TARGET MISSED"
			}
			t.Logf("%s over %v: %d starts with %d busy processes: %d failures; start-up median %v, p95 %v, slowest %v: %s",
				kc.name, used, *stressN, *stressLoad, len(failures), q(0.5), q(0.95), slowest, verdict)
			for _, f := range failures {
				t.Error(f)
			}
		})
	}
}

// markedLeft lists live processes whose environment names dir.
func markedLeft(dir string) []string {
	var left []string
	for range 20 {
		left = left[:0]
		ents, _ := os.ReadDir("/proc")
		for _, e := range ents {
			b, err := os.ReadFile(filepath.Join("/proc", e.Name(), "environ"))
			if err != nil || !strings.Contains(string(b), "TMPDIR="+dir) || e.Name() == fmt.Sprint(os.Getpid()) || !running(atoi(e.Name())) {
				continue
			}
			comm, _ := os.ReadFile(filepath.Join("/proc", e.Name(), "comm"))
			left = append(left, e.Name()+" "+strings.TrimSpace(string(comm)))
		}
		if len(left) == 0 {
			return nil
		}
		time.Sleep(100 * time.Millisecond)
	}
	return left
}

func atoi(s string) int {
	var n int
	fmt.Sscan(s, &n)
	return n
}

func firstLine(s string) string {
	line, _, _ := strings.Cut(s, "\n")
	return line
}
