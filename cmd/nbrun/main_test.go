package main

import (
	"bytes"
	"context"
	"encoding/json"
	"net"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"slices"
	"strconv"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"

	"github.com/rotationlab/rotation/internal/nbvalidate"

	"github.com/rotationlab/rotation/jupyter/kernel"
	"github.com/rotationlab/rotation/jupyter/kernel/kerneltest"
	"github.com/rotationlab/rotation/jupyter/nbformat"
)

var notebooks = filepath.Join("..", "..", "testdata", "notebooks")

// copyNB copies a test notebook into a temporary directory.
func copyNB(t *testing.T, name string) string {
	t.Helper()
	return kerneltest.Copy(t, filepath.Join(notebooks, name))
}

// nbrun runs the command in this process with a fresh $TMPDIR, which the
// kernels and every helper they start inherit: what is left behind is told
// apart from the kernels of tests running in parallel in other packages.
func nbrun(t *testing.T, args ...string) (int, string) {
	t.Helper()
	tmp := t.TempDir()
	t.Setenv("TMPDIR", tmp)
	var out, errb bytes.Buffer
	code := run(context.Background(), args, &out, &errb, os.Getenv)
	assertNothingLeft(t, tmp)
	return code, errb.String()
}

// assertNothingLeft fails the test if a process started under tmp (its
// environment or command line names tmp: the kernel, GoNB's gopls, a
// build) still runs, or if a directory of nbrun's is left in tmp.
func assertNothingLeft(t *testing.T, tmp string) {
	t.Helper()
	if left := leftoverProcesses(tmp); len(left) > 0 {
		t.Errorf("processes left behind: %v", left)
	}
	ents, _ := os.ReadDir(tmp)
	for _, e := range ents {
		if strings.HasPrefix(e.Name(), "nbrun-") {
			t.Errorf("directory %s left behind in TMPDIR", e.Name())
		}
	}
}

// leftoverProcesses lists live processes whose environment or command
// line names dir, read from /proc: "pid name: command line".
func leftoverProcesses(dir string) []string {
	var left []string
	for range 20 { // a killed process may take a moment to go
		left = left[:0]
		ents, _ := os.ReadDir("/proc")
		for _, e := range ents {
			if _, err := strconv.Atoi(e.Name()); err != nil || e.Name() == strconv.Itoa(os.Getpid()) {
				continue
			}
			p := filepath.Join("/proc", e.Name())
			cmdline, _ := os.ReadFile(filepath.Join(p, "cmdline"))
			environ, _ := os.ReadFile(filepath.Join(p, "environ"))
			if !bytes.Contains(cmdline, []byte(dir)) && !bytes.Contains(environ, []byte("TMPDIR="+dir)) {
				continue
			}
			if st, _ := os.ReadFile(filepath.Join(p, "stat")); bytes.Contains(st, []byte(") Z ")) {
				continue // a zombie is already dead
			}
			comm, _ := os.ReadFile(filepath.Join(p, "comm"))
			left = append(left, e.Name()+" "+strings.TrimSpace(string(comm))+": "+strings.ReplaceAll(string(cmdline), "\x00", " "))
		}
		if len(left) == 0 {
			return nil
		}
		time.Sleep(100 * time.Millisecond)
	}
	return left
}

func read(t *testing.T, path string) *nbformat.Notebook {
	t.Helper()
	nb, err := nbformat.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	return nb
}

