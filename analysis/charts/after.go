package charts

import (
	"fmt"
	"image/color"
	"math"
	"sort"
	"time"

	"gonum.org/v1/plot"
	"gonum.org/v1/plot/palette/moreland"
	"gonum.org/v1/plot/plotter"
	"gonum.org/v1/plot/text"
	"gonum.org/v1/plot/vg"
	"gonum.org/v1/plot/vg/draw"

	"github.com/rotationlab/rotation/analysis"
	"github.com/rotationlab/rotation/analysis/marketdata"
)

// Rebased charts both legs from day on, each rebased to 100 at that day's
// close, with the exits of r's event on that day marked (one dashed line
// per horizon, labelled in head room above the closes).
func Rebased(r *analysis.Result, day time.Time) (*plot.Plot, error) {
	start := -1
	for i, d := range r.Dates {
		if !d.Before(day) {
			start = i
			break
		}
	}
	if start < 0 || start >= len(r.Dates)-1 {
		return nil, fmt.Errorf("charts: the data has no days after %s", marketdata.FormatDate(day))
	}
	o := r.Options
	p := plot.New()
	p.Title.Text = fmt.Sprintf("%s and %s from %s, rebased to 100 at its close", o.A, o.B, marketdata.FormatDate(r.Dates[start]))
	p.Y.Label.Text = "rebased close"
	key := newLegend(p)
	p.X.Tick.Marker = plot.TimeTicks{Format: "2006-01"}
	lo, hi := math.Inf(1), math.Inf(-1)
	for _, leg := range []struct {
		name  string
		price []float64
		col   color.Color
	}{{string(o.A), r.Prices[0], ColorA}, {string(o.B), r.Prices[1], ColorB}} {
		pts := make(plotter.XYs, 0, len(r.Dates)-start)
		for i := start; i < len(r.Dates); i++ {
			v := 100 * leg.price[i] / leg.price[start]
			pts = append(pts, plotter.XY{X: unix(r, i), Y: v})
			lo, hi = math.Min(lo, v), math.Max(hi, v)
		}
		l, err := plotter.NewLine(pts)
		if err != nil {
			return nil, fmt.Errorf("charts: %w", err)
		}
		l.Color = leg.col
		l.Width = vg.Points(1.5)
		p.Add(l)
		key.add(leg.name, l)
	}
	// The exits' labels go in head room above the highest close, one line
	// per horizon, so that they cover no line.
	top := hi + 0.1*float64(len(o.Horizons)+1)*(hi-lo)
	for _, e := range r.Events {
		if !e.Date.Equal(r.Dates[start]) {
			continue
		}
		p.Y.Max = top
		for k, f := range e.Forward {
			if !f.OK {
				continue
			}
			x := float64(f.Exit.Unix())
			m, err := plotter.NewLine(plotter.XYs{{X: x, Y: lo}, {X: x, Y: top}})
			if err != nil {
				return nil, fmt.Errorf("charts: %w", err)
			}
			m.Color = ColorGrey
			m.Dashes = []vg.Length{vg.Points(4), vg.Points(3)}
			p.Add(m)
			lab, err := plotter.NewLabels(plotter.XYLabels{XYs: plotter.XYs{{X: x, Y: top}},
				Labels: []string{fmt.Sprintf(" exit +%s: %s %+.1f%%, %s %+.1f%%", o.Horizons[k], o.A, 100*f.A, o.B, 100*f.B)}})
			if err != nil {
				return nil, fmt.Errorf("charts: %w", err)
			}
			lab.Offset = vg.Point{Y: vg.Points(-12 * float64(k+1))}
			p.Add(lab)
		}
	}
	key.place(p)
	p.Add(plotter.NewGrid())
	return p, nil
}

// pairGrid is a GridXYZ over ordered pairs: rows are A, columns B.
type pairGrid struct {
	n    int
	vals [][]float64 // vals[a][b]; NaN on the diagonal and where undefined
}

func (g pairGrid) Dims() (c, r int)   { return g.n, g.n }
func (g pairGrid) Z(c, r int) float64 { return g.vals[r][c] }
func (g pairGrid) X(c int) float64    { return float64(c) }
func (g pairGrid) Y(r int) float64    { return float64(r) }

