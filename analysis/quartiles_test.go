package analysis

import (
	"math"
	"math/rand/v2"
	"slices"
	"testing"
)

// TestQuartilesMatchQuantileSelect: quartiles gives, bit for bit, the two
// values quantileSelect gives on its own, for every size from 0 to 300,
// with and without ties.
func TestQuartilesMatchQuantileSelect(t *testing.T) {
	rng := rand.New(rand.NewPCG(5, 6))
	for n := range 301 {
		for _, ties := range []bool{false, true} {
			xs := make([]float64, n)
			for i := range xs {
				if ties {
					xs[i] = float64(rng.IntN(4))
				} else {
					xs[i] = rng.NormFloat64()
				}
			}
			w1, w3 := quantileSelect(slices.Clone(xs), 0.25), quantileSelect(slices.Clone(xs), 0.75)
			g1, g3 := quartiles(xs)
			same := func(a, b float64) bool { return a == b || math.IsNaN(a) && math.IsNaN(b) }
			if !same(g1, w1) || !same(g3, w3) {
				t.Errorf("n=%d ties=%v: quartiles %v %v, want %v %v", n, ties, g1, g3, w1, w3)
			}
		}
	}
}
