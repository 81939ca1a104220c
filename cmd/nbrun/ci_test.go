package main

import (
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/rotationlab/rotation/jupyter/kernel/kerneltest"
	"github.com/rotationlab/rotation/jupyter/nbformat"
)

// writeNB writes a notebook built in code into dir.
func writeNB(t *testing.T, dir, name, kernel string, cells ...*nbformat.Cell) string {
	t.Helper()
	lang := map[string]string{"python3": "python", "gonb": "go"}[kernel]
	nb := &nbformat.Notebook{Format: 4, Minor: 5, Metadata: map[string]any{"kernelspec": map[string]any{"name": kernel, "display_name": kernel, "language": lang}}, Cells: cells}
	p := filepath.Join(dir, name)
	if err := nbformat.WriteFile(p, nb); err != nil {
		t.Fatal(err)
	}
	return p
}

func codeCell(id, src string, tags ...string) *nbformat.Cell {
	c := &nbformat.Cell{ID: id, Type: nbformat.Code, Source: src, Metadata: map[string]any{}}
	if len(tags) > 0 {
		var ts []any
		for _, tg := range tags {
			ts = append(ts, tg)
		}
		c.Metadata["tags"] = ts
	}
	return c
}

// -check: exit 0 when the stored outputs are what a fresh run gives, 5 with
// a readable diff when they are not; ignored cells are run, not compared.
func TestCheck(t *testing.T) {
	for _, k := range []struct{ kernel, print, now string }{
		{"python3", "print('mean', 2 + 2)", "import time; print(time.time())"},
		{"gonb", "%%\nfmt.Println(\"mean\", 2+2)", "%%\nfmt.Println(time.Now().UnixNano())"},
	} {
		t.Run(k.kernel, func(t *testing.T) {
			kerneltest.Need(t, k.kernel)
			dir := t.TempDir()
			p := writeNB(t, dir, "c.ipynb", k.kernel,
				codeCell("result", k.print),
				codeCell("clock", k.now, "nbrun-ignore-output"))
			if code, stderr := nbrun(t, "-q", "-no-timing", "-inplace", p); code != 0 {
				t.Fatalf("first run: exit %d: %s", code, stderr)
			}
			before, _ := os.ReadFile(p)
			code, stderr := nbrun(t, "-check", p)
			if code != exitOK || !strings.Contains(stderr, "outputs are current") {
				t.Errorf("current notebook: exit %d:\n%s", code, stderr)
			}
			if after, _ := os.ReadFile(p); string(after) != string(before) {
				t.Error("-check changed the notebook")
			}
			// Make the stored output stale.
			stale := strings.Replace(string(before), "mean 4", "mean 5", 1)
			if stale == string(before) {
				t.Fatalf("no output to change in:\n%s", before)
			}
			os.WriteFile(p, []byte(stale), 0o644)
			out := t.TempDir()
			code, stderr = nbrun(t, "-q", "-check", "-o", out, p)
			for _, want := range []string{"1 cell with outputs that differ", "cell 1 (", "-mean 5", "+mean 4"} {
				if !strings.Contains(stderr, want) {
					t.Errorf("stale: stderr lacks %q:\n%s", want, stderr)
				}
			}
			if code != exitStale {
				t.Errorf("stale notebook: exit %d, want %d", code, exitStale)
			}
			fresh, _ := os.ReadFile(filepath.Join(out, "c.ipynb"))
			if !strings.Contains(string(fresh), "mean 4") {
				t.Error("-check -o did not write the fresh notebook")
			}
		})
	}
	if code, _ := nbrun(t, "-check", "-inplace", "x.ipynb"); code != exitUsage {
		t.Errorf("-check -inplace: exit %d", code)
	}
}

// -cache: an unchanged notebook is not run again and gives the same bytes;
// a changed cell, -force, or a corrupt entry runs it.
func TestCache(t *testing.T) {
	kerneltest.Need(t, "python3")
	dir := t.TempDir()
	cache := filepath.Join(t.TempDir(), "cache")
	p := writeNB(t, dir, "c.ipynb", "python3", codeCell("a", "print(6 * 7)"))
	out2 := t.TempDir()
	code, stderr := nbrun(t, "-no-timing", "-cache", cache, "-o", out2, p)
	if code != 0 || strings.Contains(stderr, "cached") {
		t.Fatalf("first run: exit %d:\n%s", code, stderr)
	}
	a, _ := os.ReadFile(filepath.Join(out2, "c.ipynb"))
	code, stderr = nbrun(t, "-no-timing", "-cache", cache, "-o", out2, p)
	if code != 0 || !strings.Contains(stderr, "c.ipynb: cached") || strings.Contains(stderr, "kernel python3 started") {
		t.Errorf("second run: exit %d:\n%s", code, stderr)
	}
	b, _ := os.ReadFile(filepath.Join(out2, "c.ipynb"))
	if string(a) != string(b) {
		t.Errorf("a cache hit gave other bytes than the run:\n%s\n%s", a, b)
	}
	if _, stderr := nbrun(t, "-no-timing", "-cache", cache, "-force", "-o", out2, p); !strings.Contains(stderr, "kernel python3 started") {
		t.Errorf("-force did not run:\n%s", stderr)
	}
	// A parameter or an edited cell is another key.
	p2 := writeNB(t, dir, "c.ipynb", "python3", codeCell("a", "print(6 * 9)"))
	if _, stderr := nbrun(t, "-no-timing", "-cache", cache, "-o", out2, p2); strings.Contains(stderr, "cached") {
		t.Errorf("an edited cell was served from the cache:\n%s", stderr)
	}
	// A corrupt entry is a miss, not an error.
	ents, _ := os.ReadDir(cache)
	for _, e := range ents {
		os.WriteFile(filepath.Join(cache, e.Name()), []byte("{"), 0o644)
	}
	if code, stderr := nbrun(t, "-no-timing", "-cache", cache, "-o", out2, p2); code != 0 || strings.Contains(stderr, "cached") {
		t.Errorf("corrupt entry: exit %d:\n%s", code, stderr)
	}
}

