package fetch

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"net/http"
	"net/url"
	"strings"
	"time"

	"github.com/rotationlab/rotation/analysis/marketdata"
)

// TiingoKeyPage is where a Tiingo account's API token is shown.
const TiingoKeyPage = "https://www.tiingo.com/account/api/token"

// tiingoStart is the first day asked of Tiingo for a whole history.
var tiingoStart = time.Date(1990, 1, 1, 0, 0, 0, 0, time.UTC)

// Tiingo serves raw and adjusted prices, dividends and splits as CSV
// (format=csv) for a token sent in the Authorization header, which keeps
// it out of logs and error messages.
func (c *Client) tiingo(ctx context.Context, t marketdata.Ticker, from time.Time) ([]byte, error) {
	if c.TiingoKey == "" {
		return nil, fmt.Errorf("%w: tiingo needs an API token: set $%s (a free account at https://www.tiingo.com has one, shown at %s)",
			ErrNoKey, EnvTiingoKey, TiingoKeyPage)
	}
	if from.IsZero() {
		from = tiingoStart
	}
	q := url.Values{"startDate": {from.Format("2006-01-02")}, "endDate": {c.now().Format("2006-01-02")},
		"format": {"csv"}, "resampleFreq": {"daily"}}
	u := fmt.Sprintf("%s/tiingo/daily/%s/prices?%s", orDefault(c.TiingoURL, TiingoURL), url.PathEscape(strings.ToLower(string(t))), q.Encode())
	body, err := c.get(ctx, u, http.Header{"Authorization": {"Token " + c.TiingoKey}, "Accept": {"text/csv"}})
	if err != nil {
		var se *StatusError
		switch {
		case errors.As(err, &se) && (se.Code == http.StatusUnauthorized || se.Code == http.StatusForbidden):
			return nil, fmt.Errorf("tiingo refused the token in $%s: %w", EnvTiingoKey, err)
		case errors.Is(err, ErrNotFound):
			return nil, fmt.Errorf("tiingo knows no such ticker: %w", err)
		}
		return nil, fmt.Errorf("tiingo %w", err)
	}
	trimmed := bytes.TrimSpace(body)
	switch {
	case len(trimmed) == 0:
		return nil, fmt.Errorf("%w: tiingo answered with an empty body", ErrNotCSV)
	case trimmed[0] == '{' || trimmed[0] == '[':
		// An error as JSON with status 200.
		msg := jsonErrorMessage(trimmed)
		if msg == "" {
			msg = truncate(string(trimmed), 120)
		}
		if strings.Contains(strings.ToLower(msg), "not found") {
			return nil, fmt.Errorf("%w: tiingo answered %q", ErrNotFound, msg)
		}
		return nil, fmt.Errorf("%w: tiingo answered %q", ErrNotCSV, msg)
	case bytes.Contains(bytes.ToLower(trimmed[:min(len(trimmed), 512)]), []byte("<html")):
		return nil, fmt.Errorf("%w: tiingo answered with an HTML page", ErrNotCSV)
	}
	return body, nil
}
