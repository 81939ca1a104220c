package marketdata_test

import (
	"errors"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/rotationlab/rotation/analysis/marketdata"
)

func day(s string) time.Time {
	t, err := marketdata.ParseDate(s)
	if err != nil {
		panic(err)
	}
	return t
}

func fixtureDir() string { return filepath.Join("..", "..", "testdata", "prices") }

func fixture(name string) string { return filepath.Join("..", "..", "testdata", "formats", name) }

func TestReadFormats(t *testing.T) {
	tests := []struct {
		file    string
		format  marketdata.Format
		dates   []string
		adj     []float64
		raw     []float64 // nil: no raw close
		skipped []string
	}{
		{"yahoo.csv", marketdata.FormatYahoo, []string{"2024-01-02", "2024-01-04", "2024-01-05"},
			[]float64{19.75, 20.3, 20.7}, []float64{20.25, 20.8, 20.7}, []string{"2024-01-03"}},
		{"stooq.csv", marketdata.FormatStooq, []string{"2024-01-02", "2024-01-03", "2024-01-05"},
			[]float64{10.8, 11.1, 11.3}, nil, nil},
		{"archive.csv", marketdata.FormatArchive, nil, nil, nil, nil},
		{"tiingo.csv", marketdata.FormatTiingo, []string{"2024-01-02", "2024-01-03", "2024-01-04"},
			[]float64{198.1, 194.36, 194.93}, []float64{200.5, 196.72, 197.3}, nil},
		// Newest first, as the API sends it: read in ascending order.
		{"alphavantage.csv", marketdata.FormatAlphaVantage, []string{"2024-01-02", "2024-01-03", "2024-01-04"},
			[]float64{198.1, 194.36, 194.93}, []float64{200.5, 196.72, 197.3}, nil},
	}
	for _, tt := range tests {
		t.Run(tt.file, func(t *testing.T) {
			s, err := marketdata.ReadFile(fixture(tt.file))
			if err != nil {
				t.Fatal(err)
			}
			if s.Format != tt.format {
				t.Errorf("format = %v, want %v", s.Format, tt.format)
			}
			if tt.dates == nil {
				return
			}
			if s.Len() != len(tt.dates) {
				t.Fatalf("len = %d, want %d", s.Len(), len(tt.dates))
			}
			for i, d := range tt.dates {
				if !s.Dates[i].Equal(day(d)) {
					t.Errorf("date[%d] = %v, want %s", i, s.Dates[i], d)
				}
				if s.Adjusted[i] != tt.adj[i] {
					t.Errorf("adjusted[%d] = %v, want %v", i, s.Adjusted[i], tt.adj[i])
				}
			}
			raw, err := s.Close(marketdata.Raw)
			if tt.raw == nil {
				if !errors.Is(err, marketdata.ErrNoRaw) {
					t.Errorf("Close(Raw) err = %v, want ErrNoRaw", err)
				}
			} else {
				for i := range tt.raw {
					if raw[i] != tt.raw[i] {
						t.Errorf("raw[%d] = %v, want %v", i, raw[i], tt.raw[i])
					}
				}
			}
			if len(s.Skipped) != len(tt.skipped) {
				t.Fatalf("skipped = %v, want %v", s.Skipped, tt.skipped)
			}
			for i, d := range tt.skipped {
				if !s.Skipped[i].Equal(day(d)) {
					t.Errorf("skipped[%d] = %v, want %s", i, s.Skipped[i], d)
				}
			}
		})
	}
}

func TestArchiveColumns(t *testing.T) {
	s, err := marketdata.ReadFile(filepath.Join("..", "..", "testdata", "prices", "AAA.csv"))
	if err != nil {
		t.Fatal(err)
	}
	if s.Ticker != "AAA" {
		t.Errorf("ticker = %q, want AAA (from the file name)", s.Ticker)
	}
	// The last row has close 132 and unadj_close 133.
	if got := s.Adjusted[s.Len()-1]; got != 132 {
		t.Errorf("adjusted close = %v, want 132 (the close column)", got)
	}
	if got := s.Raw[s.Len()-1]; got != 133 {
		t.Errorf("raw close = %v, want 133 (the unadj_close column)", got)
	}
}

const archiveHeader = "date,open,high,low,close,volume,dividend,unadj_close\n"
const goodRow = "2024-01-02,1,1,1,1,10,0,1\n"
const avHeader = "timestamp,open,high,low,close,adjusted_close,volume,dividend_amount,split_coefficient\n"

