package resample_test

import (
	"errors"
	"math"
	"math/rand/v2"
	"testing"

	"github.com/rotationlab/rotation/analysis/resample"
)

// slowRomanoWolf is the stepdown by its definition: at each step, the
// statistic with the largest |obs| among those left is tested against the
// maximum over those left, by explicit sets; adjusted p-values are made
// monotone afterwards.
func slowRomanoWolf(obs []float64, null [][]float64) []float64 {
	left := map[int]bool{}
	for k := range obs {
		left[k] = true
	}
	out := make([]float64, len(obs))
	prev := 0.0
	for len(left) > 0 {
		best := -1
		for k := range obs { // lowest index first among ties, as a stable sort
			if left[k] && (best < 0 || math.Abs(obs[k]) > math.Abs(obs[best])) {
				best = k
			}
		}
		far := 0
		for _, row := range null {
			m := math.Inf(-1)
			for k := range left {
				m = math.Max(m, math.Abs(row[k]))
			}
			if m >= math.Abs(obs[best]) {
				far++
			}
		}
		p := math.Max(prev, float64(far+1)/float64(len(null)+1))
		out[best] = p
		prev = p
		delete(left, best)
	}
	return out
}

// single is the one-statistic permutation p-value of obs[k].
func single(obs []float64, null [][]float64, k int) float64 {
	far := 0
	for _, row := range null {
		if math.Abs(row[k]) >= math.Abs(obs[k]) {
			far++
		}
	}
	return float64(far+1) / float64(len(null)+1)
}

// jointNull: K statistics, B draws, correlated through a common factor.
func jointNull(r *rand.Rand, B, K int, rho float64) [][]float64 {
	null := make([][]float64, B)
	for b := range null {
		f := r.NormFloat64()
		null[b] = make([]float64, K)
		for k := range null[b] {
			null[b][k] = math.Sqrt(rho)*f + math.Sqrt(1-rho)*r.NormFloat64()
		}
	}
	return null
}

func TestRomanoWolfAgainstSlow(t *testing.T) {
	r := rand.New(rand.NewPCG(18, 30))
	for _, tt := range []struct {
		name string
		B, K int
		rho  float64
	}{{"one", 500, 1, 0}, {"independent", 999, 8, 0}, {"correlated", 2000, 20, 0.6}, {"ties", 300, 6, 0.3}} {
		t.Run(tt.name, func(t *testing.T) {
			null := jointNull(r, tt.B, tt.K, tt.rho)
			obs := make([]float64, tt.K)
			for k := range obs {
				obs[k] = 3 * r.NormFloat64()
			}
			if tt.name == "ties" {
				obs[1], obs[4] = obs[0], -obs[0]
			}
			got, err := resample.RomanoWolf(obs, null)
			if err != nil {
				t.Fatal(err)
			}
			want := slowRomanoWolf(obs, null)
			for k := range got {
				if got[k] != want[k] {
					t.Errorf("adjusted p[%d] = %v, slow stepdown %v", k, got[k], want[k])
				}
				if u := single(obs, null, k); got[k] < u {
					t.Errorf("adjusted p[%d] = %v below its unadjusted %v", k, got[k], u)
				}
			}
			// Monotone in the stepdown order: a larger |obs| never has a
			// larger adjusted p-value.
			for i := range obs {
				for j := range obs {
					if math.Abs(obs[i]) > math.Abs(obs[j]) && got[i] > got[j] {
						t.Errorf("|obs[%d]| > |obs[%d]| but adjusted p %v > %v", i, j, got[i], got[j])
					}
				}
			}
			rc, err := resample.RealityCheck(obs, null)
			if err != nil {
				t.Fatal(err)
			}
			best := 0
			for k := range obs {
				if math.Abs(obs[k]) > math.Abs(obs[best]) {
					best = k
				}
			}
			if rc != got[best] {
				t.Errorf("RealityCheck %v, Romano-Wolf's first step %v", rc, got[best])
			}
		})
	}
}

// TestRealityCheckIdenticalNulls: K copies of one statistic with the same
// null are one test.
func TestRealityCheckIdenticalNulls(t *testing.T) {
	r := rand.New(rand.NewPCG(18, 31))
	one := jointNull(r, 1000, 1, 0)
	for _, obs := range []float64{0.1, 1.5, -2.2, 3.5} {
		want := single([]float64{obs}, one, 0)
		for _, K := range []int{1, 2, 7} {
			null := make([][]float64, len(one))
			for b := range null {
				for range K {
					null[b] = append(null[b], one[b][0])
				}
			}
			o := make([]float64, K)
			for k := range o {
				o[k] = obs
			}
			got, err := resample.RealityCheck(o, null)
			if err != nil {
				t.Fatal(err)
			}
			if got != want {
				t.Errorf("obs %v, K = %d identical: reality check %v, single test %v", obs, K, got, want)
			}
			rw, _ := resample.RomanoWolf(o, null)
			for k := range rw {
				if rw[k] != want {
					t.Errorf("obs %v, K = %d identical: Romano-Wolf p[%d] = %v, single test %v", obs, K, k, rw[k], want)
				}
			}
		}
	}
}

