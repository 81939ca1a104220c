//go:build linux

package main

import (
	"bufio"
	"errors"
	"fmt"
	"io"
	"net"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/rotationlab/rotation/analysis/marketdata/marketdatatest"
)

// The test binary plays the command when asked to, so that the tests can
// start it as a process of its own without building it.
func TestMain(m *testing.M) {
	if os.Getenv("FAKEPROVIDER_BE_MAIN") == "1" {
		main()
		return
	}
	os.Exit(m.Run())
}

func TestArguments(t *testing.T) {
	dir := t.TempDir()
	empty := t.TempDir()
	if err := os.WriteFile(filepath.Join(dir, "AAA.csv"), []byte("Date,Open,High,Low,Close,Volume\n2024-01-02,1,1,1,1,1\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	for _, tc := range []struct {
		name string
		args []string
	}{
		{"no -data", nil},
		{"not loopback", []string{"-data", dir, "-addr", "0.0.0.0:8765"}},
		{"no port", []string{"-data", dir, "-addr", "127.0.0.1"}},
		{"no files", []string{"-data", empty}},
		{"an operand", []string{"-data", dir, "extra"}},
		{"unknown flag", []string{"-data", dir, "-port", "1"}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			if code := run(tc.args); code != 2 {
				t.Errorf("exit %d, want 2", code)
			}
		})
	}
}

// server is a started fake provider.
type server struct {
	cmd  *exec.Cmd // what was started: the server, or go run
	addr string    // where it listens
	pid  int       // the server's own process
	done chan error
}

var serving = regexp.MustCompile(`on http://(127\.0\.0\.1:[0-9]+) \(pid ([0-9]+)\)`)

// start starts argv in a process group of its own, as a shell does a job,
// and waits for the server's "serving" line.
func start(t *testing.T, argv []string, env ...string) *server {
	t.Helper()
	cmd := exec.Command(argv[0], argv[1:]...)
	cmd.Dir = marketdatatest.Root(t)
	cmd.Env = append(os.Environ(), env...)
	cmd.SysProcAttr = &syscall.SysProcAttr{Setpgid: true}
	stderr, err := cmd.StderrPipe()
	if err != nil {
		t.Fatal(err)
	}
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	s := &server{cmd: cmd, done: make(chan error, 1)}
	t.Cleanup(func() {
		// Whatever happened, leave nothing behind.
		syscall.Kill(-cmd.Process.Pid, syscall.SIGKILL)
		if s.pid > 0 {
			syscall.Kill(s.pid, syscall.SIGKILL)
		}
	})
	lines := bufio.NewReader(stderr)
	var seen strings.Builder
	for {
		line, err := lines.ReadString('\n')
		seen.WriteString(line)
		if m := serving.FindStringSubmatch(line); m != nil {
			s.addr = m[1]
			s.pid, _ = strconv.Atoi(m[2])
			break
		}
		if err != nil {
			t.Fatalf("%s ended before serving: %v\n%s", strings.Join(argv, " "), err, seen.String())
		}
	}
	go func() {
		io.Copy(io.Discard, lines)
		s.done <- cmd.Wait()
	}()
	return s
}

// alive reports whether pid is a process that has not ended (a zombie
// waiting for its parent has ended).
func alive(pid int) bool {
	b, err := os.ReadFile(fmt.Sprintf("/proc/%d/stat", pid))
	if err != nil {
		return false
	}
	// pid (comm) state ...: the state follows the last ')'.
	f := strings.Fields(string(b[strings.LastIndexByte(string(b), ')')+1:]))
	return len(f) > 0 && f[0] != "Z" && f[0] != "X"
}

// group lists the live processes of process group pgid.
func group(pgid int) []int {
	var pids []int
	ents, _ := os.ReadDir("/proc")
	for _, e := range ents {
		pid, err := strconv.Atoi(e.Name())
		if err != nil {
			continue
		}
		b, err := os.ReadFile(filepath.Join("/proc", e.Name(), "stat"))
		if err != nil {
			continue
		}
		f := strings.Fields(string(b[strings.LastIndexByte(string(b), ')')+1:]))
		// state ppid pgrp ...
		if len(f) > 2 && f[2] == strconv.Itoa(pgid) && f[0] != "Z" && f[0] != "X" {
			pids = append(pids, pid)
		}
	}
	return pids
}

