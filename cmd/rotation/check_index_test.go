package main

import (
	"bytes"
	"encoding/json"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"

	"github.com/rotationlab/rotation/analysis/marketdata"
	"github.com/rotationlab/rotation/analysis/marketdata/marketdatatest"
)

// indexDirs returns a data directory of AAA and BBB with BBB's planted
// bad close of 2024-01-10, and an index directory beside it, "indices",
// holding BBX.csv: BBB's fixture as it was, in the date,close layout.
func indexDirs(t *testing.T) (data, indices string) {
	t.Helper()
	base := t.TempDir()
	data, indices = filepath.Join(base, "prices"), filepath.Join(base, "indices")
	for _, d := range []string{data, indices} {
		if err := os.Mkdir(d, 0o755); err != nil {
			t.Fatal(err)
		}
	}
	for _, n := range []string{"AAA.csv", "BBB.csv"} {
		b, err := os.ReadFile(filepath.Join(fixtures, n))
		if err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(filepath.Join(data, n), b, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	marketdatatest.BadClose(t, data)
	s, err := marketdata.ReadFile(filepath.Join(fixtures, "BBB.csv"))
	if err != nil {
		t.Fatal(err)
	}
	var b strings.Builder
	b.WriteString("date,close\n")
	for i, d := range s.Dates {
		b.WriteString(marketdata.FormatDate(d) + "," + strconv.FormatFloat(s.Adjusted[i], 'f', -1, 64) + "\n")
	}
	if err := os.WriteFile(filepath.Join(indices, "BBX.csv"), []byte(b.String()), 0o644); err != nil {
		t.Fatal(err)
	}
	return data, indices
}

func runEnv(t *testing.T, getenv env, args ...string) (string, string, int) {
	t.Helper()
	var out, errb bytes.Buffer
	code := run(args, &out, &errb, getenv)
	return out.String(), errb.String(), code
}

// check -index finds the index directory beside the data directory (the
// funds need not be named), flags the bad close and the day after it, and
// says which event rests on them; its output is the library's golden.
func TestCheckIndexCommand(t *testing.T) {
	data, indices := indexDirs(t)
	for _, form := range []struct{ golden, flag string }{{"check-index.json", "-json"}, {"check-index.txt", ""}} {
		args := []string{"check", "-data", data, "-a", "AAA", "-b", "BBB", "-index", "BBB=^bbx", "AAA"}
		if form.flag != "" {
			args = append(args, form.flag)
		}
		out, errs, code := runCmd(t, args...)
		if code != 0 {
			t.Fatalf("exit %d: %s", code, errs)
		}
		golden(t, form.golden, out)
	}
	// The same by -index-data and by $ROTATION_INDEX_DATA, the data from
	// $ROTATION_DATA.
	elsewhere := filepath.Join(t.TempDir(), "ix")
	if err := os.Rename(indices, elsewhere); err != nil {
		t.Fatal(err)
	}
	getenv := func(k string) string {
		return map[string]string{"ROTATION_DATA": data, "ROTATION_INDEX_DATA": elsewhere}[k]
	}
	for _, args := range [][]string{
		{"check", "-data", data, "-index-data", elsewhere, "-a", "AAA", "-b", "BBB", "-index", "BBB=^BBX", "AAA", "-json"},
	} {
		out, errs, code := runCmd(t, args...)
		if code != 0 {
			t.Fatalf("exit %d: %s", code, errs)
		}
		golden(t, "check-index.json", out)
	}
	out, errs, code := runEnv(t, getenv, "check", "-a", "AAA", "-b", "BBB", "-index", "BBB=^BBX", "AAA", "-json")
	if code != 0 {
		t.Fatalf("exit %d: %s", code, errs)
	}
	golden(t, "check-index.json", out)
}

// Every -index mistake is a usage error before any data is read (the
// data directory here is empty); a missing index file names the three
// ways to provide one.
func TestCheckIndexErrors(t *testing.T) {
	empty := t.TempDir()
	for _, tt := range []struct {
		name string
		args []string
		want string
	}{
		{"no pair", []string{"check", "-data", empty, "-index", "QQQ"}, `rotation: -index: "QQQ" is not a FUND=^INDEX pair`},
		{"no caret", []string{"check", "-data", empty, "-index", "QQQ=NDX"}, `-index: in "QQQ=NDX": marketdata: index "NDX" does not start with '^'`},
		{"reversed", []string{"check", "-data", empty, "-index", "^NDX=QQQ"}, "the fund ^NDX is an index"},
		{"twice", []string{"check", "-data", empty, "-index", "QQQ=^NDX,QQQ=^GSPC"}, "QQQ is paired twice"},
		{"tolerance", []string{"check", "-data", empty, "-index", "QQQ=^NDX", "-index-tolerance", "2"}, "-index-tolerance 2 lets a fund's daily return depart from its index's by 200 percentage points (tolerances are fractions: did you mean 0.02?)"},
		{"negative tolerance", []string{"check", "-data", empty, "-index", "QQQ=^NDX", "-index-tolerance", "-0.01"}, "-index-tolerance -0.01 is not a positive number"},
		{"index dir without pairs", []string{"check", "-data", empty, "-index-data", empty, "QQQ"}, "-index-data needs -index FUND=^INDEX pairs"},
		{"index dir is the data dir", []string{"check", "-data", empty, "-index-data", empty, "-index", "QQQ=^NDX"}, "is the data directory: index files are kept apart from the ETF files"},
		{"nothing to check", []string{"check", "-data", empty}, "check needs at least one ticker, or -index FUND=^INDEX pairs"},
	} {
		t.Run(tt.name, func(t *testing.T) {
			_, errs, code := runCmd(t, tt.args...)
			if code != exitUsage || !strings.Contains(errs, tt.want) {
				t.Errorf("exit %d, stderr %q; want usage exit and %q", code, errs, tt.want)
			}
		})
	}
	data, _ := indexDirs(t)
	_, errs, code := runCmd(t, "check", "-data", data, "-index", "BBB=^BBX,AAA=^AAX")
	if code == 0 || code == exitUsage {
		t.Fatalf("exit %d, want a data error", code)
	}
	for _, want := range []string{"no index file for ^AAX", "AAX.csv", "-index-data DIR", "$ROTATION_INDEX_DATA", `"indices" beside the price directory`, "rotation fetch ^AAX"} {
		if !strings.Contains(errs, want) {
			t.Errorf("stderr %q lacks %q", errs, want)
		}
	}
}

// On the real data the check flags QQQ's close of 2000-09-21 against
// ^NDX and names the event that rests on it.
func TestCheckIndexReal(t *testing.T) {
	dir := marketdatatest.RealDir(t)
	ixDir := marketdata.IndexDir(marketdatatest.Root(t), "", dir, os.Getenv)
	if err := marketdata.CheckIndexDir(ixDir, "^NDX", "^RUT"); err != nil {
		t.Skipf("real index data not found: %v", err)
	}
	out, errs, code := runCmd(t, "check", "-data", dir, "-index-data", ixDir, "-index", "QQQ=^NDX,IWM=^RUT", "-json")
	if code != 0 {
		t.Fatalf("exit %d: %s", code, errs)
	}
	var got struct {
		Index []struct {
			Fund    string
			Days    int
			Flagged int
		}
		Flags []struct {
			Ticker, Date, Reason, Event string
			Departure                   *float64
		}
	}
	if err := json.Unmarshal([]byte(out), &got); err != nil {
		t.Fatal(err)
	}
	found := false
	onEvents := 0
	for _, f := range got.Flags {
		if f.Departure == nil {
			continue
		}
		if f.Event != "" {
			onEvents++
			t.Logf("%s %s departs by %+.2f pp: event of %s", f.Ticker, f.Date, 100**f.Departure, f.Event)
		}
		if f.Ticker == "QQQ" && f.Date == "2000-09-21" {
			found = true
			if d := 100 * *f.Departure; d > -5.35 || d < -5.37 || f.Event == "" {
				t.Errorf("QQQ 2000-09-21: departure %.3f pp, event %q; want -5.36 pp resting on an event", d, f.Event)
			}
		}
	}
	if !found {
		t.Error("QQQ 2000-09-21 not flagged")
	}
	t.Logf("pairs %+v; %d departures on event days", got.Index, onEvents)
}

// The study's events are marked when only one leg is checked, its other
// leg read from the data directory (check -index QQQ=^NDX alone used to
// say that no event rests on a flagged day while QQQ's bad close of
// 2000-09-21 carried one), and, when a leg has no file, the output says
// the events were not marked instead of "none".
func TestCheckIndexMarksEventsOfOneLeg(t *testing.T) {
	data, _ := indexDirs(t)
	args := []string{"check", "-data", data, "-a", "AAA", "-b", "BBB", "-index", "BBB=^BBX"}
	out, errs, code := runCmd(t, args...)
	if code != 0 {
		t.Fatalf("exit %d: %s", code, errs)
	}
	if !strings.Contains(out, "on days the AAA-BBB events rest on:") || !strings.Contains(out, "— event of 2024-01-11") {
		t.Errorf("output does not mark the event that rests on BBB's bad close:\n%s", out)
	}
	if err := os.Remove(filepath.Join(data, "AAA.csv")); err != nil {
		t.Fatal(err)
	}
	out, errs, code = runCmd(t, args...)
	if code != 0 {
		t.Fatalf("exit %d: %s", code, errs)
	}
	if !strings.Contains(out, "the study's events were not marked (they need both legs' price files)") || strings.Contains(out, "none on a day") {
		t.Errorf("without AAA.csv the output should say the events were not marked:\n%s", out)
	}
}