func TestExitCodes(t *testing.T) {
	kerneltest.Need(t, "python3")
	tests := []struct {
		name string
		args []string
		code int
		text string
	}{
		{"ok", []string{"python-outputs.ipynb"}, exitOK, "[12/12] 40 + 2"},
		{"cell error", []string{"python-error.ipynb"}, exitCellError, "cell 2 raised ZeroDivisionError: division by zero"},
		{"allow errors", []string{"-allow-errors", "python-error.ipynb"}, exitOK, "[3/3]"},
		{"timeout", []string{"-timeout", "1s", "python-timeout.ipynb"}, exitTimeout, "timed out after 1s"},
		{"kernel dies", []string{"python-dies.ipynb"}, exitKernel, "the kernel died"},
		{"stdin refused", []string{"python-stdin.ipynb"}, exitOK, "error (expected)"},
		{"unknown kernel", []string{"-kernel", "nope", "python-outputs.ipynb"}, exitKernel, `no such kernelspec "nope"`},
		{"bad parameter", []string{"-p", "nope=1", "python-params.ipynb"}, exitUsage, `unknown parameter "nope"; declared: threshold (float), ticker (str), n (int)`},
		{"missing file", []string{"absent.ipynb"}, exitUsage, "absent.ipynb"},
		{"several: worst wins", []string{"-j", "2", "python-error.ipynb", "python-dies.ipynb"}, exitKernel, "python-error.ipynb: cell 2 raised"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			args := make([]string, len(tt.args))
			for i, a := range tt.args {
				if strings.HasSuffix(a, ".ipynb") {
					a = filepath.Join(notebooks, a)
				}
				args[i] = a
			}
			code, stderr := nbrun(t, args...)
			if code != tt.code || !strings.Contains(stderr, tt.text) {
				t.Errorf("exit %d, want %d; stderr lacks %q:\n%s", code, tt.code, tt.text, stderr)
			}
		})
	}
}

func TestUsage(t *testing.T) {
	for _, args := range [][]string{{}, {"-o", "x", "-inplace", "a.ipynb"}, {"-j", "0", "a.ipynb"}, {"-p", "novalue", "a.ipynb"}, {"-nope"}} {
		if code, stderr := nbrun(t, args...); code != exitUsage {
			t.Errorf("%v: exit %d, stderr %s", args, code, stderr)
		}
	}
}

func TestBadNotebook(t *testing.T) {
	p := filepath.Join(t.TempDir(), "bad.ipynb")
	os.WriteFile(p, []byte("{\n \"cells\": [\n"), 0o644)
	code, stderr := nbrun(t, p)
	if code != exitUsage || !strings.Contains(stderr, "bad.ipynb:3:1: bad JSON") {
		t.Errorf("exit %d: %s", code, stderr)
	}
}

func TestWriteModes(t *testing.T) {
	kerneltest.Need(t, "python3")
	// Without -o or -inplace nothing is written.
	p := copyNB(t, "python-params.ipynb")
	before, _ := os.ReadFile(p)
	if code, stderr := nbrun(t, "-q", p); code != 0 {
		t.Fatalf("exit %d: %s", code, stderr)
	}
	if after, _ := os.ReadFile(p); !bytes.Equal(before, after) {
		t.Error("check mode changed the notebook")
	}
	// -o writes the executed copy with the injected parameters.
	dir := t.TempDir()
	if code, stderr := nbrun(t, "-q", "-o", dir, "-p", "threshold=0.05", "-p", "ticker=XLF", p); code != 0 {
		t.Fatalf("exit %d: %s", code, stderr)
	}
	nb := read(t, filepath.Join(dir, "python-params.ipynb"))
	if len(nb.Cells) != 4 || !nb.Cells[2].HasTag("injected-parameters") {
		t.Fatalf("cells %d", len(nb.Cells))
	}
	if got := nb.Cells[3].Outputs[0].Text; got != "0.05 XLF 3 int\n" {
		t.Errorf("output %q", got)
	}
	// -inplace replaces it; a failed run leaves it and writes NAME.failed.ipynb.
	q := copyNB(t, "python-error.ipynb")
	orig, _ := os.ReadFile(q)
	if code, _ := nbrun(t, "-q", "-inplace", q); code != exitCellError {
		t.Fatalf("exit %d", code)
	}
	if now, _ := os.ReadFile(q); !bytes.Equal(now, orig) {
		t.Error("a failed -inplace run changed the original")
	}
	failed := read(t, strings.TrimSuffix(q, ".ipynb")+".failed.ipynb")
	if n := errorCells(failed); n != 2 {
		t.Errorf("the failed notebook has %d of papermill's error cells", n)
	}
	failed = withoutErrorCells(failed)
	if failed.Cells[1].Outputs[0].Ename != "ZeroDivisionError" {
		t.Errorf("partial notebook: %v", failed.Cells[1].Outputs)
	}
	if code, _ := nbrun(t, "-q", "-inplace", p); code != 0 {
		t.Fatalf("inplace exit %d", code)
	}
	if nb := read(t, p); nb.Cells[2].Outputs == nil {
		t.Error("-inplace did not write outputs")
	}
	nbvalidate.Files(t, p, filepath.Join(dir, "python-params.ipynb"), strings.TrimSuffix(q, ".ipynb")+".failed.ipynb")
}

