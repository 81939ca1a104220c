package stat_test

import (
	"os"
	"testing"

	"github.com/rotationlab/rotation/analysis/marketdata"
	"github.com/rotationlab/rotation/analysis/marketdata/marketdatatest"
	"github.com/rotationlab/rotation/analysis/stat"
)

// TestOLSRealData regresses the daily IWM-QQQ spread on SPY's daily
// return over the real prices, with Newey-West errors at the automatic
// lags, and checks the fit against statsmodels on the same ~6,500 rows
// (tolerance as in reference_test.go).
func TestOLSRealData(t *testing.T) {
	dir := marketdatatest.RealDir(t)
	if marketdata.CheckDir(dir, "SPY") != nil {
		t.Skipf("no SPY.csv in %s: the market series is needed", dir)
	}
	al := marketdatatest.Aligned(t, dir, "IWM", "QQQ", "SPY")
	var c [3][]float64
	for i := range c {
		p, err := al.Close(i, marketdata.Adjusted)
		if err != nil {
			t.Fatal(err)
		}
		c[i] = p
	}
	n := al.Len() - 1
	y, m := make([]float64, n), make([]float64, n)
	for k := range n {
		y[k] = (c[0][k+1]/c[0][k] - 1) - (c[1][k+1]/c[1][k] - 1)
		m[k] = c[2][k+1]/c[2][k] - 1
	}
	lags := stat.NeweyWestLags(n)
	if _, err := os.Stat(python); err != nil {
		t.Skipf("no %s: the statsmodels reference is not run", python)
	}
	ref, skip, err := runReference(refInput{OLS: []olsCase{{Y: y, X: [][]float64{m}, Lags: &lags}}})
	if skip != "" {
		t.Skip(skip)
	}
	if err != nil {
		t.Fatal(err)
	}
	got, err := stat.OLS(y, [][]float64{m}, stat.OLSOptions{Cov: stat.NeweyWest, Lags: -1})
	if err != nil {
		t.Fatal(err)
	}
	want := *ref.OLS[0].HAC
	checkSlice(t, "coef", got.Coef, want.Coef)
	checkSlice(t, "se", got.SE, want.SE)
	checkRel(t, "p", got.P, want.P)
	t.Logf("IWM-QQQ daily on SPY, %d days from %s: alpha %.3g (HAC se %.3g, %d lags, p %.3f), beta %.3f (se %.3f), R2 %.3f",
		got.N, al.Dates[1].Format("2006-01-02"), got.Coef[0], got.SE[0], got.Lags, got.P[0], got.Coef[1], got.SE[1], got.R2)
}
