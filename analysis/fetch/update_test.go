package fetch_test

import (
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"net/http/httptest"

	"github.com/rotationlab/rotation/analysis/fetch"
	"github.com/rotationlab/rotation/analysis/fetch/fetchtest"
	"github.com/rotationlab/rotation/analysis/marketdata"
)

// Update on a file that exists asks only for the days after its last one
// (with an overlap), appends them, and fetches the whole history again
// when the provider re-adjusted it.
func TestUpdate(t *testing.T) {
	for _, src := range []fetch.Source{fetch.Yahoo, fetch.Stooq, fetch.Tiingo} {
		t.Run(src.String(), func(t *testing.T) {
			iwm := series("IWM", 100)
			fp := fetchtest.New(map[marketdata.Ticker]*marketdata.Series{"IWM": iwm})
			fp.StooqKey, fp.TiingoKey = "sk", "tk"
			srv := httptest.NewServer(fp)
			defer srv.Close()
			c := client(srv.URL, nil)
			c.StooqKey, c.TiingoKey = "sk", "tk"
			c.Now = func() time.Time { return time.Date(2025, 1, 1, 0, 0, 0, 0, time.UTC) }
			dir := t.TempDir()
			ctx := context.Background()

			r, err := c.Update(ctx, src, dir, "IWM", fetch.UpdateOptions{})
			if err != nil || r.Action != fetch.Created || r.Days != 100 {
				t.Fatalf("first fetch: %+v, %v", r, err)
			}
			if !strings.HasPrefix(r.String(), "IWM: 100 days from "+src.String()+" (2024-01-02 to 2024-05-20) into ") {
				t.Errorf("said %q", r)
			}
			before, _ := os.ReadFile(r.Path)

			// Nothing new.
			r, err = c.Update(ctx, src, dir, "IWM", fetch.UpdateOptions{})
			if err != nil || r.Action != fetch.UpToDate || r.String() != "IWM: up to date (last day 2024-05-20)" {
				t.Fatalf("no new days: %+v %q, %v", r, r, err)
			}

			// Twelve more days: appended; the old rows stay byte for byte.
			longer := series("IWM", 112)
			fp.Data = func(marketdata.Ticker) (*marketdata.Series, bool) { return longer, true }
			r, err = c.Update(ctx, src, dir, "IWM", fetch.UpdateOptions{})
			if err != nil || r.Action != fetch.Appended || r.New != 12 || r.Days != 112 {
				t.Fatalf("appending: %+v, %v", r, err)
			}
			if r.String() != "IWM: 12 new days from "+src.String()+" (to 2024-06-05)" {
				t.Errorf("said %q", r)
			}
			after, _ := os.ReadFile(r.Path)
			if !strings.HasPrefix(string(after), strings.TrimRight(string(before), "\r\n")) {
				t.Error("the old rows changed")
			}
			s, err := marketdata.ReadFile(r.Path)
			if err != nil || s.Len() != 112 || s.Adjusted[111] != 211 {
				t.Fatalf("merged file: %v", err)
			}

			// A dividend re-adjusts the whole history: fetched again.
			adjusted := series("IWM", 113)
			for i := range adjusted.Adjusted {
				adjusted.Adjusted[i] *= 0.99
			}
			fp.Data = func(marketdata.Ticker) (*marketdata.Series, bool) { return adjusted, true }
			requests := fp.Requests["/q/d/l/"] + fp.Requests["/v8/finance/chart/IWM"] + fp.Requests["/tiingo/daily/iwm/prices"]
			r, err = c.Update(ctx, src, dir, "IWM", fetch.UpdateOptions{})
			if err != nil || r.Action != fetch.Refetched || r.Days != 113 || !strings.Contains(r.Reason, "re-adjusted") {
				t.Fatalf("re-adjusted: %+v, %v", r, err)
			}
			if !strings.HasPrefix(r.String(), "IWM: history re-adjusted since the last fetch") || !strings.Contains(r.String(), "fetched again: 113 days") {
				t.Errorf("said %q", r)
			}
			if n := fp.Requests["/q/d/l/"] + fp.Requests["/v8/finance/chart/IWM"] + fp.Requests["/tiingo/daily/iwm/prices"]; n != requests+2 {
				t.Errorf("%d requests for a re-adjusted history, want 2 (the recent days, then all)", n-requests)
			}
			s, _ = marketdata.ReadFile(r.Path)
			if s.Adjusted[0] != 99 {
				t.Errorf("the re-adjusted history was not written: %v", s.Adjusted[0])
			}
		})
	}
}

// A file in another layout is replaced by the source's whole history; a
// file that does not parse is left alone, with an error.
func TestUpdateOtherFiles(t *testing.T) {
	fp := fetchtest.New(map[marketdata.Ticker]*marketdata.Series{"IWM": series("IWM", 30)})
	srv := httptest.NewServer(fp)
	defer srv.Close()
	c := client(srv.URL, nil)
	dir := t.TempDir()
	path := filepath.Join(dir, "IWM.csv")
	os.WriteFile(path, []byte("date,open,high,low,close,volume,dividend,unadj_close\n2024-01-02,1,1,1,1,1,0,1\n"), 0o644)
	r, err := c.Update(context.Background(), fetch.Yahoo, dir, "IWM", fetch.UpdateOptions{})
	if err != nil || r.Action != fetch.Refetched || !strings.Contains(r.Reason, "archive layout, not yahoo's") {
		t.Errorf("other layout: %+v, %v", r, err)
	}
	bad := []byte("Date,Open,High,Low,Close,Adj Close,Volume\n2024-01-02,x,1,1,1,1,1\n")
	os.WriteFile(path, bad, 0o644)
	_, err = c.Update(context.Background(), fetch.Yahoo, dir, "IWM", fetch.UpdateOptions{})
	if err == nil || !strings.Contains(err.Error(), "existing file does not parse") {
		t.Errorf("bad file: %v", err)
	}
	if now, _ := os.ReadFile(path); string(now) != string(bad) {
		t.Error("a file that does not parse was replaced")
	}
}
