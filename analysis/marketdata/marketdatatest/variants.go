package marketdatatest

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/rotationlab/rotation/analysis/marketdata"
)

// PairDir copies the fixtures AAA and BBB into a new directory under the
// names a and b (IWM and QQQ, say, for the article's set-up) and returns
// the directory.
func PairDir(tb testing.TB, a, b marketdata.Ticker) string {
	tb.Helper()
	dir := tb.TempDir()
	for from, to := range map[string]marketdata.Ticker{"AAA": a, "BBB": b} {
		data, err := os.ReadFile(Path(tb, "prices", from+".csv"))
		if err != nil {
			tb.Fatal(err)
		}
		if err := os.WriteFile(marketdata.Path(dir, to), data, 0o644); err != nil {
			tb.Fatal(err)
		}
	}
	return dir
}

// AsStooq rewrites the archive-layout file at path in Stooq's layout
// (Date,Open,High,Low,Close,Volume: adjusted prices, no raw close).
func AsStooq(tb testing.TB, path string) {
	tb.Helper()
	b, err := os.ReadFile(path)
	if err != nil {
		tb.Fatal(err)
	}
	var out strings.Builder
	out.WriteString("Date,Open,High,Low,Close,Volume\n")
	for i, line := range strings.Split(strings.TrimSpace(string(b)), "\n") {
		if i == 0 {
			continue
		}
		f := strings.Split(line, ",")
		if len(f) < 6 {
			tb.Fatalf("%s:%d: %d fields, not the archive layout", path, i+1, len(f))
		}
		out.WriteString(strings.Join(f[:6], ",") + "\n")
	}
	if err := os.WriteFile(path, []byte(out.String()), 0o644); err != nil {
		tb.Fatal(err)
	}
}

// BadClose moves BBB's close of 2024-01-10 in dir (a copy of the
// fixtures) outside that day's high-low range, for the data checks.
func BadClose(tb testing.TB, dir string) {
	tb.Helper()
	path := filepath.Join(dir, "BBB.csv")
	b, err := os.ReadFile(path)
	if err != nil {
		tb.Fatal(err)
	}
	const day, moved = "2024-01-10,52,52,52,52,", "2024-01-10,52,52,52,70,"
	if !strings.Contains(string(b), day) {
		tb.Fatalf("%s has no row %q to change", path, day)
	}
	if err := os.WriteFile(path, []byte(strings.Replace(string(b), day, moved, 1)), 0o644); err != nil {
		tb.Fatal(err)
	}
}
