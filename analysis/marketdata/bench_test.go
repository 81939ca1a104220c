package marketdata_test

import (
	"os"
	"testing"

	"github.com/rotationlab/rotation/analysis/marketdata"
	"github.com/rotationlab/rotation/analysis/marketdata/marketdatatest"
	"github.com/rotationlab/rotation/analysis/marketdata/synthetic"
)

func BenchmarkParseIWM(b *testing.B) {
	data, err := os.ReadFile(marketdata.Path(marketdatatest.RealDir(b), "IWM"))
	if err != nil {
		b.Fatal(err)
	}
	b.SetBytes(int64(len(data)))
	b.ReportAllocs()
	for b.Loop() {
		if _, err := marketdata.Parse(data, "IWM.csv", "IWM"); err != nil {
			b.Fatal(err)
		}
	}
}

func BenchmarkLoadAll(b *testing.B) {
	dir := marketdatatest.RealDir(b)
	b.ReportAllocs()
	for b.Loop() {
		if _, err := marketdata.LoadAll(dir, "IWM", "QQQ"); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkReadFileRows reads one synthetic file of a million rows in the
// archive layout (analysis/marketdata/synthetic), as LoadAll reads each file.
func BenchmarkReadFileRows(b *testing.B) {
	dir := b.TempDir()
	if err := synthetic.Write(dir, 1_000_000, 1); err != nil {
		b.Fatal(err)
	}
	path := marketdata.Path(dir, "IWM")
	fi, err := os.Stat(path)
	if err != nil {
		b.Fatal(err)
	}
	b.SetBytes(fi.Size())
	b.ReportAllocs()
	for b.Loop() {
		if _, err := marketdata.ReadFile(path); err != nil {
			b.Fatal(err)
		}
	}
}