func TestParseErrors(t *testing.T) {
	tests := []struct {
		name   string
		in     string
		err    error
		line   int
		column int
		text   string // must appear in the message
	}{
		{"empty", "", marketdata.ErrEmpty, 0, 0, "x.csv: empty file"},
		{"blank", " \n\n", marketdata.ErrEmpty, 0, 0, "empty"},
		{"header only", archiveHeader, marketdata.ErrNoRows, 1, 0, "no price rows"},
		{"unknown header", "Day,Price\n2024-01-02,1\n", marketdata.ErrHeader, 1, 0, `"Day,Price"`},
		{"header missing a column", "Date,Open,High,Low,Close\n", marketdata.ErrHeader, 1, 0, "unknown header"},
		{"missing column", archiveHeader + "2024-01-02,1,1,1,1,10,0\n", marketdata.ErrFieldCount, 2, 0, "7 fields, want 8 (missing columns)"},
		{"extra column", archiveHeader + "2024-01-02,1,1,1,1,10,0,1,9\n", marketdata.ErrFieldCount, 2, 0, "extra columns"},
		{"bad date", archiveHeader + "2024/01/02,1,1,1,1,10,0,1\n", marketdata.ErrDate, 2, 1, `"2024/01/02"`},
		{"impossible date", archiveHeader + "2023-02-29,1,1,1,1,10,0,1\n", marketdata.ErrDate, 2, 1, "2023-02-29"},
		{"duplicate date", archiveHeader + goodRow + goodRow, marketdata.ErrDuplicateDate, 3, 1, "2024-01-02"},
		{"out of order", archiveHeader + "2024-01-03,1,1,1,1,10,0,1\n" + goodRow, marketdata.ErrOrder, 3, 1, "2024-01-02 after 2024-01-03"},
		{"newest first turning", avHeader + "2024-01-04,1,1,1,1,1,10,0,1\n2024-01-03,1,1,1,1,1,10,0,1\n2024-01-05,1,1,1,1,1,10,0,1\n",
			marketdata.ErrOrder, 4, 1, "2024-01-05 after 2024-01-03 in a file that is newest first"},
		{"non-numeric", archiveHeader + "2024-01-02,1,1,1,abc,10,0,1\n", marketdata.ErrNumber, 2, 5, `column "close"`},
		{"NaN price", archiveHeader + "2024-01-02,1,1,1,NaN,10,0,1\n", marketdata.ErrNumber, 2, 5, "NaN"},
		{"zero price", archiveHeader + "2024-01-02,1,1,1,1,10,0,0\n", marketdata.ErrNonPositive, 2, 8, `column "unadj_close"`},
		{"negative price", archiveHeader + "2024-01-02,-1,1,1,1,10,0,1\n", marketdata.ErrNonPositive, 2, 2, `"-1"`},
		{"empty cell", archiveHeader + "2024-01-02,1,1,1,,10,0,1\n", marketdata.ErrNumber, 2, 5, "close"},
		{"negative volume", archiveHeader + "2024-01-02,1,1,1,1,-10,0,1\n", marketdata.ErrNumber, 2, 6, "negative"},
		{"null outside yahoo", archiveHeader + "2024-01-02,null,1,1,1,10,0,1\n", marketdata.ErrNumber, 2, 2, "null"},
		{"quoted", archiveHeader + "\"2024-01-02\",1,1,1,1,10,0,1\n", marketdata.ErrQuote, 2, 0, "quoted"},
		{"yahoo only nulls", "Date,Open,High,Low,Close,Adj Close,Volume\n2024-01-01,null,null,null,null,null,null\n", marketdata.ErrNoRows, 2, 0, "no price rows"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := marketdata.Parse([]byte(tt.in), "x.csv", "X")
			var pe *marketdata.ParseError
			if !errors.As(err, &pe) {
				t.Fatalf("err = %v, want a *ParseError", err)
			}
			if !errors.Is(err, tt.err) {
				t.Errorf("err = %v, want %v", err, tt.err)
			}
			if pe.File != "x.csv" || pe.Line != tt.line || pe.Column != tt.column {
				t.Errorf("at %s:%d:%d, want x.csv:%d:%d", pe.File, pe.Line, pe.Column, tt.line, tt.column)
			}
			if !strings.Contains(err.Error(), tt.text) {
				t.Errorf("message %q lacks %q", err, tt.text)
			}
		})
	}
}

func TestParseTolerates(t *testing.T) {
	tests := []struct {
		name string
		in   string
		n    int
	}{
		{"CRLF", strings.ReplaceAll(archiveHeader+goodRow, "\n", "\r\n"), 1},
		{"BOM", "\xef\xbb\xbf" + archiveHeader + goodRow, 1},
		{"no final newline", archiveHeader + strings.TrimSuffix(goodRow, "\n"), 1},
		{"trailing blank lines", archiveHeader + goodRow + "\n\n", 1},
		{"spaces around cells", archiveHeader + "2024-01-02, 1,1,1,1 ,10,0,1\n", 1},
		{"yahoo nulls", "Date,Open,High,Low,Close,Adj Close,Volume\n2024-01-01,null,null,null,null,null,null\n2024-01-02,1,1,1,1,1,0\n", 1},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			s, err := marketdata.Parse([]byte(tt.in), "x.csv", "X")
			if err != nil {
				t.Fatal(err)
			}
			if s.Len() != tt.n {
				t.Errorf("len = %d, want %d", s.Len(), tt.n)
			}
		})
	}
}

