package stat_test

import (
	"errors"
	"math"
	"math/rand/v2"
	"testing"

	"github.com/rotationlab/rotation/analysis/stat"
)

// slowCorrado is a plain implementation of the statistic documented on
// CorradoRank, written separately from it: ranks by counting, days by
// walking event time.
func slowCorrado(ar [][]float64, start, end []int) float64 {
	n := len(ar)
	L := end[0] - start[0]
	u := make([][]float64, n) // standardized ranks, NaN where missing
	for i, a := range ar {
		m := 0
		for _, v := range a {
			if !math.IsNaN(v) {
				m++
			}
		}
		u[i] = make([]float64, len(a))
		for t, v := range a {
			if math.IsNaN(v) {
				u[i][t] = math.NaN()
				continue
			}
			less, equal := 0, 0
			for _, w := range a {
				if math.IsNaN(w) {
					continue
				}
				if w < v {
					less++
				} else if w == v {
					equal++
				}
			}
			rank := float64(less) + float64(equal+1)/2
			u[i][t] = rank/float64(m+1) - 0.5
		}
	}
	lo, hi := 0, 0
	for i := range ar {
		lo = min(lo, -start[i])
		hi = max(hi, len(ar[i])-start[i])
	}
	ubar := map[int]float64{}
	var s2 float64
	days := 0
	for tau := lo; tau < hi; tau++ {
		sum, cnt := 0.0, 0
		for i := range ar {
			t := tau + start[i]
			if t >= 0 && t < len(ar[i]) && !math.IsNaN(u[i][t]) {
				sum += u[i][t]
				cnt++
			}
		}
		if cnt == 0 {
			continue
		}
		days++
		ubar[tau] = sum / float64(cnt)
		s2 += float64(cnt) / float64(n) * ubar[tau] * ubar[tau]
	}
	s2 /= float64(days)
	w := 0.0
	for tau := 0; tau < L; tau++ {
		w += ubar[tau]
	}
	return w / math.Sqrt(float64(L)*s2)
}

// rankFixture has n events, each with est estimation days of N(0,1) noise
// followed by a window of days days with mean shift; every event starts
// at a different offset so their lengths differ.
func rankFixture(r *rand.Rand, n, est, days int, shift float64) (ar [][]float64, start, end []int) {
	for i := range n {
		e := est + i%7
		a := make([]float64, e+days+i%3)
		for t := range a {
			a[t] = r.NormFloat64()
			if t >= e && t < e+days {
				a[t] += shift
			}
		}
		ar = append(ar, a)
		start = append(start, e)
		end = append(end, e+days)
	}
	return ar, start, end
}

func TestCorradoRankAgainstSlow(t *testing.T) {
	r := rand.New(rand.NewPCG(18, 3))
	tied := func(ar [][]float64) [][]float64 {
		for _, a := range ar {
			for t := range a {
				a[t] = math.Round(a[t]*2) / 2 // many ties
			}
		}
		return ar
	}
	missing := func(ar [][]float64) [][]float64 {
		for i, a := range ar {
			for t := range a {
				if (t+i)%9 == 0 && t != len(a)-1 {
					a[t] = math.NaN()
				}
			}
		}
		return ar
	}
	tests := []struct {
		name string
		make func() ([][]float64, []int, []int)
	}{
		{"one day", func() ([][]float64, []int, []int) { return rankFixture(r, 20, 100, 1, 0) }},
		{"five days", func() ([][]float64, []int, []int) { return rankFixture(r, 24, 250, 5, 0.2) }},
		{"long window", func() ([][]float64, []int, []int) { return rankFixture(r, 10, 60, 40, -0.1) }},
		{"ties", func() ([][]float64, []int, []int) { a, s, e := rankFixture(r, 15, 50, 3, 0.3); return tied(a), s, e }},
		{"missing days", func() ([][]float64, []int, []int) { a, s, e := rankFixture(r, 15, 50, 4, 0); return missing(a), s, e }},
		{"one event", func() ([][]float64, []int, []int) { return rankFixture(r, 1, 30, 2, 0.5) }},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			ar, s, e := tt.make()
			got, err := stat.CorradoRank(ar, s, e)
			if err != nil {
				t.Fatal(err)
			}
			want := slowCorrado(ar, s, e)
			// Tolerance: relative 1e-12 (the sums are taken in other orders).
			if math.Abs(got.Stat-want) > 1e-12*math.Max(1, math.Abs(want)) {
				t.Errorf("Stat = %.15g, slow reference %.15g", got.Stat, want)
			}
			if got.N != len(ar) || got.Days != e[0]-s[0] {
				t.Errorf("N, Days = %d, %d; want %d, %d", got.N, got.Days, len(ar), e[0]-s[0])
			}
			if p := 2 * (1 - 0.5*math.Erfc(-math.Abs(want)/math.Sqrt2)); math.Abs(got.P-p) > 1e-12 {
				t.Errorf("P = %v, want %v from the normal", got.P, p)
			}
		})
	}
}

