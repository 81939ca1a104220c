package fetch_test

import (
	"context"
	"errors"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/rotationlab/rotation/analysis/fetch"
	"github.com/rotationlab/rotation/analysis/fetch/fetchtest"
	"github.com/rotationlab/rotation/analysis/marketdata"
)

// indexProvider serves ^NDX and ^GSPC (date,close files in an index
// directory) and the ETF AAA, as the providers do.
func indexProvider(t *testing.T) (*fetchtest.Server, *httptest.Server, *marketdata.Series) {
	t.Helper()
	prices, indices := t.TempDir(), t.TempDir()
	ndx := series("^NDX", 30)
	ndx.Raw = ndx.Adjusted
	for _, ix := range []marketdata.Index{"^NDX", "^GSPC"} {
		if err := os.WriteFile(marketdata.IndexPath(indices, ix), fetch.CloseCSV(ndx), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	if err := os.WriteFile(filepath.Join(prices, "AAA.csv"), fetchtest.StooqCSV(series("AAA", 30), time.Time{}, time.Time{}), 0o644); err != nil {
		t.Fatal(err)
	}
	fp := fetchtest.FromDirs(prices, indices)
	fp.StooqKey, fp.TiingoKey = "sk", "tk"
	srv := httptest.NewServer(fp)
	t.Cleanup(srv.Close)
	return fp, srv, ndx
}

// Yahoo and Stooq serve index levels, written as date,close into the
// index directory under the caret-less name; the file reads back as the
// served levels, and a second run appends nothing.
func TestUpdateIndex(t *testing.T) {
	fp, srv, want := indexProvider(t)
	for _, src := range []fetch.Source{fetch.Yahoo, fetch.Stooq} {
		for _, ix := range []marketdata.Index{"^NDX", "^GSPC"} {
			t.Run(src.String()+"/"+string(ix), func(t *testing.T) {
				dir := t.TempDir()
				c := client(srv.URL, nil)
				c.StooqKey, c.TiingoKey = "sk", "tk"
				c.Now = func() time.Time { return want.Last().AddDate(0, 0, 3) }
				r, err := c.UpdateIndex(context.Background(), src, dir, ix, fetch.UpdateOptions{})
				if err != nil {
					t.Fatal(err)
				}
				if r.Action != fetch.Created || r.Path != filepath.Join(dir, ix.Name()+".csv") || r.Days != want.Len() || r.Ticker != ix.Ticker() {
					t.Errorf("result %+v", r)
				}
				s, err := marketdata.LoadIndex(dir, ix)
				if err != nil {
					t.Fatal(err)
				}
				if s.Format != marketdata.FormatClose || s.Len() != want.Len() {
					t.Fatalf("read back %v, %d days; want date,close and %d", s.Format, s.Len(), want.Len())
				}
				for i := range s.Dates {
					if !s.Dates[i].Equal(want.Dates[i]) || s.Adjusted[i] != want.Adjusted[i] {
						t.Errorf("day %d: %s %v, want %s %v", i, marketdata.FormatDate(s.Dates[i]), s.Adjusted[i], marketdata.FormatDate(want.Dates[i]), want.Adjusted[i])
					}
				}
				r, err = c.UpdateIndex(context.Background(), src, dir, ix, fetch.UpdateOptions{})
				if err != nil || r.Action != fetch.UpToDate {
					t.Errorf("second run: %+v, %v; want up to date", r, err)
				}
			})
		}
	}
	// The caret went escaped in Yahoo's path; Stooq was asked for ^spx.
	if fp.Requests["/v8/finance/chart/^NDX"] == 0 {
		t.Errorf("no chart request for ^NDX: %v", fp.Requests)
	}
}

// The request itself: Yahoo's path escapes the caret (%5ENDX), Stooq's
// query asks for ^ndx and for ^spx in place of ^GSPC.
func TestIndexRequests(t *testing.T) {
	var paths, syms []string
	fp, _, _ := indexProvider(t)
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if strings.HasPrefix(r.URL.Path, "/v8/") {
			paths = append(paths, r.URL.EscapedPath())
		}
		if r.URL.Path == "/q/d/l/" {
			syms = append(syms, r.URL.Query().Get("s"))
		}
		fp.ServeHTTP(w, r)
	}))
	defer srv.Close()
	c := client(srv.URL, nil)
	c.StooqKey = "sk"
	for _, ix := range []marketdata.Index{"^NDX", "^GSPC"} {
		for _, src := range []fetch.Source{fetch.Yahoo, fetch.Stooq} {
			if _, err := c.FetchIndex(context.Background(), src, ix, time.Time{}); err != nil {
				t.Fatalf("%s from %s: %v", ix, src, err)
			}
		}
	}
	if strings.Join(paths, " ") != "/v8/finance/chart/%5ENDX /v8/finance/chart/%5EGSPC" {
		t.Errorf("chart paths %q", paths)
	}
	if strings.Join(syms, " ") != "^ndx ^spx" {
		t.Errorf("stooq symbols %q", syms)
	}
}

