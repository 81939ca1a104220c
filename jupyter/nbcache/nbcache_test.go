package nbcache_test

import (
	"os"
	"path/filepath"
	"sync"
	"testing"
	"time"

	"github.com/rotationlab/rotation/jupyter/kernel"
	"github.com/rotationlab/rotation/jupyter/nbcache"
	"github.com/rotationlab/rotation/jupyter/nbformat"
)

// module writes a small Go module: package lib imported by the notebook,
// package helper imported by lib, package other imported by nobody.
func module(t *testing.T) string {
	t.Helper()
	root := t.TempDir()
	files := map[string]string{
		"go.mod":              "module example.com/m\n\ngo 1.22\n",
		"lib/lib.go":          "package lib\n\nimport \"example.com/m/helper\"\n\nfunc F() int { return helper.G() }\n",
		"helper/helper.go":    "package helper\n\nfunc G() int { return 1 }\n",
		"other/other.go":      "package other\n\nfunc H() int { return 2 }\n",
		"data/IWM.csv":        "date,close\n",
		"notebooks/README.md": "notebooks\n",
	}
	for name, body := range files {
		p := filepath.Join(root, name)
		os.MkdirAll(filepath.Dir(p), 0o755)
		if err := os.WriteFile(p, []byte(body), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	return root
}

func notebook() *nbformat.Notebook {
	return &nbformat.Notebook{Metadata: map[string]any{"nbrun": map[string]any{"inputs": []any{"${DATA:-../data}/IWM.csv"}}},
		Cells: []*nbformat.Cell{
			{Type: nbformat.Code, Source: "import (\n\t\"fmt\"\n\t\"example.com/m/lib\"\n)"},
			{Type: nbformat.Code, Source: "%%\nfmt.Println(lib.F())"},
		}}
}

func TestKey(t *testing.T) {
	root := module(t)
	spec := &kernel.Spec{Name: "gonb", Argv: []string{"sh"}, Language: "go"}
	env := map[string]string{}
	key := func(nb *nbformat.Notebook) string {
		t.Helper()
		k, _, err := nbcache.Key(nbcache.Inputs{Notebook: nb, Path: filepath.Join(root, "notebooks", "a.ipynb"), Spec: spec,
			Getenv: func(k string) string { return env[k] }})
		if err != nil {
			t.Fatal(err)
		}
		return k
	}
	base := key(notebook())
	if key(notebook()) != base {
		t.Fatal("the key is not stable")
	}
	changes := []struct {
		name   string
		change func() *nbformat.Notebook
		undo   func()
	}{
		{"a cell", func() *nbformat.Notebook { nb := notebook(); nb.Cells[1].Source += " // edited"; return nb }, func() {}},
		{"a tag", func() *nbformat.Notebook {
			nb := notebook()
			nb.Cells[1].Metadata = map[string]any{"tags": []any{"raises-exception"}}
			return nb
		}, func() {}},
		{"a file of an imported package's import", func() *nbformat.Notebook {
			os.WriteFile(filepath.Join(root, "helper", "helper.go"), []byte("package helper\n\nfunc G() int { return 3 }\n"), 0o644)
			return notebook()
		}, func() {
			os.WriteFile(filepath.Join(root, "helper", "helper.go"), []byte("package helper\n\nfunc G() int { return 1 }\n"), 0o644)
		}},
		{"go.mod", func() *nbformat.Notebook {
			os.WriteFile(filepath.Join(root, "go.mod"), []byte("module example.com/m\n\ngo 1.23\n"), 0o644)
			return notebook()
		}, func() {
			os.WriteFile(filepath.Join(root, "go.mod"), []byte("module example.com/m\n\ngo 1.22\n"), 0o644)
		}},
		{"a declared input", func() *nbformat.Notebook {
			os.WriteFile(filepath.Join(root, "data", "IWM.csv"), []byte("date,close\n2024-01-02,1\n"), 0o644)
			return notebook()
		}, func() { os.WriteFile(filepath.Join(root, "data", "IWM.csv"), []byte("date,close\n"), 0o644) }},
		{"the environment the input resolves through", func() *nbformat.Notebook {
			other := t.TempDir()
			os.WriteFile(filepath.Join(other, "IWM.csv"), []byte("x\n"), 0o644)
			env["DATA"] = other
			return notebook()
		}, func() { delete(env, "DATA") }},
	}
	for _, c := range changes {
		if k := key(c.change()); k == base {
			t.Errorf("changing %s leaves the key as it was", c.name)
		}
		c.undo()
		if k := key(notebook()); k != base {
			t.Errorf("undoing %s does not give the key back", c.name)
		}
	}
	// A package nobody imports does not count.
	os.WriteFile(filepath.Join(root, "other", "other.go"), []byte("package other\n\nfunc H() int { return 9 }\n"), 0o644)
	if key(notebook()) != base {
		t.Error("a package the notebook does not import changed the key")
	}
}

func TestExpand(t *testing.T) {
	env := map[string]string{"A": "/x", "E": ""}
	get := func(k string) string { return env[k] }
	for in, want := range map[string]string{"${A}/f": "/x/f", "$A/f": "/x/f", "${B:-../d}/f": "../d/f", "${E:-def}": "def", "${A:-def}": "/x", "plain": "plain"} {
		if got := nbcache.Expand(in, get); got != want {
			t.Errorf("Expand(%q) = %q, want %q", in, got, want)
		}
	}
}

func TestStore(t *testing.T) {
	s := &nbcache.Store{Dir: filepath.Join(t.TempDir(), "cache")}
	if _, ok := s.Get("missing"); ok {
		t.Error("a missing entry was found")
	}
	nb := notebook()
	if err := s.Put("k1", nb); err != nil {
		t.Fatal(err)
	}
	got, ok := s.Get("k1")
	if !ok || len(got.Cells) != 2 || got.Cells[1].Source != nb.Cells[1].Source {
		t.Fatalf("got %v, %v", got, ok)
	}
	// A corrupt entry is a miss, and goes.
	os.WriteFile(filepath.Join(s.Dir, "bad.ipynb"), []byte(`{"cells": [`), 0o644)
	if _, ok := s.Get("bad"); ok {
		t.Error("a corrupt entry was a hit")
	}
	if _, err := os.Stat(filepath.Join(s.Dir, "bad.ipynb")); err == nil {
		t.Error("the corrupt entry stayed")
	}
	// Past the limit the least recently used entries go.
	b, _ := os.ReadFile(filepath.Join(s.Dir, "k1.ipynb"))
	s.MaxBytes = int64(3*len(b) + 10)
	old := time.Now().Add(-time.Hour)
	os.Chtimes(filepath.Join(s.Dir, "k1.ipynb"), old, old)
	for _, k := range []string{"k2", "k3", "k4"} {
		if err := s.Put(k, nb); err != nil {
			t.Fatal(err)
		}
	}
	if _, ok := s.Get("k1"); ok {
		t.Error("the oldest entry outlived the size limit")
	}
	if _, ok := s.Get("k4"); !ok {
		t.Error("the newest entry went")
	}
	// Writers in parallel leave whole entries.
	var wg sync.WaitGroup
	for i := range 8 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			nb := notebook()
			nb.Cells[0].Source += string(rune('a' + i))
			s.Put("same", nb)
		}()
	}
	wg.Wait()
	if _, ok := s.Get("same"); !ok {
		t.Error("parallel writers left a torn entry")
	}
}
