package charts

import (
	"fmt"
	"math"

	"gonum.org/v1/plot"
	"gonum.org/v1/plot/plotter"
	"gonum.org/v1/plot/vg"
)

// Null draws the null distribution of a date-shift test: a histogram of
// the shifted statistics (returns, drawn in percent), NaN left out, with
// the observed value as a vertical line. title names the statistic, as
// "12m IWM-QQQ: median excess across the specifications".
func Null(null []float64, observed float64, title string) (*plot.Plot, error) {
	vals := make(plotter.Values, 0, len(null))
	for _, v := range null {
		if !math.IsNaN(v) && !math.IsInf(v, 0) {
			vals = append(vals, 100*v)
		}
	}
	if len(vals) == 0 {
		return nil, fmt.Errorf("charts: no shifted value to draw for %s", title)
	}
	if math.IsNaN(observed) || math.IsInf(observed, 0) {
		return nil, fmt.Errorf("charts: the observed value of %s is %v", title, observed)
	}
	h, err := plotter.NewHist(vals, min(40, max(5, len(vals)/10)))
	if err != nil {
		return nil, fmt.Errorf("charts: %w", err)
	}
	h.FillColor = ColorGrey
	p := plot.New()
	p.Title.Text = fmt.Sprintf("%s under %d date shifts", title, len(vals))
	p.X.Label.Text = "shifted value (%)"
	p.Y.Label.Text = "shifts"
	p.Add(h)
	top := 0.0
	for _, b := range h.Bins {
		top = math.Max(top, b.Weight)
	}
	l, err := plotter.NewLine(plotter.XYs{{X: 100 * observed, Y: 0}, {X: 100 * observed, Y: top}})
	if err != nil {
		return nil, fmt.Errorf("charts: %w", err)
	}
	l.Color = ColorA
	l.Width = vg.Points(2)
	p.Add(l)
	key := newLegend(p)
	key.add(fmt.Sprintf("observed %+.2f%%", 100*observed), l)
	key.place(p)
	lo, hi := math.Min(h.Bins[0].Min, 100*observed), math.Max(h.Bins[len(h.Bins)-1].Max, 100*observed)
	pad := 0.05 * math.Max(hi-lo, 1e-9)
	p.X.Min, p.X.Max = lo-pad, hi+pad
	p.Y.Min, p.Y.Max = 0, 1.05*top
	return p, nil
}
