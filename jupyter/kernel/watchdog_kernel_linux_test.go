package kernel_test

import (
	"context"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/rotationlab/rotation/jupyter/kernel"
	"github.com/rotationlab/rotation/jupyter/kernel/kerneltest"
)

// A kernel's watchdog runs beside it and is gone, waited for, once the
// kernel is shut down, after a start that failed, and after one that timed
// out; neither the kernel nor its helpers hold the watchdog's pipe, which
// would keep it from ever closing.
func TestKernelWatchdog(t *testing.T) {
	k, err := launcher.Start(context.Background(), kerneltest.Spec(kerneltest.Helpers), kernel.Options{Dir: t.TempDir(), StartupTimeout: time.Minute})
	if err != nil {
		t.Fatalf("start: %v", err)
	}
	defer k.Shutdown(time.Second)
	pid, exited := k.Watchdog()
	if pid == 0 || exited {
		t.Fatalf("watchdog %d, exited %v: want a running one", pid, exited)
	}
	pipe, err := k.WatchdogPipe()
	if err != nil || !strings.HasPrefix(pipe, "pipe:") {
		t.Fatalf("the watchdog's pipe: %q, %v", pipe, err)
	}
	if fds := openFiles(t, pid); !contains(fds, pipe) {
		t.Errorf("the watchdog's files %v do not hold its pipe %s", fds, pipe)
	}
	holders := []int{k.Pid()}
	holders = append(holders, kernel.Descendants(k.Pid())...)
	if len(holders) < 2 {
		t.Fatalf("the scripted kernel's helpers are not running: %v", holders)
	}
	for _, p := range holders {
		if contains(openFiles(t, p), pipe) {
			t.Errorf("process %d of the kernel holds the watchdog's pipe %s", p, pipe)
		}
	}
	k.Shutdown(time.Second)
	if _, exited := k.Watchdog(); !exited {
		t.Error("the watchdog runs on after Shutdown")
	}
	if _, err := os.Stat("/proc/" + strconv.Itoa(pid)); err == nil {
		t.Errorf("the watchdog %d is still in /proc after Shutdown", pid)
	}

	for _, tt := range []struct {
		name    string
		argv    []string
		timeout time.Duration
	}{
		{"exits", []string{"/bin/false"}, 10 * time.Second},
		{"silent", []string{"/bin/sleep", "30"}, 500 * time.Millisecond},
		{"missing", []string{"/nonexistent/kernel"}, 10 * time.Second},
	} {
		spec := &kernel.Spec{Name: tt.name, Argv: tt.argv, InterruptMode: "signal"}
		k, err := launcher.Start(context.Background(), spec, kernel.Options{StartupTimeout: tt.timeout})
		if err == nil {
			k.Shutdown(time.Second)
			t.Errorf("%s: started", tt.name)
			continue
		}
		if k == nil {
			t.Errorf("%s: no kernel returned with %v", tt.name, err)
			continue
		}
		if pid, exited := k.Watchdog(); pid == 0 || !exited {
			t.Errorf("%s: watchdog %d exited %v after the failed start (%v)", tt.name, pid, exited, err)
		}
	}
}

// openFiles lists what pid's file descriptors point to.
func openFiles(t *testing.T, pid int) []string {
	t.Helper()
	dir := "/proc/" + strconv.Itoa(pid) + "/fd"
	ents, err := os.ReadDir(dir)
	if err != nil {
		t.Fatal(err)
	}
	var out []string
	for _, e := range ents {
		if l, err := os.Readlink(filepath.Join(dir, e.Name())); err == nil {
			out = append(out, l)
		}
	}
	return out
}

func contains(s []string, v string) bool {
	for _, x := range s {
		if x == v {
			return true
		}
	}
	return false
}
