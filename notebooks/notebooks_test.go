// Package notebooks_test executes every notebook here with nbrun -check:
// they must run on any data in a supported layout, and, when the data is
// the data the committed outputs were made from (the archive, recorded in
// each notebook's metadata.nbrun.input_files), their committed outputs
// must be what a fresh run gives. With other data the outputs are not
// compared, and the test says so and why.
package notebooks_test

import (
	"bytes"
	"errors"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"sync"
	"testing"

	"github.com/rotationlab/rotation/analysis/marketdata"
	"github.com/rotationlab/rotation/internal/realdata"
	"github.com/rotationlab/rotation/jupyter/kernel"
	"github.com/rotationlab/rotation/jupyter/nbcache"
	"github.com/rotationlab/rotation/jupyter/nbformat"
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

var (
	buildOnce sync.Once
	binDir    string
	buildErr  error
)

// nbrunBinary builds cmd/nbrun once for the tests here.
func nbrunBinary(t *testing.T) string {
	t.Helper()
	buildOnce.Do(func() {
		binDir, buildErr = os.MkdirTemp("", "notebooks-test-")
		if buildErr != nil {
			return
		}
		if out, err := exec.Command("go", "build", "-o", filepath.Join(binDir, "nbrun"), "../cmd/nbrun").CombinedOutput(); err != nil {
			buildErr = errors.New(string(out))
		}
	})
	if buildErr != nil {
		t.Fatalf("building nbrun: %v", buildErr)
	}
	return filepath.Join(binDir, "nbrun")
}

func TestMain(m *testing.M) {
	code := m.Run()
	if binDir != "" {
		os.RemoveAll(binDir)
	}
	os.Exit(code)
}

// needKernel skips without GoNB's kernelspec.
func needKernel(t *testing.T) {
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

// check runs nbrun -check on the notebooks with ROTATION_DATA=dir and
// returns its exit code and standard error.
func check(t *testing.T, dir string, nbs []string) (int, string) {
	t.Helper()
	abs, err := filepath.Abs(dir)
	if err != nil {
		t.Fatal(err)
	}
	cmd := exec.Command(nbrunBinary(t), append([]string{"-check", "-no-timing", "-j", "2"}, nbs...)...)
	cmd.Env = append(os.Environ(), "ROTATION_DATA="+abs)
	var stderr bytes.Buffer
	cmd.Stderr = &stderr
	err = cmd.Run()
	for _, line := range strings.Split(stderr.String(), "\n") {
		if strings.Contains(line, "done in") {
			t.Log(line)
		}
	}
	var ee *exec.ExitError
	switch {
	case err == nil:
		return 0, stderr.String()
	case errors.As(err, &ee):
		return ee.ExitCode(), stderr.String()
	}
	t.Fatalf("nbrun: %v\n%s", err, stderr.String())
	return 0, ""
}

// Every notebook runs on the data found (the archive in CI, the user's own
// elsewhere). Outputs are compared notebook by notebook when the data is
// the recorded data; otherwise that notebook's subtest skips and says
// which files differ.
func TestNotebooksRunAndAreCurrent(t *testing.T) {
	needKernel(t)
	dir := realdata.Dir(t)
	nbs := notebooks(t)
	abs, err := filepath.Abs(dir)
	if err != nil {
		t.Fatal(err)
	}
	differs := dataDiffers(t, nbs, abs)
	code, stderr := check(t, dir, nbs)
	if code != 0 && code != 5 {
		t.Fatalf("a notebook did not run: nbrun exit %d:\n%s", code, stderr)
	}
	for _, p := range nbs {
		t.Run("outputs/"+p, func(t *testing.T) {
			if d, ok := differs[p]; ok {
				if !strings.Contains(stderr, p+": ran; outputs not compared") {
					t.Errorf("nbrun did not say it left %s's outputs uncompared:\n%s", p, stderr)
				}
				t.Skipf("outputs not compared: the data in $ROTATION_DATA is not the data the committed outputs were made from (%s); the notebook ran without error", shortDiff(d))
			}
			if !strings.Contains(stderr, p+": outputs are current") {
				t.Errorf("committed outputs of %s are stale (make notebooks on the archive data, and commit):\n%s", p, stderr)
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
	found := realdata.Dir(t)
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
	code, stderr := check(t, dir, nbs)
	if code != 0 {
		t.Fatalf("nbrun -check on other data: exit %d, want 0 (every notebook runs; outputs not compared):\n%s", code, stderr)
	}
	for _, p := range nbs {
		if !strings.Contains(stderr, p+": ran; outputs not compared") || !strings.Contains(stderr, "IWM.csv: ") {
			t.Errorf("nbrun did not say why %s's outputs were not compared:\n%s", p, stderr)
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
			case filepath.IsAbs(f.File) || strings.Contains(f.File, "/") || strings.Contains(f.File, `\`):
				t.Errorf("%s: %q is not a file name relative to $ROTATION_DATA", p, f.File)
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
	dir := realdata.Dir(t)
	out := t.TempDir()
	cmd := exec.Command(nbrunBinary(t), "-q", "-no-timing", "-p", "horizons=21,63,252", "-o", out, "03-events.ipynb")
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
	wants := []string{"21 trading days  IWM mean", "(article none)", "(article +5.9%)", "(article +13.6%)"}
	if len(dataDiffers(t, []string{"03-events.ipynb"}, abs)) == 0 {
		// The archive's figures, as the committed notebook shows them.
		wants = append(wants, "63 trading days  IWM mean  +4.42% (article +5.9%)", "252 trading days IWM mean +12.74% (article +13.6%)")
	}
	for _, want := range wants {
		if !strings.Contains(page, want) {
			t.Errorf("notebook 3 with horizons 21,63,252 lacks %q", want)
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
