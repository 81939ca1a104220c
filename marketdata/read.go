package marketdata

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"math"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"time"
)

// Errors wrapped by ParseError.Err; test with errors.Is.
var (
	ErrEmpty         = errors.New("empty file")
	ErrHeader        = errors.New("unknown header")
	ErrFieldCount    = errors.New("wrong number of fields")
	ErrDate          = errors.New("bad date")
	ErrDuplicateDate = errors.New("duplicate date")
	ErrOrder         = errors.New("date out of order")
	ErrNumber        = errors.New("not a number")
	ErrNonPositive   = errors.New("price not positive")
	ErrNoRows        = errors.New("no price rows")
	ErrQuote         = errors.New("quoted field")
)

// ParseError reports a problem at a place in a file. Line and Column count
// from 1; Column is 0 when the problem concerns the whole line.
type ParseError struct {
	File   string
	Line   int
	Column int
	// Field is the column's name in the header, when known.
	Field string
	Err   error
	// Detail says more, for instance the offending text.
	Detail string
}

func (e *ParseError) Error() string {
	var b strings.Builder
	b.WriteString(e.File)
	if e.Line > 0 {
		fmt.Fprintf(&b, ":%d", e.Line)
		if e.Column > 0 {
			fmt.Fprintf(&b, ":%d", e.Column)
		}
	}
	b.WriteString(": ")
	if e.Field != "" {
		fmt.Fprintf(&b, "column %q: ", e.Field)
	}
	b.WriteString(e.Err.Error())
	if e.Detail != "" {
		b.WriteString(": ")
		b.WriteString(e.Detail)
	}
	return b.String()
}

func (e *ParseError) Unwrap() error { return e.Err }

// layout describes where a format keeps what.
type layout struct {
	format  Format
	header  string
	date    int
	prices  []int // columns that must be positive prices
	adj     int   // column of the adjusted close
	raw     int   // column of the raw close, -1 if none
	other   []int // non-negative numbers (volume, dividend)
	allowNA bool  // Yahoo's "null" rows
}

var layouts = []layout{
	{format: FormatYahoo, header: "Date,Open,High,Low,Close,Adj Close,Volume",
		date: 0, prices: []int{1, 2, 3, 4, 5}, adj: 5, raw: 4, other: []int{6}, allowNA: true},
	{format: FormatStooq, header: "Date,Open,High,Low,Close,Volume",
		date: 0, prices: []int{1, 2, 3, 4}, adj: 4, raw: -1, other: []int{5}},
	{format: FormatArchive, header: "date,open,high,low,close,volume,dividend,unadj_close",
		date: 0, prices: []int{1, 2, 3, 4, 7}, adj: 4, raw: 7, other: []int{5, 6}},
}

// Headers returns the header lines Read recognises, one per format.
func Headers() []string {
	h := make([]string, len(layouts))
	for i, l := range layouts {
		h[i] = l.header
	}
	return h
}

// ReadFile reads a price file; the ticker is taken from the file name
// (IWM.csv gives IWM).
func ReadFile(path string) (*Series, error) {
	data, err := os.ReadFile(path)
	if err != nil {
		return nil, fmt.Errorf("marketdata: %w", err)
	}
	base := strings.TrimSuffix(filepath.Base(path), filepath.Ext(path))
	t, err := ParseTicker(base)
	if err != nil {
		t = Ticker(base)
	}
	return Parse(data, path, t)
}

// Read reads a whole CSV stream. name is used in errors.
func Read(r io.Reader, name string, t Ticker) (*Series, error) {
	data, err := io.ReadAll(r)
	if err != nil {
		return nil, fmt.Errorf("marketdata: reading %s: %w", name, err)
	}
	return Parse(data, name, t)
}

