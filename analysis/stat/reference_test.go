package stat_test

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"math"
	"math/rand/v2"
	"os"
	"os/exec"
	"sync"
	"testing"

	"github.com/rotationlab/rotation/analysis/stat"
)

// The figures here are checked against statsmodels 0.13 and scipy 1.10
// through testdata/reference.py, run with /usr/bin/python3 on the same
// inputs. Tolerance: relative 1e-9 for every figure, and for figures
// other than p-values also absolute 1e-12 near zero (residuals); both sides solve the same least squares problem in double
// precision (statsmodels by a pseudo-inverse, gonum by QR), so they agree
// to about 1e-12 on these well-conditioned fixtures.
const (
	refRel = 1e-9
	refAbs = 1e-12
)

const python = "/usr/bin/python3"

type olsCase struct {
	Y    []float64   `json:"y"`
	X    [][]float64 `json:"x"`
	Lags *int        `json:"lags"`
}

type binomCase struct {
	K int     `json:"k"`
	N int     `json:"n"`
	P float64 `json:"p"`
}

type refInput struct {
	OLS       []olsCase   `json:"ols"`
	Multitest [][]float64 `json:"multitest"`
	Binom     []binomCase `json:"binom"`
}

type refFit struct {
	Coef, SE, T, P, Resid []float64
	R2                    float64
}

type refOutput struct {
	OLS []struct {
		Classical refFit  `json:"classical"`
		HAC       *refFit `json:"hac"`
	} `json:"ols"`
	Holm  [][]float64 `json:"holm"`
	BH    [][]float64 `json:"bh"`
	Binom []float64   `json:"binom"`
}

var (
	refOnce sync.Once
	refOut  refOutput
	refSkip string
	refErr  error
)

// reference runs testdata/reference.py once on all the cases, skipping
// the test when Python, statsmodels or scipy is missing.
func reference(t *testing.T) refOutput {
	t.Helper()
	refOnce.Do(func() {
		if _, err := os.Stat(python); err != nil {
			refSkip = "no " + python + ": the statsmodels/scipy references are not run"
			return
		}
		refOut, refSkip, refErr = runReference(refInput{OLS: olsCases(), Multitest: multitestCases(), Binom: binomCases()})
	})
	if refSkip != "" {
		t.Skip(refSkip)
	}
	if refErr != nil {
		t.Fatal(refErr)
	}
	return refOut
}

// runReference runs testdata/reference.py on in; skip is set when a
// Python module is missing.
func runReference(in refInput) (out refOutput, skip string, err error) {
	data, err := json.Marshal(in)
	if err != nil {
		return out, "", err
	}
	cmd := exec.Command(python, "testdata/reference.py")
	cmd.Stdin = bytes.NewReader(data)
	var stdout, stderr bytes.Buffer
	cmd.Stdout, cmd.Stderr = &stdout, &stderr
	if err := cmd.Run(); err != nil {
		var ee *exec.ExitError
		if errors.As(err, &ee) && ee.ExitCode() == 3 {
			return out, "reference.py: " + stderr.String(), nil
		}
		return out, "", fmt.Errorf("reference.py: %v\n%s", err, stderr.String())
	}
	if err := json.Unmarshal(stdout.Bytes(), &out); err != nil {
		return out, "", fmt.Errorf("reference.py output: %v", err)
	}
	return out, "", nil
}

func close(got, want float64) bool {
	if math.IsNaN(got) || math.IsNaN(want) {
		return math.IsNaN(got) && math.IsNaN(want)
	}
	return math.Abs(got-want) <= refAbs+refRel*math.Abs(want)
}

func checkSlice(t *testing.T, name string, got, want []float64) {
	t.Helper()
	if len(got) != len(want) {
		t.Errorf("%s: %d values, reference has %d", name, len(got), len(want))
		return
	}
	for i := range got {
		if !close(got[i], want[i]) {
			t.Errorf("%s[%d] = %.15g, reference %.15g (rel. diff %.2g)", name, i, got[i], want[i], math.Abs(got[i]-want[i])/math.Abs(want[i]))
		}
	}
}

// checkRel is checkSlice with the relative tolerance only, for p-values,
// which may be far below refAbs.
func checkRel(t *testing.T, name string, got, want []float64) {
	t.Helper()
	if len(got) != len(want) {
		t.Errorf("%s: %d values, reference has %d", name, len(got), len(want))
		return
	}
	for i := range got {
		if math.Abs(got[i]-want[i]) > refRel*math.Abs(want[i]) {
			t.Errorf("%s[%d] = %.15g, reference %.15g", name, i, got[i], want[i])
		}
	}
}

// ar1 is an AR(1) series with coefficient phi, so that HAC lags matter.
func ar1(r *rand.Rand, n int, phi float64) []float64 {
	x := make([]float64, n)
	prev := 0.0
	for i := range x {
		prev = phi*prev + r.NormFloat64()
		x[i] = prev
	}
	return x
}

func olsCases() []olsCase {
	r := rand.New(rand.NewPCG(18, 1))
	lags := func(l int) *int { return &l }
	var cs []olsCase
	// A market model with autocorrelated regressors and noise, the effects
	// small enough that the p-values are neither 0 nor 1.
	for _, spec := range []struct {
		n, k int
		lags int
	}{{60, 1, 3}, {250, 1, 5}, {500, 2, 0}, {40, 0, 2}, {1000, 3, stat.NeweyWestLags(1000)}, {12, 1, 11}} {
		x := make([][]float64, spec.k)
		for j := range x {
			x[j] = ar1(r, spec.n, 0.3)
		}
		e := ar1(r, spec.n, 0.5)
		y := make([]float64, spec.n)
		for i := range y {
			y[i] = 0.1 + e[i]
			for j := range x {
				y[i] += float64(j+1) * 0.1 * x[j][i]
			}
		}
		cs = append(cs, olsCase{Y: y, X: x, Lags: lags(spec.lags)})
	}
	return cs
}

