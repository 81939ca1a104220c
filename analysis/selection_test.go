package analysis

import (
	"math"
	"math/rand/v2"
	"slices"
	"testing"
)

func TestSelectMatchesSort(t *testing.T) {
	rng := rand.New(rand.NewPCG(3, 4))
	for trial := range 300 {
		n := 1 + rng.IntN(200)
		xs := make([]float64, n)
		for i := range xs {
			if trial%3 == 0 {
				xs[i] = float64(rng.IntN(5)) // many ties
			} else {
				xs[i] = rng.NormFloat64()
			}
		}
		sorted := slices.Clone(xs)
		slices.Sort(sorted)
		k := rng.IntN(n)
		if got := orderStat(slices.Clone(xs), k); got != sorted[k] {
			t.Fatalf("n=%d k=%d: got %v, want %v", n, k, got, sorted[k])
		}
		for _, p := range []float64{0, 0.025, 0.5, 0.975, 1} {
			if got, want := quantileSelect(slices.Clone(xs), p), quantile(sorted, p); got != want {
				t.Fatalf("n=%d p=%v: got %v, want %v", n, p, got, want)
			}
		}
	}
}

// quantile is the reference: type 7 on sorted data with linear interpolation (type 7, the default of
// R and numpy).
func quantile(sorted []float64, p float64) float64 {
	if len(sorted) == 0 {
		return math.NaN()
	}
	h := p * float64(len(sorted)-1)
	i := int(math.Floor(h))
	if i >= len(sorted)-1 {
		return sorted[len(sorted)-1]
	}
	return sorted[i] + (h-float64(i))*(sorted[i+1]-sorted[i])
}
