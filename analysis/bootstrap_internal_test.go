package analysis

import (
	"math"
	"math/rand/v2"
	"testing"
)

// bootstrapSerial is the bootstrap as it was before its resamples were
// drawn two at a time: it resamples the events with replacement and measures the excess of
// their mean over the baseline mean, for the two legs and the spread with the
// same draws.
func bootstrapSerial(rng *rand.PCG, ev Leg[[]float64], base Leg[Stats], opt Options) Leg[Excess] {
	n := len(ev.A)
	out := Leg[Excess]{
		A:      Excess{Mean: mean(ev.A) - base.A.Mean, Low: math.NaN(), High: math.NaN(), P: math.NaN()},
		B:      Excess{Mean: mean(ev.B) - base.B.Mean, Low: math.NaN(), High: math.NaN(), P: math.NaN()},
		Spread: Excess{Mean: mean(ev.Spread) - base.Spread.Mean, Low: math.NaN(), High: math.NaN(), P: math.NaN()},
	}
	if n < 2 || opt.Resamples == 0 {
		return out
	}
	m := opt.Resamples
	bs := [3][]float64{make([]float64, m), make([]float64, m), make([]float64, m)}
	// Each 64-bit draw gives two indices: the high and low 32 bits, each
	// scaled to [0, n) by multiplication (Lemire's method without the
	// rejection step; its bias is below n/2^32, under 1e-8 here). The
	// spread's mean is A's mean minus B's, so it needs no sum of its own.
	// A and B side by side, so that a draw reads one cache line, not two;
	// the sums add the same values in the same order as before.
	scale := func(r uint32) int { return int((uint64(r) * uint64(n)) >> 32) }
	ab := make([][2]float64, n)
	for j := range ab {
		ab[j] = [2]float64{ev.A[j], ev.B[j]}
	}
	for i := range m {
		var sa, sb float64
		k := 0
		for ; k+1 < n; k += 2 {
			r := rng.Uint64()
			x, y := &ab[scale(uint32(r>>32))], &ab[scale(uint32(r))]
			sa += x[0] + y[0]
			sb += x[1] + y[1]
		}
		if k < n {
			x := &ab[scale(uint32(rng.Uint64()>>32))]
			sa += x[0]
			sb += x[1]
		}
		ma, mb := sa/float64(n), sb/float64(n)
		bs[0][i] = ma - base.A.Mean
		bs[1][i] = mb - base.B.Mean
		bs[2][i] = ma - mb - base.Spread.Mean
	}
	excessInterval(&out, bs, opt.Confidence) // the same summary: only the drawing is under test
	return out
}

// TestBootstrapDrawsUnchanged: the bootstrap, drawing two resamples at a
// time from a stream and a copy moved ahead, gives bit for bit what the
// one-at-a-time bootstrap gives from the one stream, for odd and even
// event and resample counts.
func TestBootstrapDrawsUnchanged(t *testing.T) {
	rng := rand.New(rand.NewPCG(8, 9))
	opt := DefaultOptions()
	for _, n := range []int{2, 3, 4, 5, 38, 101, 1000} {
		for _, m := range []int{1, 2, 3, 7, 4000} {
			var ev Leg[[]float64]
			for range n {
				a, b := 0.1*rng.NormFloat64(), 0.1*rng.NormFloat64()
				ev.A, ev.B, ev.Spread = append(ev.A, a), append(ev.B, b), append(ev.Spread, a-b)
			}
			base := Leg[Stats]{A: Stats{Mean: 0.01}, B: Stats{Mean: 0.02}, Spread: Stats{Mean: -0.01}}
			o := opt
			o.Resamples = m
			for stream := range uint64(2) {
				got := bootstrap(o.Seed, stream, ev, base, o)
				want := bootstrapSerial(rand.NewPCG(o.Seed, stream), ev, base, o)
				for leg, pair := range [][2]Excess{{got.A, want.A}, {got.B, want.B}, {got.Spread, want.Spread}} {
					g, w := pair[0], pair[1]
					if math.Float64bits(g.Mean) != math.Float64bits(w.Mean) || math.Float64bits(g.Low) != math.Float64bits(w.Low) ||
						math.Float64bits(g.High) != math.Float64bits(w.High) || math.Float64bits(g.P) != math.Float64bits(w.P) {
						t.Errorf("n=%d resamples=%d stream %d leg %d: %+v, want %+v", n, m, stream, leg, g, w)
					}
				}
			}
		}
	}
}
