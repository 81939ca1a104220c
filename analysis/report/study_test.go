package report_test

import (
	"encoding/json"
	"math"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/rotationlab/rotation/analysis"
	"github.com/rotationlab/rotation/analysis/marketdata"
	"github.com/rotationlab/rotation/analysis/report"
)

// fixtures is the repository's hand-written prices: AAA and BBB, ten days
// each (their closes are tabled in analysis/study_test.go).
var fixtures = filepath.Join("..", "..", "testdata", "prices")

// aligned loads tickers from dir and lines them up.
func aligned(t testing.TB, dir string, tickers ...marketdata.Ticker) *marketdata.Aligned {
	t.Helper()
	s, err := marketdata.LoadAll(dir, tickers...)
	if err != nil {
		t.Fatal(err)
	}
	al, err := marketdata.Align(s...)
	if err != nil {
		t.Fatal(err)
	}
	return al
}

func fixture(t *testing.T) *marketdata.Aligned { return aligned(t, fixtures, "AAA", "BBB") }

// opts is the study of AAA against BBB at 2 days.
func opts() analysis.Options {
	o := analysis.DefaultOptions()
	o.A, o.B = "AAA", "BBB"
	o.Horizons = []analysis.Horizon{analysis.Days(2)}
	o.Resamples = 200
	return o
}

func date(s string) time.Time {
	t, err := marketdata.ParseDate(s)
	if err != nil {
		panic(err)
	}
	return t
}

func near(a, b float64) bool { return math.Abs(a-b) <= 1e-12 }

// JSON with no events: empty lists and null statistics, never NaN.
func TestReportNoEvents(t *testing.T) {
	o := opts()
	o.Threshold = 0.5
	r, err := analysis.Run(fixture(t), o)
	if err != nil {
		t.Fatal(err)
	}
	b, err := json.Marshal(report.NewStudy(r, nil))
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(string(b), `"events":[]`) || !strings.Contains(string(b), `"mean":null`) {
		t.Errorf("json %s", b)
	}
}

// The JSON contract: these names must stay.
func TestReportContract(t *testing.T) {
	o := opts()
	o.Before = date("2024-01-16")
	r, err := analysis.Run(fixture(t), o)
	if err != nil {
		t.Fatal(err)
	}
	b, err := json.Marshal(report.NewStudy(r, nil))
	if err != nil {
		t.Fatal(err)
	}
	var m map[string]any
	if err := json.Unmarshal(b, &m); err != nil {
		t.Fatal(err)
	}
	for _, k := range []string{"a", "b", "threshold", "price", "after", "before", "events", "horizons"} {
		if _, ok := m[k]; !ok {
			t.Errorf("top-level %q missing", k)
		}
	}
	if m["a"] != "AAA" || m["price"] != "adjusted" || m["before"] != "2024-01-16" || m["threshold"] != 0.04 {
		t.Errorf("header fields %v %v %v %v", m["a"], m["price"], m["before"], m["threshold"])
	}
	ev := m["events"].([]any)[0].(map[string]any)
	for _, k := range []string{"date", "a_return", "b_return", "spread"} {
		if _, ok := ev[k]; !ok {
			t.Errorf("event %q missing", k)
		}
	}
	if !near(ev["a_return"].(float64), 0.05) {
		t.Errorf("a_return %v, want 0.05 (a fraction)", ev["a_return"])
	}
	h := m["horizons"].([]any)[0].(map[string]any)
	for _, k := range []string{"days", "n", "dropped", "a", "b", "spread", "baseline"} {
		if _, ok := h[k]; !ok {
			t.Errorf("horizon %q missing", k)
		}
	}
	if h["days"].(float64) != 2 || h["n"].(float64) != 2 {
		t.Errorf("days %v n %v", h["days"], h["n"])
	}
	for _, leg := range []string{"a", "b", "spread"} {
		s := h[leg].(map[string]any)
		for _, k := range []string{"mean", "median", "hit_rate"} {
			if _, ok := s[k]; !ok {
				t.Errorf("%s.%s missing", leg, k)
			}
		}
	}
	base := h["baseline"].(map[string]any)
	for _, leg := range []string{"a", "b"} {
		if _, ok := base[leg].(map[string]any)["mean"]; !ok {
			t.Errorf("baseline.%s.mean missing", leg)
		}
	}
}

// The gaps are in the JSON only when a series lacks a trading day.
func TestNewGaps(t *testing.T) {
	if g := report.NewGaps(nil); g != nil {
		t.Errorf("NewGaps(nil) = %+v", g)
	}
	o := opts()
	if g := report.NewGaps(analysis.StudyGaps(fixture(t), o)); g != nil {
		t.Errorf("complete fixtures: %+v", g)
	}
	al := aligned(t, gapFixtures, "AAA", "BBB")
	g := report.NewGaps(analysis.StudyGaps(al, o))
	if g == nil || !g.OverRule || g.AllowGaps || len(g.Series) != 2 || g.Series[0].Missing != 9 || g.Series[0].Dates[0] != "2024-01-03" ||
		g.Series[1].Missing != 0 || g.Series[1].Dates == nil {
		t.Errorf("gap fixtures: %+v", g)
	}
	if n := report.GapNotice(analysis.StudyGaps(al, o)); !strings.HasPrefix(n, "warning: -allow-gaps:") {
		t.Errorf("notice %q", n)
	}
	if n := report.GapNotice(analysis.StudyGaps(fixture(t), o)); n != "" {
		t.Errorf("notice on complete data: %q", n)
	}
}
