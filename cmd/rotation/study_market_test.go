package main

import (
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/rotationlab/rotation/analysis/eventstudy/eventstudytest"
)

// The study against SPY, found in the data directory, writes what the
// library's report writes (the same golden files), text and JSON.
func TestStudyMarketGolden(t *testing.T) {
	dir := eventstudytest.Dir(t)
	for _, tt := range []struct {
		golden string
		args   []string
	}{
		{"study-market.txt", []string{"study", "-data", dir, "-horizons", "20,63", "-resamples", "200", "-draws", "200"}},
		{"study-market.txt", []string{"study", "-data", dir, "-horizons", "20,63", "-resamples", "200", "-draws", "200", "-market", "SPY"}},
		{"study-market.json", []string{"study", "-data", dir, "-horizons", "20,63", "-resamples", "200", "-draws", "200", "-json"}},
	} {
		t.Run(strings.Join(tt.args[3:], " "), func(t *testing.T) {
			out, errs, code := runCmd(t, tt.args...)
			if code != 0 || errs != "" {
				t.Fatalf("exit %d: %s", code, errs)
			}
			golden(t, tt.golden, out)
		})
	}
}

// -market none, and a data directory without SPY.csv, give the raw study
// alone, exactly as before; only the second says so, on standard error.
func TestStudyMarketNone(t *testing.T) {
	dir := eventstudytest.Dir(t)
	base := []string{"study", "-data", dir, "-horizons", "20,63", "-resamples", "200"}
	none, errs, code := runCmd(t, append(base, "-market", "none")...)
	if code != 0 || errs != "" {
		t.Fatalf("-market none: exit %d: %s", code, errs)
	}
	if strings.Contains(none, "Against the market") {
		t.Error("-market none writes the market's figures")
	}
	noSPY := t.TempDir()
	for _, tk := range []string{"IWM", "QQQ"} {
		b, err := os.ReadFile(filepath.Join(dir, tk+".csv"))
		if err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(filepath.Join(noSPY, tk+".csv"), b, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	auto, errs, code := runCmd(t, append([]string{"study", "-data", noSPY}, base[3:]...)...)
	if code != 0 {
		t.Fatalf("no SPY.csv: exit %d: %s", code, errs)
	}
	if auto != none {
		t.Errorf("without SPY.csv the output differs from -market none's:\n%s\nwant\n%s", auto, none)
	}
	if !strings.Contains(errs, "no SPY.csv") || !strings.Contains(errs, "-market") {
		t.Errorf("without SPY.csv, standard error %q does not say so", errs)
	}
	js, _, code := runCmd(t, append(base, "-market", "none", "-json")...)
	var m map[string]any
	if err := json.Unmarshal([]byte(js), &m); code != 0 || err != nil {
		t.Fatalf("-json: exit %d, %v", code, err)
	}
	if _, ok := m["market"]; ok {
		t.Error("-market none -json has a market field")
	}
}

// Bad -market and -draws values are errors that name the flag: a ticker
// that cannot be one before any data is read (usage, exit 2), one with no
// file in the data directory after (exit 1).
func TestStudyMarketErrors(t *testing.T) {
	dir := eventstudytest.Dir(t)
	for _, tt := range []struct {
		args []string
		code int
		want string
	}{
		{[]string{"-market", "S&P"}, 2, "-market"},
		{[]string{"-market", "XYZ"}, 1, "-market XYZ"},
		{[]string{"-draws", "-1"}, 2, "-draws"},
		{[]string{"-estimation-days", "2"}, 2, "-estimation-days"},
		{[]string{"-market", "IWM"}, 2, "-market IWM is one of the legs (-a IWM, -b QQQ)"},
		{[]string{"-b", "SPY", "-market", "spy"}, 2, "-market SPY is one of the legs"},
	} {
		t.Run(strings.Join(tt.args, " "), func(t *testing.T) {
			_, errs, code := runCmd(t, append([]string{"study", "-data", dir}, tt.args...)...)
			if code != tt.code || !strings.Contains(errs, tt.want) || !strings.HasPrefix(errs, "rotation: ") {
				t.Errorf("exit %d, stderr %q; want exit %d naming %s", code, errs, tt.code, tt.want)
			}
		})
	}
}
