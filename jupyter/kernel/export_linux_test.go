package kernel

import (
	"os"
	"strconv"
)

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
