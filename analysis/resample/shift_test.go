package resample_test

import (
	"errors"
	"math"
	"math/bits"
	"math/rand/v2"
	"testing"

	"github.com/rotationlab/rotation/analysis/resample"
)

const streamShift = 0x7368696674

func TestShift(t *testing.T) {
	tests := []struct{ r, d, lo, hi, want int }{
		{5, 0, 0, 10, 5},
		{5, 3, 0, 10, 8},
		{5, 5, 0, 10, 0},
		{9, 9, 0, 10, 8},
		{12, 4, 10, 15, 11},
		{10, -1, 10, 15, 14},
		{14, 27, 10, 15, 11},
		{3, 1, 3, 4, 3},
	}
	for _, tt := range tests {
		if got := resample.Shift(tt.r, tt.d, tt.lo, tt.hi); got != tt.want {
			t.Errorf("Shift(%d, %d, %d, %d) = %d, want %d", tt.r, tt.d, tt.lo, tt.hi, got, tt.want)
		}
	}
	defer func() {
		if recover() == nil {
			t.Error("Shift on an empty window did not panic")
		}
	}()
	resample.Shift(1, 1, 4, 4)
}

func TestOffsets(t *testing.T) {
	const span, draws = 7, 60000
	a, err := resample.Offsets(span, draws, 42)
	if err != nil {
		t.Fatal(err)
	}
	// The documented stream, drawn by hand.
	g := rand.NewPCG(42, streamShift)
	count := make([]int, span)
	for b, d := range a {
		hi, _ := bits.Mul64(g.Uint64(), span-1)
		if d != 1+int(hi) {
			t.Fatalf("offset %d = %d, documented stream gives %d", b, d, 1+int(hi))
		}
		if d < 1 || d > span-1 {
			t.Fatalf("offset %d = %d outside [1, %d]", b, d, span-1)
		}
		count[d]++
	}
	// Uniform: each offset within 5 binomial sds of draws/(span-1).
	mean := float64(draws) / (span - 1)
	sd := math.Sqrt(mean * (1 - 1.0/(span-1)))
	for d := 1; d < span; d++ {
		if math.Abs(float64(count[d])-mean) > 5*sd {
			t.Errorf("offset %d drawn %d times, want %.0f ± %.0f", d, count[d], mean, 5*sd)
		}
	}
	// A shorter run is a prefix; another seed differs.
	short, _ := resample.Offsets(span, 100, 42)
	for b := range short {
		if short[b] != a[b] {
			t.Fatalf("Offsets(%d, 100, 42)[%d] = %d, longer run has %d", span, b, short[b], a[b])
		}
	}
	other, _ := resample.Offsets(span, 100, 43)
	same := 0
	for b := range other {
		if other[b] == a[b] {
			same++
		}
	}
	if same > 40 {
		t.Errorf("seeds 42 and 43 agree on %d of 100 offsets", same)
	}
	for _, bad := range []struct{ span, draws int }{{1, 10}, {0, 10}, {5, 0}, {5, -1}} {
		if _, err := resample.Offsets(bad.span, bad.draws, 1); !errors.Is(err, resample.ErrArgument) {
			t.Errorf("Offsets(%d, %d) error %v, want ErrArgument", bad.span, bad.draws, err)
		}
	}
}

// bruteShift is the date-shift test by brute force: the mean at every
// offset from 1 to span-1 with plain loops and Shift, then the test's
// figures for the drawn offsets looked up from them.
func bruteShift(q []float64, rows []int, lo, hi int, offs []int) (obs, center float64, null []float64, used, far int, all []float64) {
	mean := func(d int) float64 {
		s, c := 0.0, 0
		for _, r := range rows {
			if v := q[resample.Shift(r, d, lo, hi)]; !math.IsNaN(v) {
				s += v
				c++
			}
		}
		if c == 0 {
			return math.NaN()
		}
		return s / float64(c)
	}
	s, c := 0.0, 0
	for t := lo; t < hi; t++ {
		if !math.IsNaN(q[t]) {
			s += q[t]
			c++
		}
	}
	center = s / float64(c)
	obs = mean(0)
	all = make([]float64, hi-lo)
	for d := 1; d < hi-lo; d++ {
		all[d] = mean(d)
	}
	for _, d := range offs {
		null = append(null, all[d])
		if !math.IsNaN(all[d]) {
			used++
			if math.Abs(all[d]-center) >= math.Abs(obs-center) {
				far++
			}
		}
	}
	return obs, center, null, used, far, all
}

