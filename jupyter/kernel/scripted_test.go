package kernel_test

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/rotationlab/rotation/jupyter/kernel"
	"github.com/rotationlab/rotation/jupyter/kernel/kerneltest"
)

// The scripted kernel (package kerneltest): this test binary, started
// again, plays a kernel that misbehaves in ways real kernels cannot be
// made to on demand. Real-kernel tests stand beside these, never replaced
// by them.

// launcher starts the tests' kernels: one for the process, as the
// package's documentation asks.
var launcher = kernel.NewLauncher()

func TestMain(m *testing.M) {
	kerneltest.Main()
	os.Exit(m.Run())
}

// ZeroMQ drops what a PUB socket sends before the subscriber has joined. A
// handshake that stops asking once the kernel_info_reply has come then
// waits for an iopub message that will never arrive.
func TestHandshakeSurvivesLostIOPub(t *testing.T) {
	spec := kerneltest.Spec(kerneltest.LoseFirstIOPub)
	k, err := launcher.Start(context.Background(), spec, kernel.Options{Dir: t.TempDir(), StartupTimeout: 10 * time.Second})
	if err != nil {
		t.Fatalf("start: %v", err)
	}
	defer k.Shutdown(time.Second)
	if n := k.Info.Banner; n != "1" {
		t.Errorf("handshake kept the reply to request %v, want the first", n)
	}
	res, err := k.Execute(context.Background(), "x", kernel.ExecOptions{Timeout: 10 * time.Second}, nil)
	if err != nil || res.Status != "ok" {
		t.Errorf("execute after the handshake: %v %v", res, err)
	}
}

// Malformed and badly signed frames are dropped and counted; the kernel is
// still usable.
func TestGarbageFrames(t *testing.T) {
	k, err := launcher.Start(context.Background(), kerneltest.Spec(kerneltest.Garbage), kernel.Options{Dir: t.TempDir(), StartupTimeout: 10 * time.Second})
	if err != nil {
		t.Fatalf("start: %v", err)
	}
	defer k.Shutdown(time.Second)
	var out []string
	res, err := k.Execute(context.Background(), "x", kernel.ExecOptions{Timeout: 10 * time.Second}, func(m *kernel.Message) {
		out = append(out, string(m.Header.MsgType))
	})
	if err != nil || res.Status != "ok" || strings.Join(out, " ") != "execute_input stream" {
		t.Errorf("execute: %v %v, messages %v", res, err, out)
	}
}

// A kernel whose reply never comes ends in ErrStartTimeout, and nothing of
// it is left: process, helpers, directory.
func TestSilentKernelCleanedUp(t *testing.T) {
	tmp := t.TempDir()
	t.Setenv("TMPDIR", tmp)
	dir := t.TempDir()
	spec := kerneltest.Spec(kerneltest.Silent)
	_, err := launcher.Start(context.Background(), spec, kernel.Options{Dir: dir, StartupTimeout: 300 * time.Millisecond})
	if err == nil || !strings.Contains(err.Error(), "did not start in time") {
		t.Fatalf("err = %v, want a start-up timeout", err)
	}
	assertNoKernelDirs(t, tmp)
}

// Helpers that left the kernel's process group, that ignore SIGTERM, one
// of them with its environment cleared, all end with Shutdown, whether
// the kernel is alive or died first.
func TestShutdownEndsHelpers(t *testing.T) {
	for _, kernelDies := range []bool{false, true} {
		t.Run(fmt.Sprintf("kernel dies first=%v", kernelDies), func(t *testing.T) {
			tmp := t.TempDir()
			t.Setenv("TMPDIR", tmp)
			dir := t.TempDir()
			k, err := launcher.Start(context.Background(), kerneltest.Spec(kerneltest.Helpers), kernel.Options{Dir: dir, StartupTimeout: 10 * time.Second})
			if err != nil {
				t.Fatalf("start: %v", err)
			}
			b, err := os.ReadFile(filepath.Join(dir, "helpers.pid"))
			if err != nil {
				k.Shutdown(time.Second)
				t.Fatal(err)
			}
			var marked, cleared int
			fmt.Sscan(string(b), &marked, &cleared)
			if kernelDies {
				syscall.Kill(k.Pid(), syscall.SIGKILL)
				<-k.Died()
				// The cleared helper is now an orphan without the marker:
				// nothing can find it. Only the marked one is checked.
				defer syscall.Kill(-cleared, syscall.SIGKILL) // its group: the shell and its sleep
			}
			start := time.Now()
			k.Shutdown(300 * time.Millisecond)
			if running(marked) {
				syscall.Kill(-marked, syscall.SIGKILL)
				t.Errorf("the helper in its own session (%d) outlived Shutdown", marked)
			}
			if !kernelDies && running(cleared) {
				syscall.Kill(-cleared, syscall.SIGKILL)
				t.Errorf("the helper with a cleared environment (%d) outlived Shutdown", cleared)
			}
			if d := time.Since(start); d > time.Minute {
				t.Errorf("shutdown took %v", d)
			}
			assertNoKernelDirs(t, tmp)
		})
	}
}

// running tells whether pid is a live process (a zombie is not).
func running(pid int) bool {
	for range 50 { // a killed process takes a moment to go
		b, err := os.ReadFile("/proc/" + strconv.Itoa(pid) + "/stat")
		if err != nil {
			return false
		}
		if i := strings.LastIndexByte(string(b), ')'); i > 0 && len(b) > i+2 && (b[i+2] == 'Z' || b[i+2] == 'X') {
			return false
		}
		time.Sleep(20 * time.Millisecond)
	}
	return true
}

func assertNoKernelDirs(t *testing.T, tmp string) {
	t.Helper()
	ents, _ := os.ReadDir(tmp)
	for _, e := range ents {
		if strings.HasPrefix(e.Name(), "nbrun-kernel-") {
			t.Errorf("kernel directory %s left behind", e.Name())
		}
	}
}
