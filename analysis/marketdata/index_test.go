package marketdata_test

import (
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/rotationlab/rotation/analysis/marketdata"
)

// The date,close layout of index levels: the close is the adjusted and
// the raw close, and there are no opens, highs or lows.
func TestReadCloseLayout(t *testing.T) {
	p := filepath.Join("testdata", "close.csv")
	for _, read := range []struct {
		name string
		f    func(string) (*marketdata.Series, error)
	}{{"ReadFile", marketdata.ReadFile}, {"ReadFileOHLC", marketdata.ReadFileOHLC}} {
		t.Run(read.name, func(t *testing.T) {
			s, err := read.f(p)
			if err != nil {
				t.Fatal(err)
			}
			if s.Format != marketdata.FormatClose || s.Format.String() != "close" {
				t.Errorf("format = %v, want close", s.Format)
			}
			want := []float64{3880.37, 3790.45, 3718.15, 3701.19}
			if s.Len() != len(want) || !s.Dates[0].Equal(day("2000-09-19")) || !s.Last().Equal(day("2000-09-22")) {
				t.Fatalf("dates %v", s.Dates)
			}
			raw, err := s.Close(marketdata.Raw)
			if err != nil {
				t.Fatal(err)
			}
			for i, w := range want {
				if s.Adjusted[i] != w || raw[i] != w {
					t.Errorf("row %d: adjusted %v raw %v, want %v", i, s.Adjusted[i], raw[i], w)
				}
			}
			if _, err := s.Opens(marketdata.Adjusted); !errors.Is(err, marketdata.ErrNoOpen) {
				t.Errorf("Opens err = %v, want ErrNoOpen", err)
			}
			if s.High != nil || s.Low != nil || s.Volume != nil {
				t.Errorf("high %v low %v volume %v, want none", s.High, s.Low, s.Volume)
			}
		})
	}
}

const closeHeader = "date,close\n"

func TestParseCloseErrors(t *testing.T) {
	tests := []struct {
		name   string
		in     string
		err    error
		line   int
		column int
		text   string
	}{
		{"header only", closeHeader, marketdata.ErrNoRows, 1, 0, "no price rows"},
		{"extra column", closeHeader + "2024-01-02,1,2\n", marketdata.ErrFieldCount, 2, 0, "3 fields, want 2 (extra columns)"},
		{"missing column", closeHeader + "2024-01-02\n", marketdata.ErrFieldCount, 2, 0, "1 fields, want 2 (missing columns)"},
		{"bad date", closeHeader + "2024-01-02,1\n02/01/2024,1\n", marketdata.ErrDate, 3, 1, `"02/01/2024"`},
		{"duplicate date", closeHeader + "2024-01-02,1\n2024-01-02,1\n", marketdata.ErrDuplicateDate, 3, 1, "2024-01-02"},
		{"out of order", closeHeader + "2024-01-03,1\n2024-01-02,1\n", marketdata.ErrOrder, 3, 1, "2024-01-02 after 2024-01-03"},
		{"not a number", closeHeader + "2024-01-02,1\n2024-01-03,n/a\n", marketdata.ErrNumber, 3, 2, `column "close": not a number: "n/a"`},
		{"zero", closeHeader + "2024-01-02,0\n", marketdata.ErrNonPositive, 2, 2, `column "close"`},
		{"null", closeHeader + "2024-01-02,null\n", marketdata.ErrNumber, 2, 2, "null"},
		{"quoted", closeHeader + "2024-01-02,\"1\"\n", marketdata.ErrQuote, 2, 0, "quoted"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := marketdata.Parse([]byte(tt.in), "NDX.csv", "^NDX")
			var pe *marketdata.ParseError
			if !errors.As(err, &pe) {
				t.Fatalf("err = %v, want a *ParseError", err)
			}
			if !errors.Is(err, tt.err) || pe.File != "NDX.csv" || pe.Line != tt.line || pe.Column != tt.column {
				t.Errorf("err = %v at line %d column %d, want %v at %d:%d", err, pe.Line, pe.Column, tt.err, tt.line, tt.column)
			}
			if !strings.Contains(err.Error(), tt.text) {
				t.Errorf("message %q lacks %q", err, tt.text)
			}
		})
	}
}

