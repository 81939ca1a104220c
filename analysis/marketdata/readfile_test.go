package marketdata_test

import (
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"

	"github.com/rotationlab/rotation/analysis/marketdata"
)

// TestReadFileMatchesParse: ReadFile and ReadFileOHLC stream the file,
// Parse reads bytes in memory; both must give the same series, whatever
// the layout, line ends, blank lines or a first line longer than the
// reader's buffer.
func TestReadFileMatchesParse(t *testing.T) {
	for _, tc := range []struct{ name, in string }{
		{"stooq", "Date,Open,High,Low,Close,Volume\n2024-01-02,1,2,0.5,1.5,100\n2024-01-03,1.5,2,1,1.75,100\n"},
		{"yahoo with null rows", "Date,Open,High,Low,Close,Adj Close,Volume\n2024-01-02,1,2,0.5,1.5,1.4,100\n2024-01-03,null,null,null,null,null,null\n2024-01-04,1.5,2,1,1.75,1.7,100\n"},
		{"crlf and blank lines", "date,open,high,low,close,volume,dividend,unadj_close\r\n\r\n2024-01-02,1,2,0.5,1.5,100,0,1.5\r\n\r\n2024-01-03,1.5,2,1,1.75,100,0,1.75"},
		{"newest first", "timestamp,open,high,low,close,adjusted_close,volume,dividend_amount,split_coefficient\n2024-01-03,1.5,2,1,1.75,1.7,100,0,1\n2024-01-02,1,2,0.5,1.5,1.4,100,0,1\n"},
		{"many rows", manyRows(20_000)},
		{"a line longer than the buffer", "Date,Open,High,Low,Close,Volume\n2024-01-02,1,2,0.5,1." + strings.Repeat("5", 300_000) + ",100\n"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			in := tc.in
			path := filepath.Join(t.TempDir(), "X.csv")
			if err := os.WriteFile(path, []byte(in), 0o644); err != nil {
				t.Fatal(err)
			}
			want, err := marketdata.Parse([]byte(in), path, "X")
			if err != nil {
				t.Fatal(err)
			}
			got, err := marketdata.ReadFile(path)
			if err != nil {
				t.Fatal(err)
			}
			if !reflect.DeepEqual(got, want) {
				t.Errorf("ReadFile differs from Parse:\ngot  %+v\nwant %+v", got, want)
			}
			ohlc, err := marketdata.ReadFileOHLC(path)
			if err != nil {
				t.Fatal(err)
			}
			if len(ohlc.High) != got.Len() || len(ohlc.Low) != got.Len() {
				t.Errorf("ReadFileOHLC: %d highs and %d lows for %d days", len(ohlc.High), len(ohlc.Low), got.Len())
			}
			ohlc.High, ohlc.Low, ohlc.Volume = nil, nil, nil
			if !reflect.DeepEqual(ohlc, want) {
				t.Errorf("ReadFileOHLC differs from Parse beyond highs, lows and volumes")
			}
		})
	}
}

// manyRows is an archive file of n consecutive days from 2000-01-01.
func manyRows(n int) string {
	var b strings.Builder
	b.WriteString("date,open,high,low,close,volume,dividend,unadj_close\n")
	d, _ := marketdata.ParseDate("2000-01-01")
	for range n {
		b.WriteString(marketdata.FormatDate(d) + ",1,2,0.5,1.5,100,0,1.5\n")
		d = d.AddDate(0, 0, 1)
	}
	return b.String()
}

// TestReadFileErrors: the streamed read reports what the whole-file read
// reported, naming the file.
func TestReadFileErrors(t *testing.T) {
	dir := t.TempDir()
	for _, tc := range []struct{ name, path, want string }{
		{"missing", filepath.Join(dir, "NONE.csv"), "no such file"},
		{"a directory", dir, "is a directory"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			_, err := marketdata.ReadFile(tc.path)
			if err == nil || !strings.Contains(err.Error(), tc.want) || !strings.Contains(err.Error(), tc.path) {
				t.Errorf("err = %v, want one naming %s and saying %q", err, tc.path, tc.want)
			}
		})
	}
}
