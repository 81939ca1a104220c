// Package notebooks_test executes every notebook here with nbrun -check:
// they must run, and their committed outputs must be what a fresh run gives.
package notebooks_test

import (
	"bytes"
	"errors"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"github.com/rotationlab/rotation/internal/realdata"
	"github.com/rotationlab/rotation/jupyter/kernel"
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
	// nbrun -check runs every notebook and compares each cell's outputs
	// with the committed ones: exit 5 and a diff when any differ.
	args := append([]string{"-check", "-no-timing", "-j", "2"}, nbs...)
	cmd := exec.Command(bin, args...)
	abs, _ := filepath.Abs(dir)
	cmd.Env = append(os.Environ(), "ROTATION_DATA="+abs)
	var stderr bytes.Buffer
	cmd.Stderr = &stderr
	err := cmd.Run()
	for _, line := range strings.Split(stderr.String(), "\n") {
		if strings.Contains(line, "done in") {
			t.Log(line)
		}
	}
	var ee *exec.ExitError
	switch {
	case errors.As(err, &ee) && ee.ExitCode() == 5:
		t.Errorf("committed outputs are stale (run make run and commit):\n%s", stderr.String())
	case err != nil:
		t.Fatalf("nbrun: %v\n%s", err, stderr.String())
	}
}

// Notebook 3 with horizons of the user's own: the article's figures stand
// beside the horizons it quotes (3 and 12 months), matched by horizon, and
// beside no other (it used to index them by position and fail).
func TestEventsNotebookOtherHorizons(t *testing.T) {
	if testing.Short() {
		t.Skip("executes a notebook")
	}
	dir := realdata.Dir(t)
	if _, err := kernel.Find("gonb", os.Getenv); err != nil {
		t.Skipf("GoNB kernelspec not installed (make tools): %v", err)
	}
	bin := filepath.Join(t.TempDir(), "nbrun")
	if out, err := exec.Command("go", "build", "-o", bin, "../cmd/nbrun").CombinedOutput(); err != nil {
		t.Fatalf("building nbrun: %v\n%s", err, out)
	}
	out := t.TempDir()
	cmd := exec.Command(bin, "-q", "-no-timing", "-p", "horizons=21,63,252", "-o", out, "03-events.ipynb")
	abs, _ := filepath.Abs(dir)
	cmd.Env = append(os.Environ(), "ROTATION_DATA="+abs)
	if b, err := cmd.CombinedOutput(); err != nil {
		t.Fatalf("nbrun: %v\n%s", err, b)
	}
	b, err := os.ReadFile(filepath.Join(out, "03-events.ipynb"))
	if err != nil {
		t.Fatal(err)
	}
	page := string(b)
	for _, want := range []string{
		"21 trading days  IWM mean",
		"(article none)",
		"63 trading days  IWM mean  +4.42% (article +5.9%)",
		"252 trading days IWM mean +12.74% (article +13.6%)",
	} {
		if !strings.Contains(page, want) {
			t.Errorf("notebook 3 with horizons 21,63,252 lacks %q", want)
		}
	}
}
