package marketdata

import (
	"bufio"
	"bytes"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"slices"
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
	// File is the path of the file, as it was given.
	File string
	// Line is the line of the problem, counting from 1 (the header is
	// line 1).
	Line int
	// Column is the field's position on the line, counting from 1; 0 when
	// the problem is the line as a whole (a missing column, a repeated or
	// out-of-order date).
	Column int
	// Field is the column's name in the header, when known.
	Field string
	// Err is the problem: one of the package's sentinel errors or a
	// wrapped cause, found with errors.Is.
	Err error
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
	// newestFirst allows dates in descending order (Alpha Vantage's API
	// sends them so); the series is reversed after reading.
	newestFirst bool
	// open is the column of the day's open; openAdjusted tells whether it
	// is adjusted like adj (else it is raw, like raw, and is scaled).
	open         int
	openAdjusted bool
	// high and low are the day's high and low, adjusted like open.
	high, low int
}

var layouts = []layout{
	{format: FormatYahoo, header: "Date,Open,High,Low,Close,Adj Close,Volume",
		date: 0, prices: []int{1, 2, 3, 4, 5}, adj: 5, raw: 4, other: []int{6}, allowNA: true, open: 1, high: 2, low: 3},
	{format: FormatStooq, header: "Date,Open,High,Low,Close,Volume",
		date: 0, prices: []int{1, 2, 3, 4}, adj: 4, raw: -1, other: []int{5}, open: 1, openAdjusted: true, high: 2, low: 3},
	{format: FormatArchive, header: "date,open,high,low,close,volume,dividend,unadj_close",
		date: 0, prices: []int{1, 2, 3, 4, 7}, adj: 4, raw: 7, other: []int{5, 6}, open: 1, openAdjusted: true, high: 2, low: 3},
	{format: FormatTiingo, header: "date,close,high,low,open,volume,adjClose,adjHigh,adjLow,adjOpen,adjVolume,divCash,splitFactor",
		date: 0, prices: []int{1, 2, 3, 4, 6, 7, 8, 9}, adj: 6, raw: 1, other: []int{5, 10, 11, 12}, open: 9, openAdjusted: true, high: 7, low: 8},
	{format: FormatAlphaVantage, header: "timestamp,open,high,low,close,adjusted_close,volume,dividend_amount,split_coefficient",
		date: 0, prices: []int{1, 2, 3, 4, 5}, adj: 5, raw: 4, other: []int{6, 7, 8}, newestFirst: true, open: 1, high: 2, low: 3},
	{format: FormatAlphaVantage, header: "date,open,high,low,close,adjusted_close,volume,dividend_amount,split_coefficient",
		date: 0, prices: []int{1, 2, 3, 4, 5}, adj: 5, raw: 4, other: []int{6, 7, 8}, newestFirst: true, open: 1, high: 2, low: 3},
	// An index level: one close, which is the adjusted and the raw close
	// alike; no open, high, low or volume.
	{format: FormatClose, header: "date,close",
		date: 0, prices: []int{1}, adj: 1, raw: 1, open: -1, high: -1, low: -1},
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
	return readFile(path, false)
}

// readFile streams the file through a small buffer rather than holding it
// whole: a price file of millions of rows is hundreds of megabytes, several
// times the series it gives. The series' slices are sized from the file's
// length and the length of its first lines, so they are allocated once.
func readFile(path string, highLow bool) (*Series, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, fmt.Errorf("marketdata: %w", err)
	}
	defer f.Close()
	br := bufio.NewReaderSize(f, 256<<10)
	est := 0
	if fi, err := f.Stat(); err == nil && fi.Mode().IsRegular() {
		est = estimateRows(br, fi.Size())
	}
	base := strings.TrimSuffix(filepath.Base(path), filepath.Ext(path))
	t, err := ParseTicker(base)
	if err != nil {
		t = Ticker(base)
	}
	return parseWith(&parser{src: &readerLines{br: br}, name: path, highLow: highLow}, t, est)
}

// minRowBytes is the shortest price row of any layout: a date, a field
// of at least one digit (the date,close layout), its comma and the
// newline.
const minRowBytes = int64(len("2024-01-02,1\n"))

