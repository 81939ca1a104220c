package main

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/rotationlab/rotation/analysis/marketdata/marketdatatest"
)

// stooqDir writes the fixtures as IWM (archive layout) and QQQ (Stooq's
// layout, so with no raw close) into a new directory.
func stooqDir(t *testing.T) string {
	t.Helper()
	dir := marketdatatest.PairDir(t, "IWM", "QQQ")
	marketdatatest.AsStooq(t, filepath.Join(dir, "QQQ.csv"))
	return dir
}

// badCloseDirs returns the fixtures with BBB's close of 2024-01-10 moved
// outside its range, and the untouched fixtures as a second source.
func badCloseDirs(t *testing.T) (dir, other string) {
	t.Helper()
	dir, other = marketdatatest.PairDir(t, "AAA", "BBB"), marketdatatest.PairDir(t, "AAA", "BBB")
	marketdatatest.BadClose(t, dir)
	return dir, other
}

// TestOutputGolden holds every output form of every command (text and
// JSON, with and without gaps) to a golden file, so that what writes them
// can move without changing a byte. Paths of temporary directories are
// replaced by names.
func TestOutputGolden(t *testing.T) {
	article := marketdatatest.PairDir(t, "IWM", "QQQ")
	gapArticle := t.TempDir()
	for from, to := range map[string]string{"AAA.csv": "IWM.csv", "BBB.csv": "QQQ.csv"} {
		b, err := os.ReadFile(filepath.Join(gapFixtures, from))
		if err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(filepath.Join(gapArticle, to), b, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	stooq := stooqDir(t)
	bad, other := badCloseDirs(t)
	names := strings.NewReplacer(bad, "DATA", other, "AGAINST", article, "ARTICLE", gapArticle, "GAPS", stooq, "STOOQ", fixtures, "FIXTURES")
	tests := []struct {
		golden string
		args   []string
	}{
		{"study-mirror.txt", []string{"study", "-data", fixtures, "-a", "BBB", "-b", "AAA", "-mirror", "-decluster", "1", "-entry-lag", "1",
			"-before", "2024-01-16", "-horizons", "1,2", "-resamples", "100"}},
		{"study-mirror.json", []string{"study", "-data", fixtures, "-a", "BBB", "-b", "AAA", "-mirror", "-decluster", "1", "-entry-lag", "1",
			"-before", "2024-01-16", "-horizons", "1,2", "-resamples", "100", "-json"}},
		{"study-article.txt", []string{"study", "-data", article, "-before", "2024-07-11", "-horizons", "2,63", "-resamples", "100"}},
		{"study-months.txt", []string{"study", "-data", article, "-horizons", "3mo,2", "-price", "raw", "-resamples", "0"}},
		{"study-gaps.txt", []string{"study", "-data", gapFixtures, "-a", "AAA", "-b", "BBB", "-horizons", "2", "-allow-gaps"}},
		{"study-gaps.json", []string{"study", "-data", gapFixtures, "-a", "AAA", "-b", "BBB", "-horizons", "2", "-allow-gaps", "-json"}},
		{"reproduce.txt", []string{"reproduce", "-data", article, "-horizons", "1,2,3"}},
		{"reproduce-stooq.txt", []string{"reproduce", "-data", stooq}},
		{"reproduce-stooq.json", []string{"reproduce", "-data", stooq, "-json"}},
		{"reproduce-gaps.txt", []string{"reproduce", "-data", gapArticle, "-horizons", "2", "-allow-gaps"}},
		{"reproduce-gaps.json", []string{"reproduce", "-data", gapArticle, "-horizons", "2", "-allow-gaps", "-json"}},
		{"scan-gaps.txt", []string{"scan", "-data", gapFixtures, "-horizons", "2,3mo", "-price", "raw", "-allow-gaps", "AAA", "BBB"}},
		{"scan-gaps.json", []string{"scan", "-data", gapFixtures, "-horizons", "2,3mo", "-price", "raw", "-allow-gaps", "-json", "AAA", "BBB"}},
		{"check-none.txt", []string{"check", "-data", fixtures, "-a", "AAA", "-b", "BBB", "-threshold", "0.5", "AAA"}},
		{"check-gaps.txt", []string{"check", "-data", gapFixtures, "-a", "AAA", "-b", "BBB", "AAA", "BBB"}},
		{"check-gaps.json", []string{"check", "-data", gapFixtures, "-a", "AAA", "-b", "BBB", "-json", "AAA", "BBB"}},
	}
	for _, tt := range tests {
		t.Run(tt.golden, func(t *testing.T) {
			out, errs, code := runCmd(t, tt.args...)
			if code != 0 {
				t.Fatalf("exit %d: %s", code, errs)
			}
			golden(t, tt.golden, names.Replace(out))
		})
	}
}

// The text of check sizes its table's columns by the details, which name
// the files: the directories are given relative to a temporary working
// directory, so that the golden file does not depend on where that is.
func TestCheckTextGolden(t *testing.T) {
	base := t.TempDir()
	for _, d := range []string{"data", "against"} {
		dir := filepath.Join(base, d)
		if err := os.Mkdir(dir, 0o755); err != nil {
			t.Fatal(err)
		}
		for _, tk := range []string{"AAA", "BBB"} {
			b, err := os.ReadFile(filepath.Join(fixtures, tk+".csv"))
			if err != nil {
				t.Fatal(err)
			}
			if err := os.WriteFile(filepath.Join(dir, tk+".csv"), b, 0o644); err != nil {
				t.Fatal(err)
			}
		}
	}
	marketdatatest.BadClose(t, filepath.Join(base, "data"))
	var out string
	t.Run("run", func(t *testing.T) {
		t.Chdir(base)
		var errs string
		var code int
		out, errs, code = runCmd(t, "check", "-data", "data", "-against", "against", "-a", "AAA", "-b", "BBB", "AAA", "BBB")
		if code != 0 {
			t.Fatalf("exit %d: %s", code, errs)
		}
	})
	golden(t, "check.txt", out)
}
