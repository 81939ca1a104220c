package main

import (
	"bytes"
	"fmt"
	"os"
	"path/filepath"
	"runtime"
	"strconv"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/rotationlab/rotation/jupyter/kernel"
	"github.com/rotationlab/rotation/jupyter/kernel/kerneltest"
)

// needWatchdog skips a test where nbrun starts no watchdog.
func needWatchdog(t *testing.T) {
	if runtime.GOOS != "linux" {
		t.Skip("the kernel's watchdog reads /proc (Linux only)")
	}
}

// markedPids lists the live processes whose environment holds marker
// (NBRUN_KERNEL=cookie) exactly, as "pid comm".
func markedPids(marker string) map[int]string {
	out := map[int]string{}
	ents, _ := os.ReadDir("/proc")
	for _, e := range ents {
		pid, err := strconv.Atoi(e.Name())
		if err != nil {
			continue
		}
		env, err := os.ReadFile(filepath.Join("/proc", e.Name(), "environ"))
		if err != nil {
			continue
		}
		for _, kv := range bytes.Split(env, []byte{0}) {
			if string(kv) == marker {
				comm, _ := os.ReadFile(filepath.Join("/proc", e.Name(), "comm"))
				out[pid] = strings.TrimSpace(string(comm))
				break
			}
		}
	}
	return out
}

// markerOf returns the NBRUN_KERNEL=cookie entry of pid's environment.
func markerOf(t *testing.T, pid int) string {
	t.Helper()
	env, err := os.ReadFile(fmt.Sprintf("/proc/%d/environ", pid))
	if err != nil {
		t.Fatalf("the cell's program %d: %v", pid, err)
	}
	for _, kv := range strings.Split(string(env), "\x00") {
		if strings.HasPrefix(kv, kernel.MarkerVar+"=") {
			return kv
		}
	}
	t.Fatalf("the cell's program %d carries no %s", pid, kernel.MarkerVar)
	return ""
}

// watchdogs lists the live kernel watchdogs whose command line names
// nbrun-watchdog and dir (a TMPDIR, or a kernel directory in it).
func watchdogs(dir string) []int {
	var pids []int
	ents, _ := os.ReadDir("/proc")
	for _, e := range ents {
		pid, err := strconv.Atoi(e.Name())
		if err != nil {
			continue
		}
		cmdline, _ := os.ReadFile(filepath.Join("/proc", e.Name(), "cmdline"))
		st, _ := os.ReadFile(filepath.Join("/proc", e.Name(), "stat"))
		if bytes.Contains(cmdline, []byte("nbrun-watchdog")) && bytes.Contains(cmdline, []byte(dir)) && !bytes.Contains(st, []byte(") Z ")) {
			pids = append(pids, pid)
		}
	}
	return pids
}

// waitFile waits up to two minutes for path to exist while cmd runs and
// returns its content.
func waitFile(t *testing.T, path string, stderr *syncWriter) string {
	t.Helper()
	deadline := time.Now().Add(2 * time.Minute)
	for {
		if b, err := os.ReadFile(path); err == nil {
			return string(b)
		}
		if time.Now().After(deadline) {
			t.Fatalf("no %s within two minutes:\n%s", path, stderr.String())
		}
		time.Sleep(50 * time.Millisecond)
	}
}

