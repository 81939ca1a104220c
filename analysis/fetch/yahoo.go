package fetch

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"math"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"time"

	"github.com/rotationlab/rotation/analysis/marketdata"
)

// Yahoo's chart API refuses requests without a session: the widely used
// clients first load a Yahoo page to get its cookie, then ask
// /v1/test/getcrumb for a crumb bound to that cookie, and pass crumb= on
// every request. The crumb is kept for the run; a 401 ("Invalid Crumb")
// gets one fresh cookie and crumb and one more try.

// yahooHosts returns the cookie page and the API base.
func (c *Client) yahooHosts() (cookie, api string) {
	if c.YahooURL != "" {
		u := strings.TrimRight(c.YahooURL, "/")
		return u + "/", u
	}
	return YahooCookieURL, YahooAPIURL
}

func (c *Client) yahoo(ctx context.Context, t marketdata.Ticker, from time.Time) ([]byte, error) {
	body, err := c.yahooChart(ctx, t, from)
	if err != nil {
		return nil, err
	}
	return YahooChartToCSV(body)
}

// yahooChart gets the chart API's answer for a symbol (a ticker, or an
// index with its caret, which the path escapes as %5E).
func (c *Client) yahooChart(ctx context.Context, t marketdata.Ticker, from time.Time) ([]byte, error) {
	crumb, err := c.yahooCrumb(ctx, false)
	if err != nil {
		return nil, err
	}
	_, api := c.yahooHosts()
	period1 := int64(0)
	if !from.IsZero() {
		period1 = from.Unix()
	}
	chartURL := func(crumb string) string {
		return fmt.Sprintf("%s/v8/finance/chart/%s?period1=%d&period2=%d&interval=1d&events=div%%2Csplit&includeAdjustedClose=true&crumb=%s",
			api, url.PathEscape(string(t)), period1, c.now().Unix(), url.QueryEscape(crumb))
	}
	body, err := c.get(ctx, chartURL(crumb), nil)
	var se *StatusError
	if errors.As(err, &se) && se.Code == http.StatusUnauthorized {
		// The crumb no longer matches the session: renew both, once.
		if crumb, err = c.yahooCrumb(ctx, true); err != nil {
			return nil, err
		}
		body, err = c.get(ctx, chartURL(crumb), nil)
	}
	if err != nil {
		return nil, yahooError(err)
	}
	return body, nil
}

// yahooError says what Yahoo's refusals mean.
func yahooError(err error) error {
	var se *StatusError
	if !errors.As(err, &se) {
		return err
	}
	switch se.Code {
	case http.StatusUnauthorized:
		return fmt.Errorf("yahoo refused the session even with a fresh cookie and crumb: %w", err)
	case http.StatusForbidden:
		return fmt.Errorf("yahoo refused the request (it may block this network or client): %w", err)
	case http.StatusTooManyRequests:
		return fmt.Errorf("yahoo is limiting requests from this address; wait and try again later: %w", err)
	case http.StatusNotFound:
		return fmt.Errorf("yahoo knows no such ticker: %w", err)
	}
	return fmt.Errorf("yahoo %w", err)
}

// yahooCrumb returns the run's crumb, getting a session cookie and a crumb
// first when there is none or renew is set.
func (c *Client) yahooCrumb(ctx context.Context, renew bool) (string, error) {
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.crumb != "" && !renew {
		return c.crumb, nil
	}
	cookieURL, api := c.yahooHosts()
	// The cookie page answers 404 as often as not; only its Set-Cookie
	// matters, so any HTTP answer will do.
	if _, err := c.get(ctx, cookieURL, nil); err != nil {
		var se *StatusError
		if !errors.As(err, &se) {
			return "", fmt.Errorf("getting yahoo's session cookie: %w", err)
		}
	}
	body, err := c.get(ctx, api+"/v1/test/getcrumb", nil)
	if err != nil {
		return "", fmt.Errorf("getting yahoo's crumb: %w", yahooError(err))
	}
	crumb := strings.TrimSpace(string(body))
	switch {
	case strings.Contains(crumb, "Too Many Requests"):
		return "", fmt.Errorf("getting yahoo's crumb: %w: yahoo answered %q; wait and try again later", ErrRateLimited, truncate(crumb, 80))
	case crumb == "" || strings.Contains(strings.ToLower(crumb), "<html") || strings.ContainsAny(crumb, " \n{"):
		return "", fmt.Errorf("getting yahoo's crumb: %w: yahoo answered %q instead of a crumb", ErrRefused, truncate(crumb, 80))
	}
	c.crumb = crumb
	return crumb, nil
}

// jsonErrorMessage reads a provider's JSON error: Yahoo's
// {"chart"|"finance": {"error": {"code", "description"}}} or Tiingo's
// {"detail": "..."}. It returns "" for anything else.
func jsonErrorMessage(body []byte) string {
	var e struct {
		Detail  string          `json:"detail"`
		Chart   *yahooErrorBody `json:"chart"`
		Finance *yahooErrorBody `json:"finance"`
	}
	if json.Unmarshal(body, &e) != nil {
		return ""
	}
	for _, y := range []*yahooErrorBody{e.Chart, e.Finance} {
		if y != nil && y.Error != nil {
			return strings.TrimSpace(y.Error.Code + ": " + y.Error.Description)
		}
	}
	return e.Detail
}

type yahooErrorBody struct {
	Error *struct {
		Code        string `json:"code"`
		Description string `json:"description"`
	} `json:"error"`
}

// chart is the part of Yahoo's chart API answer that is used.
type chart struct {
	Chart struct {
		Result []chartResult `json:"result"`
		Error  *struct {
			Code        string `json:"code"`
			Description string `json:"description"`
		} `json:"error"`
	} `json:"chart"`
}

// chartResult is one symbol's series in a chart answer.
type chartResult struct {
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
}

// parseChart decodes a chart answer and returns its first series, with
// Yahoo's own error as ErrNotFound or ErrBadData; a series without
// timestamps or quotes is ErrNotFound, saying it has no what ("prices",
// "levels").
func parseChart(body []byte, what string) (*chartResult, error) {
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
	r := &ch.Chart.Result[0]
	if len(r.Indicators.Quote) == 0 || len(r.Timestamp) == 0 {
		return nil, fmt.Errorf("%w: chart has no %s", ErrNotFound, what)
	}
	return r, nil
}

// YahooChartToCSV converts a chart API answer to Yahoo's CSV download
// layout. Missing values become "null", as in Yahoo's own CSV files.
func YahooChartToCSV(body []byte) ([]byte, error) {
	r, err := parseChart(body, "prices")
	if err != nil {
		return nil, err
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
