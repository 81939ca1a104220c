package jupytext_test

import (
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/rotationlab/rotation/jupyter/jupytext"
	"github.com/rotationlab/rotation/jupyter/nbformat"
)

// FuzzRead: a text notebook is outside input. For any bytes, Read either
// fails with a *ParseError naming the file, or gives a notebook that
// nbformat writes and parses back, with valid unique ids and the same
// cells; reading the same bytes again gives the same notebook.
func FuzzRead(f *testing.F) {
	for _, s := range []string{
		"# %%\nx = 1\n",
		"# ---\n# jupyter:\n#   kernelspec:\n#     name: python3\n# ---\n\n# %% [markdown]\n# text\n",
		"# %% title a=1 b=[1, 'x'] .c {\n# %time\n",
		"# %% {\"tags\": [\"parameters\"]}\n'''\n# %%\n'''\n",
		"// %%\n//gonb:%% -x=3\n// %args -v\n",
		"#!/bin/python\n# coding: utf-8\n# %%%% deep\n",
		"# %% [md] active=\"py\"\n\"\"\"a\"\"\"\n",
		"# %% a={1: (2,), 'k': -0x1f}\n",
	} {
		f.Add([]byte(s), false)
		f.Add([]byte(strings.ReplaceAll(s, "#", "//")), true)
	}
	paths, _ := filepath.Glob(filepath.Join("testdata", "outputs", "ipynb_to_percent", "*"))
	for _, p := range paths {
		if b, err := os.ReadFile(p); err == nil {
			f.Add(b, strings.HasSuffix(p, ".go.txt"))
		}
	}
	f.Fuzz(func(t *testing.T, data []byte, goFile bool) {
		opt := jupytext.Options{Language: jupytext.Python, Name: "f.py"}
		if goFile {
			opt = jupytext.Options{Language: jupytext.Go, Name: "f.go"}
		}
		nb, err := jupytext.Read(strings.NewReader(string(data)), opt)
		if err != nil {
			var pe *jupytext.ParseError
			if !errors.As(err, &pe) || !strings.HasPrefix(err.Error(), "jupytext: "+opt.Name) {
				t.Fatalf("error %v is not a *ParseError naming the file", err)
			}
			return
		}
		b, err := nbformat.Marshal(nb)
		if err != nil {
			t.Fatalf("the notebook does not write: %v", err)
		}
		back, err := nbformat.Parse(b, "f.ipynb")
		if err != nil {
			t.Fatalf("the notebook written does not parse: %v\n%s", err, b)
		}
		if len(back.Cells) != len(nb.Cells) {
			t.Fatalf("%d cells parsed back, %d read", len(back.Cells), len(nb.Cells))
		}
		for i, c := range back.Cells {
			if c.ID == "" || c.Source != nb.Cells[i].Source || c.Type != nb.Cells[i].Type {
				t.Fatalf("cell %d changed on the way through nbformat", i)
			}
		}
		again, err := jupytext.Read(strings.NewReader(string(data)), opt)
		if err != nil {
			t.Fatal(err)
		}
		b2, _ := nbformat.Marshal(again)
		if string(b2) != string(b) {
			t.Fatal("reading the same text twice gave two notebooks")
		}
	})
}
