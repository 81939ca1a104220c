package main

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/rotationlab/rotation/jupyter/nbcache"
	"github.com/rotationlab/rotation/jupyter/nbformat"
)

func TestDatacheck(t *testing.T) {
	dir := t.TempDir()
	data := filepath.Join(dir, "data")
	if err := os.Mkdir(data, 0o755); err != nil {
		t.Fatal(err)
	}
	csv := filepath.Join(data, "IWM.csv")
	if err := os.WriteFile(csv, []byte("date,close\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	env := func(k string) string { return map[string]string{"D": data}[k] }
	write := func(name string, record bool) string {
		t.Helper()
		nb := &nbformat.Notebook{Format: 4, Minor: 5, Metadata: map[string]any{"nbrun": map[string]any{"inputs": []any{"${D}/IWM.csv"}}}}
		if record {
			files, err := nbcache.ResolveInputs(nb, filepath.Join(dir, name), env)
			if err != nil {
				t.Fatal(err)
			}
			nbcache.Record(nb, files)
		}
		p := filepath.Join(dir, name)
		if err := nbformat.WriteFile(p, nb); err != nil {
			t.Fatal(err)
		}
		return p
	}
	recorded, bare := write("a.ipynb", true), write("b.ipynb", false)

	for _, c := range []struct {
		name   string
		change string // new content of IWM.csv, "" to keep it
		args   []string
		code   int
		want   string
	}{
		{"same data", "", []string{recorded}, 0, "the data its committed outputs were made from"},
		{"no record", "", []string{bare}, 0, "no record of the data"},
		{"no notebook", "", []string{filepath.Join(dir, "none.ipynb")}, 2, "none.ipynb"},
		{"no argument", "", nil, 2, "usage: datacheck"},
		{"other data", "date,close\n2024-01-02,1\n", []string{recorded, bare}, 1, "IWM.csv: 24 bytes"},
	} {
		t.Run(c.name, func(t *testing.T) {
			if c.change != "" {
				if err := os.WriteFile(csv, []byte(c.change), 0o644); err != nil {
					t.Fatal(err)
				}
			}
			var out, errb strings.Builder
			code := run(c.args, &out, &errb, env)
			if code != c.code || !strings.Contains(out.String()+errb.String(), c.want) {
				t.Errorf("exit %d, want %d; output lacks %q:\n%s%s", code, c.code, c.want, out.String(), errb.String())
			}
		})
	}
	// A failed write of standard output is an error.
	full, err := os.OpenFile("/dev/full", os.O_WRONLY, 0)
	if err != nil {
		t.Skipf("no /dev/full: %v", err)
	}
	defer full.Close()
	var errb strings.Builder
	if code := run([]string{recorded}, full, &errb, env); code != 2 || !strings.Contains(errb.String(), "writing standard output") {
		t.Errorf("/dev/full: exit %d, stderr %q", code, errb.String())
	}
}
