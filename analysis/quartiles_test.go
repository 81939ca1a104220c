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

// TestSelectLargeMatchesSort covers the ranges where selectK samples for
// its pivot (more than floydRivest values): every order statistic asked
// for is the sorted one, and the values before and after it are on the
// right side, with and without ties.
func TestSelectLargeMatchesSort(t *testing.T) {
	rng := rand.New(rand.NewPCG(11, 12))
	for _, n := range []int{floydRivest + 2, 1000, 5000, 88_000} {
		for _, kind := range []string{"normal", "ties", "sorted", "reversed", "constant"} {
			xs := make([]float64, n)
			for i := range xs {
				switch kind {
				case "normal":
					xs[i] = rng.NormFloat64()
				case "ties":
					xs[i] = float64(rng.IntN(7))
				case "sorted":
					xs[i] = float64(i)
				case "reversed":
					xs[i] = float64(n - i)
				case "constant":
					xs[i] = 1
				}
			}
			sorted := slices.Clone(xs)
			slices.Sort(sorted)
			for _, k := range []int{0, 1, n / 4, n / 2, 3 * n / 4, n - 2, n - 1, rng.IntN(n)} {
				ys := slices.Clone(xs)
				selectK(ys, k)
				if ys[k] != sorted[k] {
					t.Fatalf("n=%d %s k=%d: %v, want %v", n, kind, k, ys[k], sorted[k])
				}
				for i, v := range ys {
					if i < k && v > ys[k] || i > k && v < ys[k] {
						t.Fatalf("n=%d %s k=%d: %v at %d is on the wrong side of %v", n, kind, k, v, i, ys[k])
					}
				}
			}
		}
	}
}
