package fetch

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"math"
	"strconv"
	"strings"
	"time"

	"github.com/rotationlab/rotation/analysis/marketdata"
)

// ErrNoIndexData is returned when a provider serves no index histories
// (Tiingo: stocks, ETFs and mutual funds only).
var ErrNoIndexData = errors.New("fetch: the provider has no index data")

// Index histories (^NDX, ^RUT, ^GSPC) are written in the date,close layout
// (marketdata.FormatClose) whatever the provider, one level a day: an
// index has no dividends to adjust for, and its volume and range are not
// what the check needs.
//
//   - Yahoo's chart API serves indices under their caret symbols, as
//     yfinance asks for them (yf.Ticker("^GSPC")): the caret is
//     URL-escaped in the path, /v8/finance/chart/%5ENDX. The close is the
//     level; the adjclose Yahoo sends beside it for an index is the same.
//   - Stooq serves indices under its own caret symbols, in its usual
//     layout (volume 0 or absent): ^ndx and ^rut as Yahoo writes them,
//     and the S&P 500 as ^spx, not ^gspc (see StooqIndexSymbol).
//   - Tiingo has no index data: asking it is ErrNoIndexData, before any
//     request.

// StooqIndexSymbol is the symbol Stooq knows an index by: ^spx for
// Yahoo's ^GSPC and ^dji for ^DJI, else the Yahoo symbol in lower case
// (^ndx, ^rut).
func StooqIndexSymbol(ix marketdata.Index) string {
	switch ix {
	case "^GSPC":
		return "^spx"
	}
	return strings.ToLower(string(ix))
}

// FetchIndex downloads an index's daily levels from src as a date,close
// CSV: all of them when from is zero, else the days from from on.
func (c *Client) FetchIndex(ctx context.Context, src Source, ix marketdata.Index, from time.Time) ([]byte, error) {
	var body []byte
	var err error
	switch src {
	case Yahoo:
		body, err = c.yahooIndex(ctx, ix, from)
	case Stooq:
		body, err = c.stooqIndex(ctx, ix, from)
	case Tiingo:
		err = fmt.Errorf("%w: tiingo serves stocks, ETFs and mutual funds, no indices; fetch %s with -source yahoo (or stooq)", ErrNoIndexData, ix)
	default:
		return nil, fmt.Errorf("fetch: unknown source %v", src)
	}
	if err != nil {
		return nil, fmt.Errorf("%s from %s: %w", ix, src, err)
	}
	return body, nil
}

func (c *Client) yahooIndex(ctx context.Context, ix marketdata.Index, from time.Time) ([]byte, error) {
	body, err := c.yahooChart(ctx, ix.Ticker(), from)
	if err != nil {
		return nil, err
	}
	return YahooChartToCloseCSV(body)
}

func (c *Client) stooqIndex(ctx context.Context, ix marketdata.Index, from time.Time) ([]byte, error) {
	body, err := c.stooqSymbol(ctx, StooqIndexSymbol(ix), from)
	if err != nil {
		return nil, err
	}
	s, err := marketdata.Parse(body, "stooq's answer for "+StooqIndexSymbol(ix), ix.Ticker())
	if errors.Is(err, marketdata.ErrNoRows) {
		return []byte(closeHeader), nil
	}
	if err != nil {
		return nil, fmt.Errorf("%w: %w", ErrBadData, err)
	}
	return CloseCSV(s), nil
}

const closeHeader = "date,close\n"

// CloseCSV writes a series' closes in the date,close layout: the raw close
// when the series has one, else the adjusted (for an index they are the
// same level), every digit of each float64 kept.
func CloseCSV(s *marketdata.Series) []byte {
	closes := s.Raw
	if closes == nil {
		closes = s.Adjusted
	}
	var b bytes.Buffer
	b.Grow(len(closeHeader) + 20*s.Len())
	b.WriteString(closeHeader)
	for i, d := range s.Dates {
		b.WriteString(marketdata.FormatDate(d))
		b.WriteByte(',')
		b.WriteString(strconv.FormatFloat(closes[i], 'f', -1, 64))
		b.WriteByte('\n')
	}
	return b.Bytes()
}

// YahooChartToCloseCSV converts a chart API answer for an index to the
// date,close layout: the day's close (the level), the days whose close is
// null left out, a repeated day (the live bar) kept once. Open, high, low,
// volume and adjclose may be missing: an index needs none of them.
func YahooChartToCloseCSV(body []byte) ([]byte, error) {
	r, err := parseChart(body, "levels")
	if err != nil {
		return nil, err
	}
	q := r.Indicators.Quote[0]
	if len(q.Close) != len(r.Timestamp) {
		return nil, fmt.Errorf("%w: %d timestamps but %d close values", ErrBadData, len(r.Timestamp), len(q.Close))
	}
	loc := time.FixedZone("exchange", r.Meta.GMTOffset)
	var b bytes.Buffer
	b.WriteString(closeHeader)
	prev := ""
	for i, ts := range r.Timestamp {
		d := marketdata.FormatDate(time.Unix(ts, 0).In(loc))
		v := q.Close[i]
		if d == prev || v == nil || math.IsNaN(*v) || math.IsInf(*v, 0) {
			continue
		}
		prev = d
		b.WriteString(d)
		b.WriteByte(',')
		b.WriteString(strconv.FormatFloat(*v, 'f', -1, 64))
		b.WriteByte('\n')
	}
	return b.Bytes(), nil
}