// PairHeatMap draws one value of every ordered pair of a scan as a heat
// map: A down the side, B along the bottom. value picks the number (the
// event count, or a mean); title names it. A colour scale at the right says
// what the colours mean (blue low, red high; symmetric about zero when the
// values have both signs), and each cell shows its value in black or white,
// whichever reads better on its colour.
func PairHeatMap(rows []analysis.ScanRow, value func(analysis.ScanRow) float64, title string) (*plot.Plot, error) {
	var names []string
	index := map[marketdata.Ticker]int{}
	for _, r := range rows {
		for _, t := range []marketdata.Ticker{r.A, r.B} {
			if _, ok := index[t]; !ok {
				index[t] = len(names)
				names = append(names, string(t))
			}
		}
	}
	sort.Strings(names)
	for i, t := range names {
		index[marketdata.Ticker(t)] = i
	}
	n := len(names)
	if n < 2 {
		return nil, fmt.Errorf("charts: a heat map needs two tickers or more")
	}
	g := pairGrid{n: n, vals: make([][]float64, n)}
	for i := range g.vals {
		g.vals[i] = make([]float64, n)
		for j := range g.vals[i] {
			g.vals[i][j] = math.NaN()
		}
	}
	lo, hi := math.Inf(1), math.Inf(-1)
	for _, r := range rows {
		v := value(r)
		g.vals[index[r.A]][index[r.B]] = v
		if !math.IsNaN(v) {
			lo, hi = math.Min(lo, v), math.Max(hi, v)
		}
	}
	if math.IsInf(lo, 1) {
		return nil, fmt.Errorf("charts: no pair has a value for %s", title)
	}
	// A diverging palette: blue low, red high. Values of both signs get a
	// range symmetric about zero, so that white means zero.
	if lo < 0 && hi > 0 {
		m := math.Max(-lo, hi)
		lo, hi = -m, m
	}
	hi = math.Max(hi, lo+1e-9)
	pal := moreland.SmoothBlueRed()
	pal.SetMin(lo)
	pal.SetMax(hi)
	cols := pal.Palette(64).Colors()
	h := plotter.NewHeatMap(g, palette(cols))
	h.Min, h.Max = lo, hi
	h.NaN = ColorGrey
	p := plot.New()
	p.Title.Text = title
	p.Add(h)
	// Each cell's value, in black or white, whichever reads better on the
	// cell's colour.
	var labels plotter.XYLabels
	var styles []text.Style
	for a := range n {
		for b := range n {
			if v := g.vals[a][b]; !math.IsNaN(v) {
				labels.XYs = append(labels.XYs, plotter.XY{X: float64(b), Y: float64(a)})
				labels.Labels = append(labels.Labels, formatCell(v))
				sty := p.X.Tick.Label
				sty.Color = textOn(cellColor(cols, lo, hi, v))
				sty.XAlign, sty.YAlign = draw.XCenter, draw.YCenter
				styles = append(styles, sty)
			}
		}
	}
	if len(labels.XYs) > 0 {
		lab, err := plotter.NewLabels(labels)
		if err != nil {
			return nil, fmt.Errorf("charts: %w", err)
		}
		lab.TextStyle = styles
		p.Add(lab)
	}
	p.Add(newColorBar(p, cols, lo, hi))
	p.NominalX(names...)
	p.NominalY(names...)
	p.X.Label.Text = "B (the leg that lags)"
	p.Y.Label.Text = "A (the leg that leads)"
	return p, nil
}

// palette is a fixed list of colours as a palette.Palette.
type palette []color.Color

func (p palette) Colors() []color.Color { return p }

// cellColor is the colour HeatMap gives v with the palette cols over
// [lo, hi] (the same rounding as gonum's plotter.HeatMap).
func cellColor(cols []color.Color, lo, hi, v float64) color.Color {
	i := int((v-lo)*float64(len(cols)-1)/(hi-lo) + 0.5)
	return cols[max(0, min(len(cols)-1, i))]
}

func formatCell(v float64) string {
	if v == math.Trunc(v) && math.Abs(v) >= 1 {
		return fmt.Sprintf("%.0f", v)
	}
	return fmt.Sprintf("%+.1f", v)
}
