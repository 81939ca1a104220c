package analysis

import (
	"math"
	"math/rand/v2"
	"testing"
	"time"
)

// TestBaselineStatsMatchSummarize: the baseline's figures computed without
// the column are summarize's on the column, bit for bit, for walks, flat
// stretches (many equal values, zeros among them), prices that overflow a
// ratio (infinite returns, a NaN spread), windows of 0 to 3 values, an
// entry lag that runs past the data, and calendar horizons.
func TestBaselineStatsMatchSummarize(t *testing.T) {
	rng := rand.New(rand.NewPCG(21, 22))
	walk := func(n int, step func(i int, p float64) float64) []float64 {
		p := make([]float64, n)
		p[0] = 100
		for i := 1; i < n; i++ {
			p[i] = step(i, p[i-1])
		}
		return p
	}
	const n = 3000
	dates := make([]time.Time, n)
	for i := range dates {
		dates[i] = time.Date(2000, 1, 3, 0, 0, 0, 0, time.UTC).AddDate(0, 0, i)
	}
	normal := func(_ int, p float64) float64 { return p * (1 + 0.02*rng.NormFloat64()) }
	flat := func(i int, p float64) float64 {
		if i%50 < 40 {
			return p
		}
		return p * (1 + 0.01*float64(rng.IntN(3)-1))
	}
	jump := func(i int, p float64) float64 {
		switch {
		case i == 1000:
			return 1e-300
		case i == 1005:
			return 1e300
		}
		return p
	}
	// One histogram for every case and leg, as a horizon reuses it; the
	// first call gets none and allocates its own.
	var hist []uint32
	same := func(a, b float64) bool {
		return math.Float64bits(a) == math.Float64bits(b) || math.IsNaN(a) && math.IsNaN(b)
	}
	for _, tc := range []struct {
		name       string
		pa, pb     []float64
		h          Horizon
		from, to   int
		wantNaNAny bool
	}{
		{"walks", walk(n, normal), walk(n, normal), Days(63), 1, n, false},
		{"walks, 12 months", walk(n, normal), walk(n, normal), MonthsAhead(12), 1, n, false},
		{"flat stretches", walk(n, flat), walk(n, flat), Days(5), 1, n, false},
		{"flat against a walk", walk(n, flat), walk(n, normal), Days(1), 1, n, false},
		{"overflowing ratios", walk(n, jump), walk(n, jump), Days(10), 1, n, true},
		{"no value", walk(n, normal), walk(n, normal), Days(63), n - 10, n, false},
		{"one value", walk(n, normal), walk(n, normal), Days(5), n - 6, n - 5, false},
		{"two values", walk(n, normal), walk(n, normal), Days(5), n - 7, n - 5, false},
		{"three values", walk(n, flat), walk(n, flat), Days(5), n - 8, n - 5, false},
		{"entries past the data", walk(n, normal), walk(n, normal), Days(3), n - 20, n + 5, false},
	} {
		t.Run(tc.name, func(t *testing.T) {
			ex := newExits(dates, tc.h)
			anyNaN := false
			for leg := range 3 {
				col := baselineLeg(nil, ex, tc.pa, tc.pb, tc.from, tc.to, leg)
				want := summarize(col, true)
				got := baselineStats(hist, ex, tc.pa, tc.pb, tc.from, tc.to, leg)
				if hist == nil {
					hist = make([]uint32, 1<<histBits)
				}
				anyNaN = anyNaN || math.IsNaN(want.Mean) && want.N > 0
				if got.N != want.N || !same(got.Mean, want.Mean) || !same(got.Median, want.Median) || !same(got.Std, want.Std) ||
					!same(got.Min, want.Min) || !same(got.Max, want.Max) || !same(got.HitRate, want.HitRate) {
					t.Errorf("leg %d: %+v, want %+v", leg, got, want)
				}
			}
			if anyNaN != tc.wantNaNAny {
				t.Errorf("a NaN leg: %v, want %v (the case does not test what it says)", anyNaN, tc.wantNaNAny)
			}
		})
	}
}