// The kernel runs in the notebook's directory.
func TestKernelDirectory(t *testing.T) {
	kerneltest.Need(t, "python3")
	dir := t.TempDir()
	nb := &nbformat.Notebook{Format: 4, Minor: 5, Metadata: map[string]any{"kernelspec": map[string]any{"name": "python3"}},
		Cells: []*nbformat.Cell{{Type: nbformat.Code, Source: "import os\nprint(os.getcwd())"}}}
	p := filepath.Join(dir, "cwd.ipynb")
	if err := nbformat.WriteFile(p, nb); err != nil {
		t.Fatal(err)
	}
	if code, stderr := nbrun(t, "-q", "-inplace", p); code != 0 {
		t.Fatalf("exit %d: %s", code, stderr)
	}
	got := read(t, p).Cells[0].Outputs[0].Text
	if want, _ := filepath.EvalSymlinks(dir); strings.TrimSpace(got) != want && strings.TrimSpace(got) != dir {
		t.Errorf("kernel ran in %q, want %q", got, dir)
	}
}

func TestGoNB(t *testing.T) {
	kerneltest.Need(t, "gonb")
	dir := t.TempDir()
	code, stderr := nbrun(t, "-o", dir, "-no-timing", "-p", "threshold=0.05", "-p", "horizons=21,63", filepath.Join(notebooks, "gonb-params.ipynb"))
	if code != 0 {
		t.Fatalf("exit %d:\n%s", code, stderr)
	}
	// Two notebooks in parallel, each with its own kernel.
	code, stderr = nbrun(t, "-j", "2", "-o", dir, filepath.Join(notebooks, "gonb-smoke.ipynb"), filepath.Join(notebooks, "python-outputs.ipynb"))
	if code != 0 {
		t.Fatalf("-j 2: exit %d:\n%s", code, stderr)
	}
	nb := read(t, filepath.Join(dir, "gonb-params.ipynb"))
	if got := nb.Cells[2].Outputs[0].Text; got != "0.05 IWM [21 63]\n" {
		t.Errorf("output %q", got)
	}
	if _, ok := nb.Cells[2].Metadata["execution"]; ok {
		t.Error("-no-timing left timings")
	}
	nbvalidate.Files(t, filepath.Join(dir, "gonb-params.ipynb"), filepath.Join(dir, "gonb-smoke.ipynb"), filepath.Join(dir, "python-outputs.ipynb"))

	// Rich output: a PNG and a display updated by id.
	code, stderr = nbrun(t, "-o", dir, "-timeout", "2m", filepath.Join(notebooks, "gonb-display.ipynb"))
	if code != 0 {
		t.Fatalf("display: exit %d:\n%s", code, stderr)
	}
	nb = read(t, filepath.Join(dir, "gonb-display.ipynb"))
	if o := nb.Cells[3].Outputs; len(o) != 1 || !strings.HasPrefix(o[0].Data["image/png"].(string), "iVBOR") {
		t.Errorf("png cell %v", o)
	}
	// The display and the printed line come through different channels, in
	// either order; the display must hold the update.
	var html []any
	for _, o := range nb.Cells[4].Outputs {
		if o.Data != nil {
			html = append(html, o.Data["text/html"])
		}
	}
	if len(html) != 1 || html[0] != "<b>second</b>" || len(nb.Cells[4].Outputs) != 2 {
		t.Errorf("update cell %v", nb.Cells[4].Outputs)
	}
	nbvalidate.Files(t, filepath.Join(dir, "gonb-display.ipynb"))

	code, stderr = nbrun(t, "-timeout", "2s", filepath.Join(notebooks, "gonb-timeout.ipynb"))
	if code != exitTimeout {
		t.Errorf("gonb timeout: exit %d:\n%s", code, stderr)
	}
	code, stderr = nbrun(t, filepath.Join(notebooks, "gonb-dies.ipynb"))
	if code != exitKernel {
		t.Errorf("gonb dies: exit %d:\n%s", code, stderr)
	}
	code, stderr = nbrun(t, "-p", "threshold=abc", filepath.Join(notebooks, "gonb-params.ipynb"))
	if code != exitUsage || !strings.Contains(stderr, "threshold=abc: not a number; declared: threshold (float64), ticker (string), horizons ([]int)") {
		t.Errorf("bad Go parameter: exit %d: %s", code, stderr)
	}
}

