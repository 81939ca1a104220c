package stat

import (
	"fmt"
	"math"

	"gonum.org/v1/gonum/stat/distuv"
)

// SignResult is a sign test: Positive of N non-zero values are above
// zero, tested against a share P0 of positives.
type SignResult struct {
	// N is the number of non-zero values (zeros are left out, as is usual
	// for a sign test) and Positive the number above zero.
	N, Positive int
	// P0 is the share of positives under the null.
	P0 float64
	// P is the exact two-sided binomial p-value.
	P float64
}

// SignTest tests whether the share of positive values in xs differs from
// p0: 0.5 for the classic sign test, or the share of positive returns over
// the estimation window (or the baseline) for the generalized sign test of
// Cowan (1992). Zeros are left out. The p-value is the exact two-sided
// binomial one of scipy.stats.binomtest: the probability, under
// Binomial(N, p0), of every count no more likely than the one observed
// (with scipy's relative tolerance of 1e-7 on "no more likely").
//
// SignTest returns an error for no non-zero values, a NaN value or p0
// outside (0, 1).
func SignTest(xs []float64, p0 float64) (SignResult, error) {
	if !(p0 > 0 && p0 < 1) {
		return SignResult{}, fmt.Errorf("%w: share p0 = %v is not in (0, 1)", ErrArgument, p0)
	}
	if len(xs) == 0 {
		return SignResult{}, ErrEmpty
	}
	r := SignResult{P0: p0}
	for i, v := range xs {
		switch {
		case math.IsNaN(v):
			return SignResult{}, fmt.Errorf("%w: value %d is NaN", ErrNaN, i)
		case v > 0:
			r.Positive++
			r.N++
		case v < 0:
			r.N++
		}
	}
	if r.N == 0 {
		return SignResult{}, fmt.Errorf("%w: all %d values are zero", ErrEmpty, len(xs))
	}
	r.P = binomTwoSided(r.Positive, r.N, p0)
	return r, nil
}

// binomTwoSided is scipy.stats.binomtest(k, n, p).pvalue for the
// two-sided alternative.
func binomTwoSided(k, n int, p float64) float64 {
	b := distuv.Binomial{N: float64(n), P: p}
	d := b.Prob(float64(k)) * (1 + 1e-7)
	mode := p * float64(n)
	// upper(j) is P(X >= j), computed from the mirrored distribution so
	// that small upper tails keep their precision.
	upper := func(j int) float64 {
		if j > n {
			return 0
		}
		return distuv.Binomial{N: float64(n), P: 1 - p}.CDF(float64(n - j))
	}
	var pv float64
	switch {
	case float64(k) == mode:
		return 1
	case float64(k) < mode:
		// The counts above the mode that are no more likely than k: from
		// the first j >= ceil(mode) with pmf(j) <= d up to n.
		j := int(math.Ceil(mode))
		for j <= n && b.Prob(float64(j)) > d {
			j++
		}
		pv = b.CDF(float64(k)) + upper(j)
	default:
		// The counts below the mode no more likely than k: 0 to j.
		j := int(math.Floor(mode))
		for j >= 0 && b.Prob(float64(j)) > d {
			j--
		}
		lower := 0.0
		if j >= 0 {
			lower = b.CDF(float64(j))
		}
		pv = lower + upper(k)
	}
	return math.Min(1, pv)
}
