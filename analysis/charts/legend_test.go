package charts_test

import (
	"image"
	"image/color"
	"testing"

	"gonum.org/v1/plot"
	"gonum.org/v1/plot/palette/moreland"
	"gonum.org/v1/plot/vg"
	"gonum.org/v1/plot/vg/draw"
	"gonum.org/v1/plot/vg/vgimg"

	"github.com/rotationlab/rotation/analysis"
	"github.com/rotationlab/rotation/analysis/charts"
	"github.com/rotationlab/rotation/analysis/marketdata/marketdatatest"
	"github.com/rotationlab/rotation/analysis/reproduce"
)

// drawn is a chart drawn at Wide size: the image, its data area and the
// bottom of its title, in points.
type drawn struct {
	img        image.Image
	data       draw.Canvas
	titleBelow vg.Length
	dpi        float64
	height     vg.Length
}

func drawChart(t *testing.T, p *plot.Plot) drawn {
	t.Helper()
	c := vgimg.New(charts.Wide.W, charts.Wide.H)
	dc := draw.New(c)
	p.Draw(dc)
	title := dc.Max.Y - p.Title.TextStyle.Rectangle(p.Title.Text).Size().Y - p.Title.Padding
	return drawn{img: c.Image(), data: p.DataCanvas(dc), titleBelow: title, dpi: c.DPI(), height: charts.Wide.H}
}

// pixel is the image's point for a position in points.
func (d drawn) pixel(x, y vg.Length) image.Point {
	s := d.dpi / 72
	return image.Point{X: int(float64(x) * s), Y: int(float64(d.height-y) * s)}
}

// has reports whether a pixel of the colour want (within tol in each
// channel, of 255) lies in the rectangle from (x0, y0) to (x1, y1), in
// points.
func (d drawn) has(want color.Color, tol int, x0, y0, x1, y1 vg.Length) bool {
	a, b := d.pixel(x0, y1), d.pixel(x1, y0)
	wr, wg, wb, _ := want.RGBA()
	for y := a.Y; y <= b.Y; y++ {
		for x := a.X; x <= b.X; x++ {
			r, g, bl, _ := d.img.At(x, y).RGBA()
			if near(r, wr, tol) && near(g, wg, tol) && near(bl, wb, tol) {
				return true
			}
		}
	}
	return false
}

func near(a, b uint32, tol int) bool {
	d := int(a>>8) - int(b>>8)
	return d >= -tol && d <= tol
}

// No chart draws a legend inside its data area: gonum's legend (drawn
// there) has no entry, and the chart's legend is drawn in the band between
// the title and the data area, in the colour of its first entry.
func TestLegendsOutsideTheData(t *testing.T) {
	r := result(t, 0.04)
	al := marketdatatest.Prices(t)
	cases := []struct {
		name  string
		chart func() (*plot.Plot, error)
		first color.Color // the first entry's colour
	}{
		{"spread", func() (*plot.Plot, error) { return charts.Spread(r) }, charts.ColorB},
		{"forward", func() (*plot.Plot, error) { return charts.Forward(r) }, charts.ColorA},
		{"path", func() (*plot.Plot, error) { return charts.Path(r) }, charts.ColorA},
		{"prices", func() (*plot.Plot, error) { return charts.Prices(al) }, charts.ColorA},
		{"rebased", func() (*plot.Plot, error) { return charts.Rebased(r, r.Events[0].Date) }, charts.ColorA},
		{"car", func() (*plot.Plot, error) { return charts.CAR(carStudy(t, 50)) }, charts.ColorA},
		{"speccurve", func() (*plot.Plot, error) {
			return charts.SpecCurve(reproduce.Figure{Name: "AAA 3m", Sorted: []float64{-0.02, 0, 0.03}, Article: 0.02, Headline: 0})
		}, charts.ColorGrey},
		{"null", func() (*plot.Plot, error) { return charts.Null([]float64{-0.01, 0, 0.01, 0.02}, 0.015, "x") }, charts.ColorA},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			p, err := c.chart()
			if err != nil {
				t.Fatal(err)
			}
			d := drawChart(t, p)
			if h := p.Legend.Rectangle(d.data).Size().Y; h != 0 {
				t.Errorf("gonum's legend, drawn over the data, has entries %v high", h)
			}
			band := d.titleBelow - d.data.Max.Y
			if band < vg.Points(12) {
				t.Fatalf("only %v between the title and the data area: no room for a legend", band)
			}
			if !d.has(c.first, 8, d.data.Min.X, d.data.Max.Y+vg.Points(1), d.data.Max.X, d.titleBelow) {
				t.Errorf("no pixel of the first entry's colour %v between the data area and the title", c.first)
			}
		})
	}
}

// A heat map has a colour scale right of its data area, from the lowest
// colour to the highest, and writes a dark cell's value in white and a
// light one's in black.
func TestHeatMapScaleAndText(t *testing.T) {
	rows := []analysis.ScanRow{
		{A: "AAA", B: "BBB", Events: 1, Forward: []analysis.ScanForward{{A: -0.3, B: 0}}},
		{A: "BBB", B: "AAA", Events: 3, Forward: []analysis.ScanForward{{A: 0.02, B: 0}}},
	}
	p, err := charts.PairHeatMap(rows, func(r analysis.ScanRow) float64 { return 100 * (r.Forward[0].A - r.Forward[0].B) }, "spread (pp)")
	if err != nil {
		t.Fatal(err)
	}
	d := drawChart(t, p)
	cm := moreland.SmoothBlueRed()
	cm.SetMin(0)
	cm.SetMax(1)
	low, _ := cm.At(0)
	high, _ := cm.At(1)
	right := charts.Wide.W
	for name, col := range map[string]color.Color{"lowest": low, "highest": high} {
		if !d.has(col, 6, d.data.Max.X+vg.Points(2), d.data.Min.Y, right, d.data.Max.Y) {
			t.Errorf("no %s colour %v in a scale right of the data area", name, col)
		}
		if d.has(col, 6, 0, d.data.Min.Y, d.data.Min.X-vg.Points(2), d.data.Max.Y) {
			t.Errorf("the %s colour %v left of the data area", name, col)
		}
	}
	// The cells: AAA over BBB (row AAA, column BBB) is -30 pp, the darkest
	// blue; BBB over AAA is +2 pp, near white on a scale symmetric about 0.
	cell := func(col, row float64) (vg.Length, vg.Length) {
		return d.data.X(p.X.Norm(col)), d.data.Y(p.Y.Norm(row))
	}
	w := vg.Points(15)
	x, y := cell(1, 0)
	if !d.has(color.White, 30, x-w, y-w/2, x+w, y+w/2) {
		t.Error("the dark cell's value is not written in white")
	}
	if d.has(color.Black, 60, x-w, y-w/2, x+w, y+w/2) {
		t.Error("the dark cell's value is written in black")
	}
	x, y = cell(0, 1)
	if !d.has(color.Black, 30, x-w, y-w/2, x+w, y+w/2) {
		t.Error("the light cell's value is not written in black")
	}
}
