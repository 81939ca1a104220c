package charts

import (
	"image/color"
	"math"
	"testing"

	"gonum.org/v1/plot/palette/moreland"
)

// contrast is WCAG 2's contrast ratio of two relative luminances.
func contrast(a, b float64) float64 {
	return (math.Max(a, b) + 0.05) / (math.Min(a, b) + 0.05)
}

// On every colour of the heat maps' palette, and on greys from black to
// white, textOn picks the text colour of the higher contrast, and that
// contrast is at least WCAG's 4.5 for normal text.
func TestTextOn(t *testing.T) {
	pal := moreland.SmoothBlueRed()
	pal.SetMin(0)
	pal.SetMax(1)
	cols := pal.Palette(64).Colors()
	for v := 0; v <= 255; v += 5 {
		cols = append(cols, color.Gray{Y: uint8(v)})
	}
	for _, bg := range cols {
		l := luminance(bg)
		onBlack, onWhite := contrast(l, 0), contrast(l, 1)
		got := textOn(bg)
		want, best := color.Color(color.White), onWhite
		if onBlack > onWhite {
			want, best = color.Black, onBlack
		}
		if got != want {
			t.Errorf("on %v (luminance %.3f): %v, want %v (contrast with black %.2f, white %.2f)", bg, l, got, want, onBlack, onWhite)
		}
		if best < 4.5 {
			t.Errorf("on %v: best contrast %.2f < 4.5", bg, best)
		}
	}
	// Known luminances: white 1, black 0, sRGB mid grey 0x77 about 0.184
	// (WCAG's formula).
	for _, c := range []struct {
		c    color.Color
		want float64
	}{{color.White, 1}, {color.Black, 0}, {color.Gray{Y: 0x77}, 0.1845}} {
		if got := luminance(c.c); math.Abs(got-c.want) > 1e-3 {
			t.Errorf("luminance(%v) = %.4f, want %.4f", c.c, got, c.want)
		}
	}
}
