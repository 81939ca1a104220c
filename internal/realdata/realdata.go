// Package realdata finds the real price data for tests: $ROTATION_DATA, or
// ../shared/data/prices beside the repository. Tests that need it call Dir,
// which skips the test with a clear message when neither exists.
package realdata

import (
	"os"
	"path/filepath"
	"testing"

	"github.com/rotationlab/rotation/marketdata"
)

// Find returns the real data directory, or "" when there is none.
func Find() string {
	if d := os.Getenv(marketdata.EnvDataDir); d != "" {
		if fi, err := os.Stat(d); err == nil && fi.IsDir() {
			return d
		}
		return ""
	}
	wd, err := os.Getwd()
	if err != nil {
		return ""
	}
	for dir := wd; ; dir = filepath.Dir(dir) {
		if _, err := os.Stat(filepath.Join(dir, "go.mod")); err == nil {
			p := filepath.Join(dir, "..", "shared", "data", "prices")
			if fi, err := os.Stat(p); err == nil && fi.IsDir() {
				return p
			}
			return ""
		}
		if filepath.Dir(dir) == dir {
			return ""
		}
	}
}

// Dir returns the real data directory or skips the test.
func Dir(tb testing.TB) string {
	tb.Helper()
	d := Find()
	if d == "" {
		if env := os.Getenv(marketdata.EnvDataDir); env != "" {
			tb.Skipf("real price data not found: $%s=%q is not a directory (a relative path is taken from the test's package directory)", marketdata.EnvDataDir, env)
		}
		tb.Skipf("real price data not found: set $%s or put it in ../shared/data/prices beside the repository", marketdata.EnvDataDir)
	}
	return d
}
