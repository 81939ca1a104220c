package main

import (
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/rotationlab/rotation/analysis/fetch/fetchtest"
	"github.com/rotationlab/rotation/analysis/marketdata"
)

// rotation fetch ^NDX writes NDX.csv into the index directory beside the
// data directory (never into the data directory), from Yahoo and from
// Stooq; then check -index finds it by the same rule.
func TestFetchIndex(t *testing.T) {
	served, _ := indexDirs(t) // prices with AAA and BBB, indices with BBX.csv
	fp := fetchtest.FromDirs(served, filepath.Join(filepath.Dir(served), "indices"))
	fp.StooqKey, fp.TiingoKey = "sk", "tk"
	srv := httptest.NewServer(fp)
	defer srv.Close()
	for _, src := range []string{"yahoo", "stooq"} {
		t.Run(src, func(t *testing.T) {
			base := t.TempDir()
			data := filepath.Join(base, "prices")
			out, res := runFetchCode(t, []string{"-source", src, "-data", data, "AAA", "^bbx", "BBB"}, fakeEnv(srv.URL))
			if res.exit != 0 {
				t.Fatalf("exit %d: %s", res.exit, res.stderr)
			}
			if !strings.Contains(out, "^BBX: 10 days from "+src) || !strings.Contains(out, filepath.Join(base, "indices", "BBX.csv")) {
				t.Errorf("output %q", out)
			}
			for _, p := range []string{filepath.Join(data, "BBX.csv"), filepath.Join(data, "^BBX.csv")} {
				if _, err := os.Stat(p); err == nil {
					t.Errorf("%s written into the data directory", p)
				}
			}
			s, err := marketdata.LoadIndex(filepath.Join(base, "indices"), "^BBX")
			if err != nil || s.Format != marketdata.FormatClose || s.Len() != 10 {
				t.Fatalf("index file: %v, %v", s, err)
			}
			out, errs, code := runCmd(t, "check", "-data", data, "-a", "AAA", "-b", "BBB", "-index", "BBB=^BBX", "-json")
			if code != 0 || !strings.Contains(out, `"fund": "BBB"`) {
				t.Errorf("check on the fetched files: exit %d %s\n%s", code, errs, out)
			}
		})
	}
	// -index-data elsewhere; -if-missing leaves it be.
	elsewhere := filepath.Join(t.TempDir(), "ix")
	if _, res := runFetchCode(t, []string{"-data", t.TempDir(), "-index-data", elsewhere, "^BBX"}, fakeEnv(srv.URL)); res.exit != 0 {
		t.Fatalf("exit %d: %s", res.exit, res.stderr)
	}
	if _, err := os.Stat(filepath.Join(elsewhere, "BBX.csv")); err != nil {
		t.Error(err)
	}
	if out, res := runFetchCode(t, []string{"-if-missing", "-index-data", elsewhere, "^BBX"}, fakeEnv(srv.URL)); res.exit != 0 || out != "" {
		t.Errorf("-if-missing: exit %d %q %s", res.exit, out, res.stderr)
	}
	// An index the provider does not know fails alone, the others fetched.
	_, res := runFetchCode(t, []string{"-data", t.TempDir(), "^NOPE", "AAA"}, fakeEnv(srv.URL))
	if res.exit != exitFail || !strings.Contains(res.stderr, "^NOPE") || !strings.Contains(res.stderr, "could not fetch ^NOPE (1 of 2 tickers") {
		t.Errorf("unknown index: exit %d %s", res.exit, res.stderr)
	}
}

// Index mistakes are usage errors before anything is asked of a provider.
func TestFetchIndexErrors(t *testing.T) {
	dir := t.TempDir()
	for _, tt := range []struct {
		name string
		args []string
		want string
	}{
		{"tiingo", []string{"-source", "tiingo", "-data", dir, "QQQ", "^NDX", "^RUT"}, "tiingo has no index data (stocks, ETFs and mutual funds only): fetch ^NDX and ^RUT with -source yahoo or -source stooq"},
		{"same directory", []string{"-data", dir, "-index-data", dir, "^NDX"}, "is the data directory: index files are kept apart from the ETF files"},
		{"bad symbol", []string{"-data", dir, "^N.DX"}, `index "^N.DX" has character '.'`},
		{"bare caret", []string{"-data", dir, "^"}, `index "^" has no name`},
	} {
		t.Run(tt.name, func(t *testing.T) {
			_, res := runFetchCode(t, tt.args, fakeEnv("http://127.0.0.1:1"))
			if res.exit != exitUsage || !strings.Contains(res.stderr, tt.want) {
				t.Errorf("exit %d, stderr %q; want usage and %q", res.exit, res.stderr, tt.want)
			}
		})
	}
}
