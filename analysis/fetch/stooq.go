package fetch

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"net/url"
	"regexp"
	"strings"
	"time"

	"github.com/rotationlab/rotation/analysis/marketdata"
)

// StooqKeyPage is where Stooq hands out API keys (behind a CAPTCHA).
const StooqKeyPage = "https://stooq.com/q/d/?s=spy.us&get_apikey"

// Since March 2026 Stooq's CSV address wants an apikey parameter; without
// one, and since July 2026 for clients that are not browsers, it answers
// with an HTML page and status 200. Anything that is not CSV is an error
// that says what came back.

func (c *Client) stooq(ctx context.Context, t marketdata.Ticker, from time.Time) ([]byte, error) {
	sym := strings.ToLower(string(t))
	if !strings.Contains(sym, ".") && !strings.HasPrefix(sym, "^") {
		sym += ".us"
	}
	return c.stooqSymbol(ctx, sym, from)
}

// stooqSymbol downloads Stooq's CSV for one of its own symbols (spy.us,
// ^ndx).
func (c *Client) stooqSymbol(ctx context.Context, sym string, from time.Time) ([]byte, error) {
	q := url.Values{"s": {sym}, "i": {"d"}}
	if !from.IsZero() {
		q.Set("d1", from.Format("20060102"))
		q.Set("d2", c.now().Format("20060102"))
	}
	if c.StooqKey != "" {
		q.Set("apikey", c.StooqKey)
	}
	body, err := c.get(ctx, orDefault(c.StooqURL, StooqURL)+"/q/d/l/?"+q.Encode(), nil)
	if err != nil {
		if errors.Is(err, ErrNotFound) {
			return nil, fmt.Errorf("stooq knows no such ticker: %w", err)
		}
		return nil, fmt.Errorf("stooq %w", err)
	}
	return c.checkStooq(body)
}

var htmlTitle = regexp.MustCompile(`(?is)<title[^>]*>(.*?)</title>`)

// checkStooq returns body when it is CSV, else an error saying what Stooq
// answered instead.
func (c *Client) checkStooq(body []byte) ([]byte, error) {
	trimmed := bytes.TrimSpace(body)
	lower := bytes.ToLower(trimmed[:min(len(trimmed), 1024)])
	keyHint := ""
	if c.StooqKey == "" {
		keyHint = fmt.Sprintf("; pass -apikey or set $%s (get a key at %s)", EnvStooqKey, StooqKeyPage)
	}
	switch {
	case len(trimmed) == 0:
		return nil, fmt.Errorf("%w: stooq answered with an empty body%s", ErrNotCSV, keyHint)
	case bytes.EqualFold(trimmed, []byte("No data")):
		return nil, fmt.Errorf("%w: stooq answered %q", ErrNotFound, "No data")
	case bytes.Contains(lower, []byte("exceeded the daily hits limit")):
		return nil, fmt.Errorf("%w: stooq answered that this key exceeded the daily hits limit; try again tomorrow", ErrRateLimited)
	case bytes.HasPrefix(lower, []byte("<!doctype")) || bytes.HasPrefix(lower, []byte("<html")) || bytes.Contains(lower, []byte("<html")):
		title := ""
		if m := htmlTitle.FindSubmatch(trimmed); m != nil {
			title = fmt.Sprintf(" (titled %q)", truncate(strings.Join(strings.Fields(string(m[1])), " "), 80))
		}
		return nil, fmt.Errorf("%w: stooq answered with an HTML page%s, not CSV: it asks for an API key or a browser check%s", ErrNotCSV, title, keyHint)
	case !bytes.HasPrefix(lower, []byte("date,")):
		return nil, fmt.Errorf("%w: stooq answered %q%s", ErrNotCSV, truncate(string(trimmed), 80), keyHint)
	}
	return body, nil
}
