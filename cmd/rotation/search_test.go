package main

import (
	"path/filepath"
	"strings"
	"testing"
)

// searchFixtures are synthetic prices long enough for date shifts
// (testdata/search/gen.go).
var searchFixtures = filepath.Join("..", "..", "testdata", "search")

// The outputs with the price of searching are the library's, as its golden
// files hold them (analysis/report's TestSearchGolden writes them).
func TestSearchOutputGolden(t *testing.T) {
	for _, tt := range []struct {
		golden string
		args   []string
	}{
		{"reproduce-shifts.txt", []string{"reproduce", "-data", searchFixtures, "-shifts", "200", "-seed", "7", "-resamples", "100"}},
		{"reproduce-shifts.json", []string{"reproduce", "-data", searchFixtures, "-shifts", "200", "-seed", "7", "-resamples", "100", "-json"}},
		{"scan-shifts.txt", []string{"scan", "-data", searchFixtures, "-horizons", "5,21", "-shifts", "200", "-seed", "7", "IWM", "QQQ", "SPY"}},
		{"scan-shifts.json", []string{"scan", "-data", searchFixtures, "-horizons", "5,21", "-json", "IWM", "QQQ", "SPY", "-shifts", "200", "-seed", "7"}},
	} {
		t.Run(tt.golden, func(t *testing.T) {
			out, errs, code := runCmd(t, tt.args...)
			if code != 0 {
				t.Fatalf("exit %d: %s", code, errs)
			}
			golden(t, tt.golden, out)
		})
	}
}

// -shifts 0 leaves the price of searching out; the rest of the output is
// unchanged.
func TestNoShifts(t *testing.T) {
	for _, args := range [][]string{
		{"reproduce", "-data", searchFixtures, "-resamples", "0"},
		{"scan", "-data", searchFixtures, "-horizons", "5", "IWM", "QQQ"},
	} {
		with, errs, code := runCmd(t, append(args, "-shifts", "50")...)
		if code != 0 {
			t.Fatalf("%v: exit %d: %s", args, code, errs)
		}
		without, errs, code := runCmd(t, append(args, "-shifts", "0")...)
		if code != 0 {
			t.Fatalf("%v: exit %d: %s", args, code, errs)
		}
		if !strings.Contains(with, "The price of searching") || strings.Contains(without, "The price of searching") {
			t.Errorf("%v: the price of searching with -shifts 50: %v, with -shifts 0: %v", args,
				strings.Contains(with, "The price of searching"), strings.Contains(without, "The price of searching"))
		}
		if !strings.Contains(with, without[:strings.Index(without, "\n")]) {
			t.Errorf("%v: the first line changed with -shifts", args)
		}
	}
}

// A bad -shifts or -seed is refused by its flag's name before any data is
// read: the data directory does not exist.
func TestShiftsFlags(t *testing.T) {
	missing := filepath.Join(t.TempDir(), "none")
	for _, tt := range []struct {
		args []string
		want string
	}{
		{[]string{"reproduce", "-data", missing, "-shifts", "-1"}, "rotation: -shifts must not be negative (got -1)"},
		{[]string{"scan", "-data", missing, "-shifts", "-5", "IWM", "QQQ"}, "rotation: -shifts must not be negative (got -5)"},
		{[]string{"scan", "-data", missing, "-shifts", "many", "IWM", "QQQ"}, "-shifts"},
		{[]string{"scan", "-data", missing, "-seed", "-1", "IWM", "QQQ"}, "-seed"},
		{[]string{"reproduce", "-data", missing, "-seed", "x"}, "-seed"},
	} {
		_, errs, code := runCmd(t, tt.args...)
		if code != exitUsage || !strings.Contains(errs, tt.want) {
			t.Errorf("%v: exit %d, stderr %q; want exit %d and %q", tt.args, code, errs, exitUsage, tt.want)
		}
	}
}
