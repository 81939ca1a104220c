package resample

import (
	"cmp"
	"fmt"
	"math"
	"slices"
)

// checkJoint validates a joint null: obs has K finite values and null
// B >= 1 rows of K finite values each.
func checkJoint(obs []float64, null [][]float64) error {
	if len(obs) == 0 {
		return fmt.Errorf("%w: no statistics", ErrEmpty)
	}
	if len(null) == 0 {
		return fmt.Errorf("%w: no null draws", ErrEmpty)
	}
	for k, v := range obs {
		if math.IsNaN(v) || math.IsInf(v, 0) {
			return fmt.Errorf("%w: statistic %d is %v", ErrNaN, k, v)
		}
	}
	for b, row := range null {
		if len(row) != len(obs) {
			return fmt.Errorf("%w: null draw %d has %d statistics, want %d", ErrLength, b, len(row), len(obs))
		}
		for k, v := range row {
			if math.IsNaN(v) || math.IsInf(v, 0) {
				return fmt.Errorf("%w: null draw %d, statistic %d is %v", ErrNaN, b, k, v)
			}
		}
	}
	return nil
}

// RealityCheck is White's (2000) reality check for data snooping, in its
// two-sided max-|statistic| form: K statistics were tried and the best
// (largest |obs[k]|) is reported; how surprising is a best that large
// when none has an effect? null[b][k] is statistic k under null draw b
// (the same draw for every k, such as one date shift of all of them: the
// joint null keeps their dependence), centred so that the null value is 0,
// and obs[k] is centred the same way. The p-value is
//
//	(1 + #{b : max_k |null[b][k]| >= max_k |obs[k]|}) / (1 + B).
//
// For K = 1 it is the single test's p-value. It costs O(B K).
//
// RealityCheck returns an error for no statistics or draws, rows of
// another length than obs, or a NaN or infinite value.
func RealityCheck(obs []float64, null [][]float64) (float64, error) {
	if err := checkJoint(obs, null); err != nil {
		return math.NaN(), err
	}
	best := 0.0
	for _, v := range obs {
		best = math.Max(best, math.Abs(v))
	}
	far := 0
	for _, row := range null {
		m := 0.0
		for _, v := range row {
			if a := math.Abs(v); a > m {
				m = a
			}
		}
		if m >= best {
			far++
		}
	}
	return float64(far+1) / float64(len(null)+1), nil
}

// RomanoWolf returns the stepdown adjusted p-values of Romano and Wolf
// (2005), two-sided on |statistic|, in the order of obs, from the same
// joint null as RealityCheck. With the statistics ordered by |obs|
// descending, k_1 first, step j compares |obs[k_j]| with the maximum of
// |null[b][k]| over the statistics not yet stepped past (k_j, ..., k_K):
//
//	p_j = (1 + #{b : max_{i>=j} |null[b][k_i]| >= |obs[k_j]|}) / (1 + B),
//
// and the adjusted p-value of k_j is max(p_1, ..., p_j), so that adjusted
// p-values never fall as the stepdown proceeds. The first equals
// RealityCheck; each is at least the statistic's unadjusted p-value. It
// costs O(K log K + B K).
//
// RomanoWolf returns an error for the inputs RealityCheck rejects.
func RomanoWolf(obs []float64, null [][]float64) ([]float64, error) {
	if err := checkJoint(obs, null); err != nil {
		return nil, err
	}
	K := len(obs)
	order := make([]int, K)
	for k := range order {
		order[k] = k
	}
	slices.SortStableFunc(order, func(a, b int) int { return cmp.Compare(math.Abs(obs[b]), math.Abs(obs[a])) })
	abs := make([]float64, K) // |obs| in stepdown order
	for j, k := range order {
		abs[j] = math.Abs(obs[k])
	}
	far := make([]int, K)
	for _, row := range null {
		// Walk the stepdown from its end, keeping the maximum of the
		// remaining statistics.
		m := 0.0
		for j := K - 1; j >= 0; j-- {
			k := order[j]
			if a := math.Abs(row[k]); a > m {
				m = a
			}
			if m >= abs[j] {
				far[j]++
			}
		}
	}
	out := make([]float64, K)
	run := 0.0
	for j, k := range order {
		run = math.Max(run, float64(far[j]+1)/float64(len(null)+1))
		out[k] = run
	}
	return out, nil
}
