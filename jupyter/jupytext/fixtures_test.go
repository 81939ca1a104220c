package jupytext_test

import (
	"encoding/json"
	"os"
	"path/filepath"
	"reflect"
	"regexp"
	"slices"
	"strings"
	"testing"

	"github.com/rotationlab/rotation/internal/nbvalidate"
	"github.com/rotationlab/rotation/jupyter/jupytext"
	"github.com/rotationlab/rotation/jupyter/nbformat"
)

// fixture is one of jupytext's pairs: a notebook and the percent script
// jupytext writes for it (see testdata/README.md).
type fixture struct {
	name, ipynb, script string
	lang                jupytext.Language
}

func fixtures(t *testing.T) []fixture {
	t.Helper()
	var fs []fixture
	for _, dir := range []struct {
		in   string
		ext  string
		lang jupytext.Language
	}{{"ipynb_py", ".py", jupytext.Python}, {"ipynb_go", ".go.txt", jupytext.Go}} {
		paths, err := filepath.Glob(filepath.Join("testdata", "inputs", dir.in, "*.ipynb"))
		if err != nil {
			t.Fatal(err)
		}
		for _, p := range paths {
			base := strings.TrimSuffix(filepath.Base(p), ".ipynb")
			fs = append(fs, fixture{
				name:   base,
				ipynb:  p,
				script: filepath.Join("testdata", "outputs", "ipynb_to_percent", base+dir.ext),
				lang:   dir.lang,
			})
		}
	}
	if len(fs) < 25 {
		t.Fatalf("found %d fixture pairs, want 25", len(fs))
	}
	return fs
}

func readScript(t *testing.T, f fixture) *nbformat.Notebook {
	t.Helper()
	file, err := os.Open(f.script)
	if err != nil {
		t.Fatal(err)
	}
	defer file.Close()
	nb, err := jupytext.Read(file, jupytext.Options{Language: f.lang, Name: f.script})
	if err != nil {
		t.Fatal(err)
	}
	return nb
}

// ignoredCellKeys are the cell metadata jupytext's compare_notebooks leaves
// out (its _IGNORE_CELL_METADATA): kept in the .ipynb only, or jupytext's
// own layout keys of the text file.
var ignoredCellKeys = []string{
	"autoscroll", "collapsed", "scrolled", "trusted", "execution", "ExecuteTime",
	"skipline", "noskipline", "cell_marker", "lines_to_next_cell", "lines_to_end_of_cell_marker",
}

// notebookKeys are the notebook metadata jupytext writes into the text
// header by default (its _DEFAULT_NOTEBOOK_METADATA, less "jupytext").
var notebookKeys = []string{"kernelspec", "kernel_info", "orphan", "tocdepth"}

func filtered(m map[string]any, drop func(string) bool) map[string]any {
	out := map[string]any{}
	for k, v := range m {
		if !drop(k) {
			out[k] = v
		}
	}
	return out
}

var blankLine = regexp.MustCompile(`^\s*$`)

func nonBlankLines(s string) []string {
	var out []string
	for _, l := range strings.Split(s, "\n") {
		if !blankLine.MatchString(l) {
			out = append(out, l)
		}
	}
	return out
}

// TestFixturesMatchNotebooks reads each of jupytext's percent scripts and
// compares the notebook with the .ipynb jupytext wrote it from, as
// jupytext's own test_ipynb_to_percent does (compare_notebooks with
// allow_expected_differences): the same number of cells; for each, the
// same type, the same metadata less ignoredCellKeys, and the same source,
// where the .ipynb's may have one more final blank line; and the same
// notebook metadata among notebookKeys. Outputs and ids are not compared:
// the text holds neither (jupytext compares them only after copying them
// from the .ipynb). The read notebook must also write and parse back.
func TestFixturesMatchNotebooks(t *testing.T) {
	for _, f := range fixtures(t) {
		t.Run(f.name, func(t *testing.T) {
			want, err := nbformat.ReadFile(f.ipynb)
			if err != nil {
				t.Fatal(err)
			}
			got := readScript(t, f)
			if len(got.Cells) != len(want.Cells) {
				for i, c := range got.Cells {
					t.Logf("got cell %d %s %q", i, c.Type, c.Source)
				}
				t.Fatalf("%d cells, want %d", len(got.Cells), len(want.Cells))
			}
			for i, w := range want.Cells {
				g := got.Cells[i]
				if g.Type != w.Type {
					t.Errorf("cell %d: type %s, want %s", i, g.Type, w.Type)
				}
				drop := func(k string) bool { return slices.Contains(ignoredCellKeys, k) }
				if gm, wm := filtered(g.Metadata, drop), filtered(w.Metadata, drop); !reflect.DeepEqual(gm, wm) {
					t.Errorf("cell %d: metadata\n got %s\nwant %s", i, js(gm), js(wm))
				}
				if !slices.Equal(nonBlankLines(g.Source), nonBlankLines(w.Source)) || !sameSource(g.Source, w.Source) {
					t.Errorf("cell %d: source\n got %q\nwant %q", i, g.Source, w.Source)
				}
			}
			keep := func(k string) bool { return !slices.Contains(notebookKeys, k) }
			if gm, wm := filtered(got.Metadata, keep), filtered(want.Metadata, keep); !reflect.DeepEqual(gm, wm) {
				t.Errorf("notebook metadata\n got %s\nwant %s", js(gm), js(wm))
			}
			b, err := nbformat.Marshal(got)
			if err != nil {
				t.Fatal(err)
			}
			if _, err := nbformat.Parse(b, f.name); err != nil {
				t.Fatalf("the notebook read does not parse back: %v", err)
			}
		})
	}
}