func TestOLSAgainstStatsmodels(t *testing.T) {
	cases := olsCases()
	ref := reference(t)
	if len(ref.OLS) != len(cases) {
		t.Fatalf("reference gave %d fits for %d cases", len(ref.OLS), len(cases))
	}
	for i, c := range cases {
		for _, cov := range []stat.CovKind{stat.Classical, stat.NeweyWest} {
			want := ref.OLS[i].Classical
			if cov == stat.NeweyWest {
				want = *ref.OLS[i].HAC
			}
			got, err := stat.OLS(c.Y, c.X, stat.OLSOptions{Cov: cov, Lags: *c.Lags})
			if err != nil {
				t.Fatalf("case %d %v: %v", i, cov, err)
			}
			name := func(s string) string { return s + " (case " + fmt.Sprint(i) + ", " + cov.String() + ")" }
			checkSlice(t, name("coef"), got.Coef, want.Coef)
			checkSlice(t, name("se"), got.SE, want.SE)
			checkSlice(t, name("t"), got.T, want.T)
			checkRel(t, name("p"), got.P, want.P)
			checkSlice(t, name("resid"), got.Resid, want.Resid)
			checkSlice(t, name("r2"), []float64{got.R2}, []float64{want.R2})
			if cov == stat.NeweyWest && got.Lags != *c.Lags {
				t.Errorf("%s: lags %d, want %d", name("lags"), got.Lags, *c.Lags)
			}
		}
	}
}

func multitestCases() [][]float64 {
	r := rand.New(rand.NewPCG(18, 2))
	cs := [][]float64{
		{0.01, 0.04, 0.03, 0.005, 0.2, 0.9},
		{0.5},
		{0.01, 0.01, 0.02, 0.02, 0.02, 1, 0},
		{0.001, 0.0011, 0.05, 0.049, 0.3, 0.31, 0.8, 0.04, 0.6, 0.0001},
	}
	for _, n := range []int{30, 200} {
		p := make([]float64, n)
		for i := range p {
			p[i] = math.Pow(r.Float64(), 3) // many small p-values
		}
		cs = append(cs, p)
	}
	return cs
}

func TestMultitestAgainstStatsmodels(t *testing.T) {
	cases := multitestCases()
	ref := reference(t)
	for i, p := range cases {
		checkRel(t, "holm case "+fmt.Sprint(i), stat.Holm(p), ref.Holm[i])
		checkRel(t, "bh case "+fmt.Sprint(i), stat.BenjaminiHochberg(p), ref.BH[i])
	}
}

func binomCases() []binomCase {
	var cs []binomCase
	for _, n := range []int{1, 2, 5, 10, 17, 24, 51, 100, 250} {
		for _, k := range []int{0, 1, n / 4, n / 3, n / 2, (2 * n) / 3, n - 1, n} {
			if k < 0 || k > n {
				continue
			}
			for _, p := range []float64{0.5, 0.3, 0.55, 0.62, 0.9} {
				cs = append(cs, binomCase{K: k, N: n, P: p})
			}
		}
	}
	return cs
}

// signs makes a sample with k positive and n-k negative values (and some
// zeros, which the sign test leaves out).
func signs(k, n int) []float64 {
	xs := make([]float64, 0, n+2)
	for i := range n {
		if i < k {
			xs = append(xs, 0.01*float64(i+1))
		} else {
			xs = append(xs, -0.02*float64(i+1))
		}
	}
	return append(xs, 0, 0)
}

func TestSignTestAgainstScipy(t *testing.T) {
	cases := binomCases()
	ref := reference(t)
	for i, c := range cases {
		got, err := stat.SignTest(signs(c.K, c.N), c.P)
		if err != nil {
			t.Fatalf("k=%d n=%d p0=%v: %v", c.K, c.N, c.P, err)
		}
		if got.N != c.N || got.Positive != c.K {
			t.Errorf("k=%d n=%d: counted %d of %d", c.K, c.N, got.Positive, got.N)
		}
		// Relative only: many of these p-values are far below refAbs.
		if math.Abs(got.P-ref.Binom[i]) > refRel*ref.Binom[i] {
			t.Errorf("binomtest(%d, %d, %v) = %.15g, scipy %.15g", c.K, c.N, c.P, got.P, ref.Binom[i])
		}
	}
}

// TestReferenceFixturesInformative guards the fixtures: p-values that are
// all 0 or 1 would let a wrong distribution pass.
func TestReferenceFixturesInformative(t *testing.T) {
	mid := 0
	for _, c := range olsCases() {
		r, err := stat.OLS(c.Y, c.X, stat.OLSOptions{Cov: stat.NeweyWest, Lags: *c.Lags})
		if err != nil {
			t.Fatal(err)
		}
		for _, p := range r.P {
			if p > 1e-4 && p < 0.9999 {
				mid++
			}
		}
	}
	if mid < 5 {
		t.Errorf("only %d OLS p-values of the fixtures are in (1e-4, 0.9999)", mid)
	}
}
