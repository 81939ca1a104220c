package stat_test

import (
	"errors"
	"math"
	"math/rand/v2"
	"testing"

	"github.com/rotationlab/rotation/analysis/stat"
)

func TestNeweyWestLags(t *testing.T) {
	// floor(4 (n/100)^(2/9)) worked by hand.
	tests := []struct{ n, want int }{{0, 0}, {-3, 0}, {50, 3}, {100, 4}, {250, 4}, {500, 5}, {1000, 6}, {2500, 8}, {5000, 9}}
	for _, tt := range tests {
		if got := stat.NeweyWestLags(tt.n); got != tt.want {
			t.Errorf("NeweyWestLags(%d) = %d, want %d", tt.n, got, tt.want)
		}
	}
}

func TestOLSKnownAnswers(t *testing.T) {
	// An exact line plus a residual orthogonal to (1, x): the slope and
	// intercept are the line's.
	x := []float64{1, 2, 3, 4, 5}
	e := []float64{1, -1, 0, -1, 1} // sums to 0, Σ e x = 0
	y := make([]float64, len(x))
	for i := range y {
		y[i] = 2 + 0.5*x[i] + e[i]
	}
	r, err := stat.OLS(y, [][]float64{x}, stat.OLSOptions{})
	if err != nil {
		t.Fatal(err)
	}
	if math.Abs(r.Coef[0]-2) > 1e-12 || math.Abs(r.Coef[1]-0.5) > 1e-12 {
		t.Errorf("coef %v, want [2 0.5]", r.Coef)
	}
	// s² = Σe²/(n-2) = 4/3; var(slope) = s²/Σ(x-3)² = (4/3)/10.
	if want := math.Sqrt(4.0 / 3 / 10); math.Abs(r.SE[1]-want) > 1e-12 {
		t.Errorf("slope se %v, want %v", r.SE[1], want)
	}
	for i := range e {
		if math.Abs(r.Resid[i]-e[i]) > 1e-12 {
			t.Errorf("resid %v, want %v", r.Resid, e)
			break
		}
	}
	if r.N != 5 || r.K != 2 || r.Cov != stat.Classical || r.Lags != 0 {
		t.Errorf("N, K, Cov, Lags = %d, %d, %v, %d", r.N, r.K, r.Cov, r.Lags)
	}

	// On the intercept alone, the coefficient is the mean and, with 0
	// lags, the HAC variance is Σ(y-ȳ)²/n².
	m, err := stat.OLS(y, nil, stat.OLSOptions{Cov: stat.NeweyWest, Lags: 0})
	if err != nil {
		t.Fatal(err)
	}
	mean, ss := 0.0, 0.0
	for _, v := range y {
		mean += v / 5
	}
	for _, v := range y {
		ss += (v - mean) * (v - mean)
	}
	if math.Abs(m.Coef[0]-mean) > 1e-12 || math.Abs(m.SE[0]-math.Sqrt(ss)/5) > 1e-12 {
		t.Errorf("intercept-only: coef %v se %v, want %v %v", m.Coef[0], m.SE[0], mean, math.Sqrt(ss)/5)
	}
	if math.Abs(m.R2) > 1e-12 {
		t.Errorf("intercept-only R2 = %v, want 0", m.R2)
	}

	// Automatic lags.
	r2, err := stat.OLS(ar1(rand.New(rand.NewPCG(1, 1)), 300, 0.2), nil, stat.OLSOptions{Cov: stat.NeweyWest, Lags: -1})
	if err != nil {
		t.Fatal(err)
	}
	if r2.Lags != stat.NeweyWestLags(300) {
		t.Errorf("automatic lags %d, want %d", r2.Lags, stat.NeweyWestLags(300))
	}
}

func TestOLSErrors(t *testing.T) {
	y := []float64{1, 2, 3, 5}
	tests := []struct {
		name string
		y    []float64
		x    [][]float64
		opt  stat.OLSOptions
		want error
	}{
		{"empty", nil, nil, stat.OLSOptions{}, stat.ErrEmpty},
		{"nan y", []float64{1, math.NaN(), 3, 4}, nil, stat.OLSOptions{}, stat.ErrNaN},
		{"inf x", y, [][]float64{{1, 2, math.Inf(-1), 4}}, stat.OLSOptions{}, stat.ErrNaN},
		{"lengths differ", y, [][]float64{{1, 2, 3}}, stat.OLSOptions{}, stat.ErrLength},
		{"too few", []float64{1, 2}, [][]float64{{1, 3}}, stat.OLSOptions{}, stat.ErrTooFew},
		{"collinear", y, [][]float64{{1, 2, 3, 4}, {2, 4, 6, 8}}, stat.OLSOptions{}, stat.ErrSingular},
		{"constant regressor", y, [][]float64{{3, 3, 3, 3}}, stat.OLSOptions{}, stat.ErrSingular},
		{"too many lags", y, nil, stat.OLSOptions{Cov: stat.NeweyWest, Lags: 4}, stat.ErrArgument},
		{"unknown cov", y, nil, stat.OLSOptions{Cov: 7}, stat.ErrArgument},
		{"exact fit", []float64{1, 2, 3, 4}, [][]float64{{1, 2, 3, 4}}, stat.OLSOptions{}, stat.ErrArgument},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := stat.OLS(tt.y, tt.x, tt.opt)
			if !errors.Is(err, tt.want) {
				t.Errorf("error %v, want %v", err, tt.want)
			}
		})
	}
}

