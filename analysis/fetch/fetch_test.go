package fetch_test

import (
	"context"
	"errors"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/rotationlab/rotation/analysis/fetch"
	"github.com/rotationlab/rotation/analysis/marketdata"
)

func fixture(t *testing.T, name string) []byte {
	t.Helper()
	b, err := os.ReadFile(filepath.Join("..", "..", "testdata", "fetch", name))
	if err != nil {
		t.Fatal(err)
	}
	return b
}

// client returns a client aimed at srv that records its waits instead of
// sleeping.
func client(srv *httptest.Server, waits *[]time.Duration) *fetch.Client {
	c := fetch.NewClient()
	c.YahooBase, c.StooqBase = srv.URL, srv.URL
	c.Timeout = 2 * time.Second
	c.Retries = 3
	c.Backoff = 100 * time.Millisecond
	c.Now = func() time.Time { return time.Date(2024, 7, 13, 0, 0, 0, 0, time.UTC) }
	c.Sleep = func(ctx context.Context, d time.Duration) error {
		if waits != nil {
			*waits = append(*waits, d)
		}
		return ctx.Err()
	}
	return c
}

func TestYahoo(t *testing.T) {
	body := fixture(t, "yahoo-chart.json")
	var got *http.Request
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		got = r
		w.Header().Set("Content-Type", "application/json;charset=utf-8")
		w.Write(body)
	}))
	defer srv.Close()
	dir := t.TempDir()
	path, n, err := client(srv, nil).ToDir(context.Background(), fetch.Yahoo, dir, "IWM")
	if err != nil {
		t.Fatal(err)
	}
	if got.URL.Path != "/v8/finance/chart/IWM" || got.URL.Query().Get("period1") != "0" ||
		got.URL.Query().Get("interval") != "1d" || got.URL.Query().Get("period2") != "1720828800" {
		t.Errorf("request %s", got.URL)
	}
	if got.Header.Get("User-Agent") == "" {
		t.Error("no User-Agent: Yahoo refuses such requests")
	}
	if n != 3 || path != filepath.Join(dir, "IWM.csv") {
		t.Errorf("wrote %d rows to %s, want 3 to IWM.csv", n, path)
	}
	s, err := marketdata.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	if s.Format != marketdata.FormatYahoo || len(s.Skipped) != 1 {
		t.Errorf("format %v, skipped %v", s.Format, s.Skipped)
	}
	// 13:30 UTC is 09:30 in New York: the dates are the trading days.
	if marketdata.FormatDate(s.Dates[0]) != "2024-07-10" || s.Raw[1] != 210.67999267578125 || s.Adjusted[2] != 209.1051025390625 {
		t.Errorf("first date %v raw %v adjusted %v", s.Dates[0], s.Raw[1], s.Adjusted[2])
	}
	data, _ := os.ReadFile(path)
	if !strings.HasPrefix(string(data), "Date,Open,High,Low,Close,Adj Close,Volume\n2024-07-10,") ||
		!strings.Contains(string(data), "2024-07-13,null,null,null,null,null,null\n") {
		t.Errorf("file:\n%s", data)
	}
}

func TestStooq(t *testing.T) {
	body := fixture(t, "stooq-iwm.csv")
	var query string
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		query = r.URL.RawQuery
		if r.URL.Path != "/q/d/l/" {
			http.NotFound(w, r)
			return
		}
		w.Header().Set("Content-Type", "text/csv")
		w.Write(body)
	}))
	defer srv.Close()
	path, n, err := client(srv, nil).ToDir(context.Background(), fetch.Stooq, t.TempDir(), "IWM")
	if err != nil {
		t.Fatal(err)
	}
	if query != "s=iwm.us&i=d" || n != 3 {
		t.Errorf("query %q, %d rows", query, n)
	}
	s, err := marketdata.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := s.Close(marketdata.Raw); !errors.Is(err, marketdata.ErrNoRaw) {
		t.Errorf("stooq file must not claim a raw close: %v", err)
	}
}

func TestRetries(t *testing.T) {
	body := fixture(t, "yahoo-chart.json")
	var calls atomic.Int32
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		switch calls.Add(1) {
		case 1:
			w.Header().Set("Retry-After", "1")
			http.Error(w, "Too Many Requests", http.StatusTooManyRequests)
		case 2:
			http.Error(w, "upstream", http.StatusBadGateway)
		default:
			w.Write(body)
		}
	}))
	defer srv.Close()
	var waits []time.Duration
	if _, _, err := client(srv, &waits).ToDir(context.Background(), fetch.Yahoo, t.TempDir(), "IWM"); err != nil {
		t.Fatal(err)
	}
	// First wait honours Retry-After (1 s over the 100 ms back-off); the
	// second doubles from there.
	if calls.Load() != 3 || len(waits) != 2 || waits[0] != time.Second || waits[1] != 2*time.Second {
		t.Errorf("calls %d, waits %v", calls.Load(), waits)
	}
}

