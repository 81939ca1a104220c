package main

import (
	"bytes"
	"encoding/json"
	"fmt"
	"image/png"
	"net/http/httptest"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/rotationlab/rotation/analysis/fetch/fetchtest"
	"github.com/rotationlab/rotation/analysis/marketdata"
	"github.com/rotationlab/rotation/analysis/marketdata/marketdatatest"
	"github.com/rotationlab/rotation/analysis/quality"
)

var fixtures = filepath.Join("..", "..", "testdata", "prices")

func noenv(string) string { return "" }

func runCmd(t *testing.T, args ...string) (string, string, int) {
	t.Helper()
	var out, errb bytes.Buffer
	code := run(args, &out, &errb, noenv)
	return out.String(), errb.String(), code
}

// goldenDir holds the golden files of every output form, beside the
// package that writes them: analysis/report's tests write them from the
// library (go test ./analysis/report -update), and here the command's
// output is only held to them, so that the command and the library cannot
// drift apart unseen.
var goldenDir = filepath.Join("..", "..", "analysis", "report", "testdata")

func golden(t *testing.T, name, got string) {
	t.Helper()
	path := filepath.Join(goldenDir, name)
	want, err := os.ReadFile(path)
	if err != nil {
		t.Fatalf("%v (go test ./analysis/report -update writes it)", err)
	}
	if got != string(want) {
		t.Errorf("output differs from %s, which analysis/report writes (go test ./analysis/report -update)\ngot:\n%s\nwant:\n%s", path, got, want)
	}
}

func TestStudyGolden(t *testing.T) {
	out, errs, code := runCmd(t, "study", "-data", fixtures, "-a", "AAA", "-b", "BBB", "-horizons", "2,3", "-resamples", "500")
	if code != 0 {
		t.Fatalf("exit %d: %s", code, errs)
	}
	// The data directory is machine-specific only in its path; keep it out.
	golden(t, "study.txt", strings.ReplaceAll(out, fixtures, "FIXTURES"))
}

func TestStudyJSON(t *testing.T) {
	out, errs, code := runCmd(t, "study", "-data", fixtures, "-a", "aaa", "-b", "BBB", "-horizons", "2", "-json", "-before", "2024-01-16")
	if code != 0 {
		t.Fatalf("exit %d: %s", code, errs)
	}
	golden(t, "study.json", out)
	var rep struct {
		A, B      string
		Threshold float64
		Before    string
		Events    []struct {
			Date    string
			AReturn float64 `json:"a_return"`
		}
		Horizons []struct {
			Days, N, Dropped int
		}
	}
	if err := json.Unmarshal([]byte(out), &rep); err != nil {
		t.Fatal(err)
	}
	if rep.A != "AAA" || rep.Before != "2024-01-16" || len(rep.Events) != 2 || rep.Horizons[0].Days != 2 || rep.Horizons[0].N != 2 {
		t.Errorf("report %+v", rep)
	}
}

func TestStudyPlots(t *testing.T) {
	dir := t.TempDir()
	_, errs, code := runCmd(t, "study", "-data", fixtures, "-a", "AAA", "-b", "BBB", "-horizons", "2", "-plots", dir)
	if code != 0 {
		t.Fatalf("exit %d: %s", code, errs)
	}
	for _, name := range []string{"spread", "forward", "path"} {
		f, err := os.Open(filepath.Join(dir, name+".png"))
		if err != nil {
			t.Fatal(err)
		}
		img, err := png.Decode(f)
		f.Close()
		if err != nil || img.Bounds().Dx() < 100 {
			t.Errorf("%s.png: %v", name, err)
		}
		svg, err := os.ReadFile(filepath.Join(dir, name+".svg"))
		if err != nil || !bytes.Contains(svg, []byte("<svg")) {
			t.Errorf("%s.svg: %v", name, err)
		}
	}
}

func TestErrors(t *testing.T) {
	tests := []struct {
		name string
		args []string
		code int
		text string
	}{
		{"no command", nil, 2, "usage: rotation"},
		{"unknown command", []string{"frobnicate"}, 2, `unknown command "frobnicate"`},
		{"bad flag", []string{"study", "-nope"}, 2, "flag provided but not defined"},
		{"bad threshold", []string{"study", "-threshold", "-1"}, 2, "rotation: -threshold -1 is not a positive number"},
		{"bad date", []string{"study", "-before", "2024-13-01"}, 2, "-before"},
		{"bad price", []string{"study", "-price", "mid"}, 2, "unknown price kind"},
		{"bad horizon", []string{"study", "-horizons", "x"}, 2, "bad horizon"},
		{"missing data", []string{"study", "-data", fixtures}, 1, "no price file for IWM"},
		{"extra args", []string{"study", "IWM"}, 2, "no arguments"},
		{"empty window", []string{"study", "-data", fixtures, "-a", "AAA", "-b", "BBB", "-after", "2030-01-01"}, 1,
			"rotation: analysis: no trading days in the window [2030-01-01, end): the data run from 2024-01-02 to 2024-01-16 (see -after and -before)"},
		{"scan one ticker", []string{"scan", "-data", fixtures, "AAA"}, 2, "at least two"},
		{"scan same ticker", []string{"scan", "-data", fixtures, "AAA", "aaa"}, 2, "two different"},
		{"fetch nothing", []string{"fetch"}, 2, "at least one ticker"},
		{"fetch bad source", []string{"fetch", "-source", "bloomberg", "IWM"}, 2, "unknown source"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, errs, code := runCmd(t, tt.args...)
			if code != tt.code || !strings.Contains(errs, tt.text) {
				t.Errorf("exit %d, stderr %q; want %d containing %q", code, errs, tt.code, tt.text)
			}
		})
	}
}

