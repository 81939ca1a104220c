package charts

import (
	"bytes"
	"errors"
	"fmt"
	"image/color"
	"math"
	"os"
	"path/filepath"
	"strings"

	"gonum.org/v1/plot"
	"gonum.org/v1/plot/plotter"
	"gonum.org/v1/plot/vg"
	"gonum.org/v1/plot/vg/draw"

	"github.com/rotationlab/rotation/analysis"
	"github.com/rotationlab/rotation/analysis/marketdata"
	"github.com/rotationlab/rotation/internal/atomicfile"
)

// Size is a figure's width and height.
type Size struct{ W, H vg.Length }

// Standard sizes.
var (
	Wide   = Size{10 * vg.Inch, 4 * vg.Inch}
	Square = Size{7 * vg.Inch, 5 * vg.Inch}
)

// Colours for the legs, kept the same in every chart.
var (
	ColorA    = color.RGBA{R: 0x1f, G: 0x77, B: 0xb4, A: 0xff}
	ColorB    = color.RGBA{R: 0xd6, G: 0x27, B: 0x28, A: 0xff}
	ColorGrey = color.RGBA{R: 0x88, G: 0x88, B: 0x88, A: 0xff}
	colorLine = color.RGBA{R: 0x99, G: 0x99, B: 0x99, A: 0xff}
)

// Render draws p in the format "png" or "svg".
func Render(p *plot.Plot, size Size, format string) ([]byte, error) {
	format = strings.ToLower(strings.TrimPrefix(format, "."))
	if format != "png" && format != "svg" {
		return nil, fmt.Errorf("charts: unsupported format %q (want png or svg)", format)
	}
	wt, err := p.WriterTo(size.W, size.H, format)
	if err != nil {
		return nil, fmt.Errorf("charts: %w", err)
	}
	var buf bytes.Buffer
	if _, err := wt.WriteTo(&buf); err != nil {
		return nil, fmt.Errorf("charts: rendering %s: %w", format, err)
	}
	return buf.Bytes(), nil
}

// Save renders p to path atomically; the extension picks the format.
func Save(p *plot.Plot, path string, size Size) error {
	b, err := Render(p, size, filepath.Ext(path))
	if err != nil {
		return fmt.Errorf("%s: %w", path, err)
	}
	return atomicfile.WriteFile(path, b, 0o644)
}

// SaveAll writes each named plot as name.png and name.svg in dir.
func SaveAll(dir string, plots map[string]*plot.Plot, size Size) error {
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return fmt.Errorf("charts: %w", err)
	}
	for name, p := range plots {
		for _, ext := range []string{".png", ".svg"} {
			if err := Save(p, filepath.Join(dir, name+ext), size); err != nil {
				return err
			}
		}
	}
	return nil
}

func unix(r *analysis.Result, i int) float64 { return float64(r.Dates[i].Unix()) }

// Spread charts the daily spread with the threshold and the events.
func Spread(r *analysis.Result) (*plot.Plot, error) {
	if len(r.Dates) < 2 {
		return nil, errors.New("charts: too few days to chart")
	}
	o := r.Options
	p := plot.New()
	p.Title.Text = fmt.Sprintf("Daily return of %s minus %s", o.A, o.B)
	p.Y.Label.Text = "spread (percentage points)"
	p.X.Tick.Marker = plot.TimeTicks{Format: "2006"}
	key := newLegend(p)
	line := make(plotter.XYs, 0, len(r.Dates)-1)
	for i := 1; i < len(r.Dates); i++ {
		line = append(line, plotter.XY{X: unix(r, i), Y: 100 * r.Spread[i]})
	}
	l, err := plotter.NewLine(line)
	if err != nil {
		return nil, fmt.Errorf("charts: %w", err)
	}
	l.Color = colorLine
	l.Width = vg.Points(0.5)
	p.Add(l)
	thr := 100 * o.Threshold
	if o.Mirror {
		thr = -thr
	}
	first, last := unix(r, 1), unix(r, len(r.Dates)-1)
	tl, err := plotter.NewLine(plotter.XYs{{X: first, Y: thr}, {X: last, Y: thr}})
	if err != nil {
		return nil, fmt.Errorf("charts: %w", err)
	}
	tl.Color = ColorB
	tl.Dashes = []vg.Length{vg.Points(4), vg.Points(3)}
	p.Add(tl)
	key.add(fmt.Sprintf("threshold %+.1f%%", thr), tl)
	if len(r.Events) > 0 {
		pts := make(plotter.XYs, len(r.Events))
		for k, e := range r.Events {
			pts[k] = plotter.XY{X: unix(r, e.Row), Y: 100 * e.Spread}
		}
		sc, err := plotter.NewScatter(pts)
		if err != nil {
			return nil, fmt.Errorf("charts: %w", err)
		}
		sc.GlyphStyle.Color = ColorA
		sc.GlyphStyle.Shape = draw.CircleGlyph{}
		sc.GlyphStyle.Radius = vg.Points(3)
		p.Add(sc)
		key.add(fmt.Sprintf("%d events", len(r.Events)), sc)
	}
	key.place(p)
	p.Add(plotter.NewGrid())
	return p, nil
}