// Ctrl-C (SIGINT) and SIGTERM: nbrun interrupts, shuts the kernel down
// and exits 130 or 143, leaving nothing behind, for both kernels.
func TestInterrupt(t *testing.T) {
	bin := buildNbrun(t)
	for _, tt := range []struct{ kernel, notebook string }{{"python3", "python-timeout.ipynb"}, {"gonb", "gonb-timeout.ipynb"}} {
		for _, sig := range []struct {
			sig  syscall.Signal
			code int
		}{{syscall.SIGINT, exitInterrupted}, {syscall.SIGTERM, exitTerminated}} {
			t.Run(tt.kernel+"/"+sig.sig.String(), func(t *testing.T) {
				kerneltest.Need(t, tt.kernel)
				tmp := t.TempDir()
				cmd, stderr := startNbrun(t, bin, tmp, filepath.Join(notebooks, tt.notebook))
				waitFor(t, stderr, "[1/3]")
				time.Sleep(300 * time.Millisecond)
				cmd.Process.Signal(sig.sig)
				err := cmd.Wait()
				if code := cmd.ProcessState.ExitCode(); code != sig.code {
					t.Errorf("exit %d (%v), want %d:\n%s", code, err, sig.code, stderr.String())
				}
				assertNothingLeft(t, tmp)
			})
		}
	}
}

// After nbrun itself is killed (SIGKILL: no cleanup) and its kernel's
// watchdog with it, the next nbrun ends the dead run's helpers and removes
// its directory, and leaves those of a parallel nbrun that still runs
// alone.
func TestKilledRun(t *testing.T) {
	bin := buildNbrun(t)
	for _, tt := range []struct{ kernel, notebook string }{{"python3", "python-timeout.ipynb"}, {"gonb", "gonb-timeout.ipynb"}} {
		t.Run(tt.kernel, func(t *testing.T) {
			kerneltest.Need(t, tt.kernel)
			tmp := t.TempDir()
			nb := filepath.Join(notebooks, tt.notebook)
			live, liveErr := startNbrun(t, bin, tmp, nb)
			waitFor(t, liveErr, "[1/3]")
			liveDirs := kernelDirs(t, tmp)
			killed, killedErr := startNbrun(t, bin, tmp, nb)
			waitFor(t, killedErr, "[1/3]")
			deadDirs := slices.DeleteFunc(kernelDirs(t, tmp), func(d string) bool { return slices.Contains(liveDirs, d) })
			if len(liveDirs) != 1 || len(deadDirs) != 1 {
				t.Fatalf("kernel directories: live run %v, run to kill %v; want one each", liveDirs, deadDirs)
			}
			// The killed run's watchdog would end its helpers and remove
			// its directory at once: killed first, it leaves them to the
			// sweep, the second line of defence.
			wds := watchdogs(filepath.Join(tmp, deadDirs[0]))
			if len(wds) != 1 && runtime.GOOS == "linux" {
				t.Fatalf("watchdogs of the run to kill: %v, want one", wds)
			}
			for _, p := range wds {
				syscall.Kill(p, syscall.SIGKILL)
			}
			killed.Process.Kill()
			killed.Wait()
			if _, err := os.Stat(filepath.Join(tmp, deadDirs[0])); err != nil {
				t.Fatalf("the killed run's directory is already gone (%v): the test shows nothing", err)
			}

			// The next run, in the same TMPDIR.
			t.Setenv("TMPDIR", tmp)
			var out, errb bytes.Buffer
			if code := run(context.Background(), []string{"-q", filepath.Join(notebooks, "python-params.ipynb")}, &out, &errb, os.Getenv); code != exitOK {
				t.Fatalf("next run: exit %d:\n%s", code, errb.String())
			}
			if got := kernelDirs(t, tmp); !slices.Equal(got, liveDirs) {
				t.Errorf("kernel directories after the next run: %v; want the live run's alone, %v", got, liveDirs)
			}
			// The live run still runs its cell, and ends as interrupted.
			live.Process.Signal(syscall.SIGINT)
			live.Wait()
			if code := live.ProcessState.ExitCode(); code != exitInterrupted {
				t.Errorf("the live run: exit %d, want %d:\n%s", code, exitInterrupted, liveErr.String())
			}
			assertNothingLeft(t, tmp)
		})
	}
}

