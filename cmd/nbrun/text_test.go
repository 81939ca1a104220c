package main

import (
	"bytes"
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/rotationlab/rotation/internal/nbvalidate"
	"github.com/rotationlab/rotation/jupyter/kernel/kerneltest"
	"github.com/rotationlab/rotation/jupyter/nbformat"
)

// copyInto copies the test notebook name into dir.
func copyInto(t *testing.T, dir, name string) string {
	t.Helper()
	b, err := os.ReadFile(filepath.Join(notebooks, name))
	if err != nil {
		t.Fatal(err)
	}
	p := filepath.Join(dir, name)
	if err := os.WriteFile(p, b, 0o644); err != nil {
		t.Fatal(err)
	}
	return p
}

// printed is what a notebook's code cells wrote to stdout, in order.
func printed(nb *nbformat.Notebook) string {
	var b strings.Builder
	for _, c := range nb.Cells {
		for _, o := range c.Outputs {
			if o.Type == nbformat.Stream && o.Name == nbformat.Stdout {
				b.WriteString(o.Text)
			}
		}
	}
	return b.String()
}

// Text notebooks in jupytext's percent format run with every feature, on
// both real kernels: a .py without a header (python3) and a .go as
// jupytext writes GoNB notebooks ("// %%", "//gonb:%%").
func TestTextNotebooks(t *testing.T) {
	t.Run("python3", func(t *testing.T) {
		kerneltest.Need(t, "python3")
		dir, out := t.TempDir(), t.TempDir()
		src := copyInto(t, dir, "text-sweep.py")
		pfile := filepath.Join(dir, "params.yaml")
		if err := os.WriteFile(pfile, []byte("threshold: 0.05\n"), 0o644); err != nil {
			t.Fatal(err)
		}
		common := []string{"-no-timing", "-f", pfile, "-p", "n=2"}

		// -f, -p, -o, -html, -md: the executed notebook is NAME.ipynb.
		code, stderr := nbrun(t, append(common, "-q", "-o", out, "-html", out, "-md", out, src)...)
		if code != exitOK {
			t.Fatalf("exit %d: %s", code, stderr)
		}
		for _, name := range []string{"text-sweep.ipynb", "text-sweep.html", "text-sweep.md"} {
			if _, err := os.Stat(filepath.Join(out, name)); err != nil {
				t.Error(err)
			}
		}
		if _, err := os.Stat(filepath.Join(out, "text-sweep.py")); err == nil {
			t.Error("-o wrote a .py")
		}
		nbvalidate.Files(t, filepath.Join(out, "text-sweep.ipynb"))
		if got := printed(read(t, filepath.Join(out, "text-sweep.ipynb"))); got != "env: NBRUN_TEXT=1\nrunning IWM 0.05\n" {
			t.Errorf("printed %q", got)
		}

		// -check without a pair runs, and says it compared nothing.
		code, stderr = nbrun(t, append(common, "-check", src)...)
		if code != exitOK || !strings.Contains(stderr, "outputs not compared") || !strings.Contains(stderr, filepath.Join(dir, "text-sweep.ipynb")+" does not exist") ||
			!strings.Contains(stderr, "names no kernel (no YAML header): runs on python3") {
			t.Errorf("-check, no pair: exit %d:\n%s", code, stderr)
		}
		// -inplace writes the paired .ipynb; -check compares with it.
		if code, stderr = nbrun(t, append(common, "-q", "-inplace", src)...); code != exitOK {
			t.Fatalf("-inplace: exit %d: %s", code, stderr)
		}
		nbvalidate.Files(t, filepath.Join(dir, "text-sweep.ipynb"))
		code, stderr = nbrun(t, append(common, "-check", src)...)
		if code != exitOK || !strings.Contains(stderr, "outputs are current") {
			t.Errorf("-check against the pair: exit %d:\n%s", code, stderr)
		}
		// Other parameters give other outputs than the pair's.
		code, stderr = nbrun(t, "-check", "-p", "ticker=XLF", src)
		if code != exitStale || !strings.Contains(stderr, "running XLF") {
			t.Errorf("-check, other outputs: exit %d, want %d:\n%s", code, exitStale, stderr)
		}

		// A sweep in two shards, merged: the published values in run order.
		s1, s2, merged := t.TempDir(), t.TempDir(), t.TempDir()
		for i, d := range []string{s1, s2} {
			if code, stderr := nbrun(t, "-q", "-shard", string(rune('1'+i))+"/2", "-sweep", "threshold=0.1,0.2,0.25", "-o", d, src); code != exitOK {
				t.Fatalf("shard %d: exit %d: %s", i+1, code, stderr)
			}
		}
		if _, err := os.Stat(filepath.Join(s2, "text-sweep-threshold=0.2.ipynb")); err != nil {
			t.Error(err)
		}
		var o, e bytes.Buffer
		if code := run(context.Background(), []string{"-merge", "-o", merged, s1, s2}, &o, &e, os.Getenv); code != exitOK {
			t.Fatalf("-merge: exit %d: %s", code, e.String())
		}
		if got := strings.Join(column(readCSV(t, filepath.Join(merged, "summary.csv")), "events"), " "); got != "30 15 12" {
			t.Errorf("merged events %q, want 30 15 12 (round(1/threshold)*3)", got)
		}
	})

	t.Run("gonb", func(t *testing.T) {
		kerneltest.Need(t, "gonb")
		dir, out := t.TempDir(), t.TempDir()
		src := copyInto(t, dir, "text-params.go")
		common := []string{"-no-timing", "-p", "threshold=0.05", "-p", "horizons=21,63"}
		code, stderr := nbrun(t, append(common, "-q", "-o", out, "-html", out, src)...)
		if code != exitOK {
			t.Fatalf("exit %d: %s", code, stderr)
		}
		executed := filepath.Join(out, "text-params.ipynb")
		nbvalidate.Files(t, executed)
		nb := read(t, executed)
		if got := printed(nb); got != "0.05 IWM [21 63]\nwhere is Wally?\n" {
			t.Errorf("printed %q", got)
		}
		if show, args := nb.Cells[len(nb.Cells)-2], nb.Cells[len(nb.Cells)-1]; !strings.HasPrefix(show.Source, "%%\n") || !strings.HasPrefix(args.Source, "%args --who=Wally\n") {
			t.Errorf("GoNB's %%%% and %%args are not restored from //gonb:%%%% and // %%args: %q, %q", show.Source, args.Source)
		}
		if _, err := os.Stat(filepath.Join(out, "text-params.html")); err != nil {
			t.Error(err)
		}

		// The executed notebook as the pair: -check finds it current.
		b, err := os.ReadFile(executed)
		if err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(filepath.Join(dir, "text-params.ipynb"), b, 0o644); err != nil {
			t.Fatal(err)
		}
		code, stderr = nbrun(t, append(common, "-check", src)...)
		if code != exitOK || !strings.Contains(stderr, "outputs are current") {
			t.Errorf("-check against the pair: exit %d:\n%s", code, stderr)
		}

		sweep := t.TempDir()
		if code, stderr = nbrun(t, "-q", "-sweep", "threshold=0.03,0.06", "-o", sweep, src); code != exitOK {
			t.Fatalf("sweep: exit %d: %s", code, stderr)
		}
		for _, v := range []string{"0.03", "0.06"} {
			if got := printed(read(t, filepath.Join(sweep, "text-params-threshold="+v+".ipynb"))); got != v+" IWM [63 252]\nwhere is Wally?\n" {
				t.Errorf("sweep %s: printed %q", v, got)
			}
		}
		if recs := readCSV(t, filepath.Join(sweep, "summary.csv")); len(recs) != 3 {
			t.Errorf("summary rows %d, want 2", len(recs)-1)
		}
	})
}