func TestRawCloseOfStooq(t *testing.T) {
	dir := t.TempDir()
	for from, to := range map[string]string{"stooq.csv": "STQ.csv", "yahoo.csv": "YAH.csv"} {
		b, err := os.ReadFile(filepath.Join("..", "..", "testdata", "formats", from))
		if err != nil {
			t.Fatal(err)
		}
		os.WriteFile(filepath.Join(dir, to), b, 0o644)
	}
	_, errs, code := runCmd(t, "study", "-data", dir, "-a", "STQ", "-b", "YAH", "-price", "raw")
	if code != 1 || !strings.Contains(errs, "no raw close: STQ") {
		t.Errorf("exit %d, stderr %q", code, errs)
	}
}

func TestBadFileNamesLine(t *testing.T) {
	dir := t.TempDir()
	good, _ := os.ReadFile(filepath.Join(fixtures, "AAA.csv"))
	bad := strings.Replace(string(good), "2024-01-05,110,110,110,110", "2024-01-05,110,110,110,abc", 1)
	os.WriteFile(filepath.Join(dir, "AAA.csv"), []byte(bad), 0o644)
	os.WriteFile(filepath.Join(dir, "BBB.csv"), good, 0o644)
	_, errs, code := runCmd(t, "study", "-data", dir, "-a", "AAA", "-b", "BBB")
	want := filepath.Join(dir, "AAA.csv") + `:5:5: column "close": not a number: "abc"`
	if code != 1 || !strings.Contains(errs, want) {
		t.Errorf("exit %d, stderr %q; want 1 and %q", code, errs, want)
	}
}

func TestDataFromEnv(t *testing.T) {
	var out, errb bytes.Buffer
	env := func(k string) string {
		if k == "ROTATION_DATA" {
			return fixtures
		}
		return ""
	}
	if code := run([]string{"study", "-a", "AAA", "-b", "BBB", "-horizons", "2", "-json"}, &out, &errb, env); code != 0 {
		t.Fatalf("exit %d: %s", code, errb.String())
	}
}

func TestScan(t *testing.T) {
	out, errs, code := runCmd(t, "scan", "-data", fixtures, "-horizons", "2", "AAA", "BBB")
	if code != 0 {
		t.Fatalf("exit %d: %s", code, errs)
	}
	golden(t, "scan.txt", out)
	out, _, _ = runCmd(t, "scan", "-data", fixtures, "-horizons", "2", "-json", "AAA", "BBB")
	golden(t, "scan.json", out)
	var got struct {
		Pairs []struct {
			A, B   string
			Events int
		}
	}
	if err := json.Unmarshal([]byte(out), &got); err != nil {
		t.Fatal(err)
	}
	if len(got.Pairs) != 2 || got.Pairs[0].A != "AAA" || got.Pairs[0].Events != 3 || got.Pairs[1].Events != 1 {
		t.Errorf("pairs %+v", got.Pairs)
	}
}

// fakeUniverse serves a synthetic history for any ticker: 60 trading days.
func fakeUniverse(t *testing.T) (*fetchtest.Server, *httptest.Server) {
	t.Helper()
	fp := &fetchtest.Server{StooqKey: "sk", StooqPage: []byte("<html><title>key</title></html>"),
		Data: func(tk marketdata.Ticker) (*marketdata.Series, bool) {
			if tk == "ZZZZ" {
				return nil, false
			}
			s := &marketdata.Series{Ticker: tk}
			d := time.Date(2024, 1, 2, 0, 0, 0, 0, time.UTC)
			for i := range 60 {
				for d.Weekday() == time.Saturday || d.Weekday() == time.Sunday {
					d = d.AddDate(0, 0, 1)
				}
				s.Dates = append(s.Dates, d)
				s.Adjusted = append(s.Adjusted, 50+float64(i%7)+float64(len(tk)))
				s.Raw = append(s.Raw, 51+float64(i%7)+float64(len(tk)))
				d = d.AddDate(0, 0, 1)
			}
			return s, true
		}}
	srv := httptest.NewServer(fp)
	t.Cleanup(srv.Close)
	return fp, srv
}