func TestCorradoRankPlantedEffect(t *testing.T) {
	r := rand.New(rand.NewPCG(18, 4))
	for _, days := range []int{1, 5, 20} {
		ar, s, e := rankFixture(r, 30, 200, days, 1)
		got, err := stat.CorradoRank(ar, s, e)
		if err != nil {
			t.Fatal(err)
		}
		if got.Stat <= 0 || got.P > 1e-4 {
			t.Errorf("%d-day window shifted up by one sd: stat %v, p %v; want a positive stat, p <= 1e-4", days, got.Stat, got.P)
		}
		// Shifted down: the statistic turns negative.
		ar, s, e = rankFixture(r, 30, 200, days, -1)
		got, err = stat.CorradoRank(ar, s, e)
		if err != nil {
			t.Fatal(err)
		}
		if got.Stat >= 0 || got.P > 1e-4 {
			t.Errorf("%d-day window shifted down: stat %v, p %v", days, got.Stat, got.P)
		}
	}
}

// TestCorradoRankNoEffect: on iid noise the test rejects at 5% (and 20%)
// about as often as it should, within 4 binomial standard deviations over
// 600 samples.
func TestCorradoRankNoEffect(t *testing.T) {
	const reps = 600
	for _, days := range []int{1, 5} {
		r := rand.New(rand.NewPCG(18, uint64(5+days)))
		rej5, rej20 := 0, 0
		for range reps {
			ar, s, e := rankFixture(r, 20, 100, days, 0)
			got, err := stat.CorradoRank(ar, s, e)
			if err != nil {
				t.Fatal(err)
			}
			if got.P < 0.05 {
				rej5++
			}
			if got.P < 0.20 {
				rej20++
			}
		}
		for _, c := range []struct {
			level float64
			n     int
		}{{0.05, rej5}, {0.20, rej20}} {
			mean := reps * c.level
			sd := math.Sqrt(reps * c.level * (1 - c.level))
			if math.Abs(float64(c.n)-mean) > 4*sd {
				t.Errorf("%d-day window, no effect: %d of %d rejected at %v, want %.0f ± %.0f", days, c.n, reps, c.level, mean, 4*sd)
			}
		}
	}
}

func TestCorradoRankErrors(t *testing.T) {
	ok := [][]float64{{1, 2, 3, 4}, {4, 3, 2, 1}}
	tests := []struct {
		name       string
		ar         [][]float64
		start, end []int
		want       error
	}{
		{"no events", nil, nil, nil, stat.ErrEmpty},
		{"lengths differ", ok, []int{3}, []int{4, 4}, stat.ErrLength},
		{"window outside", ok, []int{3, 3}, []int{5, 5}, stat.ErrArgument},
		{"empty window", ok, []int{3, 3}, []int{3, 3}, stat.ErrArgument},
		{"negative start", ok, []int{-1, 3}, []int{4, 4}, stat.ErrArgument},
		{"windows differ", ok, []int{2, 3}, []int{4, 4}, stat.ErrArgument},
		{"infinite", [][]float64{{1, math.Inf(1), 3}, {1, 2, 3}}, []int{2, 2}, []int{3, 3}, stat.ErrNaN},
		{"window missing", [][]float64{{1, 2, math.NaN()}, {1, 2, 3}}, []int{2, 2}, []int{3, 3}, stat.ErrNaN},
		{"constant", [][]float64{{1, 1, 1}, {2, 2, 2}}, []int{2, 2}, []int{3, 3}, stat.ErrArgument},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := stat.CorradoRank(tt.ar, tt.start, tt.end)
			if !errors.Is(err, tt.want) {
				t.Errorf("error %v, want %v", err, tt.want)
			}
		})
	}
}
