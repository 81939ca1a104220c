package marketdata

import (
	"errors"
	"fmt"
	"strings"
	"time"
)

// Ticker is an instrument symbol such as "IWM". Tickers are upper case.
type Ticker string

// ParseTicker checks a symbol and returns it in upper case. Letters, digits,
// '.', '-', '^' and '=' are allowed, as provider symbols use them.
func ParseTicker(s string) (Ticker, error) {
	s = strings.TrimSpace(s)
	if s == "" {
		return "", errors.New("marketdata: empty ticker")
	}
	if len(s) > 20 {
		return "", fmt.Errorf("marketdata: ticker %q is longer than 20 characters", s)
	}
	for _, r := range s {
		switch {
		case r >= 'A' && r <= 'Z', r >= 'a' && r <= 'z', r >= '0' && r <= '9',
			r == '.', r == '-', r == '^', r == '=':
		default:
			return "", fmt.Errorf("marketdata: ticker %q has character %q", s, r)
		}
	}
	return Ticker(strings.ToUpper(s)), nil
}

// PriceKind selects which close a computation uses.
type PriceKind int

const (
	// Adjusted is the close adjusted for splits and dividends (total return).
	Adjusted PriceKind = iota
	// Raw is the close as traded, adjusted for splits only.
	Raw
)

// String returns "adjusted" or "raw".
func (k PriceKind) String() string {
	switch k {
	case Adjusted:
		return "adjusted"
	case Raw:
		return "raw"
	}
	return fmt.Sprintf("PriceKind(%d)", int(k))
}

// ParsePriceKind parses "adjusted" or "raw".
func ParsePriceKind(s string) (PriceKind, error) {
	switch strings.ToLower(strings.TrimSpace(s)) {
	case "adjusted", "adj":
		return Adjusted, nil
	case "raw", "unadjusted":
		return Raw, nil
	}
	return 0, fmt.Errorf("marketdata: unknown price kind %q (want adjusted or raw)", s)
}

// Format is a CSV layout, told apart by its header.
type Format int

const (
	// FormatYahoo is Yahoo Finance's download: Date,Open,High,Low,Close,Adj Close,Volume.
	FormatYahoo Format = iota + 1
	// FormatStooq is Stooq's download: Date,Open,High,Low,Close,Volume (adjusted).
	FormatStooq
	// FormatArchive is date,open,high,low,close,volume,dividend,unadj_close.
	FormatArchive
	// FormatTiingo is Tiingo's end-of-day CSV: date,close,high,low,open,
	// volume,adjClose,adjHigh,adjLow,adjOpen,adjVolume,divCash,splitFactor.
	FormatTiingo
	// FormatAlphaVantage is Alpha Vantage's daily adjusted CSV:
	// timestamp (or date),open,high,low,close,adjusted_close,volume,
	// dividend_amount,split_coefficient, newest first as the API sends it.
	FormatAlphaVantage
	// FormatClose is an index level's layout, date,close: the close is
	// both the adjusted and the raw close (a price index has no
	// dividends to adjust for), and there is no open, high, low or volume.
	// rotation fetch writes index histories in it.
	FormatClose
)

// String names the format.
func (f Format) String() string {
	switch f {
	case FormatYahoo:
		return "yahoo"
	case FormatStooq:
		return "stooq"
	case FormatArchive:
		return "archive"
	case FormatTiingo:
		return "tiingo"
	case FormatAlphaVantage:
		return "alphavantage"
	case FormatClose:
		return "close"
	}
	return fmt.Sprintf("Format(%d)", int(f))
}

// ErrNoOpen is returned when opens are asked of a series that has none.
var ErrNoOpen = errors.New("marketdata: series has no opens")

// ErrNoRaw is returned when a raw close is asked of a series whose format
// carries only adjusted prices (Stooq).
var ErrNoRaw = errors.New("marketdata: series has no raw close")

// Series is one instrument's daily closes in ascending date order.
type Series struct {
	Ticker Ticker
	// Source names where the series came from, usually a file path.
	Source string
	Format Format
	// Dates are trading dates at midnight UTC, strictly ascending.
	Dates []time.Time
	// Adjusted holds closes adjusted for splits and dividends.
	Adjusted []float64
	// Raw holds closes as traded (split-adjusted); nil for Stooq files.
	Raw []float64
	// Open holds the day's opens, adjusted like Adjusted (a raw open is
	// scaled by the day's adjusted/raw close ratio); nil when unknown.
	Open []float64
	// High and Low hold the day's range, adjusted like Open; only
	// ReadFileOHLC keeps them.
	High, Low []float64
	// Volume holds the day's volume as the file gives it; only
	// ReadFileOHLC keeps it, and only for layouts with a volume column.
	Volume []float64
	// Skipped lists dates whose rows had no prices (Yahoo's "null" rows).
	Skipped []time.Time
}

