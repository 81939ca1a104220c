//go:build !linux

package kernel

import "syscall"

// Without /proc, only the kernel's process group is ended.

func markedProcesses(string) []int            { return nil }
func descendants(int) []int                   { return nil }
func startTime(pid int) (uint64, bool)        { return 0, alive(pid) }
func alive(pid int) bool                      { return syscall.Kill(pid, 0) == nil }
func processIdentity(pid int) string          { return "" }
func orphanedCookies(string) map[string][]int { return nil }
func signal(pid int, sig syscall.Signal)      { syscall.Kill(pid, sig) }
func ownerAlive(string) bool                  { return true }
func ownedByMe(string) bool                   { return false }

func kernelProcAttr() *syscall.SysProcAttr { return &syscall.SysProcAttr{Setsid: true} }

// Without /proc there is no watchdog: a kernel's helpers outlive an nbrun
// killed with SIGKILL.
type watchdog struct{}

func startWatchdog(marker, dir string) (*watchdog, error) { return nil, nil }
func (*watchdog) stop()                                   {}
