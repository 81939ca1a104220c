package main

import (
	"bytes"
	"context"
	"io"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/rotationlab/rotation/jupyter/kernel/kerneltest"
)

// Flags go before, between or after the notebooks; "--" ends them.
func TestFlagsAnywhere(t *testing.T) {
	tests := []struct {
		name      string
		args      []string
		notebooks []string
		timeout   time.Duration
		quiet     bool
	}{
		{"before", []string{"-timeout", "3s", "a.ipynb"}, []string{"a.ipynb"}, 3 * time.Second, false},
		{"after", []string{"a.ipynb", "-timeout", "3s"}, []string{"a.ipynb"}, 3 * time.Second, false},
		{"between", []string{"a.ipynb", "-q", "b.ipynb", "-timeout=3s"}, []string{"a.ipynb", "b.ipynb"}, 3 * time.Second, true},
		{"-- ends them", []string{"-q", "a.ipynb", "--", "-timeout", "3s"}, []string{"a.ipynb", "-timeout", "3s"}, 0, true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			o, err := parseArgs(tt.args, io.Discard)
			if err != nil {
				t.Fatal(err)
			}
			if !slices.Equal(o.run.Notebooks, tt.notebooks) || o.run.Timeout != tt.timeout || o.quiet != tt.quiet {
				t.Errorf("notebooks %q, -timeout %v, -q %v; want %q, %v, %v", o.run.Notebooks, o.run.Timeout, o.quiet, tt.notebooks, tt.timeout, tt.quiet)
			}
		})
	}
}

// A flag after the notebook is honoured in a real run: the loop is
// stopped by -timeout, and a flag's name is never opened as a notebook.
// (-notebook-timeout before the notebook bounds the test where -timeout
// is ignored.)
func TestFlagAfterNotebook(t *testing.T) {
	kerneltest.Need(t, "python3")
	code, stderr := nbrun(t, "-notebook-timeout", "30s", filepath.Join(notebooks, "python-timeout.ipynb"), "-timeout", "1s")
	if code != exitTimeout || !strings.Contains(stderr, "timed out after 1s") || strings.Contains(stderr, "-timeout:") {
		t.Errorf("exit %d, want %d (the cell timed out):\n%s", code, exitTimeout, stderr)
	}
	code, stderr = nbrun(t, filepath.Join(notebooks, "python-params.ipynb"), "-q", "-p", "n=5")
	if code != exitOK || stderr != "" {
		t.Errorf("flags after the notebook: exit %d:\n%s", code, stderr)
	}
}