func TestSignTestKnownAnswers(t *testing.T) {
	tests := []struct {
		name   string
		xs     []float64
		p0     float64
		n, pos int
		want   float64
	}{
		// All 5 positive: 2 (1/2)^5.
		{"all positive", []float64{1, 2, 3, 4, 5}, 0.5, 5, 5, 2.0 / 32},
		// 1 of 5 positive: P(X<=1) + P(X>=4) = 2 * 6/32.
		{"one positive", []float64{1, -2, -3, -4, -5}, 0.5, 5, 1, 12.0 / 32},
		// Zeros are left out.
		{"zeros", []float64{0, 1, 0, -1}, 0.5, 2, 1, 1},
		// n = 2, p0 = 0.9, 0 positive: pmf(0) = 0.01 is the least likely
		// count, so p = 0.01.
		{"generalized", []float64{-1, -2}, 0.9, 2, 0, 0.01},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := stat.SignTest(tt.xs, tt.p0)
			if err != nil {
				t.Fatal(err)
			}
			if got.N != tt.n || got.Positive != tt.pos || got.P0 != tt.p0 {
				t.Errorf("N, Positive, P0 = %d, %d, %v; want %d, %d, %v", got.N, got.Positive, got.P0, tt.n, tt.pos, tt.p0)
			}
			if math.Abs(got.P-tt.want) > 1e-12 {
				t.Errorf("P = %v, want %v", got.P, tt.want)
			}
		})
	}
}

func TestSignTestErrors(t *testing.T) {
	tests := []struct {
		name string
		xs   []float64
		p0   float64
		want error
	}{
		{"empty", nil, 0.5, stat.ErrEmpty},
		{"all zero", []float64{0, 0}, 0.5, stat.ErrEmpty},
		{"nan", []float64{1, math.NaN()}, 0.5, stat.ErrNaN},
		{"p0 zero", []float64{1}, 0, stat.ErrArgument},
		{"p0 one", []float64{1}, 1, stat.ErrArgument},
		{"p0 nan", []float64{1}, math.NaN(), stat.ErrArgument},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := stat.SignTest(tt.xs, tt.p0)
			if !errors.Is(err, tt.want) {
				t.Errorf("error %v, want %v", err, tt.want)
			}
		})
	}
}

func TestMultitestKnownAnswers(t *testing.T) {
	nan := math.NaN()
	tests := []struct {
		name     string
		p        []float64
		holm, bh []float64
	}{
		// Worked by hand: sorted 0.01, 0.02, 0.04 (m = 3).
		// Holm: 0.03, max(0.03, 0.04), max(0.04, 0.04) -> 0.03 0.04 0.04.
		// BH: 3*0.04/3 = 0.04, min(0.04, 3*0.02/2 = 0.03), min(0.03, 0.03).
		{"three", []float64{0.04, 0.01, 0.02}, []float64{0.04, 0.03, 0.04}, []float64{0.04, 0.03, 0.03}},
		{"nan kept", []float64{0.04, nan, 0.01, 0.02}, []float64{0.04, nan, 0.03, 0.04}, []float64{0.04, nan, 0.03, 0.03}},
		{"capped", []float64{0.6, 0.7}, []float64{1, 1}, []float64{0.7, 0.7}},
		{"empty", []float64{}, []float64{}, []float64{}},
	}
	same := func(a, b []float64) bool {
		if len(a) != len(b) {
			return false
		}
		for i := range a {
			if !(math.Abs(a[i]-b[i]) < 1e-15 || math.IsNaN(a[i]) && math.IsNaN(b[i])) {
				return false
			}
		}
		return true
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := stat.Holm(tt.p); !same(got, tt.holm) {
				t.Errorf("Holm(%v) = %v, want %v", tt.p, got, tt.holm)
			}
			if got := stat.BenjaminiHochberg(tt.p); !same(got, tt.bh) {
				t.Errorf("BenjaminiHochberg(%v) = %v, want %v", tt.p, got, tt.bh)
			}
		})
	}
}

func TestMultitestPanicsOutOfRange(t *testing.T) {
	for _, f := range []func([]float64) []float64{stat.Holm, stat.BenjaminiHochberg} {
		func() {
			defer func() {
				if recover() == nil {
					t.Error("no panic for a p-value of 1.5")
				}
			}()
			f([]float64{0.1, 1.5})
		}()
	}
}
