package main

import (
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/rotationlab/rotation/jupyter/kernel/kerneltest"
	"github.com/rotationlab/rotation/jupyter/nbformat"
)

// A run records the files its declared inputs resolved to, named by their
// variable, never by a path of the machine; -check compares outputs only
// when the data is the data the stored outputs were made from, and with
// other data still runs the notebook and says which file differs.
func TestCheckComparesOnlyOnTheRecordedData(t *testing.T) {
	kerneltest.Need(t, "python3")
	dir := t.TempDir()
	data := filepath.Join(dir, "archive")
	if err := os.Mkdir(data, 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(data, "prices.csv"), []byte("2024-01-02,100\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	t.Setenv("NBRUN_TEST_DATA", data)
	p := filepath.Join(dir, "d.ipynb")
	nb := &nbformat.Notebook{Format: 4, Minor: 5, Metadata: map[string]any{
		"kernelspec": map[string]any{"name": "python3", "display_name": "python3", "language": "python"},
		"nbrun":      map[string]any{"inputs": []any{"${NBRUN_TEST_DATA:-data}/prices.csv"}},
	}, Cells: []*nbformat.Cell{codeCell("read", "import os\nprint(open(os.environ['NBRUN_TEST_DATA'] + '/prices.csv').read())")}}
	if err := nbformat.WriteFile(p, nb); err != nil {
		t.Fatal(err)
	}
	if code, stderr := nbrun(t, "-q", "-no-timing", "-inplace", p); code != exitOK {
		t.Fatalf("first run: exit %d: %s", code, stderr)
	}
	committed, err := os.ReadFile(p)
	if err != nil {
		t.Fatal(err)
	}
	var rec struct {
		Metadata struct {
			Nbrun struct {
				InputFiles []struct {
					Input, File, SHA256 string
					Size                int64
				} `json:"input_files"`
			}
		}
	}
	if err := json.Unmarshal(committed, &rec); err != nil {
		t.Fatal(err)
	}
	if f := rec.Metadata.Nbrun.InputFiles; len(f) != 1 || f[0].File != "prices.csv" || f[0].Input != "${NBRUN_TEST_DATA:-data}/prices.csv" || f[0].Size != 15 || len(f[0].SHA256) != 64 {
		t.Errorf("metadata.nbrun.input_files = %+v, want prices.csv, 15 bytes and its SHA-256", f)
	}

	// The same data and the stored outputs: compared, current.
	if code, stderr := nbrun(t, "-check", p); code != exitOK || !strings.Contains(stderr, "outputs are current") {
		t.Errorf("same data: exit %d:\n%s", code, stderr)
	}
	// The same data, stale outputs: compared, stale.
	stale := strings.Replace(string(committed), "2024-01-02,100", "2024-01-02,101", 1)
	if err := os.WriteFile(p, []byte(stale), 0o644); err != nil {
		t.Fatal(err)
	}
	if code, stderr := nbrun(t, "-q", "-check", p); code != exitStale {
		t.Errorf("same data, stale outputs: exit %d, want %d:\n%s", code, exitStale, stderr)
	}
	if err := os.WriteFile(p, committed, 0o644); err != nil {
		t.Fatal(err)
	}

	// Other data (one file changed): run, not compared, and why.
	other := filepath.Join(dir, "mine")
	if err := os.Mkdir(other, 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(other, "prices.csv"), []byte("2024-01-02,200\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	t.Setenv("NBRUN_TEST_DATA", other)
	code, stderr := nbrun(t, "-q", "-check", p)
	if code != exitOK {
		t.Errorf("other data: exit %d, want %d (run, not compared):\n%s", code, exitOK, stderr)
	}
	for _, want := range []string{"outputs not compared", "prices.csv: 15 bytes, sha256 "} {
		if !strings.Contains(stderr, want) {
			t.Errorf("other data: stderr lacks %q:\n%s", want, stderr)
		}
	}
	// Other data and a cell that fails: still a failure.
	failing := strings.Replace(string(committed), "prices.csv').read())", "prices.csv').read()); raise ValueError('bad data')", 1)
	if err := os.WriteFile(p, []byte(failing), 0o644); err != nil {
		t.Fatal(err)
	}
	if code, stderr := nbrun(t, "-q", "-check", p); code != exitCellError {
		t.Errorf("other data, failing cell: exit %d, want %d:\n%s", code, exitCellError, stderr)
	}
	if after, _ := os.ReadFile(p); string(after) != failing {
		t.Error("-check changed the notebook")
	}
}
