package fetch

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"math"
	"net"
	"net/http"
	"net/url"
	"os"
	"strconv"
	"strings"
	"time"

	"github.com/rotationlab/rotation/analysis/marketdata"
	"github.com/rotationlab/rotation/internal/atomicfile"
)

// Source is a price provider.
type Source int

const (
	// Yahoo is Yahoo Finance's chart API.
	Yahoo Source = iota + 1
	// Stooq is stooq.com's CSV download.
	Stooq
)

// String names the source.
func (s Source) String() string {
	switch s {
	case Yahoo:
		return "yahoo"
	case Stooq:
		return "stooq"
	}
	return fmt.Sprintf("Source(%d)", int(s))
}

// ParseSource parses "yahoo" or "stooq".
func ParseSource(s string) (Source, error) {
	switch strings.ToLower(strings.TrimSpace(s)) {
	case "yahoo":
		return Yahoo, nil
	case "stooq":
		return Stooq, nil
	}
	return 0, fmt.Errorf("fetch: unknown source %q (want yahoo or stooq)", s)
}

// Default endpoints.
const (
	YahooBase = "https://query1.finance.yahoo.com"
	StooqBase = "https://stooq.com"
)

// Errors callers may test for with errors.Is.
var (
	ErrOffline  = errors.New("fetch: cannot reach the provider (offline?)")
	ErrNotFound = errors.New("fetch: unknown ticker")
	ErrGaveUp   = errors.New("fetch: giving up after retries")
	ErrBadData  = errors.New("fetch: provider sent data that does not parse")
)

// Client downloads price histories.
type Client struct {
	HTTP *http.Client
	// YahooBase and StooqBase override the endpoints (tests point them at
	// httptest servers).
	YahooBase, StooqBase string
	// Timeout limits each request.
	Timeout time.Duration
	// Retries is how many times a failed request is tried again.
	Retries int
	// Backoff is the first wait between tries; it doubles each time, up to
	// MaxBackoff.
	Backoff, MaxBackoff time.Duration
	UserAgent           string
	// Now gives the end of the requested history.
	Now func() time.Time
	// Sleep waits between tries; it returns early when ctx is done.
	Sleep func(ctx context.Context, d time.Duration) error
}

// NewClient returns a client with production settings: 30 s per request,
// 4 retries starting at 1 s.
func NewClient() *Client {
	return &Client{
		HTTP:      &http.Client{},
		YahooBase: YahooBase, StooqBase: StooqBase,
		Timeout: 30 * time.Second, Retries: 4, Backoff: time.Second, MaxBackoff: 30 * time.Second,
		UserAgent: "Mozilla/5.0 (compatible; rotation/1.0)",
		Now:       time.Now,
		Sleep:     sleepCtx,
	}
}

func sleepCtx(ctx context.Context, d time.Duration) error {
	t := time.NewTimer(d)
	defer t.Stop()
	select {
	case <-t.C:
		return nil
	case <-ctx.Done():
		return ctx.Err()
	}
}

// ToDir fetches a ticker and writes dir/TICKER.csv atomically. It returns the
// path and the number of price rows written.
func (c *Client) ToDir(ctx context.Context, src Source, dir string, t marketdata.Ticker) (string, int, error) {
	data, err := c.Fetch(ctx, src, t)
	if err != nil {
		return "", 0, err
	}
	path := marketdata.Path(dir, t)
	s, err := marketdata.Parse(data, path, t)
	if err != nil {
		return "", 0, fmt.Errorf("%w: %w", ErrBadData, err)
	}
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return "", 0, fmt.Errorf("fetch: %w", err)
	}
	if err := atomicfile.WriteFile(path, data, 0o644); err != nil {
		return "", 0, err
	}
	return path, s.Len(), nil
}

