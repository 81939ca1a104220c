package charts

import (
	"fmt"
	"math"

	"gonum.org/v1/plot"
	"gonum.org/v1/plot/plotter"
	"gonum.org/v1/plot/vg"

	"github.com/rotationlab/rotation/analysis/reproduce"
)

// SpecCurve draws one of the article's means across every specification,
// sorted (a specification curve), with the article's value and our
// headline's as horizontal lines.
func SpecCurve(f reproduce.Figure) (*plot.Plot, error) {
	if len(f.Sorted) == 0 {
		return nil, fmt.Errorf("charts: no specification gives %s", f.Name)
	}
	p := plot.New()
	p.Title.Text = fmt.Sprintf("%s mean across %d specifications, sorted", f.Name, len(f.Sorted))
	p.X.Label.Text = "specifications, ranked"
	p.Y.Label.Text = "mean return (%)"
	key := newLegend(p)
	pts := make(plotter.XYs, len(f.Sorted))
	for i, v := range f.Sorted {
		pts[i] = plotter.XY{X: 100 * float64(i) / float64(max(1, len(f.Sorted)-1)), Y: 100 * v}
	}
	curve, err := plotter.NewLine(pts)
	if err != nil {
		return nil, fmt.Errorf("charts: %w", err)
	}
	curve.Color = ColorGrey
	curve.Width = vg.Points(2)
	p.Add(curve)
	key.add("every specification", curve)
	for _, m := range []struct {
		label string
		v     float64
		col   *plotter.Line
	}{{fmt.Sprintf("article %+.1f%%", 100*f.Article), f.Article, nil}, {fmt.Sprintf("ours (chosen before) %+.2f%%", 100*f.Headline), f.Headline, nil}} {
		if math.IsNaN(m.v) {
			continue
		}
		l, err := plotter.NewLine(plotter.XYs{{X: 0, Y: 100 * m.v}, {X: 100, Y: 100 * m.v}})
		if err != nil {
			return nil, fmt.Errorf("charts: %w", err)
		}
		if m.v == f.Article {
			l.Color = ColorB
			l.Dashes = []vg.Length{vg.Points(6), vg.Points(3)}
		} else {
			l.Color = ColorA
		}
		p.Add(l)
		key.add(m.label, l)
	}
	lo, hi := 100*f.Sorted[0], 100*f.Sorted[len(f.Sorted)-1]
	for _, v := range []float64{f.Article, f.Headline} {
		if !math.IsNaN(v) {
			lo, hi = math.Min(lo, 100*v), math.Max(hi, 100*v)
		}
	}
	span := math.Max(hi-lo, 1e-9)
	p.X.Min, p.X.Max = 0, 100
	p.Y.Min, p.Y.Max = lo-0.05*span, hi+0.05*span
	p.Y.Tick.Marker = roundTicks{}
	key.place(p)
	p.Add(plotter.NewGrid())
	return p, nil
}
