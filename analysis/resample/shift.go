package resample

import (
	"fmt"
	"math"
	"math/rand/v2"
)

// Offsets draws the date shifts shared by every date-shift test: draws
// offsets, each uniform in [1, span-1], from seed. The same (span, draws,
// seed) give the same offsets, so that tests of several statistics see the
// same shifted calendars, the joint null RealityCheck and RomanoWolf need.
//
// Stream layout: offset b is 1 + index(r_b, span-1), the high 64 bits of
// r_b*(span-1), where r_b is the b-th 64-bit draw of
// rand.NewPCG(seed, streamShift), streamShift = 0x7368696674. The first
// offsets of a longer run are those of a shorter one. Windows of different
// spans given the same seed get their offset b from the same draw r_b, so
// each is about the same fraction of its span: date-shift tests over
// several windows (such as pairs with different histories) are shifted
// jointly, and their nulls form a joint null (see Joint).
//
// Offsets returns an error for span < 2 or draws <= 0.
func Offsets(span, draws int, seed uint64) ([]int, error) {
	if span < 2 {
		return nil, fmt.Errorf("%w: a window of %d rows cannot be shifted", ErrArgument, span)
	}
	if draws <= 0 {
		return nil, fmt.Errorf("%w: draws must be positive, got %d", ErrArgument, draws)
	}
	g := rand.NewPCG(seed, streamShift)
	out := make([]int, draws)
	for b := range out {
		out[b] = 1 + index(g.Uint64(), span-1)
	}
	return out, nil
}

// Shift moves row r of the window [lo, hi) by offset d circularly:
// lo + (r-lo+d) mod (hi-lo), the result in [lo, hi) for any r and d. It
// panics if hi <= lo.
func Shift(r, d, lo, hi int) int {
	n := hi - lo
	if n <= 0 {
		panic(fmt.Sprintf("resample: Shift: empty window [%d, %d)", lo, hi))
	}
	m := (r - lo + d) % n
	if m < 0 {
		m += n
	}
	return lo + m
}

// ShiftResult is a date-shift (placebo) test.
type ShiftResult struct {
	// Observed is the mean of q over the event rows, NaN skipped.
	Observed float64
	// Center is the mean of q over the window's defined rows, the value
	// expected of a random set of dates.
	Center float64
	// P is the two-sided p-value (1 + far)/(1 + Used), far counting the
	// shifted means at least as far from Center as Observed.
	P float64
	// Null holds the shifted means, one per offset (NaN where a shifted
	// set has no defined value).
	Null []float64
	// Draws is the number of offsets drawn and Used the number whose
	// shifted set has a defined mean (the others are left out of P).
	Draws, Used int
	// Seed is the seed of the offsets.
	Seed uint64
}