func TestFetch(t *testing.T) {
	_, srv := fakeUniverse(t)
	env := func(m map[string]string) env { return func(k string) string { return m[k] } }
	dir := t.TempDir()
	var out, errb bytes.Buffer
	// The source and the addresses from the environment, the key from a flag.
	e := env(map[string]string{"ROTATION_SOURCE": "stooq", "ROTATION_STOOQ_URL": srv.URL})
	if err := runFetch([]string{"-apikey", "sk", "-data", dir, "iwm", "QQQ"}, &out, &errb, e); err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(out.String(), "IWM: fetching from stooq…") || !strings.Contains(out.String(), "IWM: 60 days from stooq (2024-01-02 to 2024-03-25)") ||
		!strings.Contains(out.String(), "QQQ: 60 days") {
		t.Errorf("output %q", out.String())
	}
	// Again: up to date. With -if-missing: not even asked.
	out.Reset()
	if err := runFetch([]string{"-apikey", "sk", "-data", dir, "IWM"}, &out, &errb, e); err != nil || !strings.Contains(out.String(), "IWM: up to date (last day 2024-03-25)") {
		t.Errorf("second fetch: %v %q", err, out.String())
	}
	out.Reset()
	if err := runFetch([]string{"-if-missing", "-data", dir, "IWM", "QQQ"}, &out, &errb, e); err != nil || out.Len() != 0 {
		t.Errorf("-if-missing fetched: %v %q", err, out.String())
	}
	// Offline: one message naming the three ways to get data.
	_, code := runFetchCode(t, []string{"-retries", "0", "-data", t.TempDir(), "IWM"}, env(map[string]string{"ROTATION_YAHOO_URL": "http://127.0.0.1:1"}))
	if code.exit != exitFail || !strings.Contains(code.stderr, "offline?") || !strings.Contains(code.stderr, "$ROTATION_DATA") ||
		!strings.Contains(code.stderr, "-data DIR") || !strings.Contains(code.stderr, "rotation fetch [-source yahoo|stooq|tiingo]") {
		t.Errorf("offline: exit %d\n%s", code.exit, code.stderr)
	}
}

type cmdResult struct {
	exit   int
	stderr string
}

func runFetchCode(t *testing.T, args []string, e env) (string, cmdResult) {
	t.Helper()
	var out, errb bytes.Buffer
	code := run(append([]string{"fetch"}, args...), &out, &errb, e)
	return out.String(), cmdResult{code, errb.String()}
}

// make run's first step on a fresh machine: the data directory lacks the
// tickers, so they are fetched from the provider the environment points at.
func TestMakeDataStep(t *testing.T) {
	makeBin, err := exec.LookPath("make")
	if err != nil {
		t.Skip("make is not installed")
	}
	_, srv := fakeUniverse(t)
	root, _ := filepath.Abs(filepath.Join("..", ".."))
	bin := filepath.Join(t.TempDir(), "rotation")
	data := filepath.Join(t.TempDir(), "data")
	mk := func(yahoo string) (string, error) {
		cmd := exec.Command(makeBin, "-s", "-C", root, "data", "BIN="+bin, "ROTATION_DATA="+data)
		cmd.Env = append(os.Environ(), "ROTATION_YAHOO_URL="+yahoo, "ROTATION_SOURCE=")
		b, err := cmd.CombinedOutput()
		return string(b), err
	}
	// Offline first: it stops with the three ways, and writes nothing.
	start := time.Now()
	out, err := mk("http://127.0.0.1:1")
	if err == nil || !strings.Contains(out, "$ROTATION_DATA") || !strings.Contains(out, "offline?") {
		t.Errorf("offline make data: %v\n%s", err, out)
	}
	if d := time.Since(start); d > time.Minute {
		t.Errorf("offline make data took %v", d)
	}
	if ents, _ := os.ReadDir(data); len(ents) != 0 {
		t.Errorf("offline make data left %d files", len(ents))
	}
	out, err = mk(srv.URL)
	if err != nil {
		t.Fatalf("make data: %v\n%s", err, out)
	}
	for _, tk := range []marketdata.Ticker{"IWM", "QQQ", "SPY", "XLF", "XLK", "XLY"} {
		s, err := marketdata.LoadDir(data, tk)
		if err != nil || s.Len() != 60 || s.Format != marketdata.FormatYahoo {
			t.Errorf("%s: %v", tk, err)
		}
		if !strings.Contains(out, string(tk)+": 60 days from yahoo") {
			t.Errorf("no progress line for %s:\n%s", tk, out)
		}
	}
	// With every file there, nothing is asked.
	if out, err := mk("http://127.0.0.1:1"); err != nil || strings.Contains(out, "fetching") {
		t.Errorf("second make data: %v\n%s", err, out)
	}
}

