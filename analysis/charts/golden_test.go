package charts_test

import (
	"bytes"
	"flag"
	"math"
	"os"
	"path/filepath"
	"testing"

	"gonum.org/v1/plot"
	"gonum.org/v1/plot/cmpimg"

	"github.com/rotationlab/rotation/analysis"
	"github.com/rotationlab/rotation/analysis/charts"
	"github.com/rotationlab/rotation/analysis/marketdata"
	"github.com/rotationlab/rotation/analysis/marketdata/marketdatatest"
	"github.com/rotationlab/rotation/analysis/reproduce"
)

var update = flag.Bool("update", false, "rewrite the golden images in testdata/")

// tolerance is cmpimg's normalised per-pixel colour distance: enough for
// anti-aliasing to differ between machines, far too little for a bar, a
// line or a label to move.
const tolerance = 0.1

// golden renders p as PNG and compares it with testdata/NAME.png.
func golden(t *testing.T, name string, p *plot.Plot) []byte {
	t.Helper()
	got, err := charts.Render(p, charts.Wide, "png")
	if err != nil {
		t.Fatalf("%s: %v", name, err)
	}
	path := filepath.Join("testdata", name+".png")
	if *update {
		if err := os.MkdirAll("testdata", 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(path, got, 0o644); err != nil {
			t.Fatal(err)
		}
		return got
	}
	want, err := os.ReadFile(path)
	if err != nil {
		t.Fatalf("%v (go test -update writes it)", err)
	}
	if ok, err := cmpimg.EqualApprox("png", got, want, tolerance); err != nil || !ok {
		bad := filepath.Join(t.TempDir(), name+".png")
		os.WriteFile(bad, got, 0o644)
		t.Errorf("%s differs from %s (this run's image: %s; go test -update rewrites the golden file) %v", name, path, bad, err)
	}
	return got
}

func TestGoldenImages(t *testing.T) {
	r := result(t, 0.04)
	al := marketdatatest.Prices(t)
	golden(t, "spread", must(t)(charts.Spread(r)))
	golden(t, "forward", must(t)(charts.Forward(r)))
	golden(t, "path", must(t)(charts.Path(r)))
	golden(t, "prices", must(t)(charts.Prices(al)))
	golden(t, "histogram", must(t)(charts.Histogram(r, 20)))
}

// must returns a chart constructor's plot, failing the test on its error.
func must(t *testing.T) func(*plot.Plot, error) *plot.Plot {
	return func(p *plot.Plot, err error) *plot.Plot {
		t.Helper()
		if err != nil {
			t.Fatal(err)
		}
		return p
	}
}

// An undefined mean (no event reaches the horizon) is drawn as missing,
// marked n/a, never as a bar of height zero.
func TestForwardUndefinedMean(t *testing.T) {
	o := analysis.DefaultOptions()
	o.A, o.B = "AAA", "BBB"
	o.Horizons = []analysis.Horizon{analysis.Days(2), analysis.Days(30)} // the data has 10 days
	r, err := analysis.Run(marketdatatest.Prices(t), o)
	if err != nil {
		t.Fatal(err)
	}
	if h := r.Horizons[1]; !math.IsNaN(h.Events.A.Mean) || !math.IsNaN(h.Baseline.B.Mean) {
		t.Fatalf("the 30-day means should be undefined: %+v", h.Events.A)
	}
	undefined := golden(t, "forward-undefined", must(t)(charts.Forward(r)))
	// The same figures with zeros where the means are undefined: a chart
	// that drew NaN as zero would look exactly the same.
	z := *r
	z.Horizons = append([]analysis.HorizonResult(nil), r.Horizons...)
	h := &z.Horizons[1]
	h.Events.A.Mean, h.Events.B.Mean, h.Baseline.A.Mean, h.Baseline.B.Mean = 0, 0, 0, 0
	zp, err := charts.Forward(&z)
	if err != nil {
		t.Fatal(err)
	}
	zero, err := charts.Render(zp, charts.Wide, "png")
	if err != nil {
		t.Fatal(err)
	}
	if bytes.Equal(undefined, zero) {
		t.Error("undefined means are drawn exactly like zero means")
	}
}

func TestGoldenSpecCurve(t *testing.T) {
	f := reproduce.Figure{Name: "AAA 3m", Sorted: []float64{-0.02, -0.01, 0, 0.005, 0.01, 0.03}, Article: 0.02, Headline: 0}
	golden(t, "speccurve", must(t)(charts.SpecCurve(f)))
	if _, err := charts.SpecCurve(reproduce.Figure{Name: "none"}); err == nil {
		t.Error("an empty curve was drawn")
	}
}

func TestGoldenAfterCharts(t *testing.T) {
	r := result(t, 0.04)
	golden(t, "rebased", must(t)(charts.Rebased(r, r.Events[0].Date)))
	if _, err := charts.Rebased(r, r.Dates[len(r.Dates)-1].AddDate(0, 0, 5)); err == nil {
		t.Error("a chart from after the data")
	}
	u, err := analysis.NewUniverse(marketdata.Adjusted, marketdatatest.Prices(t).Series...)
	if err != nil {
		t.Fatal(err)
	}
	rows, err := analysis.Scan(u, analysis.ScanOptions{Threshold: 0.04, Horizons: []analysis.Horizon{analysis.Days(2)}})
	if err != nil {
		t.Fatal(err)
	}
	golden(t, "pairs-events", must(t)(charts.PairHeatMap(rows, func(r analysis.ScanRow) float64 { return float64(r.Events) }, "events")))
	golden(t, "pairs-spread", must(t)(charts.PairHeatMap(rows, func(r analysis.ScanRow) float64 {
		return 100 * (r.Forward[0].A - r.Forward[0].B)
	}, "mean forward spread, 2 days (pp)")))
}