// DateShift is the date-shift permutation (placebo) test: it moves the
// whole set of event rows by a common offset along the window [lo, hi),
// circularly (Shift), which keeps the events' clustering, and asks how
// often a shifted set has a mean as extreme as the observed one.
//
// q is a per-row series: q[t] is the measure of a position entered at row
// t, NaN where undefined (such as no data through the horizon). rows are
// the event rows, in [lo, hi). The observed statistic is the mean of q
// over rows (NaN skipped); each of the Offsets(hi-lo, opt.Draws, opt.Seed)
// gives the mean over the shifted rows; the center is the mean of q over
// the window's defined rows;
// P = (1 + #{|shifted - center| >= |observed - center|}) / (1 + Used).
// It costs O(Draws * len(rows)).
//
// The offsets leave out 0 (the observed calendar), so as Draws grows P
// tends to the share of the span-1 other offsets whose mean is as
// extreme, while the exact permutation p-value over all span offsets,
// the observed one included, is (1 + that count)/span: P may be below it
// by at most 1/span, which for a window of thousands of days is
// negligible beside the Monte Carlo error. A small window cannot give a
// small p-value however many draws are taken.
//
// DateShift returns an error for no rows, a window not inside q or of
// fewer than 2 rows, a row outside the window, an infinite value, no
// defined value at the event rows, or Draws <= 0. opt.Confidence is not
// used.
func DateShift(q []float64, rows []int, lo, hi int, opt Options) (ShiftResult, error) {
	if err := opt.checkDraws(); err != nil {
		return ShiftResult{}, err
	}
	if len(rows) == 0 {
		return ShiftResult{}, ErrEmpty
	}
	if lo < 0 || hi > len(q) || hi-lo < 2 {
		return ShiftResult{}, fmt.Errorf("%w: window [%d, %d) is not a window of at least 2 of the %d rows", ErrArgument, lo, hi, len(q))
	}
	for i, r := range rows {
		if r < lo || r >= hi {
			return ShiftResult{}, fmt.Errorf("%w: event row %d is %d, outside the window [%d, %d)", ErrArgument, i, r, lo, hi)
		}
	}
	center, nc := 0.0, 0
	for t := lo; t < hi; t++ {
		v := q[t]
		if math.IsInf(v, 0) {
			return ShiftResult{}, fmt.Errorf("%w: row %d is %v", ErrNaN, t, v)
		}
		if !math.IsNaN(v) {
			center += v
			nc++
		}
	}
	center /= float64(nc) // nc > 0 once the observed mean is defined
	obs := meanAt(q, rows, 0, lo, hi)
	if math.IsNaN(obs) {
		return ShiftResult{}, fmt.Errorf("%w: no event row has a defined value", ErrNaN)
	}
	offs, err := Offsets(hi-lo, opt.Draws, opt.Seed)
	if err != nil {
		return ShiftResult{}, err
	}
	res := ShiftResult{Observed: obs, Center: center, Null: make([]float64, len(offs)), Draws: opt.Draws, Seed: opt.Seed}
	lim := math.Abs(obs - center)
	far := 0
	for b, d := range offs {
		m := meanAt(q, rows, d, lo, hi)
		res.Null[b] = m
		if math.IsNaN(m) {
			continue
		}
		res.Used++
		if math.Abs(m-center) >= lim {
			far++
		}
	}
	res.P = float64(far+1) / float64(res.Used+1)
	return res, nil
}

// meanAt is the mean of q at rows shifted by d in [lo, hi), NaN skipped;
// NaN when none is defined.
func meanAt(q []float64, rows []int, d, lo, hi int) float64 {
	n := hi - lo
	s, c := 0.0, 0
	for _, r := range rows {
		t := r + d
		if t >= hi {
			t -= n
		}
		if v := q[t]; !math.IsNaN(v) {
			s += v
			c++
		}
	}
	if c == 0 {
		return math.NaN()
	}
	return s / float64(c)
}

// Joint turns date-shift tests of K statistics, run with the same Draws
// and Seed (so the same offsets), into the centred joint null that
// RealityCheck and RomanoWolf take: obs[k] = rs[k].Observed - rs[k].Center
// and null[b][k] = rs[k].Null[b] - rs[k].Center. Draws in which any
// statistic's shifted set has no defined mean are left out, so null may
// have fewer rows than Draws.
//
// Joint returns an error for no results, results with other Draws or
// Seed, or no draw defined for every statistic.
func Joint(rs []ShiftResult) (obs []float64, null [][]float64, err error) {
	if len(rs) == 0 {
		return nil, nil, fmt.Errorf("%w: no date-shift results", ErrEmpty)
	}
	for k, r := range rs {
		if r.Draws != rs[0].Draws || r.Seed != rs[0].Seed || len(r.Null) != len(rs[0].Null) {
			return nil, nil, fmt.Errorf("%w: result %d has %d draws with seed %d, result 0 has %d with seed %d: not one set of offsets",
				ErrArgument, k, r.Draws, r.Seed, rs[0].Draws, rs[0].Seed)
		}
	}
	obs = make([]float64, len(rs))
	for k, r := range rs {
		obs[k] = r.Observed - r.Center
	}
	flat := make([]float64, 0, len(rs)*len(rs[0].Null))
	for b := range rs[0].Null {
		defined := true
		for _, r := range rs {
			if math.IsNaN(r.Null[b]) {
				defined = false
				break
			}
		}
		if !defined {
			continue
		}
		for _, r := range rs {
			flat = append(flat, r.Null[b]-r.Center)
		}
	}
	if len(flat) == 0 {
		return nil, nil, fmt.Errorf("%w: no draw is defined for all %d statistics", ErrNaN, len(rs))
	}
	K := len(rs)
	null = make([][]float64, len(flat)/K)
	for b := range null {
		null[b] = flat[b*K : (b+1)*K : (b+1)*K]
	}
	return obs, null, nil
}
