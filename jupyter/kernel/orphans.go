package kernel

import (
	"os"
	"path/filepath"
	"strings"
	"syscall"
)

// dirPrefix begins the name of a kernel's private directory in the
// temporary directory; the owner's processIdentity and a random suffix
// follow, as in nbrun-kernel-4242.81234567-1803321.
const dirPrefix = "nbrun-kernel-"

// sweep ends what kernels of a run that was itself killed left behind
// (SIGKILL leaves no chance to clean up): the processes whose marker
// names an owner process that no longer runs, then the private
// directories of such owners in the temporary directory. Start sweeps
// before every start, so that a run killed while this one goes on is
// cleaned up too; what a live owner started, this process's kernels and
// a parallel run's, is never touched.
func (l *Launcher) sweep() {
	for _, pids := range orphanedCookies(MarkerVar) {
		for _, p := range pids {
			signal(p, syscall.SIGKILL)
		}
	}
	removeOrphanedDirs(os.TempDir())
}

// removeOrphanedDirs removes the kernel directories in dir whose owner no
// longer runs. A directory whose name holds no owner, or whose owner runs
// (a parallel nbrun, this one), is left alone.
func removeOrphanedDirs(dir string) {
	ents, err := os.ReadDir(dir)
	if err != nil {
		return
	}
	for _, e := range ents {
		if owner, ok := dirOwner(e.Name()); ok && e.IsDir() && !ownerAlive(owner) && ownedByMe(filepath.Join(dir, e.Name())) {
			os.RemoveAll(filepath.Join(dir, e.Name()))
		}
	}
}

// dirOwner returns the owner's processIdentity from a kernel directory's
// name.
func dirOwner(name string) (string, bool) {
	rest, ok := strings.CutPrefix(name, dirPrefix)
	if !ok {
		return "", false
	}
	i := strings.LastIndexByte(rest, '-')
	if i <= 0 {
		return "", false
	}
	pid, start, ok := strings.Cut(rest[:i], ".")
	if !ok || !allDigits(pid) || !allDigits(start) {
		return "", false
	}
	return rest[:i], true
}

// allDigits tells whether s is a non-empty run of decimal digits.
func allDigits(s string) bool {
	return s != "" && strings.Trim(s, "0123456789") == ""
}
