package eventstudy

import (
	"bytes"
	"encoding/json"
	"math"
	"math/rand/v2"
	"os/exec"
	"path/filepath"
	"testing"
)

const python = "/usr/bin/python3"

// synthetic returns n rows of market returns m and leg returns
// r = alpha + beta m + noise (row 0 NaN, as daily returns are).
func synthetic(seed uint64, n int, alpha, beta, noise float64) (r, m []float64) {
	g := rand.New(rand.NewPCG(seed, 7))
	r, m = make([]float64, n), make([]float64, n)
	r[0], m[0] = math.NaN(), math.NaN()
	for t := 1; t < n; t++ {
		m[t] = 0.0004 + 0.012*g.NormFloat64()
		r[t] = alpha + beta*m[t] + noise*g.NormFloat64()
	}
	return r, m
}

// slowWindow gathers, walking back from row to, the last days rows not
// marked in skip; ok is false when row 1 comes first.
func slowWindow(skip []bool, days, to int) (rows []int, ok bool) {
	for s := to; s >= 1 && len(rows) < days; s-- {
		if skip == nil || !skip[s] {
			rows = append([]int{s}, rows...)
		}
	}
	return rows, len(rows) == days
}

// slowFitRows fits the market model over the given rows.
func slowFitRows(r, m []float64, rows []int) (alpha, beta, sigma float64, ok bool) {
	var xs, ys []float64
	for _, s := range rows {
		if math.IsNaN(r[s]) || math.IsNaN(m[s]) {
			return 0, 0, 0, false
		}
		xs, ys = append(xs, m[s]), append(ys, r[s])
	}
	n := float64(len(xs))
	mx, my := 0.0, 0.0
	for i := range xs {
		mx += xs[i] / n
		my += ys[i] / n
	}
	sxx, sxy := 0.0, 0.0
	for i := range xs {
		sxx += (xs[i] - mx) * (xs[i] - mx)
		sxy += (xs[i] - mx) * (ys[i] - my)
	}
	beta = sxy / sxx
	alpha = my - beta*mx
	ss := 0.0
	for i := range xs {
		e := ys[i] - alpha - beta*xs[i]
		ss += e * e
	}
	return alpha, beta, math.Sqrt(ss / (n - 2)), true
}

func close(got, want, tol float64) bool {
	return math.Abs(got-want) <= tol*math.Max(1, math.Abs(want))
}

// The rolling fit (prefix sums) agrees with a plain per-row fit on every
// row, within 1e-9, also around a NaN, which leaves out the windows that
// hold it, and with rows skipped, which the windows reach back past;
// rows whose window starts before row 1 are not OK.
func TestFitRollingMatchesSlow(t *testing.T) {
	for _, c := range []struct {
		name      string
		n, d, gap int
		hole      int
		skipEvery int
	}{{"short window", 400, 20, 3, -1, 0}, {"estimation default", 1200, 250, 11, -1, 0}, {"nan in data", 700, 60, 5, 300, 0},
		{"no gap", 300, 10, 0, 150, 0}, {"skipped rows", 1200, 250, 11, -1, 37}, {"skipped rows and a nan", 700, 60, 5, 300, 7}} {
		t.Run(c.name, func(t *testing.T) {
			r, m := synthetic(3, c.n, 0.0003, 1.3, 0.008)
			if c.hole >= 0 {
				r[c.hole] = math.NaN()
			}
			var skip []bool
			if c.skipEvery > 0 {
				skip = make([]bool, c.n)
				for k := 5; k < c.n; k += c.skipEvery {
					skip[k] = true
				}
			}
			fits := FitRollingSkip(r, m, skip, c.d, c.gap)
			oks := 0
			for row, f := range fits {
				rows, ok := slowWindow(skip, c.d, row-c.gap)
				var a, b, s float64
				if ok {
					a, b, s, ok = slowFitRows(r, m, rows)
				}
				if f.OK != ok {
					t.Fatalf("row %d: OK %v, want %v", row, f.OK, ok)
				}
				if !ok {
					if !math.IsNaN(f.Alpha) || !math.IsNaN(f.Beta) {
						t.Fatalf("row %d: not OK but alpha %v beta %v are numbers", row, f.Alpha, f.Beta)
					}
					continue
				}
				oks++
				if !close(f.Alpha, a, 1e-9) || !close(f.Beta, b, 1e-9) || !close(f.Sigma, s, 1e-9) {
					t.Fatalf("row %d: alpha %v beta %v sigma %v, want %v %v %v", row, f.Alpha, f.Beta, f.Sigma, a, b, s)
				}
			}
			if oks == 0 {
				t.Fatal("no row was fitted")
			}
		})
	}
}

// Beta and alpha are recovered on a synthetic series whose true values are
// known.
func TestFitRecoversBeta(t *testing.T) {
	for _, beta := range []float64{0.6, 1.0, 1.45} {
		r, m := synthetic(11, 3000, 0.0002, beta, 0.004)
		fits := FitRolling(r, m, 250, 11)
		f := fits[2999]
		// Standard error of beta: 0.004 / (0.012 sqrt(250)) ~ 0.021.
		if !f.OK || math.Abs(f.Beta-beta) > 0.08 {
			t.Errorf("beta %v: fitted %+v", beta, f)
		}
		if math.Abs(f.Sigma-0.004) > 0.0006 {
			t.Errorf("beta %v: sigma %v, want about 0.004", beta, f.Sigma)
		}
	}
}

// The rolling fit agrees with statsmodels' OLS on windows across the
// series, within 1e-9.
func TestFitRollingStatsmodels(t *testing.T) {
	if err := exec.Command(python, "-c", "import statsmodels").Run(); err != nil {
		t.Skipf("statsmodels not available to %s (apt-get install python3-statsmodels): %v", python, err)
	}
	r, m := synthetic(5, 900, -0.0001, 0.9, 0.01)
	const d, gap = 250, 11
	fits := FitRolling(r, m, d, gap)
	checkStatsmodels(t, "", r, m, fits, []int{d + gap, 300, 451, 600, 899})
}

// checkStatsmodels fits OLS of r on m with statsmodels
// (testdata/market_model.py) over the windows of fits at rows and checks
// alpha, beta and sigma within 1e-9. r and m are indexed like the rows,
// element 0 NaN (no return on the first day).
func checkStatsmodels(t *testing.T, label string, r, m []float64, fits []Fit, rows []int) {
	t.Helper()
	var windows [][2]int
	for _, row := range rows {
		windows = append(windows, [2]int{fits[row].From - 1, fits[row].To - 1})
	}
	in, err := json.Marshal(map[string]any{"r": r[1:], "m": m[1:], "windows": windows})
	if err != nil {
		t.Fatal(err)
	}
	cmd := exec.Command(python, filepath.Join("testdata", "market_model.py"))
	cmd.Stdin = bytes.NewReader(in)
	var stderr bytes.Buffer
	cmd.Stderr = &stderr
	out, err := cmd.Output()
	if err != nil {
		t.Fatalf("market_model.py: %v\n%s", err, stderr.String())
	}
	var want [][3]float64
	if err := json.Unmarshal(out, &want); err != nil {
		t.Fatal(err)
	}
	for i, row := range rows {
		f := fits[row]
		if !f.OK || !close(f.Alpha, want[i][0], 1e-9) || !close(f.Beta, want[i][1], 1e-9) || !close(f.Sigma, want[i][2], 1e-9) {
			t.Errorf("%srow %d: %+v, statsmodels alpha, beta, sigma %v", label, row, f, want[i])
		}
	}
}
