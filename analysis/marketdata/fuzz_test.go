package marketdata_test

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/rotationlab/rotation/analysis/marketdata"
)

// fuzzParse checks that Parse never panics and that what it accepts is
// consistent: ascending dates, positive finite closes, and the same series
// when the accepted file is written back in the archive layout and read again.
func fuzzParse(f *testing.F, header string, seeds ...string) {
	for _, s := range seeds {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		s, err := marketdata.Parse(append([]byte(header), data...), "fuzz.csv", "F")
		if err != nil {
			if err.Error() == "" {
				t.Fatal("empty error message")
			}
			return
		}
		var b strings.Builder
		b.WriteString("date,open,high,low,close,volume,dividend,unadj_close\n")
		for i, d := range s.Dates {
			if i > 0 && !d.After(s.Dates[i-1]) {
				t.Fatalf("dates not ascending at %d", i)
			}
			raw := s.Adjusted[i]
			if s.Raw != nil {
				raw = s.Raw[i]
			}
			if !(s.Adjusted[i] > 0) || !(raw > 0) {
				t.Fatalf("non-positive close at %d", i)
			}
			b.WriteString(marketdata.FormatDate(d) + ",1,1,1," + ftoa(s.Adjusted[i]) + ",0,0," + ftoa(raw) + "\n")
		}
		again, err := marketdata.Parse([]byte(b.String()), "again.csv", "F")
		if err != nil {
			t.Fatalf("rewritten file does not parse: %v", err)
		}
		if again.Len() != s.Len() {
			t.Fatalf("rewritten len %d, want %d", again.Len(), s.Len())
		}
		for i := range s.Dates {
			if again.Adjusted[i] != s.Adjusted[i] || !again.Dates[i].Equal(s.Dates[i]) {
				t.Fatalf("row %d differs after rewrite", i)
			}
		}
	})
}

func seedFile(f *testing.F, name string) string {
	b, err := os.ReadFile(filepath.Join("..", "..", "testdata", "formats", name))
	if err != nil {
		f.Fatal(err)
	}
	_, rest, _ := strings.Cut(string(b), "\n")
	return rest
}

func FuzzParseYahoo(f *testing.F) {
	fuzzParse(f, "Date,Open,High,Low,Close,Adj Close,Volume\n", seedFile(f, "yahoo.csv"),
		"2024-01-01,null,null,null,null,null,null\n", "2024-01-01,1,2,3,4,5,6,7\n")
}

func FuzzParseStooq(f *testing.F) {
	fuzzParse(f, "Date,Open,High,Low,Close,Volume\r\n", seedFile(f, "stooq.csv"), "2024-01-01,1,1,1,0,1\r\n")
}

func FuzzParseArchive(f *testing.F) {
	fuzzParse(f, "date,open,high,low,close,volume,dividend,unadj_close\n", seedFile(f, "archive.csv"),
		"2024-01-02,1,1,1,1,10,0,1\n2024-01-02,1,1,1,1,10,0,1\n", "\"x\"\n")
}

func FuzzParseTiingo(f *testing.F) {
	fuzzParse(f, "date,close,high,low,open,volume,adjClose,adjHigh,adjLow,adjOpen,adjVolume,divCash,splitFactor\n", seedFile(f, "tiingo.csv"),
		"2024-01-02,1,1,1,1,1.5,1,1,1,1,1.5,0.0,1.0\n")
}

// Alpha Vantage files may come newest first: what is accepted comes out
// ascending all the same.
func FuzzParseAlphaVantage(f *testing.F) {
	fuzzParse(f, "timestamp,open,high,low,close,adjusted_close,volume,dividend_amount,split_coefficient\n", seedFile(f, "alphavantage.csv"),
		"2024-01-02,1,1,1,1,1,10,0,1\n2024-01-03,1,1,1,1,1,10,0,1\n")
}

// FuzzParseAny feeds whole files, headers included.
func FuzzParseAny(f *testing.F) {
	for _, n := range []string{"yahoo.csv", "stooq.csv", "archive.csv", "tiingo.csv", "alphavantage.csv"} {
		b, err := os.ReadFile(filepath.Join("..", "..", "testdata", "formats", n))
		if err != nil {
			f.Fatal(err)
		}
		f.Add(b)
	}
	if b, err := os.ReadFile(filepath.Join("testdata", "close.csv")); err == nil {
		f.Add(b)
	} else {
		f.Fatal(err)
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		s, err := marketdata.Parse(data, "any.csv", "A")
		if err == nil && s.Len() == 0 {
			t.Fatal("accepted a file with no rows")
		}
	})
}

func FuzzParseClose(f *testing.F) {
	b, err := os.ReadFile(filepath.Join("testdata", "close.csv"))
	if err != nil {
		f.Fatal(err)
	}
	_, rest, _ := strings.Cut(string(b), "\n")
	fuzzParse(f, "date,close\n", rest, "2024-01-02,1,1\n", "2024-01-02,0\n", "2024-01-03,1\n2024-01-02,1\n", "2024-01-02,null\n")
}