func TestDateShiftAgainstBruteForce(t *testing.T) {
	r := rand.New(rand.NewPCG(18, 20))
	n := 80
	q := make([]float64, n)
	for i := range q {
		q[i] = r.NormFloat64()
		if i%11 == 0 || i > 75 {
			q[i] = math.NaN() // undefined rows, and a tail with no data
		}
	}
	tests := []struct {
		name   string
		rows   []int
		lo, hi int
	}{
		{"clustered", []int{20, 21, 22, 23, 24, 50}, 0, n},
		{"sub-window", []int{31, 33, 40}, 30, 60},
		{"one row", []int{45}, 10, n},
		{"with NaN rows", []int{11, 12, 76, 77}, 0, n},
		{"two-row window", []int{5}, 5, 7},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			opt := resample.Options{Draws: 3000, Seed: 9}
			got, err := resample.DateShift(q, tt.rows, tt.lo, tt.hi, opt)
			if err != nil {
				t.Fatal(err)
			}
			offs, _ := resample.Offsets(tt.hi-tt.lo, opt.Draws, opt.Seed)
			obs, center, null, used, far, all := bruteShift(q, tt.rows, tt.lo, tt.hi, offs)
			// Tolerance: 1e-12 absolute (the same sums, another loop).
			if math.Abs(got.Observed-obs) > 1e-12 || math.Abs(got.Center-center) > 1e-12 {
				t.Errorf("Observed, Center = %v, %v; brute force %v, %v", got.Observed, got.Center, obs, center)
			}
			for b := range null {
				if !(math.Abs(got.Null[b]-null[b]) <= 1e-12 || math.IsNaN(got.Null[b]) && math.IsNaN(null[b])) {
					t.Fatalf("Null[%d] = %v, brute force %v", b, got.Null[b], null[b])
				}
			}
			if got.Used != used || got.Draws != opt.Draws || got.Seed != opt.Seed {
				t.Errorf("Used, Draws, Seed = %d, %d, %d; want %d, %d, %d", got.Used, got.Draws, got.Seed, used, opt.Draws, opt.Seed)
			}
			if want := float64(far+1) / float64(used+1); got.P != want {
				t.Errorf("P = %v, brute force %v", got.P, want)
			}
			// With 3000 draws over at most 79 offsets every offset is
			// drawn, so P is near its limit, the share of the non-zero
			// offsets as extreme.
			defined, farAll := 0, 0
			for d := 1; d < tt.hi-tt.lo; d++ {
				if !math.IsNaN(all[d]) {
					defined++
					if math.Abs(all[d]-center) >= math.Abs(obs-center) {
						farAll++
					}
				}
			}
			limit := float64(farAll) / float64(defined)
			if sd := math.Sqrt(limit*(1-limit)/float64(used)) + 1e-3; math.Abs(got.P-limit) > 5*sd {
				t.Errorf("P = %v, share over all offsets %v", got.P, limit)
			}
		})
	}
}

// TestDateShiftPlantedEffect: events put where q is high are found; the
// same number of events at random rows are not, beyond the test's size.
func TestDateShiftPlantedEffect(t *testing.T) {
	r := rand.New(rand.NewPCG(18, 21))
	const n = 2000
	q := make([]float64, n)
	for i := range q {
		q[i] = r.NormFloat64()
	}
	// Plant: three clusters of 8 rows each, where q is raised by 1.
	var rows []int
	for _, start := range []int{300, 310, 1500} {
		for i := range 8 {
			q[start+i] += 1
			rows = append(rows, start+i)
		}
	}
	got, err := resample.DateShift(q, rows, 0, n, resample.Options{Draws: 5000, Seed: 1})
	if err != nil {
		t.Fatal(err)
	}
	if got.P > 0.001 {
		t.Errorf("planted effect: %+v; want p <= 0.001", got)
	}
	// Shuffled: random rows on pure noise; rejections at 5% over many
	// seeds within 4 binomial sds.
	const reps = 400
	rej := 0
	for i := range q {
		q[i] = r.NormFloat64()
	}
	for rep := range reps {
		rows := make([]int, 24)
		for i := range rows {
			rows[i] = r.IntN(n)
		}
		got, err := resample.DateShift(q, rows, 0, n, resample.Options{Draws: 200, Seed: uint64(rep)})
		if err != nil {
			t.Fatal(err)
		}
		if got.P <= 0.05 {
			rej++
		}
	}
	if mean, sd := reps*0.05, math.Sqrt(reps*0.05*0.95); math.Abs(float64(rej)-mean) > 4*sd {
		t.Errorf("shuffled rows: %d of %d rejected at 5%%, want %.0f ± %.0f", rej, reps, mean, 4*sd)
	}
}

func TestDateShiftErrors(t *testing.T) {
	q := []float64{1, 2, 3, 4, 5, 6}
	ok := resample.Options{Draws: 10, Seed: 1}
	nan := math.NaN()
	tests := []struct {
		name   string
		q      []float64
		rows   []int
		lo, hi int
		opt    resample.Options
		want   error
	}{
		{"no rows", q, nil, 0, 6, ok, resample.ErrEmpty},
		{"no draws", q, []int{1}, 0, 6, resample.Options{}, resample.ErrArgument},
		{"window past q", q, []int{1}, 0, 7, ok, resample.ErrArgument},
		{"negative lo", q, []int{1}, -1, 6, ok, resample.ErrArgument},
		{"one-row window", q, []int{1}, 1, 2, ok, resample.ErrArgument},
		{"row outside", q, []int{1, 5}, 0, 5, ok, resample.ErrArgument},
		{"infinite", []float64{1, math.Inf(1), 3}, []int{0}, 0, 3, ok, resample.ErrNaN},
		{"events undefined", []float64{nan, 1, 2, nan}, []int{0, 3}, 0, 4, ok, resample.ErrNaN},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := resample.DateShift(tt.q, tt.rows, tt.lo, tt.hi, tt.opt)
			if !errors.Is(err, tt.want) {
				t.Errorf("error %v, want %v", err, tt.want)
			}
		})
	}
}
