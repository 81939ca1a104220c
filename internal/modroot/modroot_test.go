package modroot_test

import (
	"os"
	"path/filepath"
	"testing"

	"github.com/rotationlab/rotation/internal/modroot"
)

func TestFind(t *testing.T) {
	tmp := t.TempDir()
	if root, ok := modroot.Find(filepath.Dir(tmp)); ok {
		t.Skipf("a go.mod above the temporary directory (%s): the walk cannot be checked here", root)
	}
	outer := filepath.Join(tmp, "outer")
	inner := filepath.Join(outer, "a", "inner")
	for _, d := range []string{filepath.Join(inner, "b"), filepath.Join(tmp, "bare", "c")} {
		if err := os.MkdirAll(d, 0o755); err != nil {
			t.Fatal(err)
		}
	}
	for _, f := range []string{filepath.Join(outer, "go.mod"), filepath.Join(inner, "go.mod")} {
		if err := os.WriteFile(f, []byte("module example.com/m\n"), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	for _, tt := range []struct {
		name, dir, want string
		ok              bool
	}{
		{"the root itself", outer, outer, true},
		{"below the root", filepath.Join(outer, "a"), outer, true},
		{"the nearest of two", filepath.Join(inner, "b"), inner, true},
		{"no go.mod above", filepath.Join(tmp, "bare", "c"), "", false},
		{"empty", "", "", false},
	} {
		t.Run(tt.name, func(t *testing.T) {
			got, ok := modroot.Find(tt.dir)
			if got != tt.want || ok != tt.ok {
				t.Errorf("Find(%q) = %q, %v; want %q, %v", tt.dir, got, ok, tt.want, tt.ok)
			}
		})
	}
}

// A relative directory is walked as given, and its root is relative too.
func TestFindRelative(t *testing.T) {
	tmp := t.TempDir()
	if err := os.MkdirAll(filepath.Join(tmp, "m", "sub"), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(tmp, "m", "go.mod"), []byte("module example.com/m\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	t.Chdir(tmp)
	if got, ok := modroot.Find(filepath.Join("m", "sub")); got != "m" || !ok {
		t.Errorf(`Find("m/sub") = %q, %v; want "m", true`, got, ok)
	}
}
