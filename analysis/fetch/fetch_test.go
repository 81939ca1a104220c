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
	"github.com/rotationlab/rotation/analysis/fetch/fetchtest"
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

// client returns a client aimed at url for every provider that records its
// waits instead of sleeping.
func client(url string, waits *[]time.Duration) *fetch.Client {
	c := fetch.NewClient()
	c.Configure(func(k string) string {
		return map[string]string{fetch.EnvYahooURL: url, fetch.EnvStooqURL: url, fetch.EnvTiingoURL: url}[k]
	})
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

// series builds a ticker's history: n trading days from 2024-01-02 with
// adjusted closes 100, 101, ... and raw closes 1 higher.
func series(t marketdata.Ticker, n int) *marketdata.Series {
	s := &marketdata.Series{Ticker: t}
	d := time.Date(2024, 1, 2, 0, 0, 0, 0, time.UTC)
	for i := range n {
		for d.Weekday() == time.Saturday || d.Weekday() == time.Sunday {
			d = d.AddDate(0, 0, 1)
		}
		s.Dates = append(s.Dates, d)
		s.Adjusted = append(s.Adjusted, 100+float64(i))
		s.Raw = append(s.Raw, 101+float64(i))
		d = d.AddDate(0, 0, 1)
	}
	return s
}

// provider starts the fake providers with IWM and QQQ.
func provider(t *testing.T) (*fetchtest.Server, *httptest.Server) {
	t.Helper()
	fp := fetchtest.New(map[marketdata.Ticker]*marketdata.Series{"IWM": series("IWM", 120), "QQQ": series("QQQ", 120)})
	fp.StooqKey, fp.TiingoKey = "sk", "tk"
	fp.StooqPage = fixture(t, "stooq-apikey.html")
	srv := httptest.NewServer(fp)
	t.Cleanup(srv.Close)
	return fp, srv
}

// yahooRecorded serves Yahoo's session like the fake, and a recorded chart
// answer.
func yahooRecorded(t *testing.T, chart []byte, got **http.Request) *httptest.Server {
	fp := fetchtest.New(nil)
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if strings.HasPrefix(r.URL.Path, "/v8/") {
			*got = r
			if c, err := r.Cookie("A3"); err != nil || c.Value == "" || r.URL.Query().Get("crumb") == "" {
				w.WriteHeader(http.StatusUnauthorized)
				w.Write(fixture(t, "yahoo-invalid-crumb.json"))
				return
			}
			w.Header().Set("Content-Type", "application/json;charset=utf-8")
			w.Write(chart)
			return
		}
		fp.ServeHTTP(w, r)
	}))
	t.Cleanup(srv.Close)
	return srv
}

