package kernel

import (
	"os"
	"strconv"
)

// SetPortPicker makes l pick a kernel's ports with f.
func (l *Launcher) SetPortPicker(f func(n int) ([]int, error)) { l.pick = f }

// FreePorts is l.freePorts.
func (l *Launcher) FreePorts(n int) ([]int, error) { return l.freePorts(n) }

// ErrPortConflict is errPortConflict.
var ErrPortConflict = errPortConflict

// Descendants is descendants: the live descendants of pid.
func Descendants(pid int) []int { return descendants(pid) }

// Watchdog returns the pid of k's watchdog (0 where there is none) and
// whether it has exited and been waited for.
func (k *Kernel) Watchdog() (pid int, exited bool) {
	if k.watchdog == nil {
		return 0, false
	}
	return k.watchdog.cmd.Process.Pid, k.watchdog.cmd.ProcessState != nil
}

// WatchdogPipe returns the watchdog's pipe as /proc names it, pipe:[N].
func (k *Kernel) WatchdogPipe() (string, error) {
	return os.Readlink("/proc/self/fd/" + strconv.Itoa(int(k.watchdog.w.Fd())))
}