// Tiingo has no index data: a clear error before any request; an index
// no provider knows is the provider's "not found".
func TestIndexRefusals(t *testing.T) {
	fp, srv, _ := indexProvider(t)
	c := client(srv.URL, nil)
	c.StooqKey, c.TiingoKey = "sk", "tk"
	before := len(fp.Requests)
	_, err := c.UpdateIndex(context.Background(), fetch.Tiingo, t.TempDir(), "^NDX", fetch.UpdateOptions{})
	if !errors.Is(err, fetch.ErrNoIndexData) || !strings.Contains(err.Error(), "tiingo serves stocks, ETFs and mutual funds, no indices; fetch ^NDX with -source yahoo") {
		t.Errorf("tiingo: %v", err)
	}
	if len(fp.Requests) != before {
		t.Errorf("tiingo was asked: %v", fp.Requests)
	}
	for _, src := range []fetch.Source{fetch.Yahoo, fetch.Stooq} {
		dir := t.TempDir()
		_, err := c.UpdateIndex(context.Background(), src, dir, "^RUT", fetch.UpdateOptions{})
		if !errors.Is(err, fetch.ErrNotFound) {
			t.Errorf("%s ^RUT: %v, want not found", src, err)
		}
		if _, err := os.Stat(filepath.Join(dir, "RUT.csv")); err == nil {
			t.Errorf("%s: a file was written for an unknown index", src)
		}
	}
}

// Yahoo's chart of an index may lack adjclose and volume, and hold null
// closes: the levels that are there are written, the nulls left out, a
// repeated live bar kept once.
func TestYahooChartToCloseCSV(t *testing.T) {
	body := `{"chart":{"result":[{"meta":{"symbol":"^NDX","gmtoffset":-14400},
		"timestamp":[1704205800,1704292200,1704378600,1704378700],
		"indicators":{"quote":[{"close":[16543.94,null,16282.01,16300.5]}]}}],"error":null}}`
	got, err := fetch.YahooChartToCloseCSV([]byte(body))
	if err != nil {
		t.Fatal(err)
	}
	if want := "date,close\n2024-01-02,16543.94\n2024-01-04,16282.01\n"; string(got) != want {
		t.Errorf("got %q, want %q", got, want)
	}
	for _, bad := range []struct{ body, err string }{
		{`{"chart":{"result":null,"error":{"code":"Not Found","description":"No data found, symbol may be delisted"}}}`, "unknown ticker"},
		{`{"chart":{"result":[{"timestamp":[1],"indicators":{"quote":[{"close":[]}]}}]}}`, "1 timestamps but 0 close values"},
		{`not json`, "does not parse"},
	} {
		if _, err := fetch.YahooChartToCloseCSV([]byte(bad.body)); err == nil || !strings.Contains(err.Error(), bad.err) {
			t.Errorf("%s: err = %v, want %q", bad.body, err, bad.err)
		}
	}
}
