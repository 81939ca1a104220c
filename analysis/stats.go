package analysis

import (
	"math"
	"slices"
)

// Stats summarises a sample of returns.
type Stats struct {
	N int
	// Mean, Median, Std (sample, n-1), Min and Max are NaN when they are
	// undefined: all of them for an empty sample, Std for a single value.
	Mean, Median, Std, Min, Max float64
	// HitRate is the share of values above zero.
	HitRate float64
}

// Summarize computes Stats of xs. The median of an even count is the average
// of the two middle values, as pandas and R give it. xs is not modified. A
// NaN in xs makes every statistic NaN: it is never skipped silently.
func Summarize(xs []float64) Stats {
	return summarize(xs, false)
}

// summarize is Summarize; with inPlace it may reorder xs instead of copying.
func summarize(xs []float64, inPlace bool) Stats {
	s := Stats{N: len(xs)}
	if len(xs) == 0 || slices.ContainsFunc(xs, math.IsNaN) {
		nan := math.NaN()
		return Stats{N: len(xs), Mean: nan, Median: nan, Std: nan, Min: nan, Max: nan, HitRate: nan}
	}
	s.Min, s.Max = xs[0], xs[0]
	sum, hits := 0.0, 0
	for _, x := range xs {
		sum += x
		if x > 0 {
			hits++
		}
		if x < s.Min {
			s.Min = x
		}
		if x > s.Max {
			s.Max = x
		}
	}
	s.Mean = sum / float64(len(xs))
	s.HitRate = float64(hits) / float64(len(xs))
	if len(xs) < 2 {
		s.Std = math.NaN()
	} else {
		ss := 0.0
		for _, x := range xs {
			d := x - s.Mean
			ss += d * d
		}
		s.Std = math.Sqrt(ss / float64(len(xs)-1))
	}
	// The median last: selecting in place reorders xs.
	sel := xs
	if !inPlace {
		sel = slices.Clone(xs)
	}
	s.Median = quantileSelect(sel, 0.5) // the middle two averaged for an even count
	return s
}

// mean returns the arithmetic mean, NaN for no values.
func mean(xs []float64) float64 {
	if len(xs) == 0 {
		return math.NaN()
	}
	s := 0.0
	for _, x := range xs {
		s += x
	}
	return s / float64(len(xs))
}

// Returns writes the simple daily returns of prices into dst and returns it:
// dst[i] = prices[i+1]/prices[i] - 1, so len(dst) = len(prices)-1. dst is
// allocated when it is too short.
func Returns(dst, prices []float64) []float64 {
	if len(prices) < 2 {
		return dst[:0]
	}
	n := len(prices) - 1
	if cap(dst) < n {
		dst = make([]float64, n)
	}
	dst = dst[:n]
	for i := range dst {
		dst[i] = prices[i+1]/prices[i] - 1
	}
	return dst
}

func nan() float64 { return math.NaN() }
