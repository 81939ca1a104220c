package charts

import (
	"image/color"
	"math"
	"slices"
	"strconv"

	"gonum.org/v1/plot"
	"gonum.org/v1/plot/text"
	"gonum.org/v1/plot/vg"
	"gonum.org/v1/plot/vg/draw"
)

// legendAbove is a chart's legend drawn outside the data area: its entries
// in rows above the data, below the title, so that it never covers a line
// or a bar. It is a plotter whose glyph box, at the top of the data area,
// makes the plot reserve the rows' height (gonum's own legend is drawn
// inside the data area). Rows are laid out for charts of width Wide.
type legendAbove struct {
	style   text.Style
	entries []legendEntry
	rows    [][]int // the entries of each row, laid out by place
}

type legendEntry struct {
	name   string
	thumbs []plot.Thumbnailer
}

// The legend's geometry.
var (
	legendThumb = vg.Points(20) // a thumbnail's width
	legendGap   = vg.Points(6)  // between the data area and the legend
	legendTop   = vg.Points(5)  // between the legend and the title
)

func newLegend(p *plot.Plot) *legendAbove { return &legendAbove{style: p.Legend.TextStyle} }

// add adds an entry, as plot.Legend.Add does.
func (l *legendAbove) add(name string, thumbs ...plot.Thumbnailer) {
	l.entries = append(l.entries, legendEntry{name, thumbs})
}

func (l *legendAbove) em() vg.Length { return l.style.Rectangle("M").Size().X }

func (l *legendAbove) width(e legendEntry) vg.Length {
	return legendThumb + l.em()/2 + l.style.Rectangle(e.name).Size().X
}

func (l *legendAbove) rowHeight() vg.Length {
	return l.style.Rectangle("Mg").Max.Y + vg.Points(2)
}

// place lays the entries out in rows as wide as a Wide chart's data area
// and adds the legend to p. A legend without entries adds nothing.
func (l *legendAbove) place(p *plot.Plot) {
	if len(l.entries) == 0 {
		return
	}
	avail := Wide.W - vg.Inch // the y axis and its label take about an inch
	l.rows = nil
	var row []int
	var x vg.Length
	for i, e := range l.entries {
		w := l.width(e)
		if len(row) > 0 && x+w > avail {
			l.rows = append(l.rows, row)
			row, x = nil, 0
		}
		row = append(row, i)
		x += w + 2*l.em()
	}
	l.rows = append(l.rows, append(row[:0:0], row...))
	p.Add(l)
}

// height is the legend's height, its gap to the data included.
func (l *legendAbove) height() vg.Length {
	return legendGap + vg.Length(len(l.rows))*l.rowHeight() + legendTop
}

// GlyphBoxes reserves the legend's height above the data area.
func (l *legendAbove) GlyphBoxes(*plot.Plot) []plot.GlyphBox {
	return []plot.GlyphBox{{X: 0, Y: 1, Rectangle: vg.Rectangle{Max: vg.Point{Y: l.height()}}}}
}

// Plot draws the rows above c, the data area, from its left edge.
func (l *legendAbove) Plot(c draw.Canvas, _ *plot.Plot) {
	rh := l.rowHeight()
	descent := l.style.FontExtents().Descent
	for r, row := range l.rows {
		y := c.Max.Y + l.height() - legendTop - vg.Length(r+1)*rh
		x := c.Min.X
		for _, i := range row {
			e := l.entries[i]
			icon := &draw.Canvas{Canvas: c.Canvas, Rectangle: vg.Rectangle{
				Min: vg.Point{X: x, Y: y + vg.Points(1)},
				Max: vg.Point{X: x + legendThumb, Y: y + rh - vg.Points(1)},
			}}
			for _, t := range e.thumbs {
				t.Thumbnail(icon)
			}
			c.FillText(l.style, vg.Point{X: x + legendThumb + l.em()/2, Y: y + descent + vg.Points(1)}, e.name)
			x += l.width(e) + 2*l.em()
		}
	}
}

// colorBar is a heat map's colour scale, drawn outside the data area at
// its right: the palette's colours from the lowest value at the bottom to
// the highest at the top, with the values they stand for. Its glyph box
// makes the plot leave room for it.
type colorBar struct {
	colors []color.Color
	lo, hi float64
	style  text.Style
	ticks  []plot.Tick
}

// The colour bar's geometry.
var (
	barGap   = vg.Points(12)
	barWidth = vg.Points(14)
)

func newColorBar(p *plot.Plot, colors []color.Color, lo, hi float64) *colorBar {
	sty := p.Y.Tick.Label
	sty.XAlign = draw.XLeft // the y axis's labels are right-aligned
	b := &colorBar{colors: colors, lo: lo, hi: hi, style: sty}
	for _, t := range (roundTicks{}).Ticks(lo, hi) {
		if t.Label != "" && t.Value > lo && t.Value < hi {
			b.ticks = append(b.ticks, t)
		}
	}
	// The ends are always labelled, so the scale says its range.
	b.ticks = append(b.ticks, plot.Tick{Value: lo, Label: tickText(lo)}, plot.Tick{Value: hi, Label: tickText(hi)})
	return b
}

