package charts_test

import (
	"bytes"
	"image/png"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"gonum.org/v1/plot"

	"github.com/rotationlab/rotation/analysis"
	"github.com/rotationlab/rotation/analysis/charts"
	"github.com/rotationlab/rotation/analysis/marketdata"
)

func result(t *testing.T, threshold float64) *analysis.Result {
	t.Helper()
	s, err := marketdata.LoadAll(filepath.Join("..", "..", "testdata", "prices"), "AAA", "BBB")
	if err != nil {
		t.Fatal(err)
	}
	al, err := marketdata.Align(s...)
	if err != nil {
		t.Fatal(err)
	}
	o := analysis.DefaultOptions()
	o.A, o.B, o.Threshold = "AAA", "BBB", threshold
	o.Horizons = []analysis.Horizon{analysis.Days(2), analysis.Days(3)}
	r, err := analysis.Run(al, o)
	if err != nil {
		t.Fatal(err)
	}
	return r
}

func TestRender(t *testing.T) {
	plots, err := charts.All(result(t, 0.04))
	if err != nil {
		t.Fatal(err)
	}
	if len(plots) != 3 {
		t.Fatalf("%d plots, want 3", len(plots))
	}
	for name, p := range plots {
		b, err := charts.Render(p, charts.Wide, "png")
		if err != nil {
			t.Fatalf("%s: %v", name, err)
		}
		img, err := png.Decode(bytes.NewReader(b))
		if err != nil {
			t.Fatalf("%s: %v", name, err)
		}
		// 10 by 4 inches at gonum/plot's default 96 dpi.
		if img.Bounds().Dx() != 960 || img.Bounds().Dy() != 384 {
			t.Errorf("%s: %v", name, img.Bounds())
		}
		svg, err := charts.Render(p, charts.Wide, ".svg")
		if err != nil || !bytes.Contains(svg, []byte("<svg")) {
			t.Errorf("%s svg: %v", name, err)
		}
	}
	if _, err := charts.Render(plots["spread"], charts.Wide, "gif"); err == nil {
		t.Error("gif accepted")
	}
}

func TestNoEvents(t *testing.T) {
	r := result(t, 0.5)
	plots, err := charts.All(r)
	if err != nil {
		t.Fatal(err)
	}
	if _, ok := plots["path"]; ok {
		t.Error("a path chart without events")
	}
	if _, err := charts.Path(r); err == nil {
		t.Error("Path without events did not fail")
	}
}

func TestSaveAll(t *testing.T) {
	plots, err := charts.All(result(t, 0.04))
	if err != nil {
		t.Fatal(err)
	}
	dir := filepath.Join(t.TempDir(), "new")
	if err := charts.SaveAll(dir, plots, charts.Square); err != nil {
		t.Fatal(err)
	}
	ents, _ := os.ReadDir(dir)
	var names []string
	for _, e := range ents {
		names = append(names, e.Name())
	}
	if got := strings.Join(names, " "); got != "forward.png forward.svg path.png path.svg spread.png spread.svg" {
		t.Errorf("files %s", got)
	}
}

func TestPricesAndHistogram(t *testing.T) {
	r := result(t, 0.04)
	s, err := marketdata.LoadAll(filepath.Join("..", "..", "testdata", "prices"), "AAA", "BBB")
	if err != nil {
		t.Fatal(err)
	}
	al, _ := marketdata.Align(s...)
	pp, err := charts.Prices(al)
	if err != nil {
		t.Fatal(err)
	}
	hp, err := charts.Histogram(r, 20)
	if err != nil {
		t.Fatal(err)
	}
	for _, p := range []*plot.Plot{pp, hp} {
		b, err := charts.Render(p, charts.Wide, "png")
		if err != nil {
			t.Fatal(err)
		}
		if _, err := png.Decode(bytes.NewReader(b)); err != nil {
			t.Error(err)
		}
	}
}
