package charts

import (
	"errors"
	"fmt"
	"image/color"
	"math"

	"gonum.org/v1/plot"
	"gonum.org/v1/plot/plotter"
	"gonum.org/v1/plot/vg"

	"github.com/rotationlab/rotation/analysis/eventstudy"
)

// colorSpread is the spread's colour beside the legs'.
var colorSpread = color.RGBA{R: 0x33, G: 0x33, B: 0x33, A: 0xff}

// CAR charts the event study's cumulative market-model abnormal return in
// event time, mean across events, for A, B and A-B, each with its episode
// bootstrap band shaded (left out where undefined). A vertical line marks
// the event day.
func CAR(es *eventstudy.Result) (*plot.Plot, error) {
	o := es.Study.Options
	p := plot.New()
	n := 0
	for _, pt := range es.CAR {
		n = max(n, pt.N)
	}
	if n == 0 {
		return nil, errors.New("charts: no event has a market model to draw a CAR path for")
	}
	p.Title.Text = fmt.Sprintf("Cumulative abnormal return against %s's market model, up to %d events", es.Options.Market, n)
	if es.Options.Draws > 0 {
		p.Title.Text += fmt.Sprintf(" (%.0f%% episode-bootstrap band, %d draws, seed %d)", 100*o.Confidence, es.Options.Draws, es.Options.Seed)
	}
	p.X.Label.Text = "trading days from the event"
	p.Y.Label.Text = "CAR (%)"
	key := newLegend(p)
	lo, hi := 0.0, 0.0
	x0, x1 := math.Inf(1), math.Inf(-1)
	for _, s := range []struct {
		leg eventstudy.Leg
		col color.RGBA
	}{{eventstudy.LegA, ColorA}, {eventstudy.LegB, ColorB}, {eventstudy.LegSpread, colorSpread}} {
		var mean, up, down plotter.XYs
		for _, pt := range es.CAR {
			m := pt.Mean[s.leg]
			if pt.N == 0 || math.IsNaN(m) {
				continue
			}
			x := float64(pt.Day)
			x0, x1 = math.Min(x0, x), math.Max(x1, x)
			mean = append(mean, plotter.XY{X: x, Y: 100 * m})
			lo, hi = math.Min(lo, 100*m), math.Max(hi, 100*m)
			if l, h := pt.Low[s.leg], pt.High[s.leg]; !math.IsNaN(l) && !math.IsNaN(h) {
				down = append(down, plotter.XY{X: x, Y: 100 * l})
				up = append(up, plotter.XY{X: x, Y: 100 * h})
				lo, hi = math.Min(lo, 100*l), math.Max(hi, 100*h)
			}
		}
		if len(mean) == 0 {
			continue
		}
		if len(up) > 1 {
			ring := append(plotter.XYs{}, down...)
			for i := len(up) - 1; i >= 0; i-- {
				ring = append(ring, up[i])
			}
			band, err := plotter.NewPolygon(ring)
			if err != nil {
				return nil, fmt.Errorf("charts: %w", err)
			}
			// Unpremultiplied, so that the colour keeps its hue when faint.
			band.Color = color.NRGBA{R: s.col.R, G: s.col.G, B: s.col.B, A: 0x38}
			band.LineStyle.Width = 0
			p.Add(band)
		}
		l, err := plotter.NewLine(mean)
		if err != nil {
			return nil, fmt.Errorf("charts: %w", err)
		}
		l.Color = s.col
		l.Width = vg.Points(1.5)
		p.Add(l)
		key.add(s.leg.Name(o), l)
	}
	day0, err := plotter.NewLine(plotter.XYs{{X: 0, Y: lo}, {X: 0, Y: hi}})
	if err != nil {
		return nil, fmt.Errorf("charts: %w", err)
	}
	day0.Color = colorLine
	day0.Dashes = []vg.Length{vg.Points(4), vg.Points(3)}
	p.Add(day0)
	span := math.Max(hi-lo, 1e-9)
	p.Y.Min, p.Y.Max = lo-0.05*span, hi+0.05*span
	key.place(p)
	return withZeroLine(p, x0, x1)
}