func TestFailures(t *testing.T) {
	tests := []struct {
		name    string
		src     fetch.Source
		handler http.HandlerFunc
		want    error
		calls   int32
		text    string
	}{
		{"server error", fetch.Yahoo, func(w http.ResponseWriter, r *http.Request) {
			http.Error(w, "boom", http.StatusInternalServerError)
		}, fetch.ErrGaveUp, 4, "HTTP 500"},
		{"yahoo unknown ticker", fetch.Yahoo, func(w http.ResponseWriter, r *http.Request) {
			w.WriteHeader(http.StatusNotFound)
			w.Write([]byte(`{"chart":{"result":null,"error":{"code":"Not Found","description":"No data found, symbol may be delisted"}}}`))
		}, fetch.ErrNotFound, 1, "unknown ticker"},
		{"stooq unknown ticker", fetch.Stooq, func(w http.ResponseWriter, r *http.Request) {
			w.Write([]byte("No data"))
		}, fetch.ErrNotFound, 1, "No data"},
		{"bad json", fetch.Yahoo, func(w http.ResponseWriter, r *http.Request) {
			w.Write([]byte(`{"chart":`))
		}, fetch.ErrBadData, 1, "chart JSON"},
		{"stooq html", fetch.Stooq, func(w http.ResponseWriter, r *http.Request) {
			w.Write([]byte("<html>captcha</html>"))
		}, fetch.ErrBadData, 1, "unknown header"},
		{"bad prices", fetch.Stooq, func(w http.ResponseWriter, r *http.Request) {
			w.Write([]byte("Date,Open,High,Low,Close,Volume\n2024-07-10,1,1,1,-5,10\n"))
		}, fetch.ErrBadData, 1, "price not positive"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var calls atomic.Int32
			srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
				calls.Add(1)
				tt.handler(w, r)
			}))
			defer srv.Close()
			dir := t.TempDir()
			old := []byte("date,open,high,low,close,volume,dividend,unadj_close\n2024-01-02,1,1,1,1,1,0,1\n")
			if err := os.WriteFile(filepath.Join(dir, "IWM.csv"), old, 0o644); err != nil {
				t.Fatal(err)
			}
			_, _, err := client(srv, nil).ToDir(context.Background(), tt.src, dir, "IWM")
			if !errors.Is(err, tt.want) || !strings.Contains(err.Error(), tt.text) {
				t.Errorf("err = %v, want %v containing %q", err, tt.want, tt.text)
			}
			if calls.Load() != tt.calls {
				t.Errorf("%d requests, want %d", calls.Load(), tt.calls)
			}
			if now, _ := os.ReadFile(filepath.Join(dir, "IWM.csv")); string(now) != string(old) {
				t.Errorf("a failed fetch changed the existing file:\n%s", now)
			}
			if ents, _ := os.ReadDir(dir); len(ents) != 1 {
				t.Errorf("%d files in the directory, want 1", len(ents))
			}
		})
	}
}

func TestOffline(t *testing.T) {
	srv := httptest.NewServer(http.NotFoundHandler())
	c := client(srv, nil)
	srv.Close() // nothing listens there any more
	_, _, err := c.ToDir(context.Background(), fetch.Yahoo, t.TempDir(), "IWM")
	if !errors.Is(err, fetch.ErrOffline) || !strings.Contains(err.Error(), "4 tries") {
		t.Errorf("err = %v, want ErrOffline after 4 tries", err)
	}
}

func TestTimeout(t *testing.T) {
	release := make(chan struct{})
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		select {
		case <-release:
		case <-r.Context().Done():
		}
	}))
	defer srv.Close()
	defer close(release)
	c := client(srv, nil)
	c.Timeout, c.Retries = 50*time.Millisecond, 1
	start := time.Now()
	_, _, err := c.ToDir(context.Background(), fetch.Stooq, t.TempDir(), "IWM")
	if !errors.Is(err, fetch.ErrOffline) || !strings.Contains(err.Error(), "deadline") {
		t.Errorf("err = %v, want a timeout reported as no answer", err)
	}
	if time.Since(start) > 5*time.Second {
		t.Errorf("timeout took %v", time.Since(start))
	}
}

func TestCancel(t *testing.T) {
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		http.Error(w, "busy", http.StatusServiceUnavailable)
	}))
	defer srv.Close()
	ctx, cancel := context.WithCancel(context.Background())
	c := client(srv, nil)
	c.Sleep = func(ctx context.Context, d time.Duration) error { cancel(); return ctx.Err() }
	_, _, err := c.ToDir(ctx, fetch.Yahoo, t.TempDir(), "IWM")
	if !errors.Is(err, context.Canceled) {
		t.Errorf("err = %v, want context.Canceled", err)
	}
}

func TestParseSource(t *testing.T) {
	if s, err := fetch.ParseSource("Stooq"); err != nil || s != fetch.Stooq {
		t.Errorf("ParseSource(Stooq) = %v, %v", s, err)
	}
	if _, err := fetch.ParseSource("bloomberg"); err == nil {
		t.Error("unknown source accepted")
	}
}

func FuzzYahooChartToCSV(f *testing.F) {
	f.Add([]byte(`{"chart":{"result":[{"meta":{"gmtoffset":0},"timestamp":[0],"indicators":{"quote":[{"open":[1],"high":[1],"low":[1],"close":[1],"volume":[1]}],"adjclose":[{"adjclose":[1]}]}}]}}`))
	f.Add([]byte(`{"chart":{"result":null,"error":{"code":"Not Found","description":"x"}}}`))
	f.Fuzz(func(t *testing.T, body []byte) {
		out, err := fetch.YahooChartToCSV(body)
		if err != nil {
			return
		}
		if !strings.HasPrefix(string(out), "Date,Open,High,Low,Close,Adj Close,Volume\n") {
			t.Fatalf("no header: %q", out)
		}
	})
}
