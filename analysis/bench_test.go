package analysis_test

import (
	"testing"

	"github.com/rotationlab/rotation/analysis"
	"github.com/rotationlab/rotation/analysis/marketdata"
	"github.com/rotationlab/rotation/analysis/marketdata/marketdatatest"
)

// BenchmarkLoadAndStudy is the whole job for IWM/QQQ 2000-2026: read both
// CSV files, align them, and run the default study with its bootstrap.
func BenchmarkLoadAndStudy(b *testing.B) {
	dir := marketdatatest.RealDir(b)
	o := analysis.DefaultOptions()
	b.ReportAllocs()
	for b.Loop() {
		s, err := marketdata.LoadAll(dir, o.A, o.B)
		if err != nil {
			b.Fatal(err)
		}
		al, err := marketdata.Align(s...)
		if err != nil {
			b.Fatal(err)
		}
		if _, err := analysis.Run(al, o); err != nil {
			b.Fatal(err)
		}
	}
}

func BenchmarkStudy(b *testing.B) {
	al := aligned(b, marketdatatest.RealDir(b), "IWM", "QQQ")
	o := analysis.DefaultOptions()
	b.ReportAllocs()
	for b.Loop() {
		if _, err := analysis.Run(al, o); err != nil {
			b.Fatal(err)
		}
	}
}