// buildNbrun builds the command for tests that signal it.
func buildNbrun(t *testing.T) string {
	t.Helper()
	bin := filepath.Join(t.TempDir(), "nbrun")
	if out, err := exec.Command("go", "build", "-o", bin, ".").CombinedOutput(); err != nil {
		t.Fatalf("build: %v\n%s", err, out)
	}
	return bin
}

// startNbrun starts bin on args with TMPDIR set to tmp; the test's end
// kills it if it still runs.
func startNbrun(t *testing.T, bin, tmp string, args ...string) (*exec.Cmd, *syncWriter) {
	t.Helper()
	cmd := exec.Command(bin, args...)
	cmd.Env = append(os.Environ(), "TMPDIR="+tmp)
	stderr := &syncWriter{w: &bytes.Buffer{}}
	cmd.Stderr = stderr
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() {
		if cmd.ProcessState == nil {
			cmd.Process.Signal(syscall.SIGINT)
			cmd.Wait()
		}
	})
	return cmd, stderr
}

// waitFor waits up to a minute for text in a running command's stderr.
func waitFor(t *testing.T, stderr *syncWriter, text string) {
	t.Helper()
	deadline := time.Now().Add(60 * time.Second)
	for !strings.Contains(stderr.String(), text) {
		if time.Now().After(deadline) {
			t.Fatalf("no %q within a minute:\n%s", text, stderr.String())
		}
		time.Sleep(50 * time.Millisecond)
	}
}

// kernelDirs lists the kernel directories in tmp.
func kernelDirs(t *testing.T, tmp string) []string {
	t.Helper()
	ents, err := os.ReadDir(tmp)
	if err != nil {
		t.Fatal(err)
	}
	var dirs []string
	for _, e := range ents {
		if strings.HasPrefix(e.Name(), "nbrun-kernel-") {
			dirs = append(dirs, e.Name())
		}
	}
	return dirs
}

// syncWriter lets a test read what a running command has written so far.
type syncWriter struct {
	mu sync.Mutex
	w  *bytes.Buffer
}

func (s *syncWriter) Write(p []byte) (int, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.w.Write(p)
}

func (s *syncWriter) String() string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.w.String()
}

// On a terminal nbrun redraws a live line while a cell runs. util-linux's
// script(1) gives it one.
func TestLiveLine(t *testing.T) {
	kerneltest.Need(t, "python3")
	script, err := exec.LookPath("script")
	if err != nil {
		t.Skip("script(1) not installed")
	}
	bin := buildNbrun(t)
	nb := filepath.Join(notebooks, "python-timeout.ipynb")
	// The loop cell runs for the whole limit; the line is redrawn every
	// 200 ms, so 3 s leave room on a busy machine.
	cmd := exec.Command(script, "-qec", bin+" -timeout 3s "+nb, "/dev/null")
	cmd.Env = append(os.Environ(), "TMPDIR="+t.TempDir())
	out, _ := cmd.CombinedOutput()
	if !strings.Contains(string(out), "\r\x1b[K") || !strings.Contains(string(out), "s running") {
		t.Errorf("no live line on a terminal:\n%q", out)
	}
	if code := cmd.ProcessState.ExitCode(); code != exitTimeout {
		t.Errorf("exit %d, want %d", code, exitTimeout)
	}
}

