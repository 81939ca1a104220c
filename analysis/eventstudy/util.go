package eventstudy

import (
	"math"

	"gonum.org/v1/gonum/stat/distuv"
)

func nan() float64 { return math.NaN() }

// meanOf is the mean of xs, NaN for none.
func meanOf(xs []float64) float64 {
	if len(xs) == 0 {
		return math.NaN()
	}
	s := 0.0
	for _, x := range xs {
		s += x
	}
	return s / float64(len(xs))
}

// pow1p is (1+x)^n - 1.
func pow1p(x float64, n int) float64 { return math.Pow(1+x, float64(n)) - 1 }

// normalQuantile is the standard normal's p-quantile.
func normalQuantile(p float64) float64 { return distuv.UnitNormal.Quantile(p) }
