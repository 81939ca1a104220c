package runner

import (
	"os"
	"path/filepath"
	"slices"
	"testing"
)

// Runs that publish different names: the merged columns come in the
// order of an unsharded run's, whatever the sharding (they used to follow
// the shards' order).
func TestMergeColumnOrder(t *testing.T) {
	results := []Result{
		{Job: Job{Index: 0, Notebook: "nb.ipynb"}, Names: []string{"a"}, Values: map[string]any{"a": 1.0}},
		{Job: Job{Index: 1, Notebook: "nb.ipynb"}, Names: []string{"b"}, Values: map[string]any{"b": 2.0}},
		{Job: Job{Index: 2, Notebook: "nb.ipynb"}, Names: []string{"c"}, Values: map[string]any{"c": 3.0}},
		{Job: Job{Index: 3, Notebook: "nb.ipynb"}, Names: []string{"b"}, Values: map[string]any{"b": 4.0}},
	}
	whole := summaryTable(results, "")
	root := t.TempDir()
	s1, s2, merged := filepath.Join(root, "s1"), filepath.Join(root, "s2"), filepath.Join(root, "m")
	for dir, rs := range map[string][]Result{s1: {results[0], results[2]}, s2: {results[1], results[3]}} {
		if err := mkdirWrite(dir, summaryTable(rs, "")); err != nil {
			t.Fatal(err)
		}
	}
	for _, dirs := range [][]string{{s1, s2}, {s2, s1}} {
		if _, err := Merge(dirs, merged); err != nil {
			t.Fatal(err)
		}
		got, err := mergeTables([]string{merged})
		if err != nil {
			t.Fatal(err)
		}
		if !slices.Equal(got.header, whole.header) {
			t.Errorf("merged %v: columns %q, want %q", dirs, got.header, whole.header)
		}
	}
}

// mkdirWrite writes a summary into dir, made first.
func mkdirWrite(dir string, t table) error {
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return err
	}
	return writeSummary(dir, t)
}