// deafSpec installs, under a fresh $JUPYTER_PATH, a kernelspec that starts
// the real kernel of spec name on a connection file of its own: the kernel
// runs (GoNB starts gopls) but never answers nbrun, which must time out
// and end it all. The deaf kernel listens on 127.0.0.2, so that no port of
// its can be one that nbrun picks on 127.0.0.1 and dials.
func deafSpec(t *testing.T, name string) string {
	t.Helper()
	spec, err := kernel.Find(name, os.Getenv)
	if err != nil {
		t.Skipf("kernelspec %s not installed: %v", name, err)
	}
	dir := t.TempDir()
	var ports []int
	var ls []net.Listener
	for range 5 {
		l, err := net.Listen("tcp", "127.0.0.2:0")
		if err != nil {
			t.Skipf("cannot listen on 127.0.0.2 (the deaf kernel's address): %v", err)
		}
		ls = append(ls, l)
		ports = append(ports, l.Addr().(*net.TCPAddr).Port)
	}
	for _, l := range ls {
		l.Close()
	}
	conn := filepath.Join(dir, "kernel-deaf.json")
	b, _ := json.Marshal(map[string]any{"transport": "tcp", "ip": "127.0.0.2", "key": "k", "signature_scheme": "hmac-sha256",
		"shell_port": ports[0], "iopub_port": ports[1], "stdin_port": ports[2], "control_port": ports[3], "hb_port": ports[4]})
	if err := os.WriteFile(conn, b, 0o600); err != nil {
		t.Fatal(err)
	}
	argv := make([]string, len(spec.Argv))
	for i, a := range spec.Argv {
		argv[i] = strings.ReplaceAll(a, "{connection_file}", conn)
	}
	deaf := "deaf-" + name
	b, _ = json.Marshal(map[string]any{"argv": argv, "display_name": deaf, "language": spec.Language, "interrupt_mode": spec.InterruptMode})
	if err := os.MkdirAll(filepath.Join(dir, "kernels", deaf), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(dir, "kernels", deaf, "kernel.json"), b, 0o644); err != nil {
		t.Fatal(err)
	}
	t.Setenv("JUPYTER_PATH", dir)
	return deaf
}

// Whatever way a run ends, nothing that nbrun started outlives it: not
// the kernel, not GoNB's gopls (a process group of its own), not a
// directory. nbrun() checks that after every run.
func TestNothingLeftBehind(t *testing.T) {
	for _, kn := range []struct{ kernel, prefix string }{{"python3", "python"}, {"gonb", "gonb"}} {
		t.Run(kn.kernel, func(t *testing.T) {
			kerneltest.Need(t, kn.kernel)
			tests := []struct {
				name     string
				args     []string
				notebook string
				code     int
			}{
				{"success", nil, "-smoke", exitOK},
				{"error", nil, "-error", exitCellError},
				{"timeout", []string{"-timeout", "2s"}, "-timeout", exitTimeout},
				{"dies", nil, "-dies", exitKernel},
			}
			for _, tt := range tests {
				t.Run(tt.name, func(t *testing.T) {
					nb := kn.prefix + tt.notebook + ".ipynb"
					if kn.prefix == "python" && tt.notebook == "-smoke" {
						nb = "python-outputs.ipynb"
					}
					code, stderr := nbrun(t, append(tt.args, filepath.Join(notebooks, nb))...)
					if code != tt.code {
						t.Errorf("exit %d, want %d:\n%s", code, tt.code, stderr)
					}
				})
			}
			t.Run("startup timeout", func(t *testing.T) {
				deaf := deafSpec(t, kn.kernel)
				nb := filepath.Join(notebooks, map[string]string{"python3": "python-outputs.ipynb", "gonb": "gonb-smoke.ipynb"}[kn.kernel])
				code, stderr := nbrun(t, "-kernel", deaf, "-startup-timeout", "3s", nb)
				if code != exitKernel || !strings.Contains(stderr, "did not start in time") {
					t.Errorf("exit %d, want %d and a start-up timeout:\n%s", code, exitKernel, stderr)
				}
			})
		})
	}
}

