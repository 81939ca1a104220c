package kernel

import (
	"fmt"
	"net"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"slices"
	"strconv"
	"strings"
	"testing"
)

// A kernel directory is removed when its name names an owner that no
// longer runs, and only then, with the socket files a killed kernel's ipc
// transport left in it: not this process's, not a live parallel
// run's, not one whose name names no owner, not a file.
func TestRemoveOrphanedDirs(t *testing.T) {
	if runtime.GOOS != "linux" {
		t.Skip("owners are told apart through /proc")
	}
	// A process that has run and been reaped: its identity names no live
	// process.
	gone := exec.Command("true")
	if err := gone.Start(); err != nil {
		t.Fatal(err)
	}
	goneID := processIdentity(gone.Process.Pid)
	gone.Wait()
	// A live process other than this one.
	live := exec.Command("sleep", "60")
	if err := live.Start(); err != nil {
		t.Fatal(err)
	}
	defer func() { live.Process.Kill(); live.Wait() }()
	liveID := processIdentity(live.Process.Pid)
	self := processIdentity(os.Getpid())

	dir := t.TempDir()
	tests := []struct {
		name    string
		file    bool
		removed bool
	}{
		{dirPrefix + goneID + "-123", false, true},
		{dirPrefix + self + "-124", false, false},
		{dirPrefix + liveID + "-125", false, false},
		{dirPrefix + "4025997800", false, false}, // no owner in the name
		{dirPrefix + goneID + "-126", true, false},
		{"other-" + goneID + "-127", false, false},
	}
	for _, tt := range tests {
		p := filepath.Join(dir, tt.name)
		var err error
		if tt.file {
			err = os.WriteFile(p, nil, 0o644)
		} else if err = os.Mkdir(p, 0o700); err == nil {
			if err = os.WriteFile(filepath.Join(p, "kernel-1.json"), nil, 0o600); err == nil {
				err = leaveSocket(filepath.Join(p, ipcPrefix+"-1"))
			}
		}
		if err != nil {
			t.Fatal(err)
		}
	}
	removeOrphanedDirs(dir)
	ents, _ := os.ReadDir(dir)
	var left []string
	for _, e := range ents {
		left = append(left, e.Name())
	}
	for _, tt := range tests {
		if kept := slices.Contains(left, tt.name); kept == tt.removed {
			t.Errorf("%s: kept %v, want %v", tt.name, kept, !tt.removed)
		}
	}
}

// The owner in a directory's name is read back as written.
func TestDirOwner(t *testing.T) {
	tests := []struct {
		name, owner string
		ok          bool
	}{
		{dirPrefix + "4242.81234567-1803321", "4242.81234567", true},
		{dirPrefix + "4242.81234567-", "4242.81234567", true},
		{dirPrefix + "1803321", "", false},
		{dirPrefix + "-1803321", "", false},
		{dirPrefix + "42x.1-1", "", false},
		{"nbrun-other-4242.1-1", "", false},
	}
	for _, tt := range tests {
		if owner, ok := dirOwner(tt.name); owner != tt.owner || ok != tt.ok {
			t.Errorf("dirOwner(%q) = %q, %v; want %q, %v", tt.name, owner, ok, tt.owner, tt.ok)
		}
	}
}

// FuzzDirOwner: a name of the form newKernel makes gives back its owner;
// any other name gives an owner only if it has that form; never a panic.
func FuzzDirOwner(f *testing.F) {
	f.Add(uint32(4242), uint64(81234567), "1803321", "")
	f.Add(uint32(1), uint64(0), "", "nbrun-kernel-1.2-3")
	f.Add(uint32(0), uint64(0), "x", "nbrun-kernel-.-")
	f.Fuzz(func(t *testing.T, pid uint32, start uint64, suffix, other string) {
		id := strconv.FormatUint(uint64(pid), 10) + "." + strconv.FormatUint(start, 10)
		if owner, ok := dirOwner(dirPrefix + id + "-" + strings.ReplaceAll(suffix, "-", "")); !ok || owner != id {
			t.Fatalf("owner %q, %v of a directory of %s", owner, ok, id)
		}
		owner, ok := dirOwner(other)
		if !ok {
			return
		}
		if !strings.HasPrefix(other, dirPrefix+owner+"-") {
			t.Fatalf("owner %q from %q, which does not begin with it", owner, other)
		}
		p, s, found := strings.Cut(owner, ".")
		if !found || !allDigits(p) || !allDigits(s) {
			t.Fatalf("owner %q from %q is not PID.START", owner, other)
		}
	})
}

// leaveSocket makes a Unix socket file at path and leaves it behind, as a
// kernel killed with SIGKILL leaves its ipc sockets.
func leaveSocket(path string) error {
	l, err := net.ListenUnix("unix", &net.UnixAddr{Name: path, Net: "unix"})
	if err != nil {
		return err
	}
	l.SetUnlinkOnClose(false)
	if err := l.Close(); err != nil {
		return err
	}
	if fi, err := os.Lstat(path); err != nil || fi.Mode()&os.ModeSocket == 0 {
		return fmt.Errorf("%s: no socket file left (%v)", path, err)
	}
	return nil
}