// gone waits until the server's process has ended and nothing listens on
// its port; it fails the test when that does not happen within a
// generous limit (a stuck server never gets there).
func (s *server) gone(t *testing.T) {
	t.Helper()
	deadline := time.Now().Add(30 * time.Second)
	for alive(s.pid) {
		if time.Now().After(deadline) {
			t.Fatalf("the server (pid %d) still runs", s.pid)
		}
		time.Sleep(20 * time.Millisecond)
	}
	c, err := net.Dial("tcp", s.addr)
	if err == nil {
		c.Close()
		t.Fatalf("something still listens on %s", s.addr)
	}
	if !errors.Is(err, syscall.ECONNREFUSED) {
		t.Fatalf("dialing %s: %v, want connection refused", s.addr, err)
	}
}

// waitExit waits for what was started to end and returns its exit code
// (-1 when a signal killed it).
func (s *server) waitExit(t *testing.T) int {
	t.Helper()
	select {
	case <-s.done:
	case <-time.After(time.Minute):
		t.Fatalf("%v did not end", s.cmd.Args)
	}
	return s.cmd.ProcessState.ExitCode()
}

func dataDir(t *testing.T) string {
	dir := t.TempDir()
	if err := os.WriteFile(filepath.Join(dir, "AAA.csv"), []byte("Date,Open,High,Low,Close,Volume\n2024-01-02,1,1,1,1,1\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	return dir
}

// Ctrl-C (SIGINT to the terminal's process group) and SIGTERM stop the
// server: it closes its port and exits 130 or 143.
func TestSignals(t *testing.T) {
	exe, err := os.Executable()
	if err != nil {
		t.Fatal(err)
	}
	for _, tc := range []struct {
		sig  syscall.Signal
		exit int
	}{{syscall.SIGINT, 130}, {syscall.SIGTERM, 143}, {syscall.SIGHUP, 129}} {
		t.Run(tc.sig.String(), func(t *testing.T) {
			s := start(t, []string{exe, "-data", dataDir(t), "-addr", "127.0.0.1:0"}, "FAKEPROVIDER_BE_MAIN=1")
			if s.pid != s.cmd.Process.Pid {
				t.Fatalf("pid %d said, %d started", s.pid, s.cmd.Process.Pid)
			}
			if err := syscall.Kill(-s.cmd.Process.Pid, tc.sig); err != nil {
				t.Fatal(err)
			}
			if code := s.waitExit(t); code != tc.exit {
				t.Errorf("exit %d, want %d", code, tc.exit)
			}
			s.gone(t)
		})
	}
}

// Started with go run, as the README says, the server is go run's child.
// Ctrl-C or SIGTERM to the group, and SIGTERM to go run alone (`kill $!`
// after `go run ... &`, which never reaches the child), all leave no
// server behind and no process of the group.
func TestGoRun(t *testing.T) {
	if testing.Short() {
		t.Skip("builds the command with go run")
	}
	goBin, err := exec.LookPath("go")
	if err != nil {
		t.Skip("no go command in $PATH")
	}
	for _, tc := range []struct {
		name  string
		sig   syscall.Signal
		group bool
	}{
		{"SIGINT to the group", syscall.SIGINT, true},
		{"SIGTERM to the group", syscall.SIGTERM, true},
		{"SIGTERM to go run alone", syscall.SIGTERM, false},
	} {
		t.Run(tc.name, func(t *testing.T) {
			s := start(t, []string{goBin, "run", "./cmd/fakeprovider", "-data", dataDir(t), "-addr", "127.0.0.1:0"})
			pgid := s.cmd.Process.Pid
			if s.pid == pgid {
				t.Fatal("go run did not start the server as a child")
			}
			target := pgid
			if tc.group {
				target = -pgid
			}
			if err := syscall.Kill(target, tc.sig); err != nil {
				t.Fatal(err)
			}
			s.waitExit(t)
			s.gone(t)
			if left := group(pgid); len(left) > 0 {
				t.Errorf("processes %v of the group are still there", left)
			}
		})
	}
}
