package synthetic_test

import (
	"os"
	"path/filepath"
	"testing"

	"github.com/rotationlab/rotation/analysis/marketdata"
	"github.com/rotationlab/rotation/analysis/marketdata/synthetic"
)

// TestWrite reads the files back with the project's reader: they parse,
// they hold consecutive calendar days from 0001-01-01, and the spread
// crosses 4 points on about 3% of days, as the package comment says.
func TestWrite(t *testing.T) {
	const rows = 20_000
	dir := t.TempDir()
	if err := synthetic.Write(dir, rows, 1); err != nil {
		t.Fatal(err)
	}
	var s [2]*marketdata.Series
	for i, tk := range synthetic.Tickers {
		var err error
		if s[i], err = marketdata.ReadFile(filepath.Join(dir, tk+".csv")); err != nil {
			t.Fatal(err)
		}
		if s[i].Len() != rows {
			t.Fatalf("%s: %d rows, want %d", tk, s[i].Len(), rows)
		}
		if got := marketdata.FormatDate(s[i].First()); got != "0001-01-01" {
			t.Errorf("%s: first date %s, want 0001-01-01", tk, got)
		}
		for k := 1; k < rows; k++ {
			if d := s[i].Dates[k].Sub(s[i].Dates[k-1]).Hours(); d != 24 {
				t.Fatalf("%s: %s follows %s", tk, marketdata.FormatDate(s[i].Dates[k]), marketdata.FormatDate(s[i].Dates[k-1]))
			}
		}
	}
	events := 0
	for k := 1; k < rows; k++ {
		ra := s[0].Adjusted[k]/s[0].Adjusted[k-1] - 1
		rb := s[1].Adjusted[k]/s[1].Adjusted[k-1] - 1
		if ra-rb >= 0.04 {
			events++
		}
	}
	if share := float64(events) / rows; share < 0.02 || share > 0.04 {
		t.Errorf("spread >= 4 pp on %.2f%% of days, want about 3%%", 100*share)
	}
}

func TestWriteRepeats(t *testing.T) {
	a, b := t.TempDir(), t.TempDir()
	for _, d := range []string{a, b} {
		if err := synthetic.Write(d, 500, 7); err != nil {
			t.Fatal(err)
		}
	}
	for _, tk := range synthetic.Tickers {
		x, err := os.ReadFile(filepath.Join(a, tk+".csv"))
		if err != nil {
			t.Fatal(err)
		}
		y, err := os.ReadFile(filepath.Join(b, tk+".csv"))
		if err != nil {
			t.Fatal(err)
		}
		if string(x) != string(y) {
			t.Errorf("%s differs between two writes with the same seed", tk)
		}
	}
}

func TestWriteRows(t *testing.T) {
	for _, tc := range []struct {
		name string
		rows int
		ok   bool
	}{
		{"zero", 0, false},
		{"negative", -1, false},
		{"one", 1, true},
		{"past 9999", synthetic.MaxRows + 1, false},
	} {
		t.Run(tc.name, func(t *testing.T) {
			err := synthetic.Write(t.TempDir(), tc.rows, 1)
			if (err == nil) != tc.ok {
				t.Errorf("Write(%d rows): error %v, want ok %v", tc.rows, err, tc.ok)
			}
		})
	}
}

// TestMaxRows checks the bound against the reader: the last day it allows
// is 9999-12-31.
func TestMaxRows(t *testing.T) {
	d, err := marketdata.ParseDate("0001-01-01")
	if err != nil {
		t.Fatal(err)
	}
	last := d.AddDate(0, 0, synthetic.MaxRows-1)
	if got := marketdata.FormatDate(last); got != "9999-12-31" {
		t.Errorf("day %d is %s, want 9999-12-31", synthetic.MaxRows, got)
	}
	if _, err := marketdata.ParseDate(marketdata.FormatDate(last.AddDate(0, 0, 1))); err == nil {
		t.Errorf("the reader accepts the day after 9999-12-31")
	}
}
