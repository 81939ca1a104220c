package analysis_test

import (
	"math"
	"testing"

	"github.com/rotationlab/rotation/analysis"
)

// Reference values from R: mean, median, sd (n-1), for the same samples.
func TestSummarize(t *testing.T) {
	tests := []struct {
		name string
		xs   []float64
		want analysis.Stats
	}{
		{"odd", []float64{0.03, -0.01, 0.02}, analysis.Stats{N: 3, Mean: 0.04 / 3, Median: 0.02,
			Std: 0.020816659994661327, Min: -0.01, Max: 0.03, HitRate: 2.0 / 3}},
		{"even median averages the middle two", []float64{4, 1, 3, 2}, analysis.Stats{N: 4, Mean: 2.5, Median: 2.5,
			Std: 1.2909944487358056, Min: 1, Max: 4, HitRate: 1}},
		{"zero is not a hit", []float64{0, 0}, analysis.Stats{N: 2, Mean: 0, Median: 0, Std: 0, Min: 0, Max: 0, HitRate: 0}},
		{"one value has no std", []float64{0.5}, analysis.Stats{N: 1, Mean: 0.5, Median: 0.5, Std: math.NaN(), Min: 0.5, Max: 0.5, HitRate: 1}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := analysis.Summarize(tt.xs)
			w := tt.want
			if got.N != w.N || !near(got.Mean, w.Mean) || !near(got.Median, w.Median) || !near(got.Min, w.Min) ||
				!near(got.Max, w.Max) || !near(got.HitRate, w.HitRate) || !(near(got.Std, w.Std) || math.Abs(got.Std-w.Std) < 1e-15) {
				t.Errorf("Summarize(%v) = %+v, want %+v", tt.xs, got, w)
			}
		})
	}
	empty := analysis.Summarize(nil)
	if empty.N != 0 || !math.IsNaN(empty.Mean) || !math.IsNaN(empty.Median) {
		t.Errorf("empty: %+v", empty)
	}
	xs := []float64{3, 1, 2}
	analysis.Summarize(xs)
	if xs[0] != 3 {
		t.Error("Summarize sorted its input")
	}
}

func TestReturns(t *testing.T) {
	got := analysis.Returns(nil, []float64{100, 110, 99})
	if len(got) != 2 || !near(got[0], 0.1) || !near(got[1], -0.1) {
		t.Errorf("Returns = %v", got)
	}
	if got := analysis.Returns(nil, []float64{1}); len(got) != 0 {
		t.Errorf("one price: %v", got)
	}
}

func TestSummarizeNaN(t *testing.T) {
	s := analysis.Summarize([]float64{1, math.NaN(), 2})
	if s.N != 3 || !math.IsNaN(s.Mean) || !math.IsNaN(s.Median) || !math.IsNaN(s.HitRate) {
		t.Errorf("NaN input gave %+v; want every statistic NaN", s)
	}
}