// A recorded chart answer becomes Yahoo's CSV layout, after the session
// cookie and crumb.
func TestYahooRecorded(t *testing.T) {
	var got *http.Request
	srv := yahooRecorded(t, fixture(t, "yahoo-chart.json"), &got)
	dir := t.TempDir()
	path, n, err := client(srv.URL, nil).ToDir(context.Background(), fetch.Yahoo, dir, "IWM")
	if err != nil {
		t.Fatal(err)
	}
	q := got.URL.Query()
	if got.URL.Path != "/v8/finance/chart/IWM" || q.Get("period1") != "0" || q.Get("interval") != "1d" ||
		q.Get("period2") != "1720828800" || q.Get("crumb") == "" {
		t.Errorf("request %s", got.URL)
	}
	if ua := got.Header.Get("User-Agent"); !strings.HasPrefix(ua, "Mozilla/5.0 (") || !strings.Contains(ua, "Chrome/") {
		t.Errorf("User-Agent %q does not look like a browser's: Yahoo refuses such requests", ua)
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

// The session: a cookie page, then a crumb, kept for the run; a 401
// "Invalid Crumb" renews both once.
func TestYahooSession(t *testing.T) {
	fp, srv := provider(t)
	c := client(srv.URL, nil)
	dir := t.TempDir()
	for _, tk := range []marketdata.Ticker{"IWM", "QQQ"} {
		if _, _, err := c.ToDir(context.Background(), fetch.Yahoo, dir, tk); err != nil {
			t.Fatal(err)
		}
	}
	if fp.Requests["/"] != 1 || fp.Requests["/v1/test/getcrumb"] != 1 {
		t.Errorf("two tickers took %d cookie pages and %d crumbs, want one of each", fp.Requests["/"], fp.Requests["/v1/test/getcrumb"])
	}
	fp.ExpireCrumbs = 1
	if _, _, err := c.ToDir(context.Background(), fetch.Yahoo, dir, "IWM"); err != nil {
		t.Fatalf("after an expired crumb: %v", err)
	}
	if fp.Requests["/v1/test/getcrumb"] != 2 || fp.Requests["/v8/finance/chart/IWM"] != 3 {
		t.Errorf("renewal: %v", fp.Requests)
	}
	// A crumb refused again is an error that says what Yahoo answered.
	fp.ExpireCrumbs = 2
	_, _, err := c.ToDir(context.Background(), fetch.Yahoo, dir, "IWM")
	if !errors.Is(err, fetch.ErrRefused) || !strings.Contains(err.Error(), "HTTP 401") || !strings.Contains(err.Error(), "Invalid Crumb") {
		t.Errorf("err = %v", err)
	}
}

func TestYahooRefusals(t *testing.T) {
	tests := []struct {
		name    string
		handler http.HandlerFunc
		want    error
		text    []string
	}{
		{"forbidden", func(w http.ResponseWriter, r *http.Request) {
			w.WriteHeader(http.StatusForbidden)
			w.Write([]byte("<html><body>Forbidden</body></html>"))
		}, fetch.ErrRefused, []string{"HTTP 403", "refused"}},
		{"crumb too many requests", func(w http.ResponseWriter, r *http.Request) {
			if r.URL.Path == "/v1/test/getcrumb" {
				w.Write([]byte("Too Many Requests"))
				return
			}
			http.NotFound(w, r)
		}, fetch.ErrRateLimited, []string{"Too Many Requests"}},
		{"rate limited throughout", func(w http.ResponseWriter, r *http.Request) {
			w.Header().Set("Retry-After", "3")
			http.Error(w, "Too Many Requests", http.StatusTooManyRequests)
		}, fetch.ErrRateLimited, []string{"HTTP 429", "4 tries"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			srv := httptest.NewServer(tt.handler)
			defer srv.Close()
			dir := t.TempDir()
			_, _, err := client(srv.URL, nil).ToDir(context.Background(), fetch.Yahoo, dir, "IWM")
			if !errors.Is(err, tt.want) {
				t.Errorf("err = %v, want %v", err, tt.want)
			}
			for _, s := range tt.text {
				if err == nil || !strings.Contains(err.Error(), s) {
					t.Errorf("err = %v, want it to say %q", err, s)
				}
			}
			if ents, _ := os.ReadDir(dir); len(ents) != 0 {
				t.Errorf("a failed fetch wrote %d files", len(ents))
			}
		})
	}
}

// 429 with Retry-After: the wait is at least what the provider asks.
func TestRetries(t *testing.T) {
	fp, srv := provider(t)
	fp.RateLimit = 2
	var waits []time.Duration
	if _, _, err := client(srv.URL, &waits).ToDir(context.Background(), fetch.Tiingo, t.TempDir(), "IWM"); err == nil {
		t.Fatal("tiingo without a token succeeded")
	}
	c := client(srv.URL, &waits)
	c.TiingoKey = "tk"
	waits = nil
	fp.RateLimit = 2
	if _, _, err := c.ToDir(context.Background(), fetch.Tiingo, t.TempDir(), "IWM"); err != nil {
		t.Fatal(err)
	}
	// Retry-After 2 s beats the 100 ms back-off; the next wait doubles.
	if len(waits) != 2 || waits[0] != 2*time.Second || waits[1] != 4*time.Second {
		t.Errorf("waits %v", waits)
	}
}

func TestStooq(t *testing.T) {
	fp, srv := provider(t)
	c := client(srv.URL, nil)
	dir := t.TempDir()
	// Without the key: Stooq's HTML page with status 200, and nothing
	// written.
	_, _, err := c.ToDir(context.Background(), fetch.Stooq, dir, "IWM")
	if !errors.Is(err, fetch.ErrNotCSV) || !strings.Contains(err.Error(), "stooq answered with an HTML page") ||
		!strings.Contains(err.Error(), "API key required") || !strings.Contains(err.Error(), "STOOQ_API_KEY") {
		t.Errorf("err = %v", err)
	}
	if ents, _ := os.ReadDir(dir); len(ents) != 0 {
		t.Errorf("an HTML answer wrote %d files", len(ents))
	}
	c.StooqKey = "sk"
	path, n, err := c.ToDir(context.Background(), fetch.Stooq, dir, "IWM")
	if err != nil || n != 120 {
		t.Fatalf("with the key: %d rows, %v", n, err)
	}
	s, err := marketdata.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := s.Close(marketdata.Raw); !errors.Is(err, marketdata.ErrNoRaw) {
		t.Errorf("stooq file must not claim a raw close: %v", err)
	}
	if fp.Requests["/q/d/l/"] != 2 {
		t.Errorf("requests %v", fp.Requests)
	}
}

// What Stooq answers instead of CSV, each with status 200.
func TestStooqNotCSV(t *testing.T) {
	tests := []struct {
		name string
		body []byte
		want error
		text string
	}{
		{"api key page", fixture(t, "stooq-apikey.html"), fetch.ErrNotCSV, `HTML page (titled "Stooq - API key required")`},
		{"browser check", fixture(t, "stooq-pow.html"), fetch.ErrNotCSV, "a browser check"},
		{"empty", nil, fetch.ErrNotCSV, "empty body"},
		{"hits limit", []byte("Exceeded the daily hits limit"), fetch.ErrRateLimited, "daily hits limit"},
		{"unknown ticker", []byte("No data"), fetch.ErrNotFound, "No data"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) { w.Write(tt.body) }))
			defer srv.Close()
			dir := t.TempDir()
			_, _, err := client(srv.URL, nil).ToDir(context.Background(), fetch.Stooq, dir, "IWM")
			if !errors.Is(err, tt.want) || !strings.Contains(err.Error(), tt.text) {
				t.Errorf("err = %v, want %v saying %q", err, tt.want, tt.text)
			}
			if ents, _ := os.ReadDir(dir); len(ents) != 0 {
				t.Errorf("wrote %d files", len(ents))
			}
		})
	}
}