// The kernel sees what Jupyter's launcher gives it: JPY_PARENT_PID (GoNB
// derives GONB_JUPYTER_ROOT from it: the client's working directory),
// the session name, and for IPython an in-memory history, as nbclient
// starts it.
func TestKernelEnvironment(t *testing.T) {
	wd, _ := os.Getwd()
	pid := strconv.Itoa(os.Getpid())
	for _, tt := range []struct{ kernel, notebook, want string }{
		{"python3", "python-env.ipynb", pid + " {nb}\n:memory:\n"},
		{"gonb", "gonb-env.ipynb", pid + "\n" + wd + "\n{nb}\n"},
	} {
		t.Run(tt.kernel, func(t *testing.T) {
			kerneltest.Need(t, tt.kernel)
			p := copyNB(t, tt.notebook)
			if code, stderr := nbrun(t, "-q", "-inplace", p); code != 0 {
				t.Fatalf("exit %d: %s", code, stderr)
			}
			got := read(t, p).Cells[0].Outputs[0].Text
			if want := strings.ReplaceAll(tt.want, "{nb}", p); got != want {
				t.Errorf("kernel environment:\n got %q\nwant %q", got, want)
			}
		})
	}
}

// A write that fails is not bad usage: exit 6, naming the file.
func TestWriteFailure(t *testing.T) {
	kerneltest.Need(t, "python3")
	dir := t.TempDir()
	// A directory where the executed notebook should go: the rename fails.
	if err := os.Mkdir(filepath.Join(dir, "python-params.ipynb"), 0o755); err != nil {
		t.Fatal(err)
	}
	code, stderr := nbrun(t, "-q", "-o", dir, filepath.Join(notebooks, "python-params.ipynb"))
	if code != exitWrite || !strings.Contains(stderr, "writing the executed notebook") || !strings.Contains(stderr, "python-params.ipynb") {
		t.Errorf("exit %d, want %d:\n%s", code, exitWrite, stderr)
	}
	// An output directory that cannot be made.
	file := filepath.Join(dir, "file")
	os.WriteFile(file, nil, 0o644)
	if code, stderr := nbrun(t, "-q", "-html", filepath.Join(file, "pages"), filepath.Join(notebooks, "python-params.ipynb")); code != exitWrite {
		t.Errorf("uncreatable -html directory: exit %d, want %d:\n%s", code, exitWrite, stderr)
	}
}

// A Go program that fails says why on its standard error, and GoNB's
// reply says only "exit status 1": the progress line, the final line and
// the summary show the program's own words, as they show a Python
// exception.
func TestGoNBProgramError(t *testing.T) {
	kerneltest.Need(t, "gonb")
	dir := t.TempDir()
	code, stderr := nbrun(t, "-o", dir, filepath.Join(notebooks, "gonb-fatal.ipynb"), "-sweep", "threshold=-0.04,0.05")
	if code != exitCellError {
		t.Fatalf("exit %d, want %d:\n%s", code, exitCellError, stderr)
	}
	const want = "analysis: threshold -0.04 is not a positive number (exit status 1)"
	var progress, final bool
	for line := range strings.Lines(stderr) {
		progress = progress || strings.Contains(line, "[4/5]") && strings.Contains(line, " error: ") && strings.Contains(line, want)
		final = final || strings.Contains(line, "gonb-fatal.ipynb: cell 4 failed: ") && strings.Contains(line, want)
	}
	if !progress || !final {
		t.Errorf("progress line with the error %v, final line %v; want both with %q:\n%s", progress, final, want, stderr)
	}
	errs := column(readCSV(t, filepath.Join(dir, "summary.csv")), "error")
	if len(errs) != 2 || !strings.Contains(errs[0], want) || errs[1] != "" {
		t.Errorf("summary's error column %q, want %q for the first run only", errs, want)
	}
}