// When nbrun itself is killed with SIGKILL, nothing of its kernel
// outlives it for long: the kernel dies with it (parent-death signal),
// and the watchdog started beside the kernel ends what the kernel
// started in sessions of its own, GoNB's gopls and the cell's program
// (which loops), or a Python cell's subprocess, and removes the kernel's
// directory, with no other nbrun run afterwards; then the watchdog exits.
func TestKilledNbrunLeavesNothing(t *testing.T) {
	needWatchdog(t)
	bin := buildNbrun(t)
	for _, tt := range []struct {
		kernel string
		cell   func(pidFile string) string
		helper string // a helper process that must exist before the kill
	}{
		{"gonb", func(p string) string {
			return fmt.Sprintf("%%%%\nos.WriteFile(%[1]q+\".part\", []byte(strconv.Itoa(os.Getpid())), 0o644)\nos.Rename(%[1]q+\".part\", %[1]q)\nfor {\n\ttime.Sleep(10 * time.Millisecond)\n}", p)
		}, "gopls"},
		{"python3", func(p string) string {
			return fmt.Sprintf("import os, subprocess, time\nchild = subprocess.Popen(['sleep', '600'])\nwith open(%[1]q + '.part', 'w') as f:\n    f.write(str(child.pid))\nos.replace(%[1]q + '.part', %[1]q)\nwhile True:\n    time.sleep(0.01)", p)
		}, "sleep"},
	} {
		t.Run(tt.kernel, func(t *testing.T) {
			kerneltest.Need(t, tt.kernel)
			tmp, dir := t.TempDir(), t.TempDir()
			pidFile := filepath.Join(dir, "pid")
			nb := writeNB(t, dir, "loop.ipynb", tt.kernel, codeCell("loop", tt.cell(pidFile)))
			cmd, stderr := startNbrun(t, bin, tmp, "-o", t.TempDir(), nb)
			pid, err := strconv.Atoi(waitFile(t, pidFile, stderr))
			if err != nil {
				t.Fatal(err)
			}
			marker := markerOf(t, pid)
			t.Cleanup(func() { // whatever the test finds, it leaves nothing
				for p := range markedPids(marker) {
					syscall.Kill(p, syscall.SIGKILL)
				}
			})
			deadline := time.Now().Add(2 * time.Minute)
			for {
				found := false
				for _, comm := range markedPids(marker) {
					found = found || comm == tt.helper
				}
				if found {
					break
				}
				if time.Now().After(deadline) {
					t.Fatalf("no %s carrying %s within two minutes: %v", tt.helper, marker, markedPids(marker))
				}
				time.Sleep(50 * time.Millisecond)
			}
			before := markedPids(marker)
			if _, ok := before[pid]; !ok {
				t.Fatalf("the cell's program %d is not among the marked processes %v", pid, before)
			}
			if dirs := kernelDirs(t, tmp); len(dirs) != 1 {
				t.Fatalf("kernel directories before the kill: %v, want one", dirs)
			}
			if err := cmd.Process.Kill(); err != nil {
				t.Fatal(err)
			}
			cmd.Wait()

			// Waiting for the state, however long it takes to come.
			deadline = time.Now().Add(time.Minute)
			for {
				left, dirs, wds := markedPids(marker), kernelDirs(t, tmp), watchdogs(tmp)
				if len(left) == 0 && len(dirs) == 0 && len(wds) == 0 {
					break
				}
				if time.Now().After(deadline) {
					t.Fatalf("a minute after nbrun was killed (before: %v): processes %v, kernel directories %v, watchdogs %v", before, left, dirs, wds)
				}
				time.Sleep(50 * time.Millisecond)
			}
			assertNothingLeft(t, tmp)
		})
	}
}

// A normal run starts one watchdog beside its kernel and leaves none: the
// watchdog seen while a cell runs is gone once nbrun has exited, and no
// process names the run's TMPDIR.
func TestWatchdogEndsWithRun(t *testing.T) {
	needWatchdog(t)
	kerneltest.Need(t, "python3")
	bin := buildNbrun(t)
	tmp, dir := t.TempDir(), t.TempDir()
	started, proceed := filepath.Join(dir, "started"), filepath.Join(dir, "go")
	nb := writeNB(t, dir, "wait.ipynb", "python3",
		codeCell("wait", fmt.Sprintf("import os, time\nopen(%q, 'w').close()\nwhile not os.path.exists(%q):\n    time.sleep(0.01)\nprint('done')", started, proceed)))
	cmd, stderr := startNbrun(t, bin, tmp, "-o", t.TempDir(), nb)
	waitFile(t, started, stderr)
	wds := watchdogs(tmp)
	if len(wds) != 1 {
		t.Fatalf("watchdogs while the cell runs: %v, want one", wds)
	}
	if err := os.WriteFile(proceed, nil, 0o644); err != nil {
		t.Fatal(err)
	}
	if err := cmd.Wait(); err != nil {
		t.Fatalf("nbrun: %v:\n%s", err, stderr.String())
	}
	if _, err := os.Stat(fmt.Sprintf("/proc/%d", wds[0])); err == nil {
		t.Errorf("the watchdog %d outlives the run", wds[0])
	}
	if left := watchdogs(tmp); len(left) > 0 {
		t.Errorf("watchdogs left: %v", left)
	}
	assertNothingLeft(t, tmp)
}
