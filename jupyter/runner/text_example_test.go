package runner_test

import (
	"context"
	"encoding/json"
	"fmt"
	"log"
	"os"
	"path/filepath"

	"github.com/rotationlab/rotation/jupyter/kernel/kerneltest"
	"github.com/rotationlab/rotation/jupyter/nbformat"
	"github.com/rotationlab/rotation/jupyter/runner"
)

// A text notebook in jupytext's percent format runs as an .ipynb does,
// and its executed version is an .ipynb: -inplace (InPlace) writes the
// paired study.ipynb beside the script and leaves the script alone. The
// kernelspec "echo", installed in a temporary $JUPYTER_PATH, starts the
// scripted kernel of package kerneltest, which echoes each cell's code.
func ExamplePlan_Run_textNotebook() {
	root, err := os.MkdirTemp("", "runner-example-")
	if err != nil {
		log.Fatal(err)
	}
	defer os.RemoveAll(root)
	spec := kerneltest.Spec(kerneltest.Echo)
	kj, _ := json.Marshal(map[string]any{"argv": spec.Argv, "display_name": "Echo", "language": "scripted", "env": spec.Env})
	script := `# ---
# jupyter:
#   kernelspec:
#     display_name: Echo
#     language: scripted
#     name: echo
# ---

# %% [markdown]
# The study, kept as a script.

# %%
load IWM QQQ

# %%
study
`
	for _, f := range []struct{ path, body string }{
		{filepath.Join(root, "jupyter", "kernels", "echo", "kernel.json"), string(kj)},
		{filepath.Join(root, "study.py"), script},
	} {
		if err := os.MkdirAll(filepath.Dir(f.path), 0o755); err != nil {
			log.Fatal(err)
		}
		if err := os.WriteFile(f.path, []byte(f.body), 0o644); err != nil {
			log.Fatal(err)
		}
	}

	plan, err := runner.NewPlan(runner.Options{
		Notebooks: []string{filepath.Join(root, "study.py")},
		InPlace:   true,
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
	fmt.Println("status:", rep.Status(), "written:", filepath.Base(rep.Results[0].Written))
	out, err := nbformat.ReadFile(filepath.Join(root, "study.ipynb"))
	if err != nil {
		log.Fatal(err)
	}
	for _, c := range out.Cells {
		if c.Type == nbformat.Code {
			fmt.Printf("In [%d]: %s -> %q\n", *c.ExecutionCount, c.Source, c.Outputs[0].Text)
		}
	}
	// Output:
	// status: ok written: study.ipynb
	// In [1]: load IWM QQQ -> "load IWM QQQ\n"
	// In [2]: study -> "study\n"
}
