package analysis_test

import (
	"math"
	"math/rand/v2"
	"sort"
	"testing"
	"time"

	"github.com/rotationlab/rotation/analysis"
)

// refBootstrap is the bootstrap written the plain, slow way: it draws the
// same indices from the same seeded stream (two per 64-bit draw, high bits
// first, each scaled to [0, n) by multiply-and-shift; an odd last index
// from the high bits of one more draw), builds each resample as a slice,
// averages every leg, the spread too, sorts the resampled excesses fully
// and takes the linear-interpolation (R type 7) percentiles.
func refBootstrap(seed, stream uint64, ev [3][]float64, base [3]float64, resamples int, confidence float64) [3]analysis.Excess {
	rng := rand.New(rand.NewPCG(seed, stream))
	n := len(ev[0])
	index := func(r uint32) int { return int(uint64(r) * uint64(n) >> 32) }
	samples := [3][]float64{}
	for range resamples {
		idx := make([]int, 0, n)
		for len(idx)+1 < n {
			r := rng.Uint64()
			idx = append(idx, index(uint32(r>>32)), index(uint32(r)))
		}
		if len(idx) < n {
			idx = append(idx, index(uint32(rng.Uint64()>>32)))
		}
		for leg := range 3 {
			sum := 0.0
			for _, j := range idx {
				sum += ev[leg][j]
			}
			samples[leg] = append(samples[leg], sum/float64(n)-base[leg])
		}
	}
	var out [3]analysis.Excess
	for leg := range 3 {
		sum := 0.0
		for _, x := range ev[leg] {
			sum += x
		}
		obs := sum/float64(n) - base[leg]
		s := append([]float64(nil), samples[leg]...)
		sort.Float64s(s)
		q := func(p float64) float64 {
			h := p * float64(len(s)-1)
			i := int(math.Floor(h))
			if i+1 >= len(s) {
				return s[len(s)-1]
			}
			return s[i] + (h-float64(i))*(s[i+1]-s[i])
		}
		far := 0
		for _, v := range samples[leg] {
			if math.Abs(v-obs) >= math.Abs(obs) {
				far++
			}
		}
		alpha := (1 - confidence) / 2
		out[leg] = analysis.Excess{Mean: obs, Low: q(alpha), High: q(1 - alpha), P: float64(far+1) / float64(resamples+1)}
	}
	return out
}

func TestBootstrapAgainstReference(t *testing.T) {
	// Two random walks with fat daily moves: dozens of events.
	rng := rand.New(rand.NewPCG(7, 11))
	n := 2000
	dates := make([]time.Time, n)
	pa, pb := make([]float64, n), make([]float64, n)
	pa[0], pb[0] = 100, 100
	for i := range n {
		dates[i] = time.Date(2000, 1, 3, 0, 0, 0, 0, time.UTC).AddDate(0, 0, i)
		if i > 0 {
			pa[i] = pa[i-1] * (1 + 0.025*rng.NormFloat64())
			pb[i] = pb[i-1] * (1 + 0.025*rng.NormFloat64())
		}
	}
	opt := analysis.DefaultOptions()
	opt.A, opt.B = "A", "B"
	opt.Horizons = []analysis.Horizon{analysis.Days(5), analysis.Days(63)}
	opt.Resamples = 3000
	r, err := analysis.RunPrices(dates, pa, pb, opt)
	if err != nil {
		t.Fatal(err)
	}
	if len(r.Events) < 20 {
		t.Fatalf("only %d events", len(r.Events))
	}
	for k, h := range r.Horizons {
		var ev [3][]float64
		for _, e := range r.Events {
			if f := e.Forward[k]; f.OK {
				ev[0], ev[1], ev[2] = append(ev[0], f.A), append(ev[1], f.B), append(ev[2], f.Spread)
			}
		}
		base := [3]float64{h.Baseline.A.Mean, h.Baseline.B.Mean, h.Baseline.Spread.Mean}
		want := refBootstrap(opt.Seed, uint64(k), ev, base, opt.Resamples, opt.Confidence)
		got := [3]analysis.Excess{h.Excess.A, h.Excess.B, h.Excess.Spread}
		for leg, name := range []string{"A", "B", "spread"} {
			g, w := got[leg], want[leg]
			// The spread's resampled mean is A's minus B's: equal to the
			// reference's direct average up to rounding, so a p-value may
			// differ by one resample on a tie.
			if math.Abs(g.Mean-w.Mean) > 1e-12 || math.Abs(g.Low-w.Low) > 1e-12 || math.Abs(g.High-w.High) > 1e-12 ||
				math.Abs(g.P-w.P) > 1.0/float64(opt.Resamples) {
				t.Errorf("%s %s: got %+v, reference %+v", h.Horizon, name, g, w)
			}
		}
	}
}