func TestParseDate(t *testing.T) {
	for _, tt := range []struct {
		in string
		ok bool
	}{
		{"2024-02-29", true}, {"2023-02-29", false}, {"2024-13-01", false}, {"2024-1-01", false},
		{"20240101", false}, {"", false}, {"2024-04-31", false}, {"1999-12-31", true},
	} {
		_, err := marketdata.ParseDate(tt.in)
		if (err == nil) != tt.ok {
			t.Errorf("ParseDate(%q) err = %v, want ok=%v", tt.in, err, tt.ok)
		}
	}
}

func TestParseTickerAndKind(t *testing.T) {
	if got, err := marketdata.ParseTicker(" iwm "); err != nil || got != "IWM" {
		t.Errorf("ParseTicker = %q, %v", got, err)
	}
	for _, bad := range []string{"", "../etc", "A B", strings.Repeat("X", 21)} {
		if _, err := marketdata.ParseTicker(bad); err == nil {
			t.Errorf("ParseTicker(%q) accepted", bad)
		}
	}
	if k, err := marketdata.ParsePriceKind("raw"); err != nil || k != marketdata.Raw {
		t.Errorf("ParsePriceKind(raw) = %v, %v", k, err)
	}
	if _, err := marketdata.ParsePriceKind("close"); err == nil {
		t.Error("ParsePriceKind(close) accepted")
	}
}

func TestLoadDir(t *testing.T) {
	dir := filepath.Join("..", "..", "testdata", "prices")
	s, err := marketdata.LoadDir(dir, "AAA")
	if err != nil {
		t.Fatal(err)
	}
	if s.Len() != 10 {
		t.Errorf("len = %d, want 10", s.Len())
	}
	_, err = marketdata.LoadDir(dir, "ZZZ")
	if !errors.Is(err, marketdata.ErrNoData) || !strings.Contains(err.Error(), "ZZZ.csv") {
		t.Errorf("err = %v, want ErrNoData naming ZZZ.csv", err)
	}
}

func TestDir(t *testing.T) {
	env := func(m map[string]string) func(string) string { return func(k string) string { return m[k] } }
	root := filepath.Join("/", "checkout")
	tests := []struct {
		name, base, flag string
		env              map[string]string
		want             string
	}{
		{"flag first", "", "flag", map[string]string{"ROTATION_DATA": "env"}, "flag"},
		{"then the environment", "", "", map[string]string{"ROTATION_DATA": "env"}, "env"},
		{"then ./data", "", "", nil, "data"},
		{"relative from base", root, "", nil, filepath.Join(root, "data")},
		{"relative env from base", root, "", map[string]string{"ROTATION_DATA": "prices"}, filepath.Join(root, "prices")},
		{"absolute stays", root, "/srv/prices", nil, "/srv/prices"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := marketdata.Dir(tt.base, tt.flag, env(tt.env)); got != tt.want {
				t.Errorf("Dir(%q, %q) = %q, want %q", tt.base, tt.flag, got, tt.want)
			}
		})
	}
}

func TestCheckDir(t *testing.T) {
	dir := fixtureDir()
	if err := marketdata.CheckDir(dir, "AAA", "BBB"); err != nil {
		t.Errorf("fixtures: %v", err)
	}
	err := marketdata.CheckDir(dir, "AAA", "ZZZ", "YYY")
	if !errors.Is(err, marketdata.ErrNoData) || !strings.Contains(err.Error(), "ZZZ, YYY in ") ||
		!strings.Contains(err.Error(), "$ROTATION_DATA") || !strings.Contains(err.Error(), "rotation fetch -data "+dir+" ZZZ YYY") {
		t.Errorf("err = %v", err)
	}
}

// parseDateBytes computes dates by arithmetic; time.Date is the reference.
func TestParseDateMatchesTimeDate(t *testing.T) {
	for d := time.Date(1, 1, 1, 0, 0, 0, 0, time.UTC); d.Year() < 10000; d = d.AddDate(0, 0, 7) {
		got, err := marketdata.ParseDate(d.Format(marketdata.DateLayout))
		if err != nil || !got.Equal(d) {
			t.Fatalf("ParseDate(%s) = %v, %v", d.Format(marketdata.DateLayout), got, err)
		}
	}
}