func TestTiingo(t *testing.T) {
	_, srv := provider(t)
	c := client(srv.URL, nil)
	dir := t.TempDir()
	_, _, err := c.ToDir(context.Background(), fetch.Tiingo, dir, "IWM")
	if !errors.Is(err, fetch.ErrNoKey) || !strings.Contains(err.Error(), "TIINGO_API_KEY") || !strings.Contains(err.Error(), "tiingo.com") {
		t.Errorf("no token: %v", err)
	}
	c.TiingoKey = "wrong"
	_, _, err = c.ToDir(context.Background(), fetch.Tiingo, dir, "IWM")
	if !errors.Is(err, fetch.ErrRefused) || !strings.Contains(err.Error(), "Invalid token.") {
		t.Errorf("bad token: %v", err)
	}
	if strings.Contains(err.Error(), "wrong") {
		t.Errorf("the token leaked into the error: %v", err)
	}
	c.TiingoKey = "tk"
	path, n, err := c.ToDir(context.Background(), fetch.Tiingo, dir, "IWM")
	if err != nil || n != 120 {
		t.Fatalf("%d rows, %v", n, err)
	}
	s, err := marketdata.ReadFile(path)
	if err != nil || s.Format != marketdata.FormatTiingo || s.Raw[0] != 101 || s.Adjusted[0] != 100 {
		t.Errorf("tiingo file keeps both closes: %+v %v", s, err)
	}
}

// A recorded Tiingo answer parses as written.
func TestTiingoRecorded(t *testing.T) {
	var auth string
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		auth = r.Header.Get("Authorization")
		if r.URL.Path != "/tiingo/daily/iwm/prices" || r.URL.Query().Get("format") != "csv" {
			w.WriteHeader(http.StatusNotFound)
			w.Write(fixture(t, "tiingo-notfound.json"))
			return
		}
		w.Write(fixture(t, "tiingo-iwm.csv"))
	}))
	defer srv.Close()
	c := client(srv.URL, nil)
	c.TiingoKey = "secret"
	_, n, err := c.ToDir(context.Background(), fetch.Tiingo, t.TempDir(), "IWM")
	if err != nil || n != 3 || auth != "Token secret" {
		t.Errorf("%d rows, %v, Authorization %q", n, err, auth)
	}
	_, _, err = c.ToDir(context.Background(), fetch.Tiingo, t.TempDir(), "ZZZZ")
	if !errors.Is(err, fetch.ErrNotFound) || !strings.Contains(err.Error(), "Ticker 'ZZZZ' not found") {
		t.Errorf("unknown ticker: %v", err)
	}
}

func TestUnknownTicker(t *testing.T) {
	_, srv := provider(t)
	c := client(srv.URL, nil)
	c.StooqKey, c.TiingoKey = "sk", "tk"
	for _, src := range []fetch.Source{fetch.Yahoo, fetch.Stooq, fetch.Tiingo} {
		dir := t.TempDir()
		_, _, err := c.ToDir(context.Background(), src, dir, "ZZZZ")
		if !errors.Is(err, fetch.ErrNotFound) || !strings.Contains(err.Error(), "ZZZZ from "+src.String()) {
			t.Errorf("%v: err = %v", src, err)
		}
		if ents, _ := os.ReadDir(dir); len(ents) != 0 {
			t.Errorf("%v: wrote %d files", src, len(ents))
		}
	}
}