// On the real data, the reproduction puts the article's figures beside ours.
func TestReproduceReal(t *testing.T) {
	dir := marketdatatest.RealDir(t)
	out, errs, code := runCmd(t, "reproduce", "-data", dir)
	if code != 0 {
		t.Fatalf("exit %d: %s", code, errs)
	}
	for _, s := range []string{
		"2024-07-11  spread +5.79% (+5.79%)  IWM +3.59% (+3.59%)  QQQ -2.19% (-2.19%)",
		"2021-01-06  spread +5.48% (+5.48%)",
		"2020-11-09  spread +5.67% (+5.67%)",
		"(article: 23)",
		"raw close, calendar months, entry at next-day close",
		"After the article: the 2024-07-11 event",
	} {
		if !strings.Contains(out, s) {
			t.Errorf("output lacks %q", s)
		}
	}
	out, _, code = runCmd(t, "reproduce", "-data", dir, "-json")
	var rep map[string]any
	if code != 0 || json.Unmarshal([]byte(out), &rep) != nil || rep["conventions"] == nil {
		t.Errorf("reproduce -json: exit %d", code)
	}
}

// Bugs found by the review; each test failed before its fix.
func TestReviewBugs(t *testing.T) {
	t.Run("threshold 0 is refused, not replaced by the default", func(t *testing.T) {
		_, errs, code := runCmd(t, "study", "-data", fixtures, "-a", "AAA", "-b", "BBB", "-threshold", "0")
		if code != exitUsage || !strings.Contains(errs, "threshold 0 is not a positive number") {
			t.Errorf("exit %d: %s", code, errs)
		}
	})
	t.Run("reproduce studies every horizon given", func(t *testing.T) {
		dir := t.TempDir()
		for from, to := range map[string]string{"AAA.csv": "IWM.csv", "BBB.csv": "QQQ.csv"} {
			b, err := os.ReadFile(filepath.Join(fixtures, from))
			if err != nil {
				t.Fatal(err)
			}
			os.WriteFile(filepath.Join(dir, to), b, 0o644)
		}
		out, errs, code := runCmd(t, "reproduce", "-data", dir, "-horizons", "1,2,3", "-json")
		// The whole JSON contract of reproduce, on the fixtures.
		golden(t, "reproduce.json", out)
		var rep struct {
			Study struct {
				Horizons []struct{ Horizon string }
			}
		}
		if code != 0 || json.Unmarshal([]byte(out), &rep) != nil {
			t.Fatalf("exit %d: %s", code, errs)
		}
		var got []string
		for _, h := range rep.Study.Horizons {
			got = append(got, h.Horizon)
		}
		if strings.Join(got, ",") != "1d,2d,3d" {
			t.Errorf("horizons studied %v, want 1d,2d,3d", got)
		}
	})
}

// rotation check: a planted bad close is flagged, called out on the event
// it touches, and the second source that disagrees is named.
func TestCheckCommand(t *testing.T) {
	dir, other := t.TempDir(), t.TempDir()
	for _, tk := range []string{"AAA", "BBB"} {
		b, err := os.ReadFile(filepath.Join(fixtures, tk+".csv"))
		if err != nil {
			t.Fatal(err)
		}
		os.WriteFile(filepath.Join(other, tk+".csv"), b, 0o644)
		if tk == "BBB" {
			// BBB's close on 2024-01-10 (the day before AAA's event of
			// 2024-01-11) moved outside its range.
			b = []byte(strings.Replace(string(b), "2024-01-10,52,52,52,52,", "2024-01-10,52,52,52,70,", 1))
		}
		os.WriteFile(filepath.Join(dir, tk+".csv"), b, 0o644)
	}
	out, errs, code := runCmd(t, "check", "-data", dir, "-against", other, "-a", "AAA", "-b", "BBB", "-json", "AAA", "BBB")
	if code != 0 {
		t.Fatalf("exit %d: %s", code, errs)
	}
	golden(t, "check.json", strings.NewReplacer(dir, "DATA", other, "AGAINST").Replace(out))
	var rep struct {
		Flags []struct{ Ticker, Date, Reason, Detail, Event string }
	}
	if err := json.Unmarshal([]byte(out), &rep); err != nil {
		t.Fatalf("%v: %s", err, out)
	}
	var outside, disagree bool
	for _, f := range rep.Flags {
		if f.Ticker == "BBB" && f.Date == "2024-01-10" && f.Reason == "close outside the day's high-low range" && f.Event == "2024-01-11" {
			outside = true
		}
		if f.Ticker == "BBB" && f.Reason == "sources disagree on the return" {
			disagree = true
		}
	}
	if !outside || !disagree {
		t.Errorf("flags %+v", rep.Flags)
	}
	text, _, _ := runCmd(t, "check", "-data", dir, "-a", "AAA", "-b", "BBB", "AAA", "BBB")
	if !strings.Contains(text, "on days the AAA-BBB events rest on") || !strings.Contains(text, "event of 2024-01-11") {
		t.Errorf("text:\n%s", text)
	}
}

