package runner_test

import (
	"context"
	"encoding/json"
	"fmt"
	"log"
	"os"
	"path/filepath"
	"testing"

	"github.com/rotationlab/rotation/jupyter/kernel/kerneltest"
	"github.com/rotationlab/rotation/jupyter/nbformat"
	"github.com/rotationlab/rotation/jupyter/runner"
)

func TestMain(m *testing.M) {
	kerneltest.Main() // the kernel of ExamplePlan_Run
	os.Exit(m.Run())
}

// Run checks every planned run (notebook, kernelspec, parameters, output
// place), then executes them and writes the executed notebooks. Here the
// kernelspec "echo", installed in a temporary $JUPYTER_PATH, starts the
// scripted kernel of package kerneltest, which echoes each cell's code.
func ExamplePlan_Run() {
	root, err := os.MkdirTemp("", "runner-example-")
	if err != nil {
		log.Fatal(err)
	}
	defer os.RemoveAll(root)
	spec := kerneltest.Spec(kerneltest.Echo)
	kj, _ := json.Marshal(map[string]any{"argv": spec.Argv, "display_name": "Echo", "language": "scripted", "env": spec.Env})
	kdir := filepath.Join(root, "jupyter", "kernels", "echo")
	nb := `{"cells": [
  {"cell_type": "code", "execution_count": null, "id": "a", "metadata": {}, "outputs": [], "source": "load IWM QQQ"},
  {"cell_type": "code", "execution_count": null, "id": "b", "metadata": {}, "outputs": [], "source": "study"}],
 "metadata": {"kernelspec": {"display_name": "Echo", "language": "scripted", "name": "echo"}},
 "nbformat": 4, "nbformat_minor": 5}`
	for _, f := range []struct{ path, body string }{
		{filepath.Join(kdir, "kernel.json"), string(kj)},
		{filepath.Join(root, "study.ipynb"), nb},
	} {
		if err := os.MkdirAll(filepath.Dir(f.path), 0o755); err != nil {
			log.Fatal(err)
		}
		if err := os.WriteFile(f.path, []byte(f.body), 0o644); err != nil {
			log.Fatal(err)
		}
	}

	plan, err := runner.NewPlan(runner.Options{
		Notebooks: []string{filepath.Join(root, "study.ipynb")},
		OutDir:    filepath.Join(root, "out"),
		NoTiming:  true,
		Getenv: func(name string) string {
			if name == "JUPYTER_PATH" {
				return filepath.Join(root, "jupyter")
			}
			return os.Getenv(name)
		},
	})
	if err != nil {
		log.Fatal(err)
	}
	rep, err := plan.Run(context.Background())
	if err != nil {
		log.Fatal(err)
	}
	fmt.Println("status:", rep.Status(), "error:", rep.Results[0].Err)
	out, err := nbformat.ReadFile(filepath.Join(root, "out", "study.ipynb"))
	if err != nil {
		log.Fatal(err)
	}
	for _, c := range out.Cells {
		fmt.Printf("In [%d]: %s -> %q\n", *c.ExecutionCount, c.Source, c.Outputs[0].Text)
	}
	// Output:
	// status: ok error: <nil>
	// In [1]: load IWM QQQ -> "load IWM QQQ\n"
	// In [2]: study -> "study\n"
}