// Fetch downloads a ticker's full daily history as CSV bytes.
func (c *Client) Fetch(ctx context.Context, src Source, t marketdata.Ticker) ([]byte, error) {
	switch src {
	case Yahoo:
		u := fmt.Sprintf("%s/v8/finance/chart/%s?period1=0&period2=%d&interval=1d&events=div%%2Csplit&includeAdjustedClose=true",
			strings.TrimRight(c.YahooBase, "/"), url.PathEscape(string(t)), c.now().Unix())
		body, err := c.get(ctx, u)
		if err != nil {
			return nil, fmt.Errorf("%s from yahoo: %w", t, err)
		}
		out, err := YahooChartToCSV(body)
		if err != nil {
			return nil, fmt.Errorf("%s from yahoo: %w", t, err)
		}
		return out, nil
	case Stooq:
		sym := strings.ToLower(string(t))
		if !strings.Contains(sym, ".") && !strings.HasPrefix(sym, "^") {
			sym += ".us"
		}
		u := fmt.Sprintf("%s/q/d/l/?s=%s&i=d", strings.TrimRight(c.StooqBase, "/"), url.QueryEscape(sym))
		body, err := c.get(ctx, u)
		if err != nil {
			return nil, fmt.Errorf("%s from stooq: %w", t, err)
		}
		trimmed := bytes.TrimSpace(body)
		if len(trimmed) == 0 || bytes.EqualFold(trimmed, []byte("No data")) {
			return nil, fmt.Errorf("%s from stooq: %w (stooq answered %q)", t, ErrNotFound, truncate(string(trimmed), 60))
		}
		return body, nil
	}
	return nil, fmt.Errorf("fetch: unknown source %v", src)
}

func (c *Client) now() time.Time {
	if c.Now != nil {
		return c.Now()
	}
	return time.Now()
}

// get fetches a URL with retries and back-off.
func (c *Client) get(ctx context.Context, u string) ([]byte, error) {
	host := u
	if pu, err := url.Parse(u); err == nil {
		host = pu.Host
	}
	wait := c.Backoff
	var last error
	allNet := true
	for try := 0; try <= c.Retries; try++ {
		if try > 0 {
			sleep := c.Sleep
			if sleep == nil {
				sleep = sleepCtx
			}
			if err := sleep(ctx, wait); err != nil {
				return nil, err
			}
			wait *= 2
			if c.MaxBackoff > 0 && wait > c.MaxBackoff {
				wait = c.MaxBackoff
			}
		}
		body, retryAfter, err := c.once(ctx, u)
		if err == nil {
			return body, nil
		}
		last = err
		var se *statusError
		if errors.As(err, &se) {
			allNet = false
			if !se.retry {
				return nil, err
			}
			if retryAfter > wait {
				wait = retryAfter
			}
			continue
		}
		if ctx.Err() != nil {
			return nil, ctx.Err()
		}
		var ne net.Error
		if !errors.As(err, &ne) && !isDialError(err) {
			allNet = false
		}
	}
	if allNet {
		return nil, fmt.Errorf("%w: %s did not answer in %d tries: %v", ErrOffline, host, c.Retries+1, last)
	}
	return nil, fmt.Errorf("%w (%d tries): %v", ErrGaveUp, c.Retries+1, last)
}

func isDialError(err error) bool {
	var oe *net.OpError
	var de *net.DNSError
	return errors.As(err, &oe) || errors.As(err, &de)
}

type statusError struct {
	code  int
	body  string
	retry bool
}

func (e *statusError) Error() string {
	msg := fmt.Sprintf("HTTP %d %s", e.code, http.StatusText(e.code))
	if e.body != "" {
		msg += ": " + e.body
	}
	if e.code == http.StatusNotFound {
		msg = ErrNotFound.Error() + " (" + msg + ")"
	}
	return msg
}

func (e *statusError) Is(target error) bool {
	return target == ErrNotFound && e.code == http.StatusNotFound
}

func (c *Client) once(ctx context.Context, u string) ([]byte, time.Duration, error) {
	if c.Timeout > 0 {
		var cancel context.CancelFunc
		ctx, cancel = context.WithTimeout(ctx, c.Timeout)
		defer cancel()
	}
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, u, nil)
	if err != nil {
		return nil, 0, fmt.Errorf("fetch: %w", err)
	}
	if c.UserAgent != "" {
		req.Header.Set("User-Agent", c.UserAgent)
	}
	hc := c.HTTP
	if hc == nil {
		hc = http.DefaultClient
	}
	resp, err := hc.Do(req)
	if err != nil {
		return nil, 0, err
	}
	defer resp.Body.Close()
	body, err := io.ReadAll(io.LimitReader(resp.Body, 64<<20))
	if err != nil {
		return nil, 0, err
	}
	if resp.StatusCode == http.StatusOK {
		return body, 0, nil
	}
	var ra time.Duration
	if s, err := strconv.Atoi(resp.Header.Get("Retry-After")); err == nil && s > 0 {
		ra = time.Duration(s) * time.Second
	}
	retry := resp.StatusCode == http.StatusTooManyRequests || resp.StatusCode >= 500
	return nil, ra, &statusError{code: resp.StatusCode, body: truncate(strings.TrimSpace(string(body)), 200), retry: retry}
}