// Flags go before, between or after the tickers; "--" ends them.
func TestFlagsAnywhere(t *testing.T) {
	want, errs, code := runCmd(t, "scan", "-data", fixtures, "-threshold", "0.03", "-horizons", "2", "AAA", "BBB")
	if code != 0 {
		t.Fatalf("flags first: exit %d: %s", code, errs)
	}
	tests := []struct {
		name string
		args []string
		want string
	}{
		{"scan, flags after the tickers", []string{"scan", "AAA", "BBB", "-data", fixtures, "-threshold", "0.03", "-horizons", "2"}, want},
		{"scan, flags between the tickers", []string{"scan", "AAA", "-threshold=0.03", "BBB", "-data", fixtures, "-horizons", "2"}, want},
		{"check, flags after the tickers", []string{"check", "AAA", "BBB", "-data", fixtures, "-a", "AAA", "-b", "BBB"}, ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			out, errs, code := runCmd(t, tt.args...)
			if code != 0 {
				t.Fatalf("exit %d: %s", code, errs)
			}
			if tt.want != "" && out != tt.want {
				t.Errorf("output differs from the flags-first run:\n%s\nwant:\n%s", out, tt.want)
			}
		})
	}
	// After "--" a flag-like word is a ticker (with no price file here).
	_, errs, code = runCmd(t, "scan", "-data", fixtures, "AAA", "--", "-threshold")
	if code != exitFail || !strings.Contains(errs, "no price file for -THRESHOLD") {
		t.Errorf("after --: exit %d, stderr %q", code, errs)
	}
}

// Every argument is checked before any data is read: the data directory
// here is empty, so an error about a missing file means the argument was
// read too late.
func TestArgumentsBeforeData(t *testing.T) {
	empty := t.TempDir()
	tests := []struct {
		name string
		args []string
		want string
	}{
		{"scan threshold", []string{"scan", "-data", empty, "AAA", "BBB", "-threshold", "-0.04"}, "-threshold -0.04 is not a positive number"},
		{"scan horizons", []string{"scan", "-data", empty, "AAA", "BBB", "-horizons", "2,x"}, "-horizons: analysis: bad horizon"},
		{"scan dates", []string{"scan", "-data", empty, "AAA", "BBB", "-after", "2024-02-01", "-before", "2024-01-01"}, "-after 2024-02-01 is not before 2024-01-01"},
		{"check ticker", []string{"check", "-data", empty, "AAA", "B B"}, `ticker "B B"`},
		{"check leg", []string{"check", "-data", empty, "-a", "I W", "AAA"}, `-a: marketdata: ticker "I W"`},
		{"check threshold", []string{"check", "-data", empty, "-threshold", "0", "AAA"}, "-threshold 0 is not a positive number"},
		{"check tolerance", []string{"check", "-data", empty, "-tolerance", "-0.01", "AAA"}, "-tolerance -0.01 is not a positive number"},
		{"study leg", []string{"study", "-data", empty, "-a", ""}, "-a: marketdata: empty ticker"},
		{"study horizons", []string{"study", "-data", empty, "-horizons", "63,0"}, "-horizons: analysis: bad horizon"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, errs, code := runCmd(t, tt.args...)
			if code != exitUsage || !strings.Contains(errs, tt.want) {
				t.Errorf("exit %d, stderr %q; want %d containing %q", code, errs, exitUsage, tt.want)
			}
		})
	}
}

