// Package notebooks_test executes every notebook here as nbrun -check
// does, through package runner:
// they must run on any data in a supported layout, and, when the data is
// the data the committed outputs were made from (the archive, recorded in
// each notebook's metadata.nbrun.input_files), their committed outputs
// must be what a fresh run gives. With other data the outputs are not
// compared, and the test says so and why.
package notebooks_test

import (
	"context"
	"os"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"testing"

	"github.com/rotationlab/rotation/analysis/marketdata"
	"github.com/rotationlab/rotation/analysis/marketdata/marketdatatest"
	"github.com/rotationlab/rotation/jupyter/kernel"
	"github.com/rotationlab/rotation/jupyter/nbcache"
	"github.com/rotationlab/rotation/jupyter/nbformat"
	"github.com/rotationlab/rotation/jupyter/params"
	"github.com/rotationlab/rotation/jupyter/runner"
)

// notebooks returns the committed notebooks.
func notebooks(t *testing.T) []string {
	t.Helper()
	nbs, err := filepath.Glob("0*.ipynb")
	if err != nil || len(nbs) == 0 {
		t.Fatalf("no notebooks: %v", err)
	}
	return nbs
}

// needKernel skips without GoNB's kernelspec.
func needKernel(t testing.TB) {
	t.Helper()
	if testing.Short() {
		t.Skip("executes notebooks (-short)")
	}
	if _, err := kernel.Find("gonb", os.Getenv); err != nil {
		t.Skipf("GoNB kernelspec not installed (make tools): %v", err)
	}
}

// dataDiffers lists, per notebook, how the files its inputs resolve to
// with ROTATION_DATA=dir differ from the files its committed outputs were
// made from; a notebook on the recorded data is not in the map.
func dataDiffers(t *testing.T, nbs []string, dir string) map[string][]string {
	t.Helper()
	getenv := func(k string) string {
		if k == "ROTATION_DATA" {
			return dir
		}
		return os.Getenv(k)
	}
	out := map[string][]string{}
	for _, p := range nbs {
		nb, err := nbformat.ReadFile(p)
		if err != nil {
			t.Fatal(err)
		}
		then, ok, err := nbcache.Recorded(nb)
		if err != nil || !ok {
			t.Fatalf("%s: no record of the data its outputs were made from (make notebooks): %v", p, err)
		}
		now, err := nbcache.ResolveInputs(nb, p, getenv)
		if err != nil {
			t.Fatal(err)
		}
		if d := nbcache.DiffInputs(then, now); len(d) > 0 {
			out[p] = d
		}
	}
	return out
}

// checked is what a -check run of the notebooks gave.
type checked struct {
	status runner.Status
	// current holds the notebooks whose outputs are what a fresh run
	// gives; notCompared, by notebook, why the outputs were not compared.
	current     map[string]bool
	notCompared map[string]string
	// problems are the runs' failures, as nbrun prints them.
	problems []string
}

// withData runs the notebooks as nbrun -no-timing -j 2 does, with
// ROTATION_DATA=dir for the kernels and for the inputs they declare;
// opt.Progress, when set, sees the events too.
func withData(t testing.TB, dir string, opt runner.Options) (*runner.Report, checked) {
	t.Helper()
	abs, err := filepath.Abs(dir)
	if err != nil {
		t.Fatal(err)
	}
	opt.NoTiming, opt.Jobs = true, 2
	opt.Env = []string{"ROTATION_DATA=" + abs}
	opt.Getenv = func(k string) string {
		if k == "ROTATION_DATA" {
			return abs
		}
		return os.Getenv(k)
	}
	c := checked{current: map[string]bool{}, notCompared: map[string]string{}}
	also := opt.Progress
	opt.Progress = func(e runner.Event) {
		if also != nil {
			also(e)
		}
		switch e := e.(type) {
		case *runner.Compared:
			if e.Current {
				c.current[e.Job.Notebook] = true
			} else {
				c.notCompared[e.Job.Notebook] = e.Why
			}
		case *runner.Executed:
			if _, bench := t.(*testing.B); bench {
				break // a benchmark's log would be printed
			}
			t.Logf("%s: done in %.1fs", e.Job.Label(), e.Elapsed.Seconds())
		case *runner.Problem:
			c.problems = append(c.problems, e.Err.Error())
		}
	}
	plan, err := runner.NewPlan(opt)
	if err != nil {
		t.Fatal(err)
	}
	rep, err := plan.Run(context.Background())
	if err != nil {
		t.Fatalf("nbrun: %v", err)
	}
	c.status = rep.Status()
	return rep, c
}

// check runs the notebooks with -check on the data in dir.
func check(t *testing.T, dir string, nbs []string) checked {
	t.Helper()
	_, c := withData(t, dir, runner.Options{Notebooks: nbs, Check: true})
	return c
}