// Limits for a whole notebook, from the flag or nbmake's
// metadata.execution.timeout, and a cell's own metadata.nbrun.timeout: on
// expiry the cell is interrupted, the partial notebook kept, exit 4.
func TestNotebookTimeouts(t *testing.T) {
	for _, k := range []struct{ kernel, sleep, quick string }{
		{"python3", "import time\nwhile True: time.sleep(0.05)", "print('quick')"},
		{"gonb", "%%\nfor {\n\ttime.Sleep(50 * time.Millisecond)\n}", "%%\nfmt.Println(\"quick\")"},
	} {
		t.Run(k.kernel, func(t *testing.T) {
			kerneltest.Need(t, k.kernel)
			dir := t.TempDir()
			p := writeNB(t, dir, "slow.ipynb", k.kernel, codeCell("quick", k.quick), codeCell("slow", k.sleep), codeCell("after", k.quick))
			// The limit must leave the quick cell time to finish: on a
			// busy machine (or with a cold build cache for GoNB) 4 s may
			// not, so the limit doubles until the quick cell's output is
			// there, up to a minute; past that the output was lost.
			for limit := 4 * time.Second; ; limit *= 2 {
				out := t.TempDir()
				code, stderr := nbrun(t, "-q", "-notebook-timeout", limit.String(), "-o", out, p)
				if code != exitTimeout || !strings.Contains(stderr, "time limit of "+limit.String()+" ran out") {
					t.Errorf("-notebook-timeout: exit %d:\n%s", code, stderr)
				}
				nb := withoutErrorCells(read(t, filepath.Join(out, "slow.ipynb")))
				if len(nb.Cells[0].Outputs) > 0 && nb.Cells[0].Outputs[0].Text == "quick\n" {
					break
				}
				if limit >= time.Minute {
					t.Errorf("the partial notebook lost the first cell's output: %+v", nb.Cells[0].Outputs)
					break
				}
				t.Logf("the quick cell did not finish within %v; again with twice the limit", limit)
			}
			// nbmake's notebook metadata.
			raw, _ := os.ReadFile(p)
			var m map[string]any
			json.Unmarshal(raw, &m)
			m["metadata"].(map[string]any)["execution"] = map[string]any{"timeout": 4}
			raw, _ = json.Marshal(m)
			os.WriteFile(p, raw, 0o644)
			if code, stderr := nbrun(t, "-q", p); code != exitTimeout {
				t.Errorf("metadata.execution.timeout: exit %d:\n%s", code, stderr)
			}
			// A cell's own limit.
			slow := codeCell("slow", k.sleep)
			slow.Metadata["nbrun"] = map[string]any{"timeout": 2}
			p2 := writeNB(t, dir, "cell.ipynb", k.kernel, slow)
			if code, stderr := nbrun(t, "-q", p2); code != exitTimeout || !strings.Contains(stderr, "timed out after 2s") {
				t.Errorf("metadata.nbrun.timeout: exit %d:\n%s", code, stderr)
			}
		})
	}
}

// The run is recorded as papermill records it.
func TestPapermillRecord(t *testing.T) {
	for _, k := range []struct{ kernel, params string }{
		{"python3", "python-params.ipynb"}, {"gonb", "gonb-params.ipynb"},
	} {
		t.Run(k.kernel, func(t *testing.T) {
			kerneltest.Need(t, k.kernel)
			src := filepath.Join(notebooks, k.params)
			out := t.TempDir()
			if code, stderr := nbrun(t, "-q", "-p", "threshold=0.05", "-o", out, src); code != 0 {
				t.Fatalf("exit %d: %s", code, stderr)
			}
			nb := read(t, filepath.Join(out, k.params))
			pm, _ := nb.Metadata["papermill"].(map[string]any)
			params, _ := pm["parameters"].(map[string]any)
			if params["threshold"] == nil || pm["input_path"] != src || pm["output_path"] != filepath.Join(out, k.params) ||
				pm["exception"] != false || pm["start_time"] == nil || pm["duration"] == nil {
				t.Errorf("metadata.papermill %v", pm)
			}
			for i, c := range nb.Cells {
				cm, _ := c.Metadata["papermill"].(map[string]any)
				if cm["status"] != "completed" || cm["exception"] != false || cm["start_time"] == nil {
					t.Errorf("cell %d: metadata.papermill %v", i, cm)
				}
			}
			// -no-timing leaves the times out.
			if code, _ := nbrun(t, "-q", "-no-timing", "-o", out, src); code != 0 {
				t.Fatal("no-timing run failed")
			}
			nb = read(t, filepath.Join(out, k.params))
			pm, _ = nb.Metadata["papermill"].(map[string]any)
			if _, has := pm["start_time"]; has {
				t.Errorf("-no-timing kept times: %v", pm)
			}
			if _, has := nb.Cells[0].Metadata["papermill"].(map[string]any)["duration"]; has {
				t.Error("-no-timing kept a cell's duration")
			}
		})
	}
}