// Forward charts mean forward returns of A and B per horizon: events
// beside the baseline.
func Forward(r *analysis.Result) (*plot.Plot, error) {
	if len(r.Horizons) == 0 {
		return nil, errors.New("charts: no horizons")
	}
	o := r.Options
	p := plot.New()
	p.Title.Text = fmt.Sprintf("Mean forward returns after %s-%s spread days (n=%d) vs all days", o.A, o.B, r.Horizons[0].N)
	p.Y.Label.Text = "mean return (%)"
	key := newLegend(p)
	series := []struct {
		name  string
		get   func(h analysis.HorizonResult) float64
		col   color.Color
		solid bool
	}{
		{fmt.Sprintf("%s after events", o.A), func(h analysis.HorizonResult) float64 { return h.Events.A.Mean }, ColorA, true},
		{fmt.Sprintf("%s all days", o.A), func(h analysis.HorizonResult) float64 { return h.Baseline.A.Mean }, ColorA, false},
		{fmt.Sprintf("%s after events", o.B), func(h analysis.HorizonResult) float64 { return h.Events.B.Mean }, ColorB, true},
		{fmt.Sprintf("%s all days", o.B), func(h analysis.HorizonResult) float64 { return h.Baseline.B.Mean }, ColorB, false},
	}
	w := vg.Points(18)
	names := make([]string, len(r.Horizons))
	for i, h := range r.Horizons {
		names[i] = h.Horizon.Label()
	}
	lo, hi := 0.0, 0.0
	var missing plotter.XYLabels
	var missingOffsets []vg.Length
	for k, s := range series {
		offset := w * vg.Length(float64(k)-1.5)
		style := func(b *plotter.BarChart) {
			b.Offset = offset
			b.LineStyle.Color = s.col
			if s.solid {
				b.Color = s.col
			} else {
				b.Color = color.RGBA{R: 0xee, G: 0xee, B: 0xee, A: 0xff}
			}
		}
		// One bar per horizon, so that an undefined mean (no event reached
		// the horizon) draws no bar at all: it is marked "n/a" instead of
		// passing for a zero return.
		var legend *plotter.BarChart
		for i, h := range r.Horizons {
			v := 100 * s.get(h)
			if math.IsNaN(v) {
				missing.XYs = append(missing.XYs, plotter.XY{X: float64(i), Y: 0})
				missing.Labels = append(missing.Labels, "n/a")
				missingOffsets = append(missingOffsets, offset)
				continue
			}
			lo, hi = math.Min(lo, v), math.Max(hi, v)
			b, err := plotter.NewBarChart(plotter.Values{v}, w)
			if err != nil {
				return nil, fmt.Errorf("charts: %w", err)
			}
			b.XMin = float64(i)
			style(b)
			p.Add(b)
			if legend == nil {
				legend = b
			}
		}
		if legend == nil { // every mean undefined: the legend still names the series
			legend, _ = plotter.NewBarChart(plotter.Values{0}, w)
			style(legend)
		}
		key.add(s.name, legend)
	}
	for i := range missing.XYs {
		l, err := plotter.NewLabels(plotter.XYLabels{XYs: missing.XYs[i : i+1], Labels: missing.Labels[i : i+1]})
		if err != nil {
			return nil, fmt.Errorf("charts: %w", err)
		}
		l.Offset = vg.Point{X: missingOffsets[i] - w/3, Y: vg.Points(2)}
		p.Add(l)
	}
	p.NominalX(names...)
	// Room around the groups, below the lowest bar and above the highest.
	p.X.Min, p.X.Max = -0.6, float64(len(r.Horizons))-0.4
	span := hi - lo
	if span == 0 {
		span = 1
	}
	p.Y.Min, p.Y.Max = lo-0.08*span, hi+0.08*span
	key.place(p)
	return withZeroLine(p, p.X.Min, p.X.Max)
}

