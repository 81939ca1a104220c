package kernel

import (
	"bytes"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"syscall"
)

// Every process started on a kernel's behalf carries the kernel's cookie
// in its environment (MarkerVar=cookie), inherited from the kernel: GoNB's
// gopls daemon, which runs in a process group of its own, a build, a
// program a cell started with setsid. Ending a kernel ends every live
// process that carries its cookie, plus the descendants of the kernel
// still attached to it by parent id (for a helper that cleared its
// environment). This is the approach of Jenkins' process-tree killer; it
// needs no privileges and survives reparenting to init.

// markedProcesses returns the live processes whose environment holds
// env (a "NAME=value" string), read from /proc. Processes of other users
// are not readable and so never listed; zombies have no environment.
func markedProcesses(env string) []int {
	ents, err := os.ReadDir("/proc")
	if err != nil {
		return nil
	}
	want := []byte(env)
	self := os.Getpid()
	var pids []int
	for _, e := range ents {
		pid, err := strconv.Atoi(e.Name())
		if err != nil || pid == self {
			continue
		}
		b, err := os.ReadFile(filepath.Join("/proc", e.Name(), "environ"))
		if err != nil {
			continue
		}
		for v := range bytes.SplitSeq(b, []byte{0}) {
			if bytes.Equal(v, want) {
				pids = append(pids, pid)
				break
			}
		}
	}
	return pids
}

// descendants returns the live descendants of root by parent id.
func descendants(root int) []int {
	ents, err := os.ReadDir("/proc")
	if err != nil {
		return nil
	}
	children := map[int][]int{}
	for _, e := range ents {
		pid, err := strconv.Atoi(e.Name())
		if err != nil {
			continue
		}
		st, ok := procStat(pid)
		if !ok || st.state == 'Z' {
			continue
		}
		children[st.ppid] = append(children[st.ppid], pid)
	}
	var out []int
	queue := []int{root}
	for len(queue) > 0 {
		p := queue[0]
		queue = queue[1:]
		for _, c := range children[p] {
			out = append(out, c)
			queue = append(queue, c)
		}
	}
	return out
}

type stat struct {
	state     byte
	ppid      int
	startTime uint64
}

// procStat reads /proc/PID/stat: the state, parent and start time.
func procStat(pid int) (stat, bool) {
	b, err := os.ReadFile("/proc/" + strconv.Itoa(pid) + "/stat")
	if err != nil {
		return stat{}, false
	}
	// The command name is in parentheses and may hold spaces or ')'.
	i := bytes.LastIndexByte(b, ')')
	if i < 0 {
		return stat{}, false
	}
	f := strings.Fields(string(b[i+1:]))
	// After the name: state(3) ppid(4) ... starttime(22).
	if len(f) < 20 || len(f[0]) != 1 {
		return stat{}, false
	}
	ppid, err1 := strconv.Atoi(f[1])
	start, err2 := strconv.ParseUint(f[19], 10, 64)
	if err1 != nil || err2 != nil {
		return stat{}, false
	}
	return stat{state: f[0][0], ppid: ppid, startTime: start}, true
}

// startTime returns when pid started (clock ticks since boot), which with
// the pid names a process for good.
func startTime(pid int) (uint64, bool) {
	st, ok := procStat(pid)
	return st.startTime, ok && st.state != 'Z' && st.state != 'X'
}

// alive tells whether pid is a process that has not exited (a zombie has).
func alive(pid int) bool {
	st, ok := procStat(pid)
	return ok && st.state != 'Z' && st.state != 'X'
}

// processIdentity names this process by pid and start time, which
// together are never reused.
func processIdentity(pid int) string {
	st, _ := procStat(pid)
	return strconv.Itoa(pid) + "." + strconv.FormatUint(st.startTime, 10)
}

// ownerAlive tells whether the process named by processIdentity is still
// running.
func ownerAlive(identity string) bool {
	pidText, startText, ok := strings.Cut(identity, ".")
	pid, err := strconv.Atoi(pidText)
	if !ok || err != nil {
		return true // not ours to judge
	}
	st, found := procStat(pid)
	return found && st.state != 'Z' && strconv.FormatUint(st.startTime, 10) == startText
}

// orphanedCookies returns, for each cookie found on a live process whose
// owning nbrun is gone (killed before it could clean up), the processes
// that carry it.
func orphanedCookies(name string) map[string][]int {
	ents, err := os.ReadDir("/proc")
	if err != nil {
		return nil
	}
	prefix := []byte(name + "=")
	out := map[string][]int{}
	for _, e := range ents {
		pid, err := strconv.Atoi(e.Name())
		if err != nil || pid == os.Getpid() {
			continue
		}
		b, err := os.ReadFile(filepath.Join("/proc", e.Name(), "environ"))
		if err != nil {
			continue
		}
		for v := range bytes.SplitSeq(b, []byte{0}) {
			if cookie, ok := bytes.CutPrefix(v, prefix); ok {
				owner, _, _ := strings.Cut(string(cookie), ":")
				if !ownerAlive(owner) {
					out[string(cookie)] = append(out[string(cookie)], pid)
				}
				break
			}
		}
	}
	return out
}

func signal(pid int, sig syscall.Signal) { syscall.Kill(pid, sig) }

// ownedByMe tells whether path belongs to this process's user.
func ownedByMe(path string) bool {
	fi, err := os.Lstat(path)
	if err != nil {
		return false
	}
	st, ok := fi.Sys().(*syscall.Stat_t)
	return ok && int(st.Uid) == os.Getuid()
}

// kernelProcAttr starts the kernel in a session of its own; the parent-death
// signal ends it if nbrun itself is killed (its watchdog ends the rest).
func kernelProcAttr() *syscall.SysProcAttr {
	return &syscall.SysProcAttr{Setsid: true, Pdeathsig: syscall.SIGKILL}
}
