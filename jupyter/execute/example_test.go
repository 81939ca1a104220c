package execute_test

import (
	"context"
	"fmt"
	"log"
	"os"
	"testing"
	"time"

	"github.com/rotationlab/rotation/jupyter/execute"
	"github.com/rotationlab/rotation/jupyter/kernel"
	"github.com/rotationlab/rotation/jupyter/kernel/kerneltest"
	"github.com/rotationlab/rotation/jupyter/nbformat"
)

func TestMain(m *testing.M) {
	kerneltest.Main() // the scripted kernel of the example
	os.Exit(m.Run())
}

// Run executes a notebook's code cells on a kernel and stores their
// outputs in the notebook as Jupyter does; cells tagged skip-execution
// are left alone. The scripted kernel of package kerneltest echoes each
// cell's code; a program starts a real kernel found with kernel.Find.
func ExampleRun() {
	nb, err := nbformat.Parse([]byte(`{
 "cells": [
  {"cell_type": "markdown", "id": "a", "metadata": {}, "source": "# Two cells"},
  {"cell_type": "code", "execution_count": null, "id": "b", "metadata": {}, "outputs": [], "source": "spread = 0.0579"},
  {"cell_type": "code", "execution_count": null, "id": "c", "metadata": {"tags": ["skip-execution"]}, "outputs": [], "source": "slow()"},
  {"cell_type": "code", "execution_count": null, "id": "d", "metadata": {}, "outputs": [], "source": "print(spread)"}
 ],
 "metadata": {}, "nbformat": 4, "nbformat_minor": 5
}`), "example.ipynb")
	if err != nil {
		log.Fatal(err)
	}
	ctx := context.Background()
	k, err := kernel.NewLauncher().Start(ctx, kerneltest.Spec(kerneltest.Echo), kernel.Options{StartupTimeout: time.Minute})
	if err != nil {
		log.Fatal(err)
	}
	defer k.Shutdown(3 * time.Second)

	err = execute.Run(ctx, k, nb, execute.Options{Timeout: time.Minute, NoTiming: true,
		Progress: func(ev execute.CellEvent) { fmt.Printf("cell %d of %d: %s\n", ev.Index+1, ev.Total, ev.Status) }})
	if err != nil {
		log.Fatal(err)
	}
	for i, c := range nb.Cells {
		for _, o := range c.Outputs {
			fmt.Printf("cell %d, In [%d]: %s %s %q\n", i+1, *c.ExecutionCount, o.Type, o.Name, o.Text)
		}
	}
	// Output:
	// cell 2 of 4: ok
	// cell 3 of 4: skipped
	// cell 4 of 4: ok
	// cell 2, In [1]: stream stdout "spread = 0.0579\n"
	// cell 4, In [2]: stream stdout "print(spread)\n"
}
