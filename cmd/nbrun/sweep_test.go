package main

import (
	"bytes"
	"context"
	"encoding/csv"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/rotationlab/rotation/internal/nbvalidate"
	"github.com/rotationlab/rotation/jupyter/kernel/kerneltest"
)

func readCSV(t *testing.T, p string) [][]string {
	t.Helper()
	f, err := os.Open(p)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	recs, err := csv.NewReader(f).ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	return recs
}

func column(recs [][]string, name string) []string {
	i := slices.Index(recs[0], name)
	var out []string
	for _, r := range recs[1:] {
		if i >= 0 {
			out = append(out, r[i])
		}
	}
	return out
}

// A sweep of two values on each real kernel: one notebook per point, named
// by its parameters, and a summary with the published values.
func TestSweep(t *testing.T) {
	t.Run("python3", func(t *testing.T) {
		kerneltest.Need(t, "python3")
		out := t.TempDir()
		code, stderr := nbrun(t, "-q", "-j", "2", "-sweep", "threshold=0.05,0.1", "-sweep", "ticker=IWM,XLF", "-p", "n=2",
			"-o", out, "-html", out, filepath.Join(notebooks, "python-sweep.ipynb"))
		if code != 0 {
			t.Fatalf("exit %d: %s", code, stderr)
		}
		recs := readCSV(t, filepath.Join(out, "summary.csv"))
		if got := strings.Join(column(recs, "events"), " "); got != "40 40 20 20" {
			t.Errorf("events %q, want 40 40 20 20 (1/threshold*n, sweeps in order, the last fastest)", got)
		}
		if got := strings.Join(column(recs, "ticker"), " "); got != "IWM XLF IWM XLF" {
			t.Errorf("ticker column %q", got)
		}
		if got := strings.Join(column(recs, "status"), " "); got != "ok ok ok ok" {
			t.Errorf("status %q", got)
		}
		for _, name := range []string{"python-sweep-threshold=0.05-ticker=IWM.ipynb", "python-sweep-threshold=0.1-ticker=XLF.html", "index.html"} {
			if _, err := os.Stat(filepath.Join(out, name)); err != nil {
				t.Error(err)
			}
		}
		page, _ := os.ReadFile(filepath.Join(out, "index.html"))
		if !strings.Contains(string(page), `href="python-sweep-threshold=0.05-ticker=IWM.html"`) {
			t.Errorf("index does not link the runs' pages:\n%s", page)
		}
		nb := read(t, filepath.Join(out, "python-sweep-threshold=0.1-ticker=XLF.ipynb"))
		if got := nb.Cells[2].Outputs[0].Text; got != "running XLF 0.1\n" {
			t.Errorf("injected values: %q", got)
		}
		nbvalidate.Files(t, filepath.Join(out, "python-sweep-threshold=0.1-ticker=XLF.ipynb"))
	})
	t.Run("gonb", func(t *testing.T) {
		kerneltest.Need(t, "gonb")
		out := t.TempDir()
		code, stderr := nbrun(t, "-q", "-sweep", "threshold=0.03,0.06", "-o", filepath.Join(out, "{notebook}-{threshold}.ipynb"),
			filepath.Join(notebooks, "gonb-params.ipynb"))
		if code != 0 {
			t.Fatalf("exit %d: %s", code, stderr)
		}
		for _, v := range []string{"0.03", "0.06"} {
			nb := read(t, filepath.Join(out, "gonb-params-"+v+".ipynb"))
			if got := nb.Cells[len(nb.Cells)-1].Outputs[0].Text; got != v+" IWM [63 252]\n" {
				t.Errorf("%s: %q", v, got)
			}
		}
		if recs := readCSV(t, filepath.Join(out, "summary.csv")); len(recs) != 3 {
			t.Errorf("summary rows %d", len(recs)-1)
		}
	})
}

// Shards are disjoint and cover every run once; auto/N reads a Kubernetes
// Indexed Job's index; the shards' summaries merge back in run order.
func TestShards(t *testing.T) {
	args := []string{"-list", "-sweep", "threshold=0.01,0.02,0.03,0.04,0.05", "-sweep", "ticker=A,B", "a.ipynb", "b.ipynb"}
	all := listRuns(t, args...)
	if len(all) != 20 {
		t.Fatalf("%d runs listed, want 2 notebooks x 5 x 2", len(all))
	}
	var union []string
	for k := 1; k <= 3; k++ {
		part := listRuns(t, append([]string{"-shard", string(rune('0'+k)) + "/3"}, args...)...)
		for _, r := range part {
			if slices.Contains(union, r) {
				t.Errorf("run %q in two shards", r)
			}
			union = append(union, r)
		}
	}
	slices.Sort(union)
	sorted := slices.Clone(all)
	slices.Sort(sorted)
	if !slices.Equal(union, sorted) {
		t.Errorf("the shards do not cover the runs:\n%v\n%v", union, sorted)
	}
	t.Setenv("JOB_COMPLETION_INDEX", "1")
	if a, b := listRuns(t, append([]string{"-shard", "auto/3"}, args...)...), listRuns(t, append([]string{"-shard", "2/3"}, args...)...); !slices.Equal(a, b) {
		t.Errorf("auto/3 with index 1 is not shard 2/3")
	}
	for _, bad := range []string{"0/3", "4/3", "x", "auto/0"} {
		if code, _ := nbrun(t, append([]string{"-shard", bad}, args...)...); code != exitUsage {
			t.Errorf("-shard %s: exit %d", bad, code)
		}
	}

	kerneltest.Need(t, "python3")
	nb := filepath.Join(notebooks, "python-sweep.ipynb")
	s1, s2, merged := t.TempDir(), t.TempDir(), t.TempDir()
	for i, dir := range []string{s1, s2} {
		if code, stderr := nbrun(t, "-q", "-shard", string(rune('1'+i))+"/2", "-sweep", "threshold=0.1,0.2,0.25", "-o", dir, nb); code != 0 {
			t.Fatalf("shard %d: exit %d: %s", i+1, code, stderr)
		}
	}
	var out, errb bytes.Buffer
	if code := run(context.Background(), []string{"-merge", "-o", merged, s1, s2}, &out, &errb, os.Getenv); code != 0 {
		t.Fatalf("merge: exit %d: %s", code, errb.String())
	}
	recs := readCSV(t, filepath.Join(merged, "summary.csv"))
	if got := strings.Join(column(recs, "run"), " "); got != "0 1 2" {
		t.Errorf("merged runs %q", got)
	}
	if got := strings.Join(column(recs, "events"), " "); got != "30 15 12" {
		t.Errorf("merged events %q", got)
	}
}