// Values that are surely a mistake are refused with a hint, and refused
// values are named by their flags, not by the fields of the options.
func TestMistakenValues(t *testing.T) {
	tests := []struct {
		name string
		args []string
		want string
	}{
		{"threshold in percent", []string{"study", "-threshold", "4"},
			"rotation: -threshold 4 is a spread of 400 percentage points in one day (thresholds are fractions: did you mean 0.04?)"},
		{"threshold of one", []string{"study", "-threshold", "1"}, "did you mean 0.01?"},
		{"scan threshold in percent", []string{"scan", "-threshold", "3", "AAA", "BBB"}, "-threshold 3 is a spread of 300 percentage points"},
		{"check threshold in percent", []string{"check", "-threshold", "4", "AAA"}, "did you mean 0.04?"},
		{"tolerance in percent", []string{"check", "-tolerance", "0.25", "AAA"}, ""},
		{"tolerance of 25", []string{"check", "-tolerance", "25", "AAA"},
			"rotation: -tolerance 25 lets daily returns differ by 2500 percentage points (tolerances are fractions: did you mean 0.25?)"},
		{"negative resamples", []string{"study", "-resamples", "-1"}, "rotation: -resamples must not be negative (got -1)"},
		{"negative decluster", []string{"study", "-decluster", "-2"}, "rotation: -decluster must not be negative (got -2)"},
		{"negative entry lag", []string{"reproduce", "-entry-lag", "-1"}, "rotation: -entry-lag must not be negative (got -1)"},
		{"same legs", []string{"study", "-a", "iwm", "-b", "IWM"}, "rotation: -a and -b are both IWM"},
		{"after not before before", []string{"study", "-after", "2024-01-02", "-before", "2024-01-02"}, "rotation: -after 2024-01-02 is not before 2024-01-02"},
	}
	empty := t.TempDir()
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, errs, code := runCmd(t, append(tt.args, "-data", empty)...)
			if tt.want == "" {
				// A sensible value: refused only for the missing data.
				if code != exitFail || strings.Contains(errs, "-tolerance") {
					t.Errorf("exit %d, stderr %q; want the data's error", code, errs)
				}
				return
			}
			if code != exitUsage || !strings.Contains(errs, tt.want) {
				t.Errorf("exit %d, stderr %q; want %d containing %q", code, errs, exitUsage, tt.want)
			}
			for _, field := range []string{"Decluster", "EntryLag", "Resamples", "analysis:"} {
				if strings.Contains(errs, field) {
					t.Errorf("stderr %q names %q, not the flag", errs, field)
				}
			}
		})
	}
}

// An undefined hit rate (no event reaches the horizon) is "n/a", never
// "NaN%"; the JSON keeps null.
func TestUndefinedFiguresInText(t *testing.T) {
	out, errs, code := runCmd(t, "study", "-data", fixtures, "-a", "AAA", "-b", "BBB", "-horizons", "2,20", "-resamples", "0")
	if code != 0 {
		t.Fatalf("exit %d: %s", code, errs)
	}
	if strings.Contains(out, "NaN") {
		t.Errorf("output shows NaN:\n%s", out)
	}
	var row string
	for line := range strings.Lines(out) {
		if f := strings.Fields(line); len(f) > 7 && f[0] == "20d" && f[1] == "AAA" {
			row = line
			if f[2] != "0" || f[7] != "n/a" {
				t.Errorf("20d row %q: want n 0 and hit rate n/a", line)
			}
		}
	}
	if row == "" {
		t.Fatalf("no 20d row for AAA in:\n%s", out)
	}
	js, _, _ := runCmd(t, "study", "-data", fixtures, "-a", "AAA", "-b", "BBB", "-horizons", "20", "-resamples", "0", "-json")
	var rep struct {
		Horizons []struct {
			A struct {
				HitRate *float64 `json:"hit_rate"`
			}
		}
	}
	if err := json.Unmarshal([]byte(js), &rep); err != nil || len(rep.Horizons) != 1 || rep.Horizons[0].A.HitRate != nil {
		t.Errorf("JSON hit rate: %v %s", err, js)
	}
}

// failWriter fails every write as a full disk does.
type failWriter struct{}

func (failWriter) Write([]byte) (int, error) { return 0, syscall.ENOSPC }

// A report that cannot be written is an error (exit 3), for every command
// and output form; so is a chart.
func TestWriteFailures(t *testing.T) {
	article := marketdatatest.PairDir(t, "IWM", "QQQ")
	tests := []struct {
		name string
		args []string
	}{
		{"help", []string{"help"}},
		{"study", []string{"study", "-data", fixtures, "-a", "AAA", "-b", "BBB", "-horizons", "2"}},
		{"study json", []string{"study", "-data", fixtures, "-a", "AAA", "-b", "BBB", "-horizons", "2", "-json"}},
		{"reproduce", []string{"reproduce", "-data", article, "-horizons", "2"}},
		{"reproduce json", []string{"reproduce", "-data", article, "-horizons", "2", "-json"}},
		{"scan", []string{"scan", "-data", fixtures, "-horizons", "2", "AAA", "BBB"}},
		{"scan json", []string{"scan", "-data", fixtures, "-horizons", "2", "-json", "AAA", "BBB"}},
		{"check", []string{"check", "-data", fixtures, "AAA", "BBB"}},
		{"check json", []string{"check", "-data", fixtures, "-json", "AAA", "BBB"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var errb bytes.Buffer
			code := run(tt.args, failWriter{}, &errb, noenv)
			if code != exitWrite || !strings.Contains(errb.String(), "rotation: writing standard output: no space left on device") {
				t.Errorf("exit %d, stderr %q; want %d and the failed write", code, errb.String(), exitWrite)
			}
		})
	}
	t.Run("plots", func(t *testing.T) {
		file := filepath.Join(t.TempDir(), "file")
		if err := os.WriteFile(file, nil, 0o644); err != nil {
			t.Fatal(err)
		}
		_, errs, code := runCmd(t, "study", "-data", fixtures, "-a", "AAA", "-b", "BBB", "-horizons", "2", "-plots", filepath.Join(file, "charts"))
		if code != exitWrite || !strings.Contains(errs, "rotation: writing charts to "+filepath.Join(file, "charts")) {
			t.Errorf("exit %d, stderr %q", code, errs)
		}
	})
	t.Run("/dev/full", func(t *testing.T) {
		f, err := os.OpenFile("/dev/full", os.O_WRONLY, 0)
		if err != nil {
			t.Skipf("no /dev/full: %v", err)
		}
		defer f.Close()
		var errb bytes.Buffer
		code := run([]string{"study", "-data", fixtures, "-a", "AAA", "-b", "BBB", "-horizons", "2"}, f, &errb, noenv)
		if code != exitWrite || !strings.Contains(errb.String(), "rotation: writing standard output: write /dev/full: no space left on device") {
			t.Errorf("exit %d, stderr %q", code, errb.String())
		}
	})
}