// A text notebook that cannot be read: exit 2, the file and line named.
func TestTextNotebookBadHeader(t *testing.T) {
	bad := filepath.Join(notebooks, "text-bad-header.py")
	code, stderr := nbrun(t, bad)
	if code != exitUsage || !strings.Contains(stderr, "nbrun: "+bad+": line 2: YAML header: ") {
		t.Errorf("exit %d, want %d, naming the file and line:\n%s", code, exitUsage, stderr)
	}
}

// -params lists a text notebook's parameters from its cell tagged
// "parameters"; -list plans its runs without reading it.
func TestTextNotebookListing(t *testing.T) {
	nb := filepath.Join(notebooks, "text-sweep.py")
	var out, errb bytes.Buffer
	if code := run(context.Background(), []string{"-params", nb}, &out, &errb, os.Getenv); code != exitOK {
		t.Fatalf("-params: exit %d: %s", code, errb.String())
	}
	for _, want := range []string{nb + " (python):", "threshold  float  0.04     spread that makes an event", "n          int    3"} {
		if !strings.Contains(out.String(), want) {
			t.Errorf("-params output lacks %q:\n%s", want, out.String())
		}
	}
	out.Reset()
	if code := run(context.Background(), []string{"-list", "-sweep", "threshold=0.1,0.2", nb}, &out, &errb, os.Getenv); code != exitOK {
		t.Fatalf("-list: exit %d: %s", code, errb.String())
	}
	if want := nb + "\tthreshold=0.1\n" + nb + "\tthreshold=0.2\n"; out.String() != want {
		t.Errorf("-list: %q, want %q", out.String(), want)
	}
}
