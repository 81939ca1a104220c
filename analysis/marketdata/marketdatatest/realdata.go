package marketdatatest

import (
	"os"
	"testing"

	"github.com/rotationlab/rotation/analysis/marketdata"
)

// RealDir returns the real data directory (one holding IWM.csv and
// QQQ.csv), or skips the test with a message saying where it looked and
// how to get the data.
func RealDir(tb testing.TB) string {
	tb.Helper()
	d := marketdata.Dir(Root(tb), "", os.Getenv)
	if marketdata.CheckDir(d, "IWM", "QQQ") != nil {
		tb.Skipf("real price data not found: %s has no IWM.csv and QQQ.csv; set $%s to a directory of price files, or run 'rotation fetch IWM QQQ'",
			d, marketdata.EnvDataDir)
	}
	return d
}