// TestRealityCheckDateShift: the reality check over date-shift nulls from
// shared offsets finds a planted series among noise and, on noise alone,
// rejects at about its level.
func TestRealityCheckDateShift(t *testing.T) {
	r := rand.New(rand.NewPCG(18, 32))
	const n, K, draws = 1500, 12, 999
	rows := []int{100, 101, 102, 600, 601, 1200, 1201, 1202, 1203}
	run := func(plant bool, seed uint64) (rc float64, rw []float64) {
		obs := make([]float64, K)
		null := make([][]float64, draws)
		for b := range null {
			null[b] = make([]float64, K)
		}
		for k := range K {
			q := make([]float64, n)
			for i := range q {
				q[i] = r.NormFloat64()
			}
			if plant && k == 3 {
				for _, row := range rows {
					q[row] += 2.5
				}
			}
			s, err := resample.DateShift(q, rows, 0, n, resample.Options{Draws: draws, Seed: seed})
			if err != nil {
				t.Fatal(err)
			}
			obs[k] = s.Observed - s.Center
			for b := range null {
				null[b][k] = s.Null[b] - s.Center
			}
		}
		rc, err := resample.RealityCheck(obs, null)
		if err != nil {
			t.Fatal(err)
		}
		rw, err = resample.RomanoWolf(obs, null)
		if err != nil {
			t.Fatal(err)
		}
		return rc, rw
	}
	rc, rw := run(true, 1)
	if rc > 0.01 || rw[3] > 0.01 {
		t.Errorf("planted series 3: reality check %v, Romano-Wolf %v; want both <= 0.01", rc, rw[3])
	}
	const reps = 200
	rej := 0
	for rep := range reps {
		rc, _ := run(false, uint64(100+rep))
		if rc <= 0.1 {
			rej++
		}
	}
	if mean, sd := reps*0.1, math.Sqrt(reps*0.1*0.9); math.Abs(float64(rej)-mean) > 4*sd {
		t.Errorf("noise: reality check rejected %d of %d at 10%%, want %.0f ± %.0f", rej, reps, mean, 4*sd)
	}
}

func TestSnoopErrors(t *testing.T) {
	nan := math.NaN()
	tests := []struct {
		name string
		obs  []float64
		null [][]float64
		want error
	}{
		{"no statistics", nil, [][]float64{{}}, resample.ErrEmpty},
		{"no draws", []float64{1}, nil, resample.ErrEmpty},
		{"ragged", []float64{1, 2}, [][]float64{{1, 2}, {1}}, resample.ErrLength},
		{"nan obs", []float64{nan}, [][]float64{{1}}, resample.ErrNaN},
		{"nan null", []float64{1}, [][]float64{{nan}}, resample.ErrNaN},
		{"inf null", []float64{1}, [][]float64{{math.Inf(1)}}, resample.ErrNaN},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if _, err := resample.RealityCheck(tt.obs, tt.null); !errors.Is(err, tt.want) {
				t.Errorf("RealityCheck error %v, want %v", err, tt.want)
			}
			if _, err := resample.RomanoWolf(tt.obs, tt.null); !errors.Is(err, tt.want) {
				t.Errorf("RomanoWolf error %v, want %v", err, tt.want)
			}
		})
	}
}

// TestJoint: Joint builds the centred joint null, leaves out draws where a
// statistic is undefined, and with one statistic the reality check is the
// date-shift test itself.
func TestJoint(t *testing.T) {
	r := rand.New(rand.NewPCG(18, 33))
	opt := resample.Options{Draws: 500, Seed: 4}
	var rs []resample.ShiftResult
	for k := range 3 {
		n := 200 + 50*k // windows of different spans
		q := make([]float64, n)
		for i := range q {
			q[i] = r.NormFloat64()
			if k == 2 && i >= 150 && i < 170 {
				q[i] = math.NaN() // some shifted sets all undefined
			}
		}
		rows := []int{150 + k, 151 + k, 160}
		if k == 2 {
			rows = []int{149, 151}
		}
		s, err := resample.DateShift(q, rows, 0, n, opt)
		if err != nil {
			t.Fatal(err)
		}
		rs = append(rs, s)
	}
	if rs[2].Used == rs[2].Draws {
		t.Fatal("fixture: statistic 2 should have undefined draws")
	}
	obs, null, err := resample.Joint(rs)
	if err != nil {
		t.Fatal(err)
	}
	if len(null) != rs[2].Used {
		t.Errorf("%d joint draws, want the %d defined for statistic 2", len(null), rs[2].Used)
	}
	b := 0
	for d := range opt.Draws {
		if math.IsNaN(rs[2].Null[d]) {
			continue
		}
		for k := range rs {
			if want := rs[k].Null[d] - rs[k].Center; null[b][k] != want {
				t.Fatalf("null[%d][%d] = %v, want %v", b, k, null[b][k], want)
			}
		}
		b++
	}
	for k := range rs {
		if obs[k] != rs[k].Observed-rs[k].Center {
			t.Errorf("obs[%d] = %v, want %v", k, obs[k], rs[k].Observed-rs[k].Center)
		}
		o1, n1, err := resample.Joint(rs[k : k+1])
		if err != nil {
			t.Fatal(err)
		}
		rc, err := resample.RealityCheck(o1, n1)
		if err != nil {
			t.Fatal(err)
		}
		if rc != rs[k].P {
			t.Errorf("statistic %d: reality check alone %v, date-shift p %v", k, rc, rs[k].P)
		}
	}
	other := rs[0]
	other.Seed++
	if _, _, err := resample.Joint([]resample.ShiftResult{rs[0], other}); !errors.Is(err, resample.ErrArgument) {
		t.Errorf("other seed: error %v, want ErrArgument", err)
	}
	if _, _, err := resample.Joint(nil); !errors.Is(err, resample.ErrEmpty) {
		t.Errorf("no results: error %v, want ErrEmpty", err)
	}
}