func TestParseIndex(t *testing.T) {
	for _, tt := range []struct{ in, want, name string }{
		{"^NDX", "^NDX", "NDX"}, {" ^gspc ", "^GSPC", "GSPC"}, {"^rut", "^RUT", "RUT"}, {"^N225", "^N225", "N225"},
	} {
		got, err := marketdata.ParseIndex(tt.in)
		if err != nil || string(got) != tt.want || got.Name() != tt.name || got.Ticker() != marketdata.Ticker(tt.want) {
			t.Errorf("ParseIndex(%q) = %q (name %q), %v; want %q", tt.in, got, got.Name(), err, tt.want)
		}
	}
	for _, tt := range []struct{ in, text string }{
		{"", "empty"}, {"NDX", "does not start with '^'"}, {"^", "no name"}, {"^N.DX", `character '.'`},
		{"^../x", `character '.'`}, {"^" + strings.Repeat("X", 16), "longer than 15"}, {"^^NDX", `character '^'`},
	} {
		if _, err := marketdata.ParseIndex(tt.in); err == nil || !strings.Contains(err.Error(), tt.text) {
			t.Errorf("ParseIndex(%q) err = %v, want one saying %q", tt.in, err, tt.text)
		}
	}
}

func TestIndexDir(t *testing.T) {
	env := func(m map[string]string) func(string) string { return func(k string) string { return m[k] } }
	root := filepath.Join("/", "checkout")
	prices := filepath.Join("..", "shared", "data", "prices")
	tests := []struct {
		name, base, flag, data string
		env                    map[string]string
		want                   string
	}{
		{"flag first", "", "flag", "data", map[string]string{"ROTATION_INDEX_DATA": "env"}, "flag"},
		{"then the environment", "", "", "data", map[string]string{"ROTATION_INDEX_DATA": "env"}, "env"},
		{"then beside the price directory", "", "", prices, nil, filepath.Join("..", "shared", "data", "indices")},
		{"beside ./data", "", "", "data", nil, "indices"},
		{"trailing slash", "", "", prices + string(filepath.Separator), nil, filepath.Join("..", "shared", "data", "indices")},
		{"beside a resolved data directory", root, "", filepath.Join(root, "data"), nil, filepath.Join(root, "indices")},
		{"relative flag from base", root, "ix", filepath.Join(root, "data"), nil, filepath.Join(root, "ix")},
		{"relative env from base", root, "", "data", map[string]string{"ROTATION_INDEX_DATA": "ix"}, filepath.Join(root, "ix")},
		{"absolute stays", root, "/srv/ix", "data", nil, "/srv/ix"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := marketdata.IndexDir(tt.base, tt.flag, tt.data, env(tt.env)); got != tt.want {
				t.Errorf("IndexDir(%q, %q, %q) = %q, want %q", tt.base, tt.flag, tt.data, got, tt.want)
			}
		})
	}
}

func TestIndexFiles(t *testing.T) {
	dir := t.TempDir()
	if got := marketdata.IndexPath(dir, "^NDX"); got != filepath.Join(dir, "NDX.csv") {
		t.Errorf("IndexPath = %q, want NDX.csv in the directory", got)
	}
	b, err := os.ReadFile(filepath.Join("testdata", "close.csv"))
	if err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(dir, "NDX.csv"), b, 0o644); err != nil {
		t.Fatal(err)
	}
	if err := marketdata.CheckIndexDir(dir, "^NDX"); err != nil {
		t.Errorf("CheckIndexDir: %v", err)
	}
	s, err := marketdata.LoadIndex(dir, "^NDX")
	if err != nil || s.Ticker != "^NDX" || s.Len() != 4 {
		t.Fatalf("LoadIndex = %v, %v; want ^NDX's 4 days", s, err)
	}
	for _, load := range []func() error{
		func() error { return marketdata.CheckIndexDir(dir, "^NDX", "^RUT", "^GSPC") },
		func() error { _, err := marketdata.LoadIndex(dir, "^RUT"); return err },
	} {
		err := load()
		if !errors.Is(err, marketdata.ErrNoIndex) {
			t.Fatalf("err = %v, want ErrNoIndex", err)
		}
		for _, want := range []string{"RUT.csv", dir, "-index-data", "$ROTATION_INDEX_DATA", `"indices" beside the price directory`, "rotation fetch ^RUT"} {
			if !strings.Contains(err.Error(), want) {
				t.Errorf("message %q lacks %q", err, want)
			}
		}
		if strings.Contains(err.Error(), "^NDX") {
			t.Errorf("message %q names ^NDX, which is there", err)
		}
	}
}