// sameSource is compare_notebooks' same_content: equal, or the expected
// source is the actual one plus one final blank line.
func sameSource(got, want string) bool {
	if got == want {
		return true
	}
	w := splitPyLines(want)
	g := splitPyLines(got)
	return len(w) > 0 && slices.Equal(w[:len(w)-1], g) && blankLine.MatchString(w[len(w)-1])
}

func splitPyLines(s string) []string {
	s = strings.TrimSuffix(s, "\n")
	if s == "" {
		return nil
	}
	return strings.Split(s, "\n")
}

func js(v any) string {
	b, _ := json.Marshal(v)
	return string(b)
}

// TestNotebooksValidate writes the notebooks read from the fixtures and
// validates them with Jupyter's nbformat (internal/nbvalidate; skipped
// without it), and checks on the JSON written, which nbformat.read would
// repair, that they are nbformat 4.5 with a valid, unique id in every cell.
func TestNotebooksValidate(t *testing.T) {
	dir := t.TempDir()
	var paths []string
	idRE := regexp.MustCompile(`^[a-zA-Z0-9_-]{1,64}$`)
	for _, f := range fixtures(t) {
		b, err := nbformat.Marshal(readScript(t, f))
		if err != nil {
			t.Fatal(err)
		}
		var raw struct {
			Minor int `json:"nbformat_minor"`
			Cells []struct {
				ID *string `json:"id"`
			} `json:"cells"`
		}
		if err := json.Unmarshal(b, &raw); err != nil {
			t.Fatal(err)
		}
		seen := map[string]bool{}
		for i, c := range raw.Cells {
			if c.ID == nil || !idRE.MatchString(*c.ID) || seen[*c.ID] {
				t.Errorf("%s: cell %d: missing, bad or repeated id", f.name, i)
				continue
			}
			seen[*c.ID] = true
		}
		if raw.Minor != 5 {
			t.Errorf("%s: nbformat 4.%d, want 4.5", f.name, raw.Minor)
		}
		p := filepath.Join(dir, f.name+".ipynb")
		if err := os.WriteFile(p, b, 0o644); err != nil {
			t.Fatal(err)
		}
		paths = append(paths, p)
	}
	nbvalidate.Files(t, paths...)
}

// TestScriptsToNotebooks is jupytext's test_percent_to_ipynb and
// test_hydrogen_to_ipynb: the notebook read from each script is, exactly,
// the .ipynb jupytext wrote from it (testdata/outputs/script_to_ipynb):
// cells with all their metadata (jupytext's layout keys too), and the
// notebook metadata, jupytext's filters included. Two differences are
// jupytext's test set-up, not the reading: jupytext's tests leave
// text_representation out, and a cell metadata filter lists its keys in
// Python's set order, so the filter's keys are compared as a set.
func TestScriptsToNotebooks(t *testing.T) {
	for _, script := range []string{"inputs/percent/hydrogen.py", "inputs/hydrogen/hydrogen_latex_html_R_magics.py"} {
		t.Run(script, func(t *testing.T) {
			got, err := jupytext.ReadFile(filepath.Join("testdata", script))
			if err != nil {
				t.Fatal(err)
			}
			base := strings.TrimSuffix(filepath.Base(script), ".py")
			want, err := nbformat.ReadFile(filepath.Join("testdata", "outputs", "script_to_ipynb", base+".ipynb"))
			if err != nil {
				t.Fatal(err)
			}
			if len(got.Cells) != len(want.Cells) {
				t.Fatalf("%d cells, want %d", len(got.Cells), len(want.Cells))
			}
			for i, w := range want.Cells {
				g := got.Cells[i]
				if g.Type != w.Type || g.Source != w.Source || !reflect.DeepEqual(g.Metadata, w.Metadata) {
					t.Errorf("cell %d:\n got %s %q %s\nwant %s %q %s", i, g.Type, g.Source, js(g.Metadata), w.Type, w.Source, js(w.Metadata))
				}
			}
			gjt, _ := got.Metadata["jupytext"].(map[string]any)
			wjt, _ := want.Metadata["jupytext"].(map[string]any)
			delete(gjt, "text_representation")
			for _, m := range []map[string]any{gjt, wjt} {
				if f, ok := m["cell_metadata_filter"].(string); ok {
					keys := strings.Split(f, ",")
					slices.Sort(keys)
					m["cell_metadata_filter"] = strings.Join(keys, ",")
				}
			}
			if !reflect.DeepEqual(got.Metadata, want.Metadata) {
				t.Errorf("notebook metadata\n got %s\nwant %s", js(got.Metadata), js(want.Metadata))
			}
		})
	}
}
