package stat

import (
	"fmt"
	"math"
	"slices"

	"gonum.org/v1/gonum/stat/distuv"
)

// RankResult is a rank test of abnormal returns over an event window.
type RankResult struct {
	// N is the number of events.
	N int
	// Days is the length of the event window in days.
	Days int
	// Stat is the test statistic, standard normal under the null.
	Stat float64
	// P is its two-sided p-value from the standard normal.
	P float64
}

// CorradoRank is the rank test of Corrado (1989) in its multi-day form
// (Cowan 1992; Campbell and Wasley 1993), with the standardized ranks of
// Corrado and Zivney (1992) so that events may have windows of different
// lengths and missing days.
//
// ar[i] holds event i's abnormal returns over its estimation window
// followed by its event window (and, if present, days after it); NaN marks
// a missing day, which is not ranked. The event window of event i is
// ar[i][eventStart[i]:eventEnd[i]] (half-open, as a Go slice); every
// event's window has the same length L = eventEnd[i]-eventStart[i] >= 1.
//
// For each event, the M_i defined returns are ranked (ties share their
// mean rank) and standardized: U_it = rank_it/(M_i+1) - 1/2. Days are
// aligned in event time τ = t - eventStart[i]; Ū_τ is the mean of U over
// the N_τ events with a defined return on day τ. With N events and T
// distinct days τ,
//
//	S² = (1/T) Σ_τ (N_τ/N) Ū_τ²,   Stat = Σ_{τ=0}^{L-1} Ū_τ / (√L S),
//
// where T counts the days τ on which some event has a defined return and
// a window day on which none has adds nothing to the sum. For L = 1 this
// is Corrado and Zivney's single-day statistic. The p-value is two-sided
// from the standard normal (the statistic is asymptotically normal; with
// few events it is approximate).
//
// CorradoRank returns an error for no events, slices of different
// lengths, windows out of range or of different lengths, an infinite
// value, a window with no defined return, or ranks that do not vary.
func CorradoRank(ar [][]float64, eventStart, eventEnd []int) (RankResult, error) {
	n := len(ar)
	if n == 0 {
		return RankResult{}, ErrEmpty
	}
	if len(eventStart) != n || len(eventEnd) != n {
		return RankResult{}, fmt.Errorf("%w: %d events, %d window starts, %d window ends", ErrLength, n, len(eventStart), len(eventEnd))
	}
	L := eventEnd[0] - eventStart[0]
	minT, maxT := 0, 0
	for i, a := range ar {
		s, e := eventStart[i], eventEnd[i]
		if s < 0 || e > len(a) || e <= s {
			return RankResult{}, fmt.Errorf("%w: event %d: window [%d, %d) is not inside its %d returns", ErrArgument, i, s, e, len(a))
		}
		if e-s != L {
			return RankResult{}, fmt.Errorf("%w: event %d: window of %d days, event 0's has %d", ErrArgument, i, e-s, L)
		}
		minT = min(minT, -s)
		maxT = max(maxT, len(a)-s)
	}
	T := maxT - minT
	sum := make([]float64, T) // Σ_i U_iτ, indexed by τ - minT
	cnt := make([]int, T)
	idx := make([]int, 0, 64)
	for i, a := range ar {
		idx = idx[:0]
		for t, v := range a {
			if math.IsInf(v, 0) {
				return RankResult{}, fmt.Errorf("%w: event %d, day %d is %v", ErrNaN, i, t, v)
			}
			if !math.IsNaN(v) {
				idx = append(idx, t)
			}
		}
		m := len(idx)
		defined := false
		for _, t := range idx {
			if t >= eventStart[i] && t < eventEnd[i] {
				defined = true
				break
			}
		}
		if !defined {
			return RankResult{}, fmt.Errorf("%w: event %d has no defined return in its window", ErrNaN, i)
		}
		slices.SortFunc(idx, func(x, y int) int {
			switch {
			case a[x] < a[y]:
				return -1
			case a[x] > a[y]:
				return 1
			}
			return x - y
		})
		for j := 0; j < m; {
			k := j + 1
			for k < m && a[idx[k]] == a[idx[j]] {
				k++
			}
			// Ranks j+1..k share their mean (j+1+k)/2.
			u := float64(j+1+k)/2/float64(m+1) - 0.5
			for _, t := range idx[j:k] {
				p := t - eventStart[i] - minT
				sum[p] += u
				cnt[p]++
			}
			j = k
		}
	}
	var s2 float64
	days := 0
	for p := range T {
		if cnt[p] == 0 {
			continue
		}
		days++
		ub := sum[p] / float64(cnt[p])
		s2 += float64(cnt[p]) / float64(n) * ub * ub
	}
	s2 /= float64(days)
	if !(s2 > 0) {
		return RankResult{}, fmt.Errorf("%w: the ranks do not vary", ErrArgument)
	}
	var w float64
	for tau := range L {
		p := tau - minT
		if cnt[p] > 0 {
			w += sum[p] / float64(cnt[p])
		}
	}
	z := w / (math.Sqrt(float64(L)) * math.Sqrt(s2))
	return RankResult{N: n, Days: L, Stat: z, P: 2 * distuv.UnitNormal.CDF(-math.Abs(z))}, nil
}
