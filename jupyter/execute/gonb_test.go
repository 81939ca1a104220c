package execute_test

import (
	"context"
	"os"
	"strings"
	"testing"
	"time"

	"github.com/rotationlab/rotation/internal/gobin"
	"github.com/rotationlab/rotation/jupyter/execute"
	"github.com/rotationlab/rotation/jupyter/kernel"
	"github.com/rotationlab/rotation/jupyter/nbformat"
)

func gonb(t *testing.T) *kernel.Kernel {
	t.Helper()
	spec, err := kernel.Find("gonb", os.Getenv)
	if err != nil {
		t.Skipf("no gonb kernelspec (make tools installs it): %v", err)
	}
	k, err := launcher.Start(context.Background(), spec, kernel.Options{Dir: t.TempDir(), Env: []string{gobin.PathEnv(os.Getenv)}})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { k.Shutdown(5 * time.Second) })
	return k
}

func TestGoNB(t *testing.T) {
	k := gonb(t)
	nb := load(t, "gonb-smoke.ipynb")
	status := map[int]execute.Status{}
	opt := execute.Options{Timeout: 2 * time.Minute, Progress: func(e execute.CellEvent) { status[e.Index] = e.Status }}
	if err := execute.Run(context.Background(), k, nb, opt); err != nil {
		t.Fatal(err)
	}
	p := cell(nb, "print").Outputs
	if len(p) != 1 || p[0].Text != "hello, gonb\nnaïve ✓\n" {
		t.Errorf("print %v", p)
	}
	// A panic is an error reply; GoNB reports the panic on stderr.
	if status[3] != "error (expected)" || !strings.Contains(cell(nb, "boom").Outputs[0].Text, "panic: boom") {
		t.Errorf("panic cell: status %q outputs %v", status[3], cell(nb, "boom").Outputs)
	}
	if a := cell(nb, "after").Outputs; len(a) != 1 || a[0].Text != "42\n" {
		t.Errorf("after %v", a)
	}
	if nb.LanguageInfo().Name != "go" {
		t.Errorf("language_info %v", nb.Metadata["language_info"])
	}
}

// GoNB v0.11.4 answers "error" for a program that exits non-zero, and
// still "ok" for a failed shell command; nbrun counts both as failed, each
// once, with the kernel's own error where it sent one.
func TestGoNBFailures(t *testing.T) {
	k := gonb(t)
	code := func(id, src string) *nbformat.Cell {
		return &nbformat.Cell{Type: nbformat.Code, ID: id, Source: src, Metadata: map[string]any{"tags": []any{"raises-exception"}}}
	}
	nb := &nbformat.Notebook{Format: 4, Minor: 5, Metadata: map[string]any{}, Cells: []*nbformat.Cell{
		{Type: nbformat.Code, ID: "imports", Source: "import \"os\""},
		code("exit", "%%\nos.Exit(3)"),
		code("shell", "!false"),
		code("shell-ok", "!true"),
	}}
	status := map[int]execute.Status{}
	opt := execute.Options{Timeout: 2 * time.Minute, Progress: func(e execute.CellEvent) { status[e.Index] = e.Status }}
	if err := execute.Run(context.Background(), k, nb, opt); err != nil {
		t.Fatal(err)
	}
	for i, want := range map[int]execute.Status{1: execute.StatusExpectedError, 2: execute.StatusExpectedError, 3: execute.StatusOK} {
		if status[i] != want {
			t.Errorf("cell %s: status %q, want %q", nb.Cells[i].ID, status[i], want)
		}
	}
	// The exit: GoNB's own error output, once.
	var enames []string
	for _, o := range nb.Cells[1].Outputs {
		if o.Type == nbformat.Error {
			enames = append(enames, o.Ename)
		}
	}
	if len(enames) != 1 || enames[0] == "CommandFailed" {
		t.Errorf("exit cell: error outputs %v, want GoNB's one", enames)
	}
}
