// Package realdata finds the real price data for tests, by the same rule as
// the command and the notebooks (marketdata.Dir): $ROTATION_DATA, else
// data/ in the checkout. Tests that need it call Dir, which skips the test
// with a clear message when there is none.
package realdata

import (
	"os"
	"testing"

	"github.com/rotationlab/rotation/analysis/marketdata"
	"github.com/rotationlab/rotation/internal/fixture"
)

// Find returns the real data directory (one holding IWM.csv and QQQ.csv),
// or "" when there is none.
func Find(tb testing.TB) string {
	tb.Helper()
	d := marketdata.Dir(fixture.Root(tb), "", os.Getenv)
	if marketdata.CheckDir(d, "IWM", "QQQ") != nil {
		return ""
	}
	return d
}

// Dir returns the real data directory or skips the test.
func Dir(tb testing.TB) string {
	tb.Helper()
	d := Find(tb)
	if d == "" {
		tb.Skipf("real price data not found: %s has no IWM.csv and QQQ.csv; set $%s to a directory of price files, or run 'rotation fetch IWM QQQ'",
			marketdata.Dir(fixture.Root(tb), "", os.Getenv), marketdata.EnvDataDir)
	}
	return d
}