// A body cut short is retried; cut short every time, it is an error and
// nothing is written.
func TestCutShort(t *testing.T) {
	fp, srv := provider(t)
	c := client(srv.URL, nil)
	c.StooqKey = "sk"
	fp.CutShort = 1
	if _, n, err := c.ToDir(context.Background(), fetch.Stooq, t.TempDir(), "IWM"); err != nil || n != 120 {
		t.Errorf("after one cut: %d rows, %v", n, err)
	}
	fp.CutShort = 10
	dir := t.TempDir()
	_, _, err := c.ToDir(context.Background(), fetch.Stooq, dir, "IWM")
	if err == nil || !strings.Contains(err.Error(), "cut short") {
		t.Errorf("err = %v", err)
	}
	if ents, _ := os.ReadDir(dir); len(ents) != 0 {
		t.Errorf("wrote %d files", len(ents))
	}
}

// A failed fetch leaves an existing file as it was.
func TestFailureKeepsFile(t *testing.T) {
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Write([]byte("Date,Open,High,Low,Close,Volume\n2024-07-10,1,1,1,-5,10\n"))
	}))
	defer srv.Close()
	dir := t.TempDir()
	old := []byte("Date,Open,High,Low,Close,Volume\n2024-01-02,1,1,1,1,1\n")
	os.WriteFile(filepath.Join(dir, "IWM.csv"), old, 0o644)
	_, _, err := client(srv.URL, nil).ToDir(context.Background(), fetch.Stooq, dir, "IWM")
	if !errors.Is(err, fetch.ErrBadData) || !strings.Contains(err.Error(), "price not positive") {
		t.Errorf("err = %v", err)
	}
	if now, _ := os.ReadFile(filepath.Join(dir, "IWM.csv")); string(now) != string(old) {
		t.Errorf("a failed fetch changed the file:\n%s", now)
	}
	if ents, _ := os.ReadDir(dir); len(ents) != 1 {
		t.Errorf("%d files, want 1", len(ents))
	}
}

func TestOffline(t *testing.T) {
	srv := httptest.NewServer(http.NotFoundHandler())
	c := client(srv.URL, nil)
	srv.Close() // nothing listens there any more
	_, _, err := c.ToDir(context.Background(), fetch.Yahoo, t.TempDir(), "IWM")
	if !errors.Is(err, fetch.ErrOffline) || !strings.Contains(err.Error(), "4 tries") {
		t.Errorf("err = %v, want ErrOffline after 4 tries", err)
	}
	c.Retries = 0
	_, _, err = c.ToDir(context.Background(), fetch.Yahoo, t.TempDir(), "IWM")
	if !errors.Is(err, fetch.ErrOffline) || !strings.Contains(err.Error(), "in 1 try:") {
		t.Errorf("err = %v, want ErrOffline after 1 try", err)
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
	c := client(srv.URL, nil)
	c.Timeout, c.Retries = 50*time.Millisecond, 1
	_, _, err := c.ToDir(context.Background(), fetch.Stooq, t.TempDir(), "IWM")
	if !errors.Is(err, fetch.ErrOffline) || !strings.Contains(err.Error(), "deadline") || !strings.Contains(err.Error(), "no answer within 50ms") {
		t.Errorf("err = %v, want a timeout reported as no answer within 50ms", err)
	}
}

func TestCancel(t *testing.T) {
	var calls atomic.Int32
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		calls.Add(1)
		http.Error(w, "busy", http.StatusServiceUnavailable)
	}))
	defer srv.Close()
	ctx, cancel := context.WithCancel(context.Background())
	c := client(srv.URL, nil)
	c.Sleep = func(ctx context.Context, d time.Duration) error { cancel(); return ctx.Err() }
	_, _, err := c.ToDir(ctx, fetch.Stooq, t.TempDir(), "IWM")
	if !errors.Is(err, context.Canceled) || calls.Load() != 1 {
		t.Errorf("err = %v after %d calls, want context.Canceled after 1", err, calls.Load())
	}
}

func TestParseSource(t *testing.T) {
	for in, want := range map[string]fetch.Source{"Stooq": fetch.Stooq, "yahoo": fetch.Yahoo, " tiingo ": fetch.Tiingo} {
		if s, err := fetch.ParseSource(in); err != nil || s != want {
			t.Errorf("ParseSource(%q) = %v, %v", in, s, err)
		}
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
