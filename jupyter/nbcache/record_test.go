package nbcache_test

import (
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"

	"github.com/rotationlab/rotation/jupyter/nbcache"
	"github.com/rotationlab/rotation/jupyter/nbformat"
)

// The record names each file relative to its variable, or to the notebook
// when the pattern has none, whichever directory the variable points at;
// a pattern that matches nothing is recorded as missing.
func TestResolveInputs(t *testing.T) {
	root := module(t)
	elsewhere := t.TempDir()
	mine := "date,close\n2024-01-02,1\n"
	if err := os.WriteFile(filepath.Join(elsewhere, "IWM.csv"), []byte(mine), 0o644); err != nil {
		t.Fatal(err)
	}
	nbPath := filepath.Join(root, "notebooks", "n.ipynb")
	for _, c := range []struct {
		name     string
		inputs   []any
		env      map[string]string
		want     []string // input|file|size
		wantMiss []string
	}{
		{"default of the variable", []any{"${DATA:-../data}/IWM.csv"}, nil, []string{"${DATA:-../data}/IWM.csv|IWM.csv|11"}, nil},
		{"the variable set", []any{"${DATA:-../data}/IWM.csv"}, map[string]string{"DATA": elsewhere}, []string{"${DATA:-../data}/IWM.csv|IWM.csv|" + strconv.Itoa(len(mine))}, nil},
		{"no variable", []any{"../data/*.csv"}, nil, []string{"../data/*.csv|../data/IWM.csv|11"}, nil},
		{"missing", []any{"${DATA:-../data}/QQQ.csv"}, nil, nil, []string{"QQQ.csv"}},
	} {
		t.Run(c.name, func(t *testing.T) {
			nb := &nbformat.Notebook{Metadata: map[string]any{"nbrun": map[string]any{"inputs": c.inputs}}}
			files, err := nbcache.ResolveInputs(nb, nbPath, func(k string) string { return c.env[k] })
			if err != nil {
				t.Fatal(err)
			}
			var got, miss []string
			for _, f := range files {
				if f.Missing {
					miss = append(miss, f.File)
					continue
				}
				got = append(got, strings.Join([]string{f.Input, f.File, strconv.FormatInt(f.Size, 10)}, "|"))
				if len(f.SHA256) != 64 {
					t.Errorf("%s: sha256 %q", f.File, f.SHA256)
				}
				if strings.Contains(f.File, root) || strings.Contains(f.File, elsewhere) {
					t.Errorf("the record names a path of the machine: %s", f.File)
				}
			}
			if strings.Join(got, " ") != strings.Join(c.want, " ") || strings.Join(miss, " ") != strings.Join(c.wantMiss, " ") {
				t.Errorf("resolved %v, missing %v; want %v, missing %v", got, miss, c.want, c.wantMiss)
			}
		})
	}
}

// A record survives the notebook's metadata round trip, and DiffInputs
// names every file that differs and how.
func TestRecordAndDiff(t *testing.T) {
	a := nbcache.InputFile{Input: "${D}/IWM.csv", File: "IWM.csv", Size: 10, SHA256: strings.Repeat("a", 64)}
	b := nbcache.InputFile{Input: "${D}/QQQ.csv", File: "QQQ.csv", Size: 20, SHA256: strings.Repeat("b", 64)}
	changed := a
	changed.SHA256 = strings.Repeat("c", 64)
	gone := nbcache.InputFile{Input: b.Input, File: b.File, Size: -1, Missing: true}
	extra := nbcache.InputFile{Input: "${D}/SPY.csv", File: "SPY.csv", Size: 5, SHA256: strings.Repeat("d", 64)}

	nb := &nbformat.Notebook{Metadata: map[string]any{"nbrun": map[string]any{"inputs": []any{a.Input, b.Input}}}}
	nbcache.Record(nb, []nbcache.InputFile{a, gone})
	data, err := nbformat.Marshal(nb)
	if err != nil {
		t.Fatal(err)
	}
	back, err := nbformat.Parse(data, "n.ipynb")
	if err != nil {
		t.Fatal(err)
	}
	rec, ok, err := nbcache.Recorded(back)
	if err != nil || !ok || len(rec) != 2 || rec[0] != a || rec[1] != gone {
		t.Fatalf("recorded %+v %v %v, want %+v %+v", rec, ok, err, a, gone)
	}
	if _, ok, _ := nbcache.Recorded(&nbformat.Notebook{}); ok {
		t.Error("a notebook without a record has one")
	}

	for _, c := range []struct {
		name      string
		then, now []nbcache.InputFile
		want      []string
	}{
		{"same", []nbcache.InputFile{a, b}, []nbcache.InputFile{a, b}, nil},
		{"one changed", []nbcache.InputFile{a, b}, []nbcache.InputFile{changed, b}, []string{"IWM.csv: 10 bytes, sha256 cccccccccccc… here; the stored outputs were made from 10 bytes, sha256 aaaaaaaaaaaa…"}},
		{"one missing", []nbcache.InputFile{a, b}, []nbcache.InputFile{a, gone}, []string{"QQQ.csv: missing here; the stored outputs were made from 20 bytes"}},
		{"one more", []nbcache.InputFile{a}, []nbcache.InputFile{a, extra}, []string{"SPY.csv: not among the files"}},
		{"one fewer", []nbcache.InputFile{a, b}, []nbcache.InputFile{a}, []string{"QQQ.csv: the stored outputs were made from it"}},
	} {
		t.Run(c.name, func(t *testing.T) {
			got := nbcache.DiffInputs(c.then, c.now)
			if len(got) != len(c.want) {
				t.Fatalf("diff %q, want %d lines", got, len(c.want))
			}
			for i := range got {
				if !strings.HasPrefix(got[i], c.want[i]) {
					t.Errorf("line %d: %q, want it to start %q", i, got[i], c.want[i])
				}
			}
		})
	}
}