// gapFixtures is a hand-written pair: AAA lacks every other trading day.
var gapFixtures = filepath.Join("..", "..", "testdata", "gaps")

// Data that lack too many trading days are refused, naming the ticker, the
// count and the first gaps, unless -allow-gaps; then the output says so
// first. check reports them instead of refusing.
func TestGapsRefused(t *testing.T) {
	article := t.TempDir()
	for from, to := range map[string]string{"AAA.csv": "IWM.csv", "BBB.csv": "QQQ.csv"} {
		b, err := os.ReadFile(filepath.Join(gapFixtures, from))
		if err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(filepath.Join(article, to), b, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	const first = "2024-01-03, 2024-01-05, 2024-01-09, 2024-01-11, 2024-01-16, …"
	refused := []struct {
		name   string
		args   []string
		ticker string
	}{
		{"study", []string{"study", "-data", gapFixtures, "-a", "AAA", "-b", "BBB", "-horizons", "2"}, "AAA"},
		{"study json", []string{"study", "-data", gapFixtures, "-a", "AAA", "-b", "BBB", "-horizons", "2", "-json"}, "AAA"},
		{"reproduce", []string{"reproduce", "-data", article, "-horizons", "2"}, "IWM"},
		{"scan", []string{"scan", "-data", gapFixtures, "-horizons", "2", "AAA", "BBB"}, "AAA"},
	}
	for _, tt := range refused {
		t.Run(tt.name, func(t *testing.T) {
			out, errs, code := runCmd(t, tt.args...)
			want := "rotation: marketdata: " + tt.ticker + " lacks 9 of 19 trading days from 2024-01-02 to 2024-01-29 (47.37%; longest run 1 day from 2024-01-03): " + first
			if code != exitFail || !strings.Contains(errs, want) || !strings.Contains(errs, "(-allow-gaps goes on anyway)") {
				t.Errorf("exit %d, stderr %q; want %d and %q", code, errs, exitFail, want)
			}
			if out != "" {
				t.Errorf("refused, yet wrote:\n%s", out)
			}
			if strings.Contains(errs, "BBB lacks") || strings.Contains(errs, "QQQ lacks") {
				t.Errorf("names the complete series too: %s", errs)
			}
		})
	}
	allowed := []struct {
		name string
		args []string
	}{
		{"study", []string{"study", "-data", gapFixtures, "-a", "AAA", "-b", "BBB", "-horizons", "2", "-allow-gaps"}},
		{"reproduce", []string{"reproduce", "-data", article, "-horizons", "2", "-allow-gaps"}},
		{"scan", []string{"scan", "-data", gapFixtures, "-horizons", "2", "-allow-gaps", "AAA", "BBB"}},
	}
	for _, tt := range allowed {
		t.Run(tt.name+" -allow-gaps", func(t *testing.T) {
			out, errs, code := runCmd(t, tt.args...)
			if code != 0 {
				t.Fatalf("exit %d: %s", code, errs)
			}
			lines := strings.SplitN(out, "\n", 3)
			if len(lines) < 3 || !strings.HasPrefix(lines[0], "warning: -allow-gaps: the study went on over data it refuses") ||
				!strings.Contains(lines[1], "lacks 9 of 19 trading days") {
				t.Errorf("output does not start with the warning:\n%s", out)
			}
			out, errs, code = runCmd(t, append(tt.args, "-json")...)
			if code != 0 {
				t.Fatalf("-json: exit %d: %s", code, errs)
			}
			if !strings.HasPrefix(out, "{\n  \"gaps\": {\n    \"over_rule\": true,\n    \"allow_gaps\": true,") {
				t.Errorf("JSON does not start with the gaps:\n%.300s", out)
			}
			var rep struct {
				Gaps struct {
					Series []struct {
						Ticker  string
						Missing int
						Dates   []string
					}
				}
			}
			if err := json.Unmarshal([]byte(out), &rep); err != nil {
				t.Fatal(err)
			}
			var lacking []string
			for _, s := range rep.Gaps.Series {
				if s.Missing > 0 {
					lacking = append(lacking, s.Ticker)
					if s.Missing != 9 || len(s.Dates) != 9 || s.Dates[0] != "2024-01-03" {
						t.Errorf("gaps of %s: %+v", s.Ticker, s)
					}
				}
			}
			if len(lacking) != 1 {
				t.Errorf("series lacking days: %v, want one", lacking)
			}
		})
	}
	t.Run("check reports", func(t *testing.T) {
		out, errs, code := runCmd(t, "check", "-data", gapFixtures, "-a", "AAA", "-b", "BBB", "AAA", "BBB")
		if code != 0 {
			t.Fatalf("exit %d: %s", code, errs)
		}
		if !strings.HasPrefix(out, "The study would refuse these data (a series may lack at most 1% of the NYSE's trading days, and at most 2 in a row; -allow-gaps goes on):\n  AAA lacks 9 of 19") {
			t.Errorf("check output:\n%s", out)
		}
		js, _, _ := runCmd(t, "check", "-data", gapFixtures, "-json", "AAA", "BBB")
		if !strings.HasPrefix(js, "{\n  \"gaps\": {\n    \"over_rule\": true,\n    \"allow_gaps\": false,") {
			t.Errorf("check JSON:\n%.300s", js)
		}
	})
}

// A day or two missing here and there is inside the rule: the study runs
// and says which days are missing; complete data say nothing more.
func TestGapsWithinRule(t *testing.T) {
	dir := t.TempDir()
	// A year of BBB on the NYSE calendar from the fixture's pattern, and
	// AAA without one day of it.
	var a, b strings.Builder
	head := "date,open,high,low,close,volume,dividend,unadj_close\n"
	a.WriteString(head)
	b.WriteString(head)
	days := 0
	for d := time.Date(2023, 1, 3, 0, 0, 0, 0, time.UTC); d.Year() == 2023; d = d.AddDate(0, 0, 1) {
		if !quality.TradingDay(d) {
			continue
		}
		days++
		p := fmt.Sprintf("%d", 100+days%5)
		row := marketdata.FormatDate(d) + "," + p + "," + p + "," + p + "," + p + ",1000,0.0," + p + "\n"
		b.WriteString(row)
		if marketdata.FormatDate(d) != "2023-06-01" {
			a.WriteString(row)
		}
	}
	os.WriteFile(filepath.Join(dir, "AAA.csv"), []byte(a.String()), 0o644)
	os.WriteFile(filepath.Join(dir, "BBB.csv"), []byte(b.String()), 0o644)
	out, errs, code := runCmd(t, "study", "-data", dir, "-a", "AAA", "-b", "BBB", "-horizons", "2", "-resamples", "0")
	if code != 0 {
		t.Fatalf("exit %d: %s", code, errs)
	}
	want := fmt.Sprintf("  NYSE calendar: AAA lacks 1 of %d trading days from 2023-01-03 to 2023-12-29", days)
	if strings.Contains(out, "warning") || !strings.Contains(out, want) || strings.Contains(out, "BBB lacks") {
		t.Errorf("output lacks %q or warns:\n%s", want, out)
	}
}

// reproduce on data that is not the article's (two short series named IWM
// and QQQ, one in Stooq's layout with no raw close): it runs, names the
// article's days the data lacks, says the raw conventions were left out,
// and prints no NaN or Inf.
func TestReproduceOnOtherData(t *testing.T) {
	dir := marketdatatest.PairDir(t, "IWM", "QQQ")
	marketdatatest.AsStooq(t, filepath.Join(dir, "QQQ.csv"))
	out, errs, code := runCmd(t, "reproduce", "-data", dir)
	if code != 0 {
		t.Fatalf("exit %d: %s", code, errs)
	}
	for _, bad := range []string{"NaN", "Inf"} {
		if strings.Contains(out, bad) {
			t.Errorf("output shows %s:\n%s", bad, out)
		}
	}
	for _, want := range []string{
		"2024-07-11  not in the data",
		"raw-close conventions left out: QQQ has no raw close",
		"63d: n/a (fewer than two events reach this horizon)",
	} {
		if !strings.Contains(out, want) {
			t.Errorf("output lacks %q:\n%s", want, out)
		}
	}
	if strings.Contains(out, "raw close, trading days") {
		t.Errorf("a raw-close convention on data with no raw close:\n%s", out)
	}
}
