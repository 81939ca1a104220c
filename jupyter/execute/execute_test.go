package execute_test

import (
	"context"
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/rotationlab/rotation/internal/nbvalidate"

	"github.com/rotationlab/rotation/jupyter/execute"
	"github.com/rotationlab/rotation/jupyter/kernel"
	"github.com/rotationlab/rotation/jupyter/nbformat"
)

// launcher starts the tests' kernels, one for the process.
var launcher = kernel.NewLauncher()

func python(t *testing.T) *kernel.Kernel { return pythonB(t) }

// pythonB starts Debian's ipykernel, or skips when it is not installed.
func pythonB(t testing.TB) *kernel.Kernel {
	t.Helper()
	spec, err := kernel.Find("python3", os.Getenv)
	if err != nil {
		t.Skipf("no python3 kernelspec (apt-get install python3-ipykernel): %v", err)
	}
	k, err := launcher.Start(context.Background(), spec, kernel.Options{Dir: t.TempDir()})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { k.Shutdown(2 * time.Second) })
	return k
}

func load(t *testing.T, name string) *nbformat.Notebook {
	t.Helper()
	nb, err := nbformat.ReadFile(filepath.Join("..", "..", "testdata", "notebooks", name))
	if err != nil {
		t.Fatal(err)
	}
	return nb
}

func cell(nb *nbformat.Notebook, id string) *nbformat.Cell {
	for _, c := range nb.Cells {
		if c.ID == id {
			return c
		}
	}
	return nil
}

func TestOutputsPython(t *testing.T) {
	k := python(t)
	nb := load(t, "python-outputs.ipynb")
	var events []execute.CellEvent
	err := execute.Run(context.Background(), k, nb, execute.Options{Progress: func(e execute.CellEvent) { events = append(events, e) }})
	if err != nil {
		t.Fatal(err)
	}
	streams := cell(nb, "streams").Outputs
	if len(streams) != 3 || streams[0].Text != "out1\n" || streams[1].Name != nbformat.Stderr || streams[2].Text != "out2\nout3\n" {
		t.Errorf("streams %v", streams)
	}
	png := cell(nb, "png").Outputs
	if len(png) != 1 || png[0].Type != nbformat.DisplayData {
		t.Fatalf("png %v", png)
	}
	if data := png[0].Data; !strings.HasPrefix(data["image/png"].(string), "iVBOR") {
		t.Errorf("png data %v", data)
	}
	// The update in a later cell replaced the first cell's display.
	disp := cell(nb, "display").Outputs
	if len(disp) != 1 || disp[0].Data["text/plain"] != "'second'" {
		t.Errorf("display after update %v", disp)
	}
	if _, leaked := disp[0].Extra["transient"]; leaked {
		t.Error("transient written into the notebook")
	}
	if upd := cell(nb, "update").Outputs; len(upd) != 1 || upd[0].Text != "updated\n" {
		t.Errorf("update cell %v", upd)
	}
	if c := cell(nb, "clear").Outputs; len(c) != 1 || c[0].Text != "b\n" {
		t.Errorf("clear %v", c)
	}
	if c := cell(nb, "clear-wait").Outputs; len(c) != 1 || c[0].Text != "d\n" {
		t.Errorf("clear wait %v", c)
	}
	if c := cell(nb, "raises").Outputs; len(c) != 1 || c[0].Ename != "ValueError" {
		t.Errorf("raises-exception %v", c)
	}
	if c := cell(nb, "skipped"); len(c.Outputs) != 0 || c.ExecutionCount != nil {
		t.Errorf("skip-execution ran: %v", c.Outputs)
	}
	if c := cell(nb, "unicode").Outputs; len(c) != 1 || c[0].Text != "naïve – ✓ 日本\n" {
		t.Errorf("unicode %v", c)
	}
	if c := cell(nb, "empty"); c.ExecutionCount != nil {
		t.Error("empty cell executed")
	}
	res := cell(nb, "result")
	if len(res.Outputs) != 1 || res.Outputs[0].Type != nbformat.ExecuteResult || res.ExecutionCount == nil {
		t.Fatalf("result %v", res.Outputs)
	}
	if n := *cell(nb, "streams").ExecutionCount; n != 1 {
		t.Errorf("first execution_count %d", n)
	}
	if _, ok := res.Metadata["execution"].(map[string]any)["shell.execute_reply"]; !ok {
		t.Errorf("timing missing: %v", res.Metadata)
	}
	if nb.LanguageInfo().Name != "python" {
		t.Errorf("language_info %v", nb.Metadata["language_info"])
	}
	if len(events) != 11 || events[7].Status != "skipped" || events[6].Status != "error (expected)" {
		var st []string
		for _, e := range events {
			st = append(st, string(e.Status))
		}
		t.Errorf("events %v", st)
	}
	out, err := nbformat.Marshal(nb)
	if err != nil {
		t.Fatal(err)
	}
	nbvalidate.Bytes(t, out)
}

func TestNoTiming(t *testing.T) {
	k := python(t)
	nb := load(t, "python-outputs.ipynb")
	if err := execute.Run(context.Background(), k, nb, execute.Options{NoTiming: true}); err != nil {
		t.Fatal(err)
	}
	for _, c := range nb.Cells {
		if _, ok := c.Metadata["execution"]; ok {
			t.Errorf("cell %s has timings", c.ID)
		}
	}
}

func TestErrorStops(t *testing.T) {
	k := python(t)
	nb := load(t, "python-error.ipynb")
	err := execute.Run(context.Background(), k, nb, execute.Options{})
	var ce *execute.CellError
	if !errors.As(err, &ce) || ce.Index != 1 || ce.Ename != "ZeroDivisionError" {
		t.Fatalf("err = %v", err)
	}
	if nb.Cells[2].ExecutionCount != nil {
		t.Error("the cell after the error ran")
	}
	if o := nb.Cells[1].Outputs; len(o) != 1 || o[0].Type != nbformat.Error {
		t.Errorf("error output %v", o)
	}
	// With AllowErrors the run goes on.
	nb = load(t, "python-error.ipynb")
	if err := execute.Run(context.Background(), k, nb, execute.Options{AllowErrors: true}); err != nil {
		t.Fatal(err)
	}
	if o := nb.Cells[2].Outputs; len(o) != 1 || o[0].Text != "after\n" {
		t.Errorf("after error %v", o)
	}
}
