package fetch

import (
	"context"
	"errors"
	"fmt"
	"io"
	"net"
	"net/http"
	"net/http/cookiejar"
	"net/url"
	"strconv"
	"strings"
	"sync"
	"time"

	"github.com/rotationlab/rotation/analysis/marketdata"
)

// Source is a price provider.
type Source int

const (
	// Yahoo is Yahoo Finance's chart API.
	Yahoo Source = iota + 1
	// Stooq is stooq.com's CSV download.
	Stooq
	// Tiingo is Tiingo's end-of-day API (CSV).
	Tiingo
)

// String names the source.
func (s Source) String() string {
	switch s {
	case Yahoo:
		return "yahoo"
	case Stooq:
		return "stooq"
	case Tiingo:
		return "tiingo"
	}
	return fmt.Sprintf("Source(%d)", int(s))
}

// Format is the layout a source's files are written in.
func (s Source) Format() marketdata.Format {
	switch s {
	case Yahoo:
		return marketdata.FormatYahoo
	case Stooq:
		return marketdata.FormatStooq
	case Tiingo:
		return marketdata.FormatTiingo
	}
	return 0
}

// ParseSource parses "yahoo", "stooq" or "tiingo".
func ParseSource(s string) (Source, error) {
	switch strings.ToLower(strings.TrimSpace(s)) {
	case "yahoo":
		return Yahoo, nil
	case "stooq":
		return Stooq, nil
	case "tiingo":
		return Tiingo, nil
	}
	return 0, fmt.Errorf("fetch: unknown source %q (want yahoo, stooq or tiingo)", s)
}

// Production endpoints. Yahoo has two hosts: a page that sets the session
// cookie, and the API.
const (
	YahooCookieURL = "https://fc.yahoo.com"
	YahooAPIURL    = "https://query1.finance.yahoo.com"
	StooqURL       = "https://stooq.com"
	TiingoURL      = "https://api.tiingo.com"
)

// Environment variables that change a Client (see Configure).
const (
	EnvYahooURL  = "ROTATION_YAHOO_URL"
	EnvStooqURL  = "ROTATION_STOOQ_URL"
	EnvTiingoURL = "ROTATION_TIINGO_URL"
	EnvStooqKey  = "STOOQ_API_KEY"
	EnvTiingoKey = "TIINGO_API_KEY"
)

// BrowserUserAgent is sent with every request: Yahoo refuses or throttles
// clients that do not look like a browser.
const BrowserUserAgent = "Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/142.0.0.0 Safari/537.36"

// Errors callers may test for with errors.Is.
var (
	ErrOffline     = errors.New("fetch: cannot reach the provider (offline?)")
	ErrNotFound    = errors.New("fetch: unknown ticker")
	ErrGaveUp      = errors.New("fetch: giving up after retries")
	ErrBadData     = errors.New("fetch: provider sent data that does not parse")
	ErrRefused     = errors.New("fetch: the provider refused the request")
	ErrRateLimited = errors.New("fetch: the provider is limiting requests")
	ErrNotCSV      = errors.New("fetch: the provider did not answer with CSV")
	ErrNoKey       = errors.New("fetch: an API key is needed")
)

// Client downloads price histories.
type Client struct {
	// HTTP sends the requests; it needs a cookie jar for Yahoo (NewClient
	// gives it one).
	HTTP *http.Client
	// YahooURL, when set, stands in for both of Yahoo's hosts (the cookie
	// page and the API), for mirrors, proxies and tests. StooqURL and
	// TiingoURL replace those providers' addresses.
	YahooURL, StooqURL, TiingoURL string
	// StooqKey and TiingoKey are the providers' API keys.
	StooqKey, TiingoKey string
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

	mu    sync.Mutex
	crumb string // Yahoo's crumb, kept for the run
}

// NewClient returns a client with production settings: 30 s per request,
// 4 retries starting at 1 s, a cookie jar, a browser's User-Agent.
func NewClient() *Client {
	jar, _ := cookiejar.New(nil) // never fails without options
	return &Client{
		HTTP:    &http.Client{Jar: jar},
		Timeout: 30 * time.Second, Retries: 4, Backoff: time.Second, MaxBackoff: 30 * time.Second,
		UserAgent: BrowserUserAgent,
		Now:       time.Now,
		Sleep:     sleepCtx,
	}
}

