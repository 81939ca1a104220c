package fetchtest_test

import (
	"context"
	"fmt"
	"math"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/rotationlab/rotation/analysis/fetch"
	"github.com/rotationlab/rotation/analysis/fetch/fetchtest"
	"github.com/rotationlab/rotation/analysis/marketdata"
	"github.com/rotationlab/rotation/analysis/marketdata/marketdatatest"
)

// client returns a fetch client aimed at url for every provider, with the
// fakes' keys and no waits between tries.
func client(url string) *fetch.Client {
	c := fetch.NewClient()
	c.Configure(func(k string) string {
		return map[string]string{fetch.EnvYahooURL: url, fetch.EnvStooqURL: url, fetch.EnvTiingoURL: url,
			fetch.EnvStooqKey: "sk", fetch.EnvTiingoKey: "tk"}[k]
	})
	c.Timeout, c.Retries = 10*time.Second, 0
	c.Sleep = func(ctx context.Context, d time.Duration) error { return ctx.Err() }
	return c
}

// ulps is how far apart two float64 are, in units in the last place.
func ulps(a, b float64) float64 {
	if a == b {
		return 0
	}
	return math.Abs(a-b) / math.Max(math.Abs(a-math.Nextafter(a, 0)), math.SmallestNonzeroFloat64)
}

// A file in every layout, fetched through each fake provider and read
// back, has the file's own days and values: the closes, the volumes and
// whatever the provider's layout carries as it is, exactly; the opens,
// highs and lows of Yahoo's raw columns (scaled by raw/adjusted by the
// fake and back by the reader) within 4 units in the last place, which is
// what the two roundings there and back can do. Stooq's layout has no raw
// close. Before the fake served real columns, every open, high and low
// came back as the close and every volume as 1000.
func TestServedAsRead(t *testing.T) {
	formats := filepath.Join(marketdatatest.Root(t), "testdata", "formats")
	files, err := filepath.Glob(filepath.Join(formats, "*.csv"))
	if err != nil || len(files) < 5 {
		t.Fatalf("fixtures in %s: %v, %d files", formats, err, len(files))
	}
	for _, file := range files {
		name := strings.TrimSuffix(filepath.Base(file), ".csv")
		want, err := marketdata.ReadFileOHLC(file)
		if err != nil {
			t.Fatal(err)
		}
		want.Ticker = "AAA"
		fp := fetchtest.New(map[marketdata.Ticker]*marketdata.Series{"AAA": want})
		fp.StooqKey, fp.TiingoKey = "sk", "tk"
		srv := httptest.NewServer(fp)
		defer srv.Close()
		for _, src := range []fetch.Source{fetch.Yahoo, fetch.Stooq, fetch.Tiingo} {
			t.Run(name+"/"+src.String(), func(t *testing.T) {
				dir := t.TempDir()
				c := client(srv.URL)
				c.Now = func() time.Time { return want.Last().AddDate(0, 0, 3) }
				if _, err := c.Update(context.Background(), src, dir, "AAA", fetch.UpdateOptions{}); err != nil {
					t.Fatal(err)
				}
				got, err := marketdata.ReadFileOHLC(marketdata.Path(dir, "AAA"))
				if err != nil {
					t.Fatal(err)
				}
				if got.Format != src.Format() {
					t.Errorf("written in the %s layout, want %s's", got.Format, src)
				}
				if fmt.Sprint(got.Dates) != fmt.Sprint(want.Dates) {
					t.Fatalf("dates %v, want %v", got.Dates, want.Dates)
				}
				if src == fetch.Yahoo && fmt.Sprint(got.Skipped) != fmt.Sprint(want.Skipped) {
					t.Errorf("null rows %v, want %v", got.Skipped, want.Skipped)
				}
				wantRaw := want.Raw
				if wantRaw == nil {
					wantRaw = want.Adjusted // a series without one is served with its adjusted close
				}
				scaled := 0.0
				if src == fetch.Yahoo {
					scaled = 4
				}
				cols := []struct {
					name      string
					got, want []float64
					ulps      float64
				}{
					{"adjusted close", got.Adjusted, want.Adjusted, 0},
					{"open", got.Open, want.Open, scaled},
					{"high", got.High, want.High, scaled},
					{"low", got.Low, want.Low, scaled},
					{"volume", got.Volume, want.Volume, 0},
				}
				if src == fetch.Stooq {
					if got.Raw != nil {
						t.Error("a Stooq file with a raw close")
					}
				} else {
					cols = append(cols, struct {
						name      string
						got, want []float64
						ulps      float64
					}{"raw close", got.Raw, wantRaw, 0})
				}
				for _, col := range cols {
					if len(col.got) != len(col.want) {
						t.Errorf("%s: %d values, want %d", col.name, len(col.got), len(col.want))
						continue
					}
					for i := range col.got {
						if u := ulps(col.got[i], col.want[i]); u > col.ulps {
							t.Errorf("%s of %s: %v, want %v (%g units in the last place apart, at most %g)",
								col.name, marketdata.FormatDate(got.Dates[i]), col.got[i], col.want[i], u, col.ulps)
						}
					}
				}
			})
		}
	}
}

// The fake reads a directory afresh: an unknown ticker is the provider's
// own "not found"; a file that does not parse is a 500 that names it.
func TestFromDir(t *testing.T) {
	dir := t.TempDir()
	src := filepath.Join(marketdatatest.Root(t), "testdata", "formats", "stooq.csv")
	b, err := os.ReadFile(src)
	if err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(dir, "AAA.csv"), b, 0o644); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(dir, "BAD.csv"), []byte("Date,Open,High,Low,Close,Volume\n2024-01-02,1,1,1,x,1\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	fp := fetchtest.FromDir(dir)
	fp.TiingoKey = "tk"
	srv := httptest.NewServer(fp)
	defer srv.Close()
	c := client(srv.URL)
	for _, tc := range []struct {
		ticker marketdata.Ticker
		want   string
	}{
		{"AAA", ""},
		{"NOPE", "tiingo knows no such ticker"},
		{"BAD", "HTTP 500"},
	} {
		_, err := c.Update(context.Background(), fetch.Tiingo, t.TempDir(), tc.ticker, fetch.UpdateOptions{})
		switch {
		case tc.want == "" && err != nil:
			t.Errorf("%s: %v", tc.ticker, err)
		case tc.want != "" && (err == nil || !strings.Contains(err.Error(), tc.want)):
			t.Errorf("%s: err = %v, want %q", tc.ticker, err, tc.want)
		}
		if tc.ticker == "BAD" && err != nil && !strings.Contains(err.Error(), "BAD.csv:2") {
			t.Errorf("the 500 does not name the file and line: %v", err)
		}
	}
}