func listRuns(t *testing.T, args ...string) []string {
	t.Helper()
	var out, errb bytes.Buffer
	if code := run(context.Background(), args, &out, &errb, os.Getenv); code != 0 {
		t.Fatalf("%v: exit %d: %s", args, code, errb.String())
	}
	return strings.Split(strings.TrimSpace(out.String()), "\n")
}

// A parameter file with each type, -p after it winning, and a bad value
// naming the file, the key and the declared type.
func TestParameterFile(t *testing.T) {
	kerneltest.Need(t, "python3")
	dir := t.TempDir()
	file := filepath.Join(dir, "p.yaml")
	os.WriteFile(file, []byte("threshold: 0.25\nticker: XLK\nn: 5\n"), 0o644)
	out := t.TempDir()
	code, stderr := nbrun(t, "-q", "-f", file, "-p", "n=7", "-o", out, filepath.Join(notebooks, "python-params.ipynb"))
	if code != 0 {
		t.Fatalf("exit %d: %s", code, stderr)
	}
	if got := read(t, filepath.Join(out, "python-params.ipynb")).Cells[3].Outputs[0].Text; got != "0.25 XLK 7 int\n" {
		t.Errorf("output %q", got)
	}
	os.WriteFile(file, []byte("n: 2.5\n"), 0o644)
	code, stderr = nbrun(t, "-q", "-f", file, filepath.Join(notebooks, "python-params.ipynb"))
	if code != exitUsage || !strings.Contains(stderr, `p.yaml:1: key n: "2.5" does not fit the declared type int`) {
		t.Errorf("bad value: exit %d: %s", code, stderr)
	}
	if code, stderr := nbrun(t, "-q", "-f", filepath.Join(dir, "absent.yaml"), filepath.Join(notebooks, "python-params.ipynb")); code != exitUsage || !strings.Contains(stderr, "absent.yaml") {
		t.Errorf("missing file: exit %d: %s", code, stderr)
	}
}

func TestListParameters(t *testing.T) {
	var out, errb bytes.Buffer
	code := run(context.Background(), []string{"-params", filepath.Join(notebooks, "python-sweep.ipynb"), filepath.Join(notebooks, "gonb-params.ipynb")}, &out, &errb, os.Getenv)
	if code != 0 {
		t.Fatalf("exit %d: %s", code, errb.String())
	}
	for _, want := range []string{"threshold  float  0.04     spread that makes an event", "horizons   []int    []int{63, 252}", "(go):", "(python):"} {
		if !strings.Contains(out.String(), want) {
			t.Errorf("listing lacks %q:\n%s", want, out.String())
		}
	}
}

// -log-output streams what cells print as they print it.
func TestLogOutput(t *testing.T) {
	kerneltest.Need(t, "python3")
	code, stderr := nbrun(t, "-q", "-log-output", filepath.Join(notebooks, "python-sweep.ipynb"))
	if code != 0 || !strings.Contains(stderr, "running IWM 0.04\n") {
		t.Errorf("exit %d:\n%s", code, stderr)
	}
	code, stderr = nbrun(t, "-q", "-j", "2", "-log-output", "-sweep", "ticker=A,B", "-o", t.TempDir(), filepath.Join(notebooks, "python-sweep.ipynb"))
	if code != 0 || !strings.Contains(stderr, "[python-sweep.ipynb [ticker=B]] running B 0.04") {
		t.Errorf("-j 2: exit %d:\n%s", code, stderr)
	}
}

// -merge with a shard whose summary is missing is bad input (exit 2), not
// a write failure (6), and writes no merged summary.
func TestMergeMissingSummary(t *testing.T) {
	merged := t.TempDir()
	code, stderr := nbrun(t, "-merge", "-o", merged, t.TempDir())
	if code != exitUsage {
		t.Errorf("exit %d, want %d: %s", code, exitUsage, stderr)
	}
	if !strings.Contains(stderr, "summary.csv") {
		t.Errorf("stderr does not name the missing summary: %s", stderr)
	}
	if _, err := os.Stat(filepath.Join(merged, "summary.csv")); err == nil {
		t.Error("a merged summary was written")
	}
}
