package kernel

import (
	"fmt"
	"os"
	"os/exec"
	"syscall"
	"time"
)

// A watchdog ends a kernel's processes and removes its directory when
// nbrun itself ends without doing so (SIGKILL, the OOM killer): the
// kernel dies with nbrun through its parent-death signal, but what it
// started in sessions of its own, GoNB's gopls and a cell's program,
// would run on until the next nbrun's sweep, or forever.
//
// It is /bin/sh running watchdogScript, started before the kernel: in a
// session of its own, so that no signal to nbrun's process group or
// terminal reaches it; without the parent-death signal, so that it
// outlives nbrun; and without the marker, so that no sweep ends it. Its
// stdin is the read end of a pipe whose write end only nbrun holds
// (os.Pipe makes both ends close-on-exec, and the kernel is given only
// its stdin, stdout and stderr, so the kernel and its helpers never hold
// it): the write end closes when nbrun exits, however it exits, or when
// Shutdown closes it after its own cleanup; the script then reads EOF and
// does its work. A shell script and not nbrun's own binary run again:
// library code that starts os.Executable() starts a test binary under
// go test, and every program linking this package would need a hook in
// its main.
type watchdog struct {
	cmd *exec.Cmd
	w   *os.File // the write end of the watchdog's stdin
}

// watchdogName is the watchdog's $0, which names it in ps.
const watchdogName = "nbrun-watchdog"

// watchdogScript waits for EOF on stdin, then SIGKILLs every process
// whose environment holds $1 (MarkerVar=cookie) exactly, found by one
// grep over /proc/*/environ (-z: entries end in NUL; -x -F: the whole
// entry, as given), sweeping again a moment later until no sweep finds
// one (two in a row after a sweep that killed: a process forked while
// its parent was being killed is found by the next), at most 50 sweeps;
// then it removes the kernel's directory, $2, if it is still there.
// $1 and $2 are arguments, never part of the script's text, so no
// quoting is needed.
const watchdogScript = `while read -r _; do :; done
killed=0 quiet=0 n=0
while [ "$n" -lt 50 ]; do
	n=$((n + 1))
	found=0
	for f in $(grep -lsxzF -e "$1" /proc/[0-9]*/environ); do
		p=${f#/proc/}
		kill -KILL "${p%/environ}" 2>/dev/null
		found=1 killed=1
	done
	if [ "$found" = 1 ]; then quiet=0; else quiet=$((quiet + 1)); fi
	if [ "$quiet" -ge 2 ] || { [ "$quiet" = 1 ] && [ "$killed" = 0 ]; }; then
		break
	fi
	sleep 0.1
done
rm -rf -- "$2"
`

// watchdogWait bounds how long stop waits for the watchdog to exit
// before it kills it (its sweeps take milliseconds; 50 of them, 5 s).
const watchdogWait = 30 * time.Second

// startWatchdog starts the watchdog of the kernel whose processes carry
// marker (MarkerVar=cookie) and whose private directory is dir.
func startWatchdog(marker, dir string) (*watchdog, error) {
	r, w, err := os.Pipe()
	if err != nil {
		return nil, fmt.Errorf("kernel: the watchdog's pipe: %w", err)
	}
	cmd := exec.Command("/bin/sh", "-c", watchdogScript, watchdogName, marker, dir)
	cmd.Stdin = r // its stdout and stderr are /dev/null
	// A fixed environment: no marker, the system's own tools, bytes
	// compared as bytes.
	cmd.Env = []string{"PATH=/usr/bin:/bin", "LC_ALL=C"}
	cmd.Dir = "/"
	cmd.SysProcAttr = &syscall.SysProcAttr{Setsid: true}
	err = cmd.Start()
	r.Close()
	if err != nil {
		w.Close()
		return nil, fmt.Errorf("kernel: starting the watchdog: %w", err)
	}
	return &watchdog{cmd: cmd, w: w}, nil
}

// stop closes the watchdog's pipe, which makes it sweep once more and
// exit, and waits for it (no zombie is left); one that does not exit
// within watchdogWait is killed.
func (wd *watchdog) stop() {
	if wd == nil {
		return
	}
	wd.w.Close()
	done := make(chan struct{})
	go func() {
		wd.cmd.Wait()
		close(done)
	}()
	t := time.NewTimer(watchdogWait)
	defer t.Stop()
	select {
	case <-done:
	case <-t.C:
		syscall.Kill(-wd.cmd.Process.Pid, syscall.SIGKILL) // its session's group: sh, grep, sleep
		<-done
	}
}
