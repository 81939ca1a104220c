package analysis_test

import (
	"encoding/json"
	"math"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"github.com/rotationlab/rotation/analysis"
	"github.com/rotationlab/rotation/internal/realdata"
)

// TestAgainstPandas runs bench/pandas_study.py, the same study written in
// pandas, and checks every figure both compute the same way (all but the
// bootstrap, whose random streams differ). It needs Debian's python3-pandas
// for /usr/bin/python3 and skips without it.
func TestAgainstPandas(t *testing.T) {
	dir := realdata.Dir(t)
	const py = "/usr/bin/python3"
	if err := exec.Command(py, "-c", "import pandas").Run(); err != nil {
		t.Skipf("pandas not available to %s (apt-get install python3-pandas): %v", py, err)
	}
	out, err := exec.Command(py, filepath.Join("..", "bench", "pandas_study.py"), dir, "--json").Output()
	if err != nil {
		t.Fatalf("pandas script: %v", err)
	}
	type stats struct {
		N                           int
		Mean, Median, Std, Min, Max float64
		HitRate                     float64 `json:"hit_rate"`
	}
	var pd struct {
		Events   []string
		Episodes int
		PathEnd  [2]float64 `json:"path_end"`
		Horizons []struct {
			Days     int
			N        int
			A, B     stats
			Spread   stats
			Baseline struct{ A, B, Spread stats }
		}
	}
	if err := json.Unmarshal(out, &pd); err != nil {
		t.Fatal(err)
	}
	o := analysis.DefaultOptions()
	r, err := analysis.Run(realAligned(t), o)
	if err != nil {
		t.Fatal(err)
	}
	if got, want := strings.Join(eventDates(r), " "), strings.Join(pd.Events, " "); got != want {
		t.Errorf("events\n%s\npandas\n%s", got, want)
	}
	if len(r.Episodes) != pd.Episodes {
		t.Errorf("episodes %d, pandas %d", len(r.Episodes), pd.Episodes)
	}
	const tol = 1e-9
	same := func(what string, got analysis.Stats, want stats) {
		t.Helper()
		if got.N != want.N {
			t.Errorf("%s: n %d, pandas %d", what, got.N, want.N)
		}
		for _, c := range []struct {
			name string
			g, w float64
		}{{"mean", got.Mean, want.Mean}, {"median", got.Median, want.Median}, {"hit rate", got.HitRate, want.HitRate},
			{"std", got.Std, want.Std}, {"min", got.Min, want.Min}, {"max", got.Max, want.Max}} {
			if math.Abs(c.g-c.w) > tol {
				t.Errorf("%s %s: %v, pandas %v", what, c.name, c.g, c.w)
			}
		}
	}
	for k, h := range r.Horizons {
		p := pd.Horizons[k]
		if h.Horizon.N != p.Days || h.N != p.N {
			t.Fatalf("horizon %s n=%d, pandas %dd n=%d", h.Horizon, h.N, p.Days, p.N)
		}
		same(h.Horizon.String()+" A", h.Events.A, p.A)
		same(h.Horizon.String()+" B", h.Events.B, p.B)
		same(h.Horizon.String()+" spread", h.Events.Spread, p.Spread)
		same(h.Horizon.String()+" baseline A", h.Baseline.A, p.Baseline.A)
		same(h.Horizon.String()+" baseline B", h.Baseline.B, p.Baseline.B)
		same(h.Horizon.String()+" baseline spread", h.Baseline.Spread, p.Baseline.Spread)
	}
	end := r.Path[len(r.Path)-1]
	if math.Abs(end.A-pd.PathEnd[0]) > tol || math.Abs(end.B-pd.PathEnd[1]) > tol {
		t.Errorf("path end %v %v, pandas %v", end.A, end.B, pd.PathEnd)
	}
}