// estimateRows guesses the number of lines of a file of size bytes from
// the lines at the head of br, with a margin of 1/32 for lines that grow
// longer further on (prices with more digits). A read error gives 0 here
// and is reported by the parse.
func estimateRows(br *bufio.Reader, size int64) int {
	head, _ := br.Peek(br.Size())
	if len(head) == 0 {
		return 0
	}
	lines := int64(bytes.Count(head, []byte{'\n'})) + 1
	if int64(len(head)) >= size {
		return int(lines)
	}
	est := size / int64(len(head)) * lines // never overflows, unlike size*lines
	est += size % int64(len(head)) * lines / int64(len(head))
	// A head of short or blank lines must not size the slices for a file
	// of them: no price row is shorter than minRowBytes, so no file holds
	// more rows than that allows (a 20 MB file of blank lines once made
	// the reader take 944 MB before it was refused).
	return int(min(est+est/32+16, size/minRowBytes+16, 1<<31))
}

// Read reads a CSV stream. name is used in errors.
func Read(r io.Reader, name string, t Ticker) (*Series, error) {
	return parse(&readerLines{br: bufio.NewReaderSize(r, 64<<10)}, name, t, 0)
}

// Parse parses CSV bytes in any of the recognised formats. Fields are plain
// numbers and dates; a double quote anywhere is an error, since none of the
// providers quote and a quoted price would be misread.
func Parse(data []byte, name string, t Ticker) (*Series, error) {
	return parse(&bytesLines{rest: data}, name, t, bytes.Count(data, []byte{'\n'})+1)
}

// lineSource yields lines without their '\n'; ok is false at the end.
type lineSource interface {
	next() (line []byte, ok bool, err error)
}

type bytesLines struct{ rest []byte }

func (b *bytesLines) next() ([]byte, bool, error) {
	if len(b.rest) == 0 {
		return nil, false, nil
	}
	var line []byte
	line, b.rest, _ = bytes.Cut(b.rest, []byte{'\n'})
	return line, true, nil
}

type readerLines struct {
	br   *bufio.Reader
	long []byte // a line longer than the buffer
}

func (r *readerLines) next() ([]byte, bool, error) {
	line, err := r.br.ReadSlice('\n')
	if err == bufio.ErrBufferFull {
		r.long = append(r.long[:0], line...)
		for err == bufio.ErrBufferFull {
			line, err = r.br.ReadSlice('\n')
			r.long = append(r.long, line...)
		}
		line = r.long
	}
	switch {
	case err == io.EOF:
		if len(line) == 0 {
			return nil, false, nil
		}
	case err != nil:
		return nil, false, err
	}
	return bytes.TrimSuffix(line, []byte{'\n'}), true, nil
}

func parse(src lineSource, name string, t Ticker, est int) (*Series, error) {
	return parseWith(&parser{src: src, name: name}, t, est)
}

// ReadFileOHLC reads a price file as ReadFile does, and keeps each day's
// high and low too (adjusted like the opens) and its volume, for data
// checks and for serving the file again (analysis/fetch/fetchtest).
func ReadFileOHLC(path string) (*Series, error) {
	return readFile(path, true)
}

func parseWith(p *parser, t Ticker, est int) (*Series, error) {
	src, name := p.src, p.name
	if err := p.header(); err != nil {
		return nil, err
	}
	s := &Series{Ticker: t, Source: name, Format: p.lay.format,
		Dates: make([]time.Time, 0, est), Adjusted: make([]float64, 0, est)}
	if p.lay.open >= 0 {
		s.Open = make([]float64, 0, est)
	}
	if p.lay.raw >= 0 {
		s.Raw = make([]float64, 0, est)
	}
	if p.highLow && p.lay.high >= 0 {
		s.High, s.Low = make([]float64, 0, est), make([]float64, 0, est)
	}
	for {
		l, ok, err := src.next()
		if err != nil {
			return nil, fmt.Errorf("marketdata: reading %s: %w", name, err)
		}
		if !ok {
			break
		}
		p.lineNo++
		line := bytes.TrimRight(l, "\r")
		if len(line) == 0 || isSpace(line[0]) && len(bytes.TrimSpace(line)) == 0 {
			continue
		}
		if err := p.row(line, s); err != nil {
			return nil, err
		}
	}
	if len(s.Dates) == 0 {
		return nil, p.err(0, ErrNoRows, "the file has a header but no prices")
	}
	if p.dir == -1 {
		slices.Reverse(s.Dates)
		slices.Reverse(s.Adjusted)
		slices.Reverse(s.Open)
		slices.Reverse(s.High)
		slices.Reverse(s.Low)
		slices.Reverse(s.Volume)
		slices.Reverse(s.Raw)
		slices.Reverse(s.Skipped)
	}
	return s, nil
}

