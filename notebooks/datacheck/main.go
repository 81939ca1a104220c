// Command datacheck tells whether the data the notebooks would read now is
// the data their committed outputs were made from: for each notebook it
// resolves the declared inputs (metadata.nbrun.inputs, with $ROTATION_DATA
// and the like from the environment) and compares the files with the
// record nbrun left in metadata.nbrun.input_files.
//
//	go run ./notebooks/datacheck notebooks/0*.ipynb
//
// It exits 0 when every notebook's data is the recorded data (or when a
// notebook has no record yet, saying so), 1 naming each file that differs,
// and 2 when a notebook cannot be read. `make notebooks` runs it before
// regenerating the committed notebooks.
package main

import (
	"flag"
	"fmt"
	"io"
	"os"

	"github.com/rotationlab/rotation/internal/cli"
	"github.com/rotationlab/rotation/jupyter/nbcache"
	"github.com/rotationlab/rotation/jupyter/nbformat"
)

func main() { os.Exit(run(os.Args[1:], os.Stdout, os.Stderr, os.Getenv)) }

func run(args []string, stdout, stderr io.Writer, getenv func(string) string) int {
	fs := flag.NewFlagSet("datacheck", flag.ContinueOnError)
	fs.SetOutput(stderr)
	fs.Usage = func() { fmt.Fprintln(stderr, "usage: datacheck NOTEBOOK...") }
	paths, err := cli.Parse(fs, args)
	if err != nil {
		return 2
	}
	if len(paths) == 0 {
		fs.Usage()
		return 2
	}
	out := cli.NewWriter(stdout)
	code := 0
	for _, p := range paths {
		diffs, recorded, err := check(p, getenv)
		switch {
		case err != nil:
			fmt.Fprintf(stderr, "datacheck: %s: %v\n", p, err)
			code = max(code, 2)
		case !recorded:
			fmt.Fprintf(out, "%s: no record of the data its outputs were made from\n", p)
		case len(diffs) > 0:
			code = max(code, 1)
			fmt.Fprintf(out, "%s: the data differs from what its committed outputs were made from:\n", p)
			for _, d := range diffs {
				fmt.Fprintf(out, "  %s\n", d)
			}
		default:
			fmt.Fprintf(out, "%s: the data its committed outputs were made from\n", p)
		}
	}
	if err := out.Err("standard output"); err != nil {
		fmt.Fprintf(stderr, "datacheck: %v\n", err)
		return 2
	}
	return code
}

// check compares the files a notebook's inputs resolve to now with its
// record.
func check(path string, getenv func(string) string) (diffs []string, recorded bool, err error) {
	nb, err := nbformat.ReadFile(path)
	if err != nil {
		return nil, false, err
	}
	then, ok, err := nbcache.Recorded(nb)
	if err != nil || !ok {
		return nil, false, err
	}
	now, err := nbcache.ResolveInputs(nb, path, getenv)
	if err != nil {
		return nil, true, err
	}
	return nbcache.DiffInputs(then, now), true, nil
}
