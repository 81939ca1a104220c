package main

import (
	"encoding/json"
	"strings"
	"testing"
)

// A scan of more tickers than the date shifts are computed for by default
// leaves them out and says so; asked for with -shifts, it computes them.
// (Over 500 tickers the default of 1000 shifts took 227 s and 11 GB.)
func TestScanShiftsLeftOutForLargeScans(t *testing.T) {
	dir := t.TempDir()
	tickers := writeUniverse(t, dir, 46, 400) // 2,070 ordered pairs
	for _, tt := range []struct {
		name       string
		args       []string
		wantSearch bool
	}{
		{"default", nil, false},
		{"asked", []string{"-shifts", "20"}, true},
	} {
		t.Run(tt.name, func(t *testing.T) {
			args := append(append([]string{"scan", "-data", dir, "-json"}, tt.args...), tickers...)
			out, errOut, code := runCmd(t, args...)
			if code != 0 {
				t.Fatalf("exit %d: %s", code, errOut)
			}
			var got struct {
				Search json.RawMessage `json:"search"`
			}
			if err := json.Unmarshal([]byte(out), &got); err != nil {
				t.Fatal(err)
			}
			if has := len(got.Search) > 0 && string(got.Search) != "null"; has != tt.wantSearch {
				t.Errorf("search in the JSON: %v, want %v", has, tt.wantSearch)
			}
			note := strings.Contains(errOut, "2070 ordered pairs: the date-shift p-values are left out above 2000 pairs (ask for them with -shifts N)")
			if note == tt.wantSearch {
				t.Errorf("stderr %q: the note is there: %v, want %v", errOut, note, !tt.wantSearch)
			}
		})
	}
}

// Few draws or shifts still run, and say how coarse their p-values are;
// the defaults say nothing.
func TestFewDrawsSaySo(t *testing.T) {
	dir := t.TempDir()
	tickers := writeUniverse(t, dir, 3, 400)
	for _, tt := range []struct {
		args []string
		want string
	}{
		{append([]string{"scan", "-data", dir, "-shifts", "5"}, tickers...), "rotation: -shifts 5 is few: no p-value can fall below 1/6 = 0.167"},
		{append([]string{"scan", "-data", dir}, tickers...), ""},
	} {
		_, errOut, code := runCmd(t, tt.args...)
		if code != 0 {
			t.Fatalf("%v: exit %d: %s", tt.args, code, errOut)
		}
		if tt.want == "" && strings.Contains(errOut, "is few") || !strings.Contains(errOut, tt.want) {
			t.Errorf("%v: stderr %q, want %q", tt.args, errOut, tt.want)
		}
	}
}
