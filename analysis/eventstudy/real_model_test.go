package eventstudy

import (
	"bytes"
	"encoding/json"
	"os/exec"
	"path/filepath"
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
		var windows [][2]int
		for _, row := range rows {
			windows = append(windows, [2]int{fits[row].From - 1, fits[row].To - 1})
		}
		in, err := json.Marshal(map[string]any{"r": ret[l][1:], "m": ret[2][1:], "windows": windows})
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
				t.Errorf("leg %d row %d: %+v, statsmodels alpha, beta, sigma %v", l, row, f, want[i])
			}
		}
	}
}
