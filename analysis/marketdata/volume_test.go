package marketdata_test

import (
	"path/filepath"
	"testing"

	"github.com/rotationlab/rotation/analysis/marketdata"
)

// ReadFileOHLC keeps each day's volume, from the column named volume
// (Tiingo's, not its adjVolume), oldest day first; ReadFile does not.
func TestVolume(t *testing.T) {
	for _, tc := range []struct {
		file        string
		first, last float64
	}{
		{"yahoo.csv", 100200, 0},
		{"stooq.csv", 12000, 0},
		{"archive.csv", 1000, 0},
		{"tiingo.csv", 31000000, 0},
		{"alphavantage.csv", 0, 29000000}, // newest first in the file
	} {
		t.Run(tc.file, func(t *testing.T) {
			path := filepath.Join("..", "..", "testdata", "formats", tc.file)
			s, err := marketdata.ReadFileOHLC(path)
			if err != nil {
				t.Fatal(err)
			}
			if len(s.Volume) != s.Len() {
				t.Fatalf("%d volumes for %d days", len(s.Volume), s.Len())
			}
			if tc.first != 0 && s.Volume[0] != tc.first {
				t.Errorf("first volume %v, want %v", s.Volume[0], tc.first)
			}
			if tc.last != 0 && s.Volume[s.Len()-1] != tc.last {
				t.Errorf("last volume %v, want %v", s.Volume[s.Len()-1], tc.last)
			}
			plain, err := marketdata.ReadFile(path)
			if err != nil {
				t.Fatal(err)
			}
			if plain.Volume != nil {
				t.Error("ReadFile kept volumes")
			}
		})
	}
}