// Len returns the number of days in the series.
func (s *Series) Len() int { return len(s.Dates) }

// Close returns the closes of the given kind. The slice is shared, not copied.
func (s *Series) Close(kind PriceKind) ([]float64, error) {
	switch kind {
	case Adjusted:
		return s.Adjusted, nil
	case Raw:
		if s.Raw == nil {
			return nil, fmt.Errorf("%w: %s (%s, %s format)", ErrNoRaw, s.Ticker, s.Source, s.Format)
		}
		return s.Raw, nil
	}
	return nil, fmt.Errorf("marketdata: unknown price kind %d", int(kind))
}

// Opens returns the opens of the given kind: adjusted, or raw (the
// adjusted open scaled back by the day's raw/adjusted close ratio).
func (s *Series) Opens(kind PriceKind) ([]float64, error) {
	if s.Open == nil {
		return nil, fmt.Errorf("%w: %s (%s)", ErrNoOpen, s.Ticker, s.Source)
	}
	if kind == Adjusted {
		return s.Open, nil
	}
	raw, err := s.Close(Raw)
	if err != nil {
		return nil, err
	}
	out := make([]float64, len(s.Open))
	for i, o := range s.Open {
		out[i] = o * raw[i] / s.Adjusted[i]
	}
	return out, nil
}

// First and Last return the first and last date, or the zero time when empty.
func (s *Series) First() time.Time {
	if len(s.Dates) == 0 {
		return time.Time{}
	}
	return s.Dates[0]
}

// Last returns the last date, or the zero time when the series is empty.
func (s *Series) Last() time.Time {
	if len(s.Dates) == 0 {
		return time.Time{}
	}
	return s.Dates[len(s.Dates)-1]
}

// DateLayout is the layout of dates in files, flags and output.
const DateLayout = "2006-01-02"

// FormatDate writes a date as YYYY-MM-DD: the one date formatter of the
// study (the command, the tables, the JSON, the notebooks).
func FormatDate(t time.Time) string { return t.Format(DateLayout) }

// ParseDate parses YYYY-MM-DD into midnight UTC.
func ParseDate(s string) (time.Time, error) {
	t, ok := parseDateBytes([]byte(s))
	if !ok {
		return time.Time{}, fmt.Errorf("marketdata: bad date %q (want YYYY-MM-DD)", s)
	}
	return t, nil
}

// parseDateBytes parses YYYY-MM-DD without allocating and rejects
// impossible dates such as 2021-02-30.
func parseDateBytes(b []byte) (time.Time, bool) {
	if len(b) != 10 || b[4] != '-' || b[7] != '-' {
		return time.Time{}, false
	}
	for _, i := range [...]int{0, 1, 2, 3, 5, 6, 8, 9} {
		if b[i] < '0' || b[i] > '9' {
			return time.Time{}, false
		}
	}
	y := int(b[0]-'0')*1000 + int(b[1]-'0')*100 + int(b[2]-'0')*10 + int(b[3]-'0')
	m := int(b[5]-'0')*10 + int(b[6]-'0')
	d := int(b[8]-'0')*10 + int(b[9]-'0')
	if m < 1 || m > 12 || d < 1 || d > daysIn(y, m) {
		return time.Time{}, false
	}
	return time.Unix(daysFromCivil(y, m, d)*86400, 0).UTC(), true
}

func daysIn(y, m int) int {
	switch m {
	case 2:
		if y%4 == 0 && (y%100 != 0 || y%400 == 0) {
			return 29
		}
		return 28
	case 4, 6, 9, 11:
		return 30
	}
	return 31
}

// daysFromCivil counts days from 1970-01-01 to a proleptic Gregorian date
// (the algorithm of Howard Hinnant's "chrono-compatible low-level date
// algorithms").
func daysFromCivil(y, m, d int) int64 {
	if m <= 2 {
		y--
	}
	era := y / 400
	if y < 0 && y%400 != 0 {
		era--
	}
	yoe := y - era*400
	mp := (m + 9) % 12
	doy := (153*mp+2)/5 + d - 1
	doe := yoe*365 + yoe/4 - yoe/100 + doy
	return int64(era)*146097 + int64(doe) - 719468
}
