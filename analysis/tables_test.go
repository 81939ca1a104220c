package analysis_test

import (
	"encoding/json"
	"math"
	"strings"
	"testing"

	"github.com/rotationlab/rotation/analysis"
)

func TestTables(t *testing.T) {
	r, err := analysis.Run(fixture(t), opts())
	if err != nil {
		t.Fatal(err)
	}
	ev, err := r.EventsTable()
	if err != nil {
		t.Fatal(err)
	}
	if rows, cols := ev.Dims(); rows != 3 || cols != 7 {
		t.Errorf("events table %dx%d, want 3x7", rows, cols)
	}
	if got := strings.Join(ev.Names(), ","); got != "date,AAA,BBB,spread,episode,AAA 2d,BBB 2d" {
		t.Errorf("names %s", got)
	}
	if d := ev.Col("date").Records(); d[1] != "2024-01-11" {
		t.Errorf("dates %v", d)
	}
	if f := ev.Col("AAA 2d").Float(); !near(f[0], 110.0/105-1) || !math.IsNaN(f[2]) {
		t.Errorf("forward column %v", f)
	}
	sum, err := r.SummaryTable()
	if err != nil {
		t.Fatal(err)
	}
	if rows, _ := sum.Dims(); rows != 3 {
		t.Errorf("summary rows %d, want 3 (one horizon, three legs)", rows)
	}
	if got := sum.Col("leg").Records(); strings.Join(got, ",") != "AAA,BBB,AAA-BBB" {
		t.Errorf("legs %v", got)
	}
	if m := sum.Col("mean").Float(); !near(m[0], r.Horizons[0].Events.A.Mean) {
		t.Errorf("mean %v", m)
	}
	eps, err := r.EpisodesTable()
	if err != nil {
		t.Fatal(err)
	}
	if rows, _ := eps.Dims(); rows != len(r.Episodes) {
		t.Errorf("episodes rows %d, want %d", rows, len(r.Episodes))
	}
}

func TestTablesNoEvents(t *testing.T) {
	o := opts()
	o.Threshold = 0.5
	r, err := analysis.Run(fixture(t), o)
	if err != nil {
		t.Fatal(err)
	}
	if len(r.Events) != 0 {
		t.Fatalf("events %v", eventDates(r))
	}
	ev, err := r.EventsTable()
	if err != nil {
		t.Fatal(err)
	}
	if rows, _ := ev.Dims(); rows != 0 {
		t.Errorf("rows %d", rows)
	}
	if _, err := r.SummaryTable(); err != nil {
		t.Fatal(err)
	}
	if _, err := r.EpisodesTable(); err != nil {
		t.Fatal(err)
	}
	// JSON with no events: empty lists and null statistics, never NaN.
	b, err := json.Marshal(r.Report())
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
	b, err := json.Marshal(r.Report())
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
