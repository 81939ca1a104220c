package charts

import (
	"image/color"
	"math"
	"slices"
	"strconv"
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

// roundTicks labels three to six multiples of a step of 1, 2 or 5 times a
// power of ten, zero among them when in range, every label its value.
func TestRoundTicks(t *testing.T) {
	for _, c := range [][2]float64{{-8.5, 14}, {-3.9, 12.7}, {0, 1}, {-37.4, 37.4}, {0.001, 0.0042}, {-250, 10}, {95, 170}} {
		lo, hi := c[0], c[1]
		var labels []float64
		for _, tk := range (roundTicks{}).Ticks(lo, hi) {
			if tk.Value < lo-1e-12 || tk.Value > hi+1e-12 {
				t.Errorf("[%g, %g]: tick %g out of range", lo, hi, tk.Value)
			}
			if tk.Label == "" {
				continue
			}
			labels = append(labels, tk.Value)
			if v, err := strconv.ParseFloat(tk.Label, 64); err != nil || math.Abs(v-tk.Value) > 1e-9*(hi-lo) {
				t.Errorf("[%g, %g]: tick %g labelled %q", lo, hi, tk.Value, tk.Label)
			}
		}
		if len(labels) < 3 || len(labels) > 7 {
			t.Errorf("[%g, %g]: %d labels %v", lo, hi, len(labels), labels)
			continue
		}
		step := labels[1] - labels[0]
		e := math.Pow(10, math.Floor(math.Log10(step)+1e-9))
		if m := math.Round(step / e); math.Abs(step/e-m) > 1e-6 || (m != 1 && m != 2 && m != 5) {
			t.Errorf("[%g, %g]: step %g is not 1, 2 or 5 times a power of ten", lo, hi, step)
		}
		for _, v := range labels {
			if k := v / step; math.Abs(k-math.Round(k)) > 1e-6 {
				t.Errorf("[%g, %g]: label %g is not a multiple of the step %g", lo, hi, v, step)
			}
		}
		if lo < 0 && hi > 0 && !slices.Contains(labels, 0) {
			t.Errorf("[%g, %g]: zero not labelled: %v", lo, hi, labels)
		}
	}
}

// TestRoundTicksTinyRanges: ranges tiny beside their values end (they used
// to loop for ever once the half steps were beyond float64's integers).
func TestRoundTicksTinyRanges(t *testing.T) {
	for _, r := range [][2]float64{{0.1, math.Nextafter(0.1, 1)}, {1e17, 1e17 + 16}, {-1e300, 1e300}} {
		ticks := roundTicks{}.Ticks(r[0], r[1])
		if len(ticks) > 101 {
			t.Errorf("Ticks(%g, %g): %d ticks", r[0], r[1], len(ticks))
		}
	}
}