// Configure takes the addresses and keys from the environment: EnvYahooURL,
// EnvStooqURL, EnvTiingoURL, EnvStooqKey, EnvTiingoKey. Unset variables
// leave the client as it is.
func (c *Client) Configure(getenv func(string) string) {
	for _, v := range []struct {
		name string
		dst  *string
	}{{EnvYahooURL, &c.YahooURL}, {EnvStooqURL, &c.StooqURL}, {EnvTiingoURL, &c.TiingoURL},
		{EnvStooqKey, &c.StooqKey}, {EnvTiingoKey, &c.TiingoKey}} {
		if s := strings.TrimSpace(getenv(v.name)); s != "" {
			*v.dst = s
		}
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

// Fetch downloads a ticker's daily history as CSV bytes in the source's
// layout: all of it when from is zero, else the days from from on.
func (c *Client) Fetch(ctx context.Context, src Source, t marketdata.Ticker, from time.Time) ([]byte, error) {
	var body []byte
	var err error
	switch src {
	case Yahoo:
		body, err = c.yahoo(ctx, t, from)
	case Stooq:
		body, err = c.stooq(ctx, t, from)
	case Tiingo:
		body, err = c.tiingo(ctx, t, from)
	default:
		return nil, fmt.Errorf("fetch: unknown source %v", src)
	}
	if err != nil {
		return nil, fmt.Errorf("%s from %s: %w", t, src, err)
	}
	return body, nil
}

func (c *Client) now() time.Time {
	if c.Now != nil {
		return c.Now()
	}
	return time.Now()
}

func orDefault(s, def string) string {
	if s == "" {
		return def
	}
	return strings.TrimRight(s, "/")
}

// get fetches a URL with retries and back-off: network errors, 429 and
// 5xx answers are tried again, waiting at least what Retry-After asks.
func (c *Client) get(ctx context.Context, u string, header http.Header) ([]byte, error) {
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
		body, retryAfter, err := c.once(ctx, u, header)
		if err == nil {
			return body, nil
		}
		last = err
		var se *StatusError
		if errors.As(err, &se) {
			allNet = false
			if !se.retry() {
				return nil, err
			}
			wait = max(wait, retryAfter)
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
	tries := plural(c.Retries+1, "try", "tries")
	if allNet {
		return nil, fmt.Errorf("%w: %s did not answer in %d %s: %w", ErrOffline, host, c.Retries+1, tries, last)
	}
	return nil, fmt.Errorf("%w (%d %s): %w", ErrGaveUp, c.Retries+1, tries, last)
}

// Round rounds a duration for people: to the microsecond below 1 ms, the
// millisecond below 1 s, a tenth of a second below a minute, else the
// second ("3.7s", "250ms", "1m2s", not "3.71481904s").
func Round(d time.Duration) time.Duration {
	a := d.Abs()
	switch {
	case a < time.Millisecond:
		return d.Round(time.Microsecond)
	case a < time.Second:
		return d.Round(time.Millisecond)
	case a < time.Minute:
		return d.Round(100 * time.Millisecond)
	}
	return d.Round(time.Second)
}

func isDialError(err error) bool {
	var oe *net.OpError
	var de *net.DNSError
	return errors.As(err, &oe) || errors.As(err, &de)
}

// timedOut says so when err comes from the request's own timeout (not
// from the caller's context).
func (c *Client) timedOut(parent context.Context, err error) error {
	if c.Timeout > 0 && parent.Err() == nil && errors.Is(err, context.DeadlineExceeded) {
		return fmt.Errorf("no answer within %v: %w", Round(c.Timeout), err)
	}
	return err
}

// StatusError is an HTTP answer other than 200, with what the provider
// said.
type StatusError struct {
	Code int
	// Said is the provider's own words: its error message when the body
	// carries one, else the start of the body.
	Said string
}

func (e *StatusError) Error() string {
	msg := fmt.Sprintf("answered HTTP %d %s", e.Code, http.StatusText(e.Code))
	if e.Said != "" {
		msg += ": " + e.Said
	}
	return msg
}

func (e *StatusError) retry() bool {
	return e.Code == http.StatusTooManyRequests || e.Code >= 500
}

// Is makes the status codes match the package's errors: 404 ErrNotFound,
// 401 and 403 ErrRefused, 429 ErrRateLimited.
func (e *StatusError) Is(target error) bool {
	switch target {
	case ErrNotFound:
		return e.Code == http.StatusNotFound
	case ErrRefused:
		return e.Code == http.StatusUnauthorized || e.Code == http.StatusForbidden
	case ErrRateLimited:
		return e.Code == http.StatusTooManyRequests
	}
	return false
}

func (c *Client) once(ctx context.Context, u string, header http.Header) ([]byte, time.Duration, error) {
	parent := ctx
	if c.Timeout > 0 {
		var cancel context.CancelFunc
		ctx, cancel = context.WithTimeout(ctx, c.Timeout)
		defer cancel()
	}
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, u, nil)
	if err != nil {
		return nil, 0, fmt.Errorf("fetch: %w", err)
	}
	for k, v := range header {
		req.Header[k] = v
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
		return nil, 0, c.timedOut(parent, err)
	}
	defer resp.Body.Close()
	body, err := io.ReadAll(io.LimitReader(resp.Body, 64<<20))
	if err != nil {
		return nil, 0, fmt.Errorf("the answer was cut short: %w", c.timedOut(parent, err))
	}
	if resp.StatusCode == http.StatusOK {
		return body, 0, nil
	}
	var ra time.Duration
	if s, err := strconv.Atoi(strings.TrimSpace(resp.Header.Get("Retry-After"))); err == nil && s > 0 {
		ra = time.Duration(s) * time.Second
	}
	return nil, ra, &StatusError{Code: resp.StatusCode, Said: providerSaid(body)}
}

// providerSaid extracts a provider's error message from an answer's body:
// Yahoo's {"finance"|"chart": {"error": {"description"}}}, Tiingo's
// {"detail"}, else the body's start.
func providerSaid(body []byte) string {
	if msg := jsonErrorMessage(body); msg != "" {
		return msg
	}
	return truncate(strings.Join(strings.Fields(string(body)), " "), 200)
}

func truncate(s string, n int) string {
	if len(s) <= n {
		return s
	}
	return s[:n] + "…"
}