// chart is the part of Yahoo's chart API answer that is used.
type chart struct {
	Chart struct {
		Result []struct {
			Meta struct {
				Symbol    string `json:"symbol"`
				GMTOffset int    `json:"gmtoffset"`
			} `json:"meta"`
			Timestamp  []int64 `json:"timestamp"`
			Indicators struct {
				Quote []struct {
					Open   []*float64 `json:"open"`
					High   []*float64 `json:"high"`
					Low    []*float64 `json:"low"`
					Close  []*float64 `json:"close"`
					Volume []*float64 `json:"volume"`
				} `json:"quote"`
				AdjClose []struct {
					AdjClose []*float64 `json:"adjclose"`
				} `json:"adjclose"`
			} `json:"indicators"`
		} `json:"result"`
		Error *struct {
			Code        string `json:"code"`
			Description string `json:"description"`
		} `json:"error"`
	} `json:"chart"`
}

// YahooChartToCSV converts a chart API answer to Yahoo's CSV download
// layout. Missing values become "null", as in Yahoo's own CSV files.
func YahooChartToCSV(body []byte) ([]byte, error) {
	var ch chart
	if err := json.Unmarshal(body, &ch); err != nil {
		return nil, fmt.Errorf("%w: chart JSON: %w", ErrBadData, err)
	}
	if e := ch.Chart.Error; e != nil {
		if strings.EqualFold(e.Code, "Not Found") {
			return nil, fmt.Errorf("%w: %s", ErrNotFound, e.Description)
		}
		return nil, fmt.Errorf("%w: yahoo error %s: %s", ErrBadData, e.Code, e.Description)
	}
	if len(ch.Chart.Result) == 0 {
		return nil, fmt.Errorf("%w: chart has no result", ErrBadData)
	}
	r := ch.Chart.Result[0]
	if len(r.Indicators.Quote) == 0 || len(r.Timestamp) == 0 {
		return nil, fmt.Errorf("%w: chart has no prices", ErrNotFound)
	}
	q := r.Indicators.Quote[0]
	var adj []*float64
	if len(r.Indicators.AdjClose) > 0 {
		adj = r.Indicators.AdjClose[0].AdjClose
	}
	n := len(r.Timestamp)
	for name, col := range map[string][]*float64{"open": q.Open, "high": q.High, "low": q.Low, "close": q.Close, "volume": q.Volume, "adjclose": adj} {
		if len(col) != n {
			return nil, fmt.Errorf("%w: %d timestamps but %d %s values", ErrBadData, n, len(col), name)
		}
	}
	loc := time.FixedZone("exchange", r.Meta.GMTOffset)
	var b bytes.Buffer
	b.WriteString("Date,Open,High,Low,Close,Adj Close,Volume\n")
	prev := ""
	for i, ts := range r.Timestamp {
		d := marketdata.FormatDate(time.Unix(ts, 0).In(loc))
		if d == prev {
			// Yahoo sometimes repeats the current day as a live bar; keep the first.
			continue
		}
		prev = d
		b.WriteString(d)
		for _, v := range []*float64{q.Open[i], q.High[i], q.Low[i], q.Close[i], adj[i]} {
			b.WriteByte(',')
			writeNum(&b, v, 'g')
		}
		b.WriteByte(',')
		writeNum(&b, q.Volume[i], 'f')
		b.WriteByte('\n')
	}
	return b.Bytes(), nil
}

func writeNum(b *bytes.Buffer, v *float64, f byte) {
	if v == nil || math.IsNaN(*v) || math.IsInf(*v, 0) {
		b.WriteString("null")
		return
	}
	prec := -1
	if f == 'f' {
		prec = 0
	}
	b.WriteString(strconv.FormatFloat(*v, f, prec, 64))
}

func truncate(s string, n int) string {
	if len(s) <= n {
		return s
	}
	return s[:n] + "…"
}