// Every notebook runs on the data found (the archive in CI, the user's own
// elsewhere). Outputs are compared notebook by notebook when the data is
// the recorded data; otherwise that notebook's subtest skips and says
// which files differ.
func TestNotebooksRunAndAreCurrent(t *testing.T) {
	needKernel(t)
	dir := marketdatatest.RealDir(t)
	nbs := notebooks(t)
	abs, err := filepath.Abs(dir)
	if err != nil {
		t.Fatal(err)
	}
	differs := dataDiffers(t, nbs, abs)
	c := check(t, dir, nbs)
	if c.status != runner.StatusOK && c.status != runner.StatusStale {
		t.Fatalf("a notebook did not run: %v:\n%s", c.status, strings.Join(c.problems, "\n"))
	}
	for _, p := range nbs {
		t.Run("outputs/"+p, func(t *testing.T) {
			if d, ok := differs[p]; ok {
				if _, said := c.notCompared[p]; !said {
					t.Errorf("nbrun did not say it left %s's outputs uncompared:\n%s", p, strings.Join(c.problems, "\n"))
				}
				t.Skipf("outputs not compared: the data in $ROTATION_DATA is not the data the committed outputs were made from (%s); the notebook ran without error", shortDiff(d))
			}
			if !c.current[p] {
				t.Errorf("committed outputs of %s are stale (make notebooks on the archive data, and commit):\n%s", p, strings.Join(c.problems, "\n"))
			}
		})
	}
}

// shortDiff names the first differing file in full and counts the rest.
func shortDiff(d []string) string {
	if len(d) == 1 {
		return d[0]
	}
	return d[0] + ", and " + strconv.Itoa(len(d)-1) + " more"
}

