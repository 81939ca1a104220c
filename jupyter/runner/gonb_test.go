package runner_test

import (
	"context"
	"os/exec"
	"path/filepath"
	"regexp"
	"runtime"
	"strings"
	"testing"

	"github.com/rotationlab/rotation/jupyter/kernel/kerneltest"
	"github.com/rotationlab/rotation/jupyter/nbformat"
	"github.com/rotationlab/rotation/jupyter/runner"
)

// runGoNBBuild runs gonb-build.ipynb with opt and returns each cell's
// text output by id.
func runGoNBBuild(t *testing.T, opt runner.Options) map[string]string {
	t.Helper()
	out := t.TempDir()
	opt.Notebooks, opt.OutDir, opt.NoTiming = []string{copyNB(t, "gonb-build.ipynb")}, out, true
	res, _ := runOne(t, context.Background(), opt)
	if res.Err != nil {
		t.Fatal(res.Err)
	}
	nb, err := nbformat.ReadFile(filepath.Join(out, "gonb-build.ipynb"))
	if err != nil {
		t.Fatal(err)
	}
	texts := map[string]string{}
	for _, c := range nb.Cells {
		for _, o := range c.Outputs {
			texts[c.ID] += o.Text
		}
	}
	return texts
}

// GoNB's fast settings reach the kernel and the programs it builds:
// GOFLAGS keeps the user's flags and gains -ldflags=-w, so that the cell's
// executable holds no DWARF tables, while a panic still shows its cell
// and line; GOPROXY starts with the module cache. -gonb-fast=false
// (NoGoNBFast) and a GOFLAGS that sets -ldflags leave GOFLAGS alone.
func TestGoNBFastSettings(t *testing.T) {
	kerneltest.Need(t, "gonb")
	if runtime.GOOS != "linux" {
		t.Skip("the notebook reads its own executable as ELF")
	}
	b, err := exec.Command("go", "env", "GOMODCACHE").Output()
	if err != nil {
		t.Skipf("go env: %v", err)
	}
	cacheProxy := "GOPROXY=file://" + filepath.ToSlash(filepath.Join(strings.TrimSpace(string(b)), "cache", "download")) + ","
	for _, tc := range []struct {
		name, goflags string
		off           bool
		wantFlags     string
		wantDWARF     bool
		wantCache     bool
	}{
		{"default, the user's GOFLAGS kept", "-buildvcs=false -mod=mod", false, "GOFLAGS=-buildvcs=false -mod=mod -ldflags=-w\n", false, true},
		{"-gonb-fast=false", "-buildvcs=false -mod=mod", true, "GOFLAGS=-buildvcs=false -mod=mod\n", true, false},
		{"the user's -ldflags", "-ldflags=-X=main.nbrunTest=1", false, "GOFLAGS=-ldflags=-X=main.nbrunTest=1\n", true, true},
	} {
		t.Run(tc.name, func(t *testing.T) {
			t.Setenv("GOFLAGS", tc.goflags)
			texts := runGoNBBuild(t, runner.Options{NoGoNBFast: tc.off})
			flags, proxy, _ := strings.Cut(texts["env"], "\n")
			if flags+"\n" != tc.wantFlags {
				t.Errorf("kernel's %q, want %q", flags, tc.wantFlags)
			}
			if got := strings.HasPrefix(proxy, cacheProxy); got != tc.wantCache {
				t.Errorf("kernel's %q: starts with %q is %v, want %v", proxy, cacheProxy, got, tc.wantCache)
			}
			if want := map[bool]string{true: "dwarf: true\n", false: "dwarf: false\n"}[tc.wantDWARF]; texts["dwarf"] != want {
				t.Errorf("the cell's program: %q, want %q", texts["dwarf"], want)
			}
			// The runtime's file and line are what -ldflags=-w keeps.
			// (GoNB's [[ Cell [4] Line 3 ]] beside them is not checked:
			// GoNB adds it to each chunk of stderr it reads, and misses it
			// when a read splits the path, as a busy machine makes happen.)
			if p := texts["panic"]; !strings.Contains(p, "index out of range") || !panicLine.MatchString(p) {
				t.Errorf("the panic's stack trace names no file and line:\n%s", p)
			}
		})
	}
}

// panicLine is a stack frame of the cell's program: main.main in GoNB's
// main.go, with its line.
var panicLine = regexp.MustCompile(`main\.main\(\)\n.*gonb_[0-9a-f]+/main\.go:\d+`)
