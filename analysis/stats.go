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
// of the two middle values, as pandas and R give it. xs is not modified.
func Summarize(xs []float64) Stats {
	s := Stats{N: len(xs)}
	if len(xs) == 0 {
		nan := math.NaN()
		return Stats{Mean: nan, Median: nan, Std: nan, Min: nan, Max: nan, HitRate: nan}
	}
	sorted := slices.Clone(xs)
	slices.Sort(sorted)
	s.Min, s.Max = sorted[0], sorted[len(sorted)-1]
	if n := len(sorted); n%2 == 1 {
		s.Median = sorted[n/2]
	} else {
		s.Median = (sorted[n/2-1] + sorted[n/2]) / 2
	}
	sum, hits := 0.0, 0
	for _, x := range xs {
		sum += x
		if x > 0 {
			hits++
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