// The user's data: the data found (the archive in CI) with IWM.csv
// rewritten in Stooq's layout (no raw closes; the adjusted prices, and so
// the study's other figures, unchanged). Every notebook runs without
// error, none has its outputs compared, and nbrun names the file that
// differs.
func TestNotebooksRunOnOtherData(t *testing.T) {
	needKernel(t)
	found := marketdatatest.RealDir(t)
	nbs := notebooks(t)
	dir := t.TempDir()
	ents, err := os.ReadDir(found)
	if err != nil {
		t.Fatal(err)
	}
	for _, e := range ents {
		if !strings.HasSuffix(e.Name(), ".csv") {
			continue
		}
		var b []byte
		if e.Name() == "IWM.csv" {
			b = stooqLayout(t, filepath.Join(found, e.Name()))
		} else if b, err = os.ReadFile(filepath.Join(found, e.Name())); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(filepath.Join(dir, e.Name()), b, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	differs := dataDiffers(t, nbs, dir)
	if len(differs) != len(nbs) {
		t.Fatalf("IWM.csv changed, yet only %d of %d notebooks see other data", len(differs), len(nbs))
	}
	c := check(t, dir, nbs)
	if c.status != runner.StatusOK {
		t.Fatalf("nbrun -check on other data: %v, want ok (every notebook runs; outputs not compared):\n%s", c.status, strings.Join(c.problems, "\n"))
	}
	for _, p := range nbs {
		if why, said := c.notCompared[p]; !said || !strings.Contains(why, "IWM.csv: ") {
			t.Errorf("nbrun did not say why %s's outputs were not compared: %q", p, why)
		}
	}
}

// stooqLayout reads a price file in any layout and writes it in Stooq's
// (Date,Open,High,Low,Close,Volume, all adjusted; CRLF line ends as Stooq
// writes them; a volume of 1000, which the study does not use).
func stooqLayout(t *testing.T, path string) []byte {
	t.Helper()
	s, err := marketdata.ReadFileOHLC(path)
	if err != nil {
		t.Fatal(err)
	}
	if len(s.Open) != s.Len() || len(s.High) != s.Len() || len(s.Low) != s.Len() {
		t.Fatalf("%s: no opens, highs and lows to write in Stooq's layout", path)
	}
	num := func(x float64) string { return strconv.FormatFloat(x, 'f', -1, 64) }
	var b strings.Builder
	b.WriteString("Date,Open,High,Low,Close,Volume\r\n")
	for i, d := range s.Dates {
		b.WriteString(strings.Join([]string{marketdata.FormatDate(d), num(s.Open[i]), num(s.High[i]), num(s.Low[i]), num(s.Adjusted[i]), "1000"}, ",") + "\r\n")
	}
	return []byte(b.String())
}

// Each committed notebook records the files its outputs were made from:
// one per declared input, present, named relative to $ROTATION_DATA (no
// path of a machine), with its size and SHA-256.
func TestCommittedNotebooksRecordTheirData(t *testing.T) {
	for _, p := range notebooks(t) {
		nb, err := nbformat.ReadFile(p)
		if err != nil {
			t.Fatal(err)
		}
		rec, ok, err := nbcache.Recorded(nb)
		if err != nil || !ok {
			t.Errorf("%s: no metadata.nbrun.input_files (regenerate with make notebooks): %v", p, err)
			continue
		}
		meta, _ := nb.Metadata["nbrun"].(map[string]any)
		declared, _ := meta["inputs"].([]any)
		if len(rec) != len(declared) {
			t.Errorf("%s: %d files recorded for %d declared inputs", p, len(rec), len(declared))
		}
		for _, f := range rec {
			switch {
			case f.Missing:
				t.Errorf("%s: %s was missing when its outputs were made", p, f.File)
			case filepath.IsAbs(f.File) || strings.Contains(strings.TrimPrefix(f.File, "../indices/"), "/") || strings.Contains(f.File, `\`):
				// A price file's name, or an index file's in the indices
				// directory beside the prices.
				t.Errorf("%s: %q is not a file name relative to $ROTATION_DATA (or ../indices/NAME.csv beside it)", p, f.File)
			case f.Size <= 0 || len(f.SHA256) != 64:
				t.Errorf("%s: %s recorded with size %d and sha256 %q", p, f.File, f.Size, f.SHA256)
			}
		}
	}
}

// Notebook 3 with horizons of the user's own: the article's figures stand
// beside the horizons it quotes (3 and 12 months), matched by horizon, and
// beside no other (it used to index them by position and fail).
func TestEventsNotebookOtherHorizons(t *testing.T) {
	needKernel(t)
	dir := marketdatatest.RealDir(t)
	out := t.TempDir()
	rep, c := withData(t, dir, runner.Options{Notebooks: []string{"03-events.ipynb"}, OutDir: out,
		Params: []params.Value{{Name: "horizons", Raw: "21,63,252"}}})
	if err := rep.Results[0].Err; err != nil {
		t.Fatalf("nbrun: %v\n%s", err, strings.Join(c.problems, "\n"))
	}
	abs, _ := filepath.Abs(dir)
	b, err := os.ReadFile(filepath.Join(out, "03-events.ipynb"))
	if err != nil {
		t.Fatal(err)
	}
	// The table's HTML, as it stands in the notebook's JSON.
	page := strings.ReplaceAll(string(b), `\"`, `"`)
	// A cell, whatever its style: td(text) matches <td …>text</td>.
	td := func(text string) string { return `<td(?: style="[^"]*")?>` + text + `</td>` }
	num := td(`[^<]*`)
	wants := []string{td("21 trading days") + num + td("none"), td("63 trading days") + num + td(`\+5\.9%`),
		td("252 trading days") + num + td(`\+13\.6%`)}
	if len(dataDiffers(t, []string{"03-events.ipynb"}, abs)) == 0 {
		// The archive's figures, as the committed notebook shows them.
		wants = append(wants, td("63 trading days")+td(`4\.42%`)+td(`\+5\.9%`),
			td("252 trading days")+td(`12\.74%`)+td(`\+13\.6%`))
	}
	for _, want := range wants {
		if !regexp.MustCompile(want).MatchString(page) {
			t.Errorf("notebook 3 with horizons 21,63,252 lacks a row matching %q", want)
		}
	}
}

// The README's table of the data the committed outputs were made from is
// the notebooks' own record: every recorded file, with its size and the
// start of its SHA-256.
func TestReadmeNamesTheRecordedData(t *testing.T) {
	b, err := os.ReadFile(filepath.Join("..", "README.md"))
	if err != nil {
		t.Fatal(err)
	}
	readme := string(b)
	seen := map[string]bool{}
	for _, p := range notebooks(t) {
		nb, err := nbformat.ReadFile(p)
		if err != nil {
			t.Fatal(err)
		}
		rec, _, err := nbcache.Recorded(nb)
		if err != nil {
			t.Fatal(err)
		}
		for _, f := range rec {
			if seen[f.File] {
				continue
			}
			seen[f.File] = true
			row := regexp.MustCompile("(?m)^\\| `" + regexp.QuoteMeta(f.File) + "` \\|.*\\| (\\d+) \\| `([0-9a-f]+)…` \\|$").FindStringSubmatch(readme)
			if row == nil {
				t.Errorf("README.md has no row for %s (recorded by %s)", f.File, p)
				continue
			}
			if row[1] != strconv.FormatInt(f.Size, 10) || !strings.HasPrefix(f.SHA256, row[2]) || len(row[2]) < 12 {
				t.Errorf("README.md: %s %s bytes, sha256 %s…; %s records %d bytes, sha256 %s", f.File, row[1], row[2], p, f.Size, f.SHA256)
			}
		}
	}
	if len(seen) == 0 {
		t.Fatal("no recorded files")
	}
}
