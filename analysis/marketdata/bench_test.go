package marketdata_test

import (
	"os"
	"testing"

	"github.com/rotationlab/rotation/analysis/marketdata"
	"github.com/rotationlab/rotation/internal/realdata"
)

func BenchmarkParseIWM(b *testing.B) {
	data, err := os.ReadFile(marketdata.Path(realdata.Dir(b), "IWM"))
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
	dir := realdata.Dir(b)
	b.ReportAllocs()
	for b.Loop() {
		if _, err := marketdata.LoadAll(dir, "IWM", "QQQ"); err != nil {
			b.Fatal(err)
		}
	}
}