// Parse parses CSV bytes in any of the recognised formats. Fields are plain
// numbers and dates; a double quote anywhere is an error, since none of the
// providers quote and a quoted price would be misread.
func Parse(data []byte, name string, t Ticker) (*Series, error) {
	perr := func(line, col int, field string, err error, detail string) error {
		return &ParseError{File: name, Line: line, Column: col, Field: field, Err: err, Detail: detail}
	}
	data = bytes.TrimPrefix(data, []byte("\xef\xbb\xbf")) // UTF-8 byte order mark
	if len(bytes.TrimSpace(data)) == 0 {
		return nil, perr(0, 0, "", ErrEmpty, "")
	}
	line, rest, _ := bytes.Cut(data, []byte{'\n'})
	header := string(bytes.TrimRight(line, "\r"))
	var lay *layout
	for i := range layouts {
		if strings.EqualFold(strings.ReplaceAll(header, " ", ""), strings.ReplaceAll(layouts[i].header, " ", "")) {
			lay = &layouts[i]
			break
		}
	}
	if lay == nil {
		return nil, perr(1, 0, "", ErrHeader, fmt.Sprintf("%q; want one of %q", truncate(header, 80), Headers()))
	}
	names := strings.Split(lay.header, ",")
	nf := len(names)

	// Estimate rows to size slices once.
	est := bytes.Count(rest, []byte{'\n'}) + 1
	s := &Series{Ticker: t, Source: name, Format: lay.format,
		Dates: make([]time.Time, 0, est), Adjusted: make([]float64, 0, est)}
	if lay.raw >= 0 {
		s.Raw = make([]float64, 0, est)
	}
	fields := make([][]byte, nf)
	vals := make([]float64, nf)
	var prev time.Time
	havePrev := false
	lineNo := 1
	for len(rest) > 0 {
		lineNo++
		line, rest, _ = bytes.Cut(rest, []byte{'\n'})
		line = bytes.TrimRight(line, "\r")
		if len(bytes.TrimSpace(line)) == 0 {
			continue
		}
		if i := bytes.IndexByte(line, '"'); i >= 0 {
			return nil, perr(lineNo, 0, "", ErrQuote, "prices and dates are never quoted")
		}
		n := 0
		for f := range bytes.SplitSeq(line, []byte{','}) {
			if n < nf {
				fields[n] = f
			}
			n++
		}
		if n != nf {
			what := "missing"
			if n > nf {
				what = "extra"
			}
			return nil, perr(lineNo, 0, "", ErrFieldCount, fmt.Sprintf("%d fields, want %d (%s columns)", n, nf, what))
		}
		d, ok := parseDateBytes(bytes.TrimSpace(fields[lay.date]))
		if !ok {
			return nil, perr(lineNo, lay.date+1, names[lay.date], ErrDate, fmt.Sprintf("%q (want YYYY-MM-DD)", truncate(string(fields[lay.date]), 40)))
		}
		if havePrev {
			if d.Equal(prev) {
				return nil, perr(lineNo, lay.date+1, names[lay.date], ErrDuplicateDate, d.Format(DateLayout))
			}
			if d.Before(prev) {
				return nil, perr(lineNo, lay.date+1, names[lay.date], ErrOrder, fmt.Sprintf("%s after %s", d.Format(DateLayout), prev.Format(DateLayout)))
			}
		}
		prev, havePrev = d, true
		if lay.allowNA && isNullRow(fields, lay) {
			s.Skipped = append(s.Skipped, d)
			continue
		}
		for _, c := range lay.prices {
			v, err := parseNumber(fields[c])
			if err != nil {
				return nil, perr(lineNo, c+1, names[c], ErrNumber, fmt.Sprintf("%q", truncate(string(fields[c]), 40)))
			}
			if !(v > 0) {
				return nil, perr(lineNo, c+1, names[c], ErrNonPositive, fmt.Sprintf("%q", truncate(string(fields[c]), 40)))
			}
			vals[c] = v
		}
		for _, c := range lay.other {
			v, err := parseNumber(fields[c])
			if err != nil {
				return nil, perr(lineNo, c+1, names[c], ErrNumber, fmt.Sprintf("%q", truncate(string(fields[c]), 40)))
			}
			if v < 0 {
				return nil, perr(lineNo, c+1, names[c], ErrNumber, fmt.Sprintf("negative value %q", truncate(string(fields[c]), 40)))
			}
		}
		s.Dates = append(s.Dates, d)
		s.Adjusted = append(s.Adjusted, vals[lay.adj])
		if lay.raw >= 0 {
			s.Raw = append(s.Raw, vals[lay.raw])
		}
	}
	if len(s.Dates) == 0 {
		return nil, perr(lineNo, 0, "", ErrNoRows, "the file has a header but no prices")
	}
	return s, nil
}

// isNullRow reports whether any price cell of a Yahoo row reads "null".
// Yahoo writes such rows whole; a partly null row is skipped the same way,
// since a close that is missing cannot be used.
func isNullRow(fields [][]byte, lay *layout) bool {
	for _, c := range lay.prices {
		if string(bytes.TrimSpace(fields[c])) == "null" {
			return true
		}
	}
	return false
}

// parseNumber parses a finite decimal number.
func parseNumber(b []byte) (float64, error) {
	b = bytes.TrimSpace(b)
	if len(b) == 0 {
		return 0, ErrNumber
	}
	v, err := strconv.ParseFloat(string(b), 64)
	if err != nil || math.IsInf(v, 0) || math.IsNaN(v) {
		return 0, ErrNumber
	}
	return v, nil
}

func truncate(s string, n int) string {
	if len(s) <= n {
		return s
	}
	return s[:n] + "…"
}
