package kernel

import (
	"os"
	"slices"
	"syscall"
	"time"

	"github.com/go-zeromq/zmq4"
)

// Shutdown ends the kernel and everything started on its behalf, and
// removes its directory. It is safe to call more than once, and in every
// state: a kernel that never finished starting, one that died, one that
// hangs.
//
// The steps, as jupyter_client's: a shutdown_request on the control
// channel, waiting up to grace for the reply and the exit; then SIGTERM to
// the kernel's process group and to every process that carries the
// kernel's marker (MarkerVar) in its environment or descends from the
// kernel (helpers such as GoNB's gopls run in groups of their own), up to
// grace again for them to go; then SIGKILL to what is left, repeated until
// nothing is. The marker is inherited, so a helper whose parent died and
// which init adopted is still found.
func (k *Kernel) Shutdown(grace time.Duration) error {
	k.shutOnce.Do(func() {
		if grace <= 0 {
			grace = 3 * time.Second
		}
		// The kernel's descendants before it is asked to go: one that
		// cleared its environment is found by nothing else once the kernel
		// has exited.
		before := k.descendants()
		k.requestShutdown(grace)
		k.endProcesses(grace, before)
		if k.cmd != nil {
			<-k.exited
		}
		k.die(ErrClosed)
		k.cancel()
		for _, s := range []zmq4.Socket{k.shell, k.control, k.stdin, k.iopub, k.hb} {
			if s != nil {
				s.Close()
			}
		}
		if k.launcher != nil {
			k.launcher.releasePorts(k.ports)
		}
		os.RemoveAll(k.tmp)
		// Last, after its own cleanup: the watchdog sweeps once more
		// and exits.
		k.watchdog.stop()
	})
	return nil
}

// requestShutdown asks a live kernel to shut down and waits up to grace
// for it to exit.
func (k *Kernel) requestShutdown(grace time.Duration) {
	if !k.ready.Load() || k.Err() != nil {
		return
	}
	if _, err := k.send(k.control, ShutdownRequest, struct {
		Restart bool `json:"restart"`
	}{}); err != nil {
		return
	}
	t := time.NewTimer(grace)
	defer t.Stop()
	for {
		select {
		case <-k.controlCh: // the reply, or anything else: wait for the exit
		case <-k.exited:
			return
		case <-t.C:
			return
		}
	}
}

// descendants returns the running kernel's descendants with their start
// times.
func (k *Kernel) descendants() map[int]uint64 {
	if k.cmd == nil || k.cmd.Process == nil {
		return nil
	}
	select {
	case <-k.exited:
		return nil
	default:
	}
	out := map[int]uint64{}
	for _, p := range descendants(k.cmd.Process.Pid) {
		if st, ok := startTime(p); ok {
			out[p] = st
		}
	}
	return out
}

// endProcesses sends SIGTERM to the kernel and its helpers, waits up to
// grace, then SIGKILLs whatever is left until nothing is. before lists
// descendants seen earlier, ended too while they are the same processes.
func (k *Kernel) endProcesses(grace time.Duration, before map[int]uint64) {
	if k.cmd == nil || k.cmd.Process == nil {
		return
	}
	pid := k.cmd.Process.Pid
	kernelRunning := func() bool {
		select {
		case <-k.exited:
			return false
		default:
			return true
		}
	}
	targets := func() []int {
		var pids []int
		if kernelRunning() {
			// Only while the kernel is not reaped: its pid cannot have
			// been reused yet.
			pids = append(pids, pid)
			pids = append(pids, descendants(pid)...)
		}
		pids = append(pids, markedProcesses(MarkerVar+"="+k.cookie)...)
		for p, st := range before {
			if now, ok := startTime(p); ok && now == st {
				pids = append(pids, p)
			}
		}
		slices.Sort(pids)
		return slices.Compact(pids)
	}
	send := func(sig syscall.Signal, pids []int) {
		if kernelRunning() {
			syscall.Kill(-pid, sig) // the kernel's process group
		}
		for _, p := range pids {
			signal(p, sig)
		}
	}
	// waitGone polls until none of pids is alive or d has passed.
	waitGone := func(pids []int, d time.Duration) []int {
		deadline := time.Now().Add(d)
		for {
			pids = slices.DeleteFunc(pids, func(p int) bool { return !alive(p) })
			if len(pids) == 0 || time.Now().After(deadline) {
				return pids
			}
			time.Sleep(20 * time.Millisecond)
		}
	}
	pids := targets()
	if len(pids) == 0 {
		return
	}
	send(syscall.SIGTERM, pids)
	waitGone(pids, grace)
	// New helpers may appear while others end: look again each round.
	for range 20 {
		pids = targets()
		if len(pids) == 0 {
			return
		}
		send(syscall.SIGKILL, pids)
		waitGone(pids, time.Second)
	}
}
