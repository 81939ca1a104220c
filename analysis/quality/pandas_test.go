package quality_test

import (
	"bytes"
	"encoding/json"
	"math"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"testing"

	"github.com/rotationlab/rotation/analysis/marketdata"
	"github.com/rotationlab/rotation/analysis/marketdata/marketdatatest"
	"github.com/rotationlab/rotation/analysis/quality"
)

const python = "/usr/bin/python3"

// CompareIndex on the real QQQ/^NDX and IWM/^RUT against
// testdata/departures.py, a pandas reference written apart from it: the
// same days compared and flagged (exactly, at 1 pp and at 0.25 pp), and
// the median and 99th percentile of |departure| within 1e-12.
func TestCompareIndexPandas(t *testing.T) {
	if err := exec.Command(python, "-c", "import pandas").Run(); err != nil {
		t.Skipf("pandas not available to %s (apt-get install python3-pandas): %v", python, err)
	}
	dir := marketdatatest.RealDir(t)
	ixDir := marketdata.IndexDir(marketdatatest.Root(t), "", dir, os.Getenv)
	if err := marketdata.CheckIndexDir(ixDir, "^NDX", "^RUT"); err != nil {
		t.Skipf("real index data not found: %v", err)
	}
	for _, p := range []quality.IndexPair{{Fund: "QQQ", Index: "^NDX"}, {Fund: "IWM", Index: "^RUT"}} {
		fund, err := marketdata.LoadDir(dir, p.Fund)
		if err != nil {
			t.Fatal(err)
		}
		index, err := marketdata.LoadIndex(ixDir, p.Index)
		if err != nil {
			t.Fatal(err)
		}
		for _, tol := range []float64{0.01, 0.0025} {
			flags, sum := quality.CompareIndex(fund, index, p, quality.Options{IndexTolerance: tol})
			cmd := exec.Command(python, filepath.Join("testdata", "departures.py"),
				marketdata.Path(dir, p.Fund), marketdata.IndexPath(ixDir, p.Index), strconv.FormatFloat(tol, 'g', -1, 64))
			var stderr bytes.Buffer
			cmd.Stderr = &stderr
			out, err := cmd.Output()
			if err != nil {
				t.Fatalf("%v: %s", err, stderr.String())
			}
			var ref struct {
				Days, Flagged int
				Dates         []string
				Median, P99   float64
			}
			if err := json.Unmarshal(out, &ref); err != nil {
				t.Fatal(err)
			}
			if sum.Days != ref.Days || sum.Flagged != ref.Flagged || len(flags) != len(ref.Dates) {
				t.Fatalf("%s at %v: %d days, %d flagged; pandas %d and %d", p, tol, sum.Days, sum.Flagged, ref.Days, ref.Flagged)
			}
			for i, f := range flags {
				if marketdata.FormatDate(f.Date) != ref.Dates[i] {
					t.Errorf("%s at %v: flag %d on %s, pandas %s", p, tol, i, marketdata.FormatDate(f.Date), ref.Dates[i])
				}
			}
			if math.Abs(sum.MedianAbs-ref.Median) > 1e-12 || math.Abs(sum.P99Abs-ref.P99) > 1e-12 {
				t.Errorf("%s: median %v p99 %v; pandas %v and %v", p, sum.MedianAbs, sum.P99Abs, ref.Median, ref.P99)
			}
		}
	}
}
