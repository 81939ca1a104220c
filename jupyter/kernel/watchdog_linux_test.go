package kernel

import (
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"syscall"
	"testing"
	"time"
)

// waitGone polls until none of pids is alive (a zombie is not), up to a
// minute; it returns those still alive.
func waitGone(pids []int) []int {
	deadline := time.Now().Add(time.Minute)
	for {
		var left []int
		for _, p := range pids {
			if alive(p) {
				left = append(left, p)
			}
		}
		if len(left) == 0 || time.Now().After(deadline) {
			return left
		}
		time.Sleep(20 * time.Millisecond)
	}
}

// The watchdog's script, on its own: it does nothing while its pipe is
// open; once it is closed it SIGKILLs every process whose environment
// holds the marker exactly, a shell and its children, one in a session of
// its own, one that ignores SIGTERM, and removes the directory with what
// is in it (a socket file as a killed kernel leaves); a process whose
// marker differs by a character, or which names the marker only on its
// command line, is left alone; and the watchdog exits and is waited for.
func TestWatchdogScript(t *testing.T) {
	cookie := processIdentity(os.Getpid()) + ":" + newID(8)
	marker := MarkerVar + "=" + cookie
	t.Cleanup(func() { // whatever the watchdog did, nothing is left
		for _, p := range markedProcesses(marker) {
			signal(p, syscall.SIGKILL)
		}
	})
	dir := filepath.Join(t.TempDir(), dirPrefix+processIdentity(os.Getpid())+"-1")
	if err := os.MkdirAll(filepath.Join(dir, "tmp", "gonb_1"), 0o700); err != nil {
		t.Fatal(err)
	}
	if err := leaveSocket(filepath.Join(dir, ipcPrefix+"-1")); err != nil {
		t.Fatal(err)
	}
	start := func(env string, args ...string) *exec.Cmd {
		t.Helper()
		cmd := exec.Command("/bin/sh", args...)
		cmd.Env = append(os.Environ(), env)
		cmd.SysProcAttr = &syscall.SysProcAttr{Setsid: true}
		if err := cmd.Start(); err != nil {
			t.Fatal(err)
		}
		go cmd.Wait() // reaped when it dies
		t.Cleanup(func() { syscall.Kill(-cmd.Process.Pid, syscall.SIGKILL) })
		return cmd
	}
	// The marked tree: a shell, two sleeps, one of them in a session of
	// its own and ignoring SIGTERM.
	start(marker, "-c", "sleep 600 & setsid sh -c 'trap \"\" TERM; exec sleep 600' & wait")
	var marked []int
	deadline := time.Now().Add(time.Minute)
	for len(marked) < 3 {
		if time.Now().After(deadline) {
			t.Fatalf("the marked tree did not start: %v", marked)
		}
		time.Sleep(20 * time.Millisecond)
		marked = markedProcesses(marker)
	}
	near := start(marker+"0", "-c", "sleep 600")
	named := start("X=1", "-c", "sleep 600", marker)

	wd, err := startWatchdog(marker, dir)
	if err != nil {
		t.Fatal(err)
	}
	if !alive(wd.cmd.Process.Pid) {
		t.Fatal("the watchdog is not running")
	}
	if env, _ := os.ReadFile("/proc/" + strconv.Itoa(wd.cmd.Process.Pid) + "/environ"); len(markedIn(env, MarkerVar)) > 0 {
		t.Errorf("the watchdog carries %s: %q", MarkerVar, env)
	}
	if st, ok := procStat(wd.cmd.Process.Pid); !ok || st.ppid != os.Getpid() {
		t.Errorf("the watchdog's parent %d, want this process", st.ppid)
	}
	if sid := sessionOf(t, wd.cmd.Process.Pid); sid != wd.cmd.Process.Pid {
		t.Errorf("the watchdog's session %d, want its own", sid)
	}
	wd.stop()
	if wd.cmd.ProcessState == nil || !wd.cmd.ProcessState.Success() {
		t.Errorf("the watchdog: %v, want a clean exit", wd.cmd.ProcessState)
	}
	if _, err := os.Stat("/proc/" + strconv.Itoa(wd.cmd.Process.Pid)); err == nil {
		t.Error("the watchdog is still in /proc after stop: not waited for")
	}
	if left := waitGone(marked); len(left) > 0 {
		t.Errorf("marked processes %v of %v still alive", left, marked)
	}
	if left := markedProcesses(marker); len(left) > 0 {
		t.Errorf("marked processes %v still alive", left)
	}
	if _, err := os.Lstat(dir); !os.IsNotExist(err) {
		t.Errorf("the kernel's directory: %v, want it removed", err)
	}
	for _, c := range []*exec.Cmd{near, named} {
		if !alive(c.Process.Pid) {
			t.Errorf("%v (%d) was ended: it does not carry the marker", c.Args, c.Process.Pid)
		}
	}
}

// markedIn returns the entries of a /proc environ that set name.
func markedIn(env []byte, name string) []string {
	var out []string
	for _, kv := range strings.Split(string(env), "\x00") {
		if strings.HasPrefix(kv, name+"=") {
			out = append(out, kv)
		}
	}
	return out
}

// sessionOf reads pid's session id from /proc/PID/stat (field 6).
func sessionOf(t *testing.T, pid int) int {
	t.Helper()
	b, err := os.ReadFile("/proc/" + strconv.Itoa(pid) + "/stat")
	if err != nil {
		t.Fatal(err)
	}
	f := strings.Fields(string(b[strings.LastIndexByte(string(b), ')')+1:]))
	sid, err := strconv.Atoi(f[3])
	if err != nil {
		t.Fatal(err)
	}
	return sid
}

// BenchmarkWatchdog: what a watchdog adds to a kernel's start and
// shutdown when nothing is left to end, its start, one sweep and its exit.
func BenchmarkWatchdog(b *testing.B) {
	b.ReportAllocs()
	dir := b.TempDir()
	marker := MarkerVar + "=" + processIdentity(os.Getpid()) + ":" + newID(8)
	for b.Loop() {
		wd, err := startWatchdog(marker, filepath.Join(dir, "k"))
		if err != nil {
			b.Fatal(err)
		}
		wd.stop()
	}
}