// parser holds the state of one file's parse.
type parser struct {
	// highLow also keeps the day's high, low and volume (ReadFileOHLC).
	highLow bool
	// volume is the column named "volume" (any case), -1 if none.
	volume   int
	src      lineSource
	name     string
	lineNo   int
	lay      *layout
	names    []string // the header's column names
	fields   [][]byte
	vals     []float64
	prev     time.Time // the last date read
	havePrev bool
	// dir is +1 for ascending dates, -1 for descending (newestFirst
	// layouts), 0 before the second row.
	dir int
}

// err is a ParseError at the current line; col is 1-based, 0 for none.
func (p *parser) err(col int, err error, detail string) error {
	field := ""
	if col > 0 && col <= len(p.names) {
		field = p.names[col-1]
	}
	return &ParseError{File: p.name, Line: p.lineNo, Column: col, Field: field, Err: err, Detail: detail}
}

// header reads the first line that is not blank and picks the layout it
// names.
func (p *parser) header() error {
	var line []byte
	for {
		l, ok, err := p.src.next()
		if err != nil {
			return fmt.Errorf("marketdata: reading %s: %w", p.name, err)
		}
		if !ok {
			p.lineNo = 0
			return p.err(0, ErrEmpty, "")
		}
		p.lineNo++
		if p.lineNo == 1 {
			l = bytes.TrimPrefix(l, []byte("\xef\xbb\xbf")) // UTF-8 byte order mark
		}
		if len(bytes.TrimSpace(l)) > 0 {
			line = l
			break
		}
	}
	header := string(bytes.TrimRight(line, "\r"))
	for i := range layouts {
		if strings.EqualFold(strings.ReplaceAll(header, " ", ""), strings.ReplaceAll(layouts[i].header, " ", "")) {
			p.lay = &layouts[i]
			break
		}
	}
	if p.lay == nil {
		return p.err(0, ErrHeader, fmt.Sprintf("%q; want one of %q", truncate(header, 80), Headers()))
	}
	p.names = strings.Split(p.lay.header, ",")
	p.volume = slices.IndexFunc(p.names, func(n string) bool { return strings.EqualFold(n, "volume") })
	p.fields = make([][]byte, len(p.names))
	p.vals = make([]float64, len(p.names))
	return nil
}

// row parses one data line into s.
func (p *parser) row(line []byte, s *Series) error {
	lay := p.lay
	if i := bytes.IndexByte(line, '"'); i >= 0 {
		return p.err(0, ErrQuote, "prices and dates are never quoted")
	}
	if err := p.split(line); err != nil {
		return err
	}
	d, err := p.date()
	if err != nil {
		return err
	}
	if lay.allowNA && isNullRow(p.fields, lay) {
		s.Skipped = append(s.Skipped, d)
		return nil
	}
	if err := p.numbers(); err != nil {
		return err
	}
	s.Dates = append(s.Dates, d)
	s.Adjusted = append(s.Adjusted, p.vals[lay.adj])
	if lay.open >= 0 {
		open := p.vals[lay.open]
		if !lay.openAdjusted {
			open *= p.vals[lay.adj] / p.vals[lay.raw] // a raw open, scaled like the close
		}
		s.Open = append(s.Open, open)
	}
	if p.highLow && lay.high >= 0 {
		scale := 1.0
		if !lay.openAdjusted {
			scale = p.vals[lay.adj] / p.vals[lay.raw]
		}
		s.High = append(s.High, p.vals[lay.high]*scale)
		s.Low = append(s.Low, p.vals[lay.low]*scale)
		if p.volume >= 0 {
			// Checked as a non-negative number by numbers.
			v, _ := parseNumber(p.fields[p.volume])
			s.Volume = append(s.Volume, v)
		}
	}
	if lay.raw >= 0 {
		s.Raw = append(s.Raw, p.vals[lay.raw])
	}
	return nil
}

// split cuts the line at commas into p.fields, checking the count.
func (p *parser) split(line []byte) error {
	fields := p.fields
	nf := len(fields)
	n := 0
	for rest := line; ; n++ {
		i := bytes.IndexByte(rest, ',')
		if n < nf {
			if i < 0 {
				fields[n] = rest
			} else {
				fields[n] = rest[:i]
			}
		}
		if i < 0 {
			n++
			break
		}
		rest = rest[i+1:]
	}
	if n != nf {
		what := "missing"
		if n > nf {
			what = "extra"
		}
		return p.err(0, ErrFieldCount, fmt.Sprintf("%d fields, want %d (%s columns)", n, nf, what))
	}
	return nil
}