// Every argument is checked before the first kernel starts: a mistake in
// the last one runs nothing, and every mistake is named.
func TestCheckedBeforeRunning(t *testing.T) {
	kerneltest.Need(t, "python3")
	good := filepath.Join(notebooks, "python-params.ipynb")
	dir := t.TempDir()
	bad := filepath.Join(dir, "bad.ipynb")
	if err := os.WriteFile(bad, []byte("{\n \"cells\": [\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		name string
		args []string
		want []string
	}{
		{"missing notebook", []string{good, filepath.Join(dir, "missing.ipynb")}, []string{"missing.ipynb", "nothing ran: 1 of 2 runs cannot start"}},
		{"unparsable notebook", []string{good, bad}, []string{"bad.ipynb:3:1: bad JSON", "nothing ran"}},
		// A Go notebook with no parameters cell refuses parameters (a Python
		// one takes them in a new cell, as papermill does).
		{"unknown parameter in one", []string{"-p", "n=2", good, filepath.Join(notebooks, "gonb-smoke.ipynb")}, []string{`gonb-smoke.ipynb: params:`, "nothing ran"}},
		{"a swept value of the wrong type", []string{"-sweep", "n=1,x", good}, []string{`n=x`, "nothing ran: 1 of 2 runs cannot start"}},
		{"two mistakes, both named", []string{good, filepath.Join(dir, "missing.ipynb"), bad}, []string{"missing.ipynb", "bad.ipynb:3:1", "nothing ran: 2 of 3 runs cannot start"}},
		{"missing -f", []string{"-f", filepath.Join(dir, "missing.yaml"), good}, []string{"missing.yaml"}},
		{"bad -shard", []string{"-shard", "3/2", good}, []string{"-shard 3/2"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			out := filepath.Join(t.TempDir(), "out")
			code, stderr := nbrun(t, append([]string{"-o", out}, tt.args...)...)
			if code != exitUsage {
				t.Errorf("exit %d, want %d:\n%s", code, exitUsage, stderr)
			}
			for _, w := range tt.want {
				if !strings.Contains(stderr, w) {
					t.Errorf("stderr lacks %q:\n%s", w, stderr)
				}
			}
			if strings.Contains(stderr, "started") {
				t.Errorf("a kernel started:\n%s", stderr)
			}
			if _, err := os.Stat(out); !os.IsNotExist(err) {
				t.Errorf("-o directory made (%v): a run was prepared to write", err)
			}
		})
	}
}

// The listings of -params and -list check their writes: a full disk is
// exit 6 with the reason, not a silent success.
func TestStdoutWriteFailure(t *testing.T) {
	full, err := os.OpenFile("/dev/full", os.O_WRONLY, 0)
	if err != nil {
		t.Skipf("no /dev/full: %v", err)
	}
	defer full.Close()
	kerneltest.Need(t, "python3")
	nb := filepath.Join(notebooks, "python-params.ipynb")
	shard := t.TempDir()
	if err := os.WriteFile(filepath.Join(shard, "summary.csv"), []byte("run,notebook,status\n0,a.ipynb,ok\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	for _, args := range [][]string{{"-params", nb}, {"-list", "-sweep", "n=1,2", nb}, {"-merge", "-o", t.TempDir(), shard}} {
		var stderr bytes.Buffer
		code := run(context.Background(), args, full, &stderr, os.Getenv)
		if code != exitWrite || !strings.Contains(stderr.String(), "nbrun: writing standard output: ") {
			t.Errorf("%v > /dev/full: exit %d, want %d:\n%s", args, code, exitWrite, stderr.String())
		}
	}
}

// -o naming the notebook's own folder, or the notebook by another path:
// a failed run never replaces the source but goes beside it as
// NAME.failed.ipynb, as with -inplace; a run that succeeds replaces it,
// as -inplace does.
func TestOutputOntoSource(t *testing.T) {
	kerneltest.Need(t, "python3")
	for _, tt := range []struct {
		name string
		out  func(dir string) string
	}{
		{"own folder", func(dir string) string { return dir }},
		{"another path", func(dir string) string { return filepath.Join(dir, "sub", "..") }},
		{"template", func(dir string) string { return filepath.Join(dir, "{notebook}.ipynb") }},
	} {
		t.Run(tt.name, func(t *testing.T) {
			q := copyNB(t, "python-error.ipynb")
			dir := filepath.Dir(q)
			os.Mkdir(filepath.Join(dir, "sub"), 0o755)
			orig, _ := os.ReadFile(q)
			if code, stderr := nbrun(t, "-q", "-o", tt.out(dir), q); code != exitCellError {
				t.Fatalf("exit %d, want %d:\n%s", code, exitCellError, stderr)
			}
			if now, _ := os.ReadFile(q); !bytes.Equal(now, orig) {
				t.Error("a failed run with -o onto the source replaced it")
			}
			failed := withoutErrorCells(read(t, strings.TrimSuffix(q, ".ipynb")+".failed.ipynb"))
			if o := failed.Cells[1].Outputs; len(o) == 0 || o[0].Ename != "ZeroDivisionError" {
				t.Errorf("partial run: %v", o)
			}
			p := copyNB(t, "python-params.ipynb")
			if code, stderr := nbrun(t, "-q", "-o", tt.out(filepath.Dir(p)), p); code != exitOK {
				t.Fatalf("exit %d:\n%s", code, stderr)
			}
			if nb := read(t, p); len(nb.Cells[2].Outputs) == 0 {
				t.Error("a run that succeeded did not replace the source")
			}
			if _, err := os.Stat(strings.TrimSuffix(p, ".ipynb") + ".failed.ipynb"); !os.IsNotExist(err) {
				t.Errorf("a run that succeeded left a .failed.ipynb (%v)", err)
			}
		})
	}
	// -check compares with the stored outputs: replacing them is refused.
	p := copyNB(t, "python-params.ipynb")
	if code, stderr := nbrun(t, "-check", "-o", filepath.Dir(p), p); code != exitUsage || !strings.Contains(stderr, "-check would replace the stored outputs") {
		t.Errorf("-check -o onto the source: exit %d, want %d:\n%s", code, exitUsage, stderr)
	}
}

// An output directory that takes no file is found before any kernel
// starts (root writes anywhere else, but not into /proc).
func TestUnwritableOutputDir(t *testing.T) {
	if fi, err := os.Stat("/proc/self"); err != nil || !fi.IsDir() {
		t.Skip("no /proc")
	}
	kerneltest.Need(t, "python3")
	for _, flag := range []string{"-o", "-html", "-md"} {
		code, stderr := nbrun(t, flag, "/proc/self", filepath.Join(notebooks, "python-params.ipynb"))
		if code != exitWrite || !strings.Contains(stderr, "nothing ran: cannot write into /proc/self") || strings.Contains(stderr, "started") {
			t.Errorf("%s /proc/self: exit %d, want %d before any kernel starts:\n%s", flag, code, exitWrite, stderr)
		}
	}
}