// Path charts the average cumulative return of A and B after events, for
// every trading day up to the path's length.
func Path(r *analysis.Result) (*plot.Plot, error) {
	o := r.Options
	p := plot.New()
	p.Title.Text = fmt.Sprintf("Average path after %d events (entry at day 0)", len(r.Events))
	p.X.Label.Text = "trading days after the event"
	p.Y.Label.Text = "cumulative return (%)"
	key := newLegend(p)
	var a, b, la, ha, lb, hb plotter.XYs
	for _, pt := range r.Path {
		if pt.N == 0 {
			continue
		}
		x := float64(pt.Day)
		a = append(a, plotter.XY{X: x, Y: 100 * pt.A})
		b = append(b, plotter.XY{X: x, Y: 100 * pt.B})
		la, ha = append(la, plotter.XY{X: x, Y: 100 * pt.LowA}), append(ha, plotter.XY{X: x, Y: 100 * pt.HighA})
		lb, hb = append(lb, plotter.XY{X: x, Y: 100 * pt.LowB}), append(hb, plotter.XY{X: x, Y: 100 * pt.HighB})
	}
	if len(a) == 0 {
		return nil, errors.New("charts: no events to draw a path for")
	}
	for _, s := range []struct {
		name string
		xy   plotter.XYs
		col  color.Color
	}{{string(o.A), a, ColorA}, {string(o.B), b, ColorB}} {
		l, err := plotter.NewLine(s.xy)
		if err != nil {
			return nil, fmt.Errorf("charts: %w", err)
		}
		l.Color = s.col
		l.Width = vg.Points(1.5)
		p.Add(l)
		key.add(s.name, l)
	}
	// The quartile band of each leg, dashed.
	var dashed *plotter.Line
	for _, band := range []struct {
		xy  plotter.XYs
		col color.Color
	}{{la, ColorA}, {ha, ColorA}, {lb, ColorB}, {hb, ColorB}} {
		l, err := plotter.NewLine(band.xy)
		if err != nil {
			return nil, fmt.Errorf("charts: %w", err)
		}
		l.Color = band.col
		l.Width = vg.Points(0.6)
		l.Dashes = []vg.Length{vg.Points(3), vg.Points(3)}
		p.Add(l)
		dashed = l
	}
	key.add("25th and 75th percentiles", dashed)
	key.place(p)
	return withZeroLine(p, 0, a[len(a)-1].X)
}

// withZeroLine finishes a returns chart: a grey line at zero from x0 to x1,
// and a grid.
func withZeroLine(p *plot.Plot, x0, x1 float64) (*plot.Plot, error) {
	zero, err := plotter.NewLine(plotter.XYs{{X: x0, Y: 0}, {X: x1, Y: 0}})
	if err != nil {
		return nil, fmt.Errorf("charts: %w", err)
	}
	zero.Color = ColorGrey
	p.Add(zero)
	p.Y.Tick.Marker = roundTicks{}
	p.Add(plotter.NewGrid())
	return p, nil
}

// All returns the study's three charts by name: spread, forward, path. The
// path is left out when there are no events.
func All(r *analysis.Result) (map[string]*plot.Plot, error) {
	out := map[string]*plot.Plot{}
	sp, err := Spread(r)
	if err != nil {
		return nil, err
	}
	out["spread"] = sp
	fw, err := Forward(r)
	if err != nil {
		return nil, err
	}
	out["forward"] = fw
	if len(r.Events) > 0 {
		pa, err := Path(r)
		if err != nil {
			return nil, err
		}
		out["path"] = pa
	}
	return out, nil
}

// Prices charts each aligned series' adjusted close, rebased to 100 on the
// first common day, on a logarithmic scale.
func Prices(al *marketdata.Aligned) (*plot.Plot, error) {
	p := plot.New()
	p.Title.Text = "Adjusted closes, rebased to 100 (log scale)"
	p.X.Tick.Marker = plot.TimeTicks{Format: "2006"}
	p.Y.Scale = plot.LogScale{}
	p.Y.Tick.Marker = plot.LogTicks{Prec: -1}
	key := newLegend(p)
	cols := []color.Color{ColorA, ColorB, ColorGrey}
	for i, s := range al.Series {
		closes, err := al.Close(i, marketdata.Adjusted)
		if err != nil {
			return nil, err
		}
		xy := make(plotter.XYs, len(closes))
		for k, c := range closes {
			xy[k] = plotter.XY{X: float64(al.Dates[k].Unix()), Y: 100 * c / closes[0]}
		}
		l, err := plotter.NewLine(xy)
		if err != nil {
			return nil, fmt.Errorf("charts: %w", err)
		}
		l.Color = cols[i%len(cols)]
		p.Add(l)
		key.add(string(s.Ticker), l)
	}
	key.place(p)
	p.Add(plotter.NewGrid())
	return p, nil
}

// Histogram charts the distribution of daily spreads, in percentage
// points, with the threshold marked.
func Histogram(r *analysis.Result, bins int) (*plot.Plot, error) {
	vals := make(plotter.Values, 0, len(r.Spread))
	for _, s := range r.Spread[1:] {
		vals = append(vals, 100*s)
	}
	h, err := plotter.NewHist(vals, bins)
	if err != nil {
		return nil, fmt.Errorf("charts: %w", err)
	}
	h.FillColor = ColorGrey
	p := plot.New()
	p.Title.Text = fmt.Sprintf("Daily %s-%s spread: %d days", r.Options.A, r.Options.B, len(vals))
	p.X.Label.Text = "spread (percentage points)"
	p.Y.Label.Text = "days"
	p.Add(h)
	top := 0.0
	for _, b := range h.Bins {
		top = math.Max(top, b.Weight)
	}
	thr := 100 * r.Options.Threshold
	for _, x := range []float64{thr, -thr} {
		l, err := plotter.NewLine(plotter.XYs{{X: x, Y: 0}, {X: x, Y: top}})
		if err != nil {
			return nil, fmt.Errorf("charts: %w", err)
		}
		l.Color = ColorB
		l.Dashes = []vg.Length{vg.Points(4), vg.Points(3)}
		p.Add(l)
	}
	return p, nil
}
