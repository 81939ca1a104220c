package stat

import (
	"fmt"
	"math"
	"slices"
)

// Holm returns the Holm (1979) step-down adjusted p-values of p, in the
// same order, as statsmodels' multipletests(p, method="holm"): with the m
// p-values sorted ascending, the i-th (from 1) becomes
// max_{j<=i} min(1, (m-j+1) p_(j)).
//
// NaN entries stay NaN and do not count among the m tests. Holm panics
// if a p-value is outside [0, 1], which no p-value can be.
func Holm(p []float64) []float64 {
	out, order := adjustStart(p, "Holm")
	m := len(order)
	run := 0.0
	for i, k := range order {
		v := math.Min(1, float64(m-i)*p[k])
		run = math.Max(run, v)
		out[k] = run
	}
	return out
}

// BenjaminiHochberg returns the Benjamini and Hochberg (1995)
// false-discovery-rate adjusted p-values (q-values) of p, in the same
// order, as statsmodels' multipletests(p, method="fdr_bh"): with the m
// p-values sorted ascending, the i-th (from 1) becomes
// min_{j>=i} min(1, m p_(j)/j).
//
// NaN entries stay NaN and do not count among the m tests.
// BenjaminiHochberg panics if a p-value is outside [0, 1].
func BenjaminiHochberg(p []float64) []float64 {
	out, order := adjustStart(p, "BenjaminiHochberg")
	m := len(order)
	run := 1.0
	for i := m - 1; i >= 0; i-- {
		k := order[i]
		run = math.Min(run, float64(m)*p[k]/float64(i+1))
		out[k] = run
	}
	return out
}

// adjustStart checks p, returns an output with NaN where p is NaN, and
// the indices of the other p-values sorted by p ascending (stable).
func adjustStart(p []float64, name string) ([]float64, []int) {
	out := make([]float64, len(p))
	order := make([]int, 0, len(p))
	for i, v := range p {
		switch {
		case math.IsNaN(v):
			out[i] = math.NaN()
		case v < 0 || v > 1:
			panic(fmt.Sprintf("stat: %s: p-value %d is %v, outside [0, 1]", name, i, v))
		default:
			order = append(order, i)
		}
	}
	slices.SortStableFunc(order, func(a, b int) int {
		switch {
		case p[a] < p[b]:
			return -1
		case p[a] > p[b]:
			return 1
		}
		return 0
	})
	return out, order
}