// date parses the row's date and checks that dates ascend.
func (p *parser) date() (time.Time, error) {
	c := p.lay.date
	d, ok := parseDateBytes(trim(p.fields[c]))
	if !ok {
		return d, p.err(c+1, ErrDate, fmt.Sprintf("%q (want YYYY-MM-DD)", truncate(string(p.fields[c]), 40)))
	}
	if p.havePrev {
		if d.Equal(p.prev) {
			return d, p.err(c+1, ErrDuplicateDate, FormatDate(d))
		}
		step := 1
		if d.Before(p.prev) {
			step = -1
		}
		if p.dir == 0 && (step == 1 || p.lay.newestFirst) {
			p.dir = step
		}
		if step != p.dir {
			if p.dir == -1 {
				return d, p.err(c+1, ErrOrder, fmt.Sprintf("%s after %s in a file that is newest first", FormatDate(d), FormatDate(p.prev)))
			}
			return d, p.err(c+1, ErrOrder, fmt.Sprintf("%s after %s", FormatDate(d), FormatDate(p.prev)))
		}
	}
	p.prev, p.havePrev = d, true
	return d, nil
}

// numbers converts the closes into p.vals and checks the other columns:
// prices positive, the rest non-negative numbers. Checking without
// converting is several times faster.
func (p *parser) numbers() error {
	lay, fields, vals := p.lay, p.fields, p.vals
	for _, c := range lay.prices {
		var bad error
		if c == lay.adj || c == lay.raw || c == lay.open || (p.highLow && (c == lay.high || c == lay.low)) {
			v, err := parseNumber(fields[c])
			switch {
			case err != nil:
				bad = ErrNumber
			case !(v > 0):
				bad = ErrNonPositive
			}
			vals[c] = v
		} else {
			switch num := checkNumber(fields[c]); {
			case num == notNumber:
				bad = ErrNumber
			case num != positive:
				bad = ErrNonPositive
			}
		}
		if bad != nil {
			return p.err(c+1, bad, fmt.Sprintf("%q", truncate(string(p.fields[c]), 40)))
		}
	}
	for _, c := range lay.other {
		switch checkNumber(fields[c]) {
		case notNumber:
			return p.err(c+1, ErrNumber, fmt.Sprintf("%q", truncate(string(p.fields[c]), 40)))
		case negative:
			return p.err(c+1, ErrNumber, fmt.Sprintf("negative value %q", truncate(string(p.fields[c]), 40)))
		}
	}
	return nil
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

func truncate(s string, n int) string {
	if len(s) <= n {
		return s
	}
	return s[:n] + "…"
}

// numberKind classifies a decimal literal without converting it.
type numberKind int

const (
	notNumber numberKind = iota
	negative
	zero
	positive
)

// checkNumber reports whether b (spaces around it allowed) is a finite
// decimal number, [+-]digits[.digits][(e|E)[+-]digits] with at least one
// digit in the mantissa, and its sign. It accepts what strconv.ParseFloat
// accepts for such literals, except values that overflow to infinity, which
// no price file holds.
func checkNumber(b []byte) numberKind {
	b = trim(b)
	i, neg := 0, false
	if i < len(b) && (b[i] == '+' || b[i] == '-') {
		neg = b[i] == '-'
		i++
	}
	digits, nonzero := 0, false
	for ; i < len(b) && b[i] >= '0' && b[i] <= '9'; i++ {
		digits++
		nonzero = nonzero || b[i] != '0'
	}
	if i < len(b) && b[i] == '.' {
		for i++; i < len(b) && b[i] >= '0' && b[i] <= '9'; i++ {
			digits++
			nonzero = nonzero || b[i] != '0'
		}
	}
	if digits == 0 {
		return notNumber
	}
	if i < len(b) && (b[i] == 'e' || b[i] == 'E') {
		i++
		if i < len(b) && (b[i] == '+' || b[i] == '-') {
			i++
		}
		exp := 0
		for ; i < len(b) && b[i] >= '0' && b[i] <= '9'; i++ {
			exp++
		}
		if exp == 0 || exp > 3 {
			return notNumber
		}
	}
	switch {
	case i != len(b):
		return notNumber
	case !nonzero:
		return zero
	case neg:
		return negative
	}
	return positive
}

func isSpace(c byte) bool { return c == ' ' || c == '\t' || c == '\r' || c == '\v' || c == '\f' }

// trim is bytes.TrimSpace for ASCII, with a fast exit for the usual field
// that has no space around it.
func trim(b []byte) []byte {
	if len(b) == 0 || !isSpace(b[0]) && !isSpace(b[len(b)-1]) {
		return b
	}
	return bytes.TrimSpace(b)
}
