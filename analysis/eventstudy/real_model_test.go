package eventstudy

import (
	"fmt"
	"os/exec"
	"testing"

	"github.com/rotationlab/rotation/analysis"
	"github.com/rotationlab/rotation/analysis/marketdata"
	"github.com/rotationlab/rotation/analysis/marketdata/marketdatatest"
)

// On the real data, whose prefix sums run over thousands of returns, the
// rolling fit of IWM and QQQ on SPY still agrees with statsmodels' OLS on
// windows across the series, within 1e-9.
func TestRealFitsStatsmodels(t *testing.T) {
	dir := marketdatatest.RealDir(t)
	if marketdata.CheckDir(dir, "SPY") != nil {
		t.Skipf("real price data: %s has no SPY.csv", dir)
	}
	if err := exec.Command(python, "-c", "import statsmodels").Run(); err != nil {
		t.Skipf("statsmodels not available to %s (apt-get install python3-statsmodels): %v", python, err)
	}
	al := marketdatatest.Aligned(t, dir, "IWM", "QQQ", "SPY")
	var ret [3][]float64
	for i := range ret {
		c, err := al.Close(i, marketdata.Adjusted)
		if err != nil {
			t.Fatal(err)
		}
		ret[i] = append([]float64{nan()}, analysis.Returns(nil, c)...)
	}
	n := len(ret[0])
	rows := []int{300, n / 4, n / 2, 3 * n / 4, n - 1}
	for l := range 2 {
		fits := FitRolling(ret[l], ret[2], 250, 11)
		checkStatsmodels(t, fmt.Sprintf("leg %d ", l), ret[l], ret[2], fits, rows)
	}
}