func tickText(v float64) string { return strconv.FormatFloat(v, 'g', 3, 64) }

func (b *colorBar) labelWidth() vg.Length {
	var w vg.Length
	for _, t := range b.ticks {
		w = max(w, b.style.Rectangle(t.Label).Size().X)
	}
	return w
}

// GlyphBoxes reserves the bar's width right of the data area.
func (b *colorBar) GlyphBoxes(*plot.Plot) []plot.GlyphBox {
	return []plot.GlyphBox{{X: 1, Y: 0, Rectangle: vg.Rectangle{Max: vg.Point{X: barGap + barWidth + vg.Points(4) + b.labelWidth()}}}}
}

// Plot draws the bar right of c, the data area, as tall as it less half a
// label at either end, so that the end labels stay beside the data area.
func (b *colorBar) Plot(c draw.Canvas, _ *plot.Plot) {
	x0 := c.Max.X + barGap
	inset := b.style.Rectangle("0").Max.Y/2 + vg.Points(1)
	c.Min.Y += inset
	c.Max.Y -= inset
	h := c.Max.Y - c.Min.Y
	n := len(b.colors)
	for i, col := range b.colors {
		y0 := c.Min.Y + h*vg.Length(i)/vg.Length(n)
		y1 := c.Min.Y + h*vg.Length(i+1)/vg.Length(n)
		c.SetColor(col)
		c.Fill(vg.Rectangle{Min: vg.Point{X: x0, Y: y0}, Max: vg.Point{X: x0 + barWidth, Y: y1 + vg.Points(0.3)}}.Path())
	}
	sty := b.style
	sty.YAlign = draw.YCenter
	line := draw.LineStyle{Color: color.Black, Width: vg.Points(0.5)}
	span := b.hi - b.lo
	lh := sty.Rectangle("0").Max.Y + vg.Points(1)
	// The ends first (they say the range), then the inner ticks that keep
	// a label's height from every label drawn.
	var drawn []vg.Length
	for _, t := range append(b.ticks[len(b.ticks)-2:], b.ticks[:len(b.ticks)-2]...) {
		f := 0.5
		if span > 0 {
			f = (t.Value - b.lo) / span
		}
		y := c.Min.Y + h*vg.Length(f)
		if slices.ContainsFunc(drawn, func(d vg.Length) bool { return d-y < lh && y-d < lh }) {
			continue
		}
		drawn = append(drawn, y)
		c.StrokeLine2(line, x0+barWidth, y, x0+barWidth+vg.Points(3), y)
		c.FillText(sty, vg.Point{X: x0 + barWidth + vg.Points(4), Y: y}, t.Label)
	}
}

// textOn is the text colour that reads best on a background: black on
// light colours, white on dark ones, whichever has the higher contrast
// ratio (WCAG 2): the relative luminance's threshold where both are equal
// is about 0.179.
func textOn(bg color.Color) color.Color {
	if luminance(bg) > 0.1791 {
		return color.Black
	}
	return color.White
}

// luminance is a colour's relative luminance (WCAG 2, sRGB).
func luminance(c color.Color) float64 {
	r, g, b, _ := c.RGBA()
	lin := func(v uint32) float64 {
		s := float64(v) / 0xffff
		if s <= 0.04045 {
			return s / 12.92
		}
		return math.Pow((s+0.055)/1.055, 2.4)
	}
	return 0.2126*lin(r) + 0.7152*lin(g) + 0.0722*lin(b)
}

// roundTicks marks an axis at multiples of a round step (1, 2 or 5 times a
// power of ten) with three to six labelled ticks, so that zero, when in
// range, is one of them, and minor ticks between. Returns charts use it:
// gonum's default can label 12.50, 2.50 and -7.50.
type roundTicks struct{}

// Ticks returns the ticks over [lo, hi].
func (roundTicks) Ticks(lo, hi float64) []plot.Tick {
	span := hi - lo
	if !(span > 0) || math.IsInf(span, 0) {
		return plot.DefaultTicks{}.Ticks(lo, hi)
	}
	step := math.Pow(10, math.Floor(math.Log10(span)))
	for _, m := range []float64{0.1, 0.2, 0.5, 1, 2, 5} {
		if s := step * m; span/s <= 6 {
			step = s
			break
		}
	}
	half := step / 2
	first := math.Ceil(lo / half)
	// A range tiny beside its values (1e17 to 1e17+16) has steps that
	// float64 cannot count: gonum's ticks then.
	if math.Abs(first) > 1<<50 {
		return plot.DefaultTicks{}.Ticks(lo, hi)
	}
	n := int(math.Floor(hi/half) - first) // at most about 25 by the choice of step
	prec := max(0, int(-math.Floor(math.Log10(step)+1e-9)))
	var ticks []plot.Tick
	for i := 0; i <= n && i <= 100; i++ {
		k := first + float64(i)
		v := k * half
		if int(k)%2 == 0 {
			if v == 0 {
				v = 0 // not -0
			}
			ticks = append(ticks, plot.Tick{Value: v, Label: strconv.FormatFloat(v, 'f', prec, 64)})
		} else {
			ticks = append(ticks, plot.Tick{Value: v})
		}
	}
	return ticks
}
