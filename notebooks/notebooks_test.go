// Package notebooks_test executes every notebook here with nbrun and checks
// that the committed outputs are current: a rerun must give the same bytes.
package notebooks_test

import (
	"bytes"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"github.com/rotationlab/rotation/internal/realdata"
	"github.com/rotationlab/rotation/kernel"
)

func TestNotebooksRunAndAreCurrent(t *testing.T) {
	if testing.Short() {
		t.Skip("executes every notebook")
	}
	dir := realdata.Dir(t)
	if _, err := kernel.Find("gonb", os.Getenv); err != nil {
		t.Skipf("GoNB kernelspec not installed (make tools): %v", err)
	}
	nbs, _ := filepath.Glob("0*.ipynb")
	if len(nbs) == 0 {
		t.Fatal("no notebooks")
	}
	bin := filepath.Join(t.TempDir(), "nbrun")
	if out, err := exec.Command("go", "build", "-o", bin, "../cmd/nbrun").CombinedOutput(); err != nil {
		t.Fatalf("building nbrun: %v\n%s", err, out)
	}
	out := t.TempDir()
	args := append([]string{"-no-timing", "-j", "2", "-o", out}, nbs...)
	cmd := exec.Command(bin, args...)
	abs, _ := filepath.Abs(dir)
	cmd.Env = append(os.Environ(), "ROTATION_DATA="+abs)
	var stderr bytes.Buffer
	cmd.Stderr = &stderr
	if err := cmd.Run(); err != nil {
		t.Fatalf("nbrun: %v\n%s", err, stderr.String())
	}
	for _, line := range strings.Split(stderr.String(), "\n") {
		if strings.Contains(line, "done in") {
			t.Log(line)
		}
	}
	for _, nb := range nbs {
		committed, err := os.ReadFile(nb)
		if err != nil {
			t.Fatal(err)
		}
		fresh, err := os.ReadFile(filepath.Join(out, nb))
		if err != nil {
			t.Fatal(err)
		}
		if !bytes.Equal(committed, fresh) {
			t.Errorf("%s is stale: its committed outputs differ from a fresh run; run make run and commit", nb)
		}
	}
}
