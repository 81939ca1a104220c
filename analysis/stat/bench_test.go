package stat_test

import (
	"math/rand/v2"
	"testing"

	"github.com/rotationlab/rotation/analysis/stat"
)

// A calendar-time regression: about 6,500 days of a portfolio on SPY.
func BenchmarkOLSNeweyWest(b *testing.B) {
	r := rand.New(rand.NewPCG(1, 2))
	x := ar1(r, 6500, 0.1)
	y := ar1(r, 6500, 0.2)
	b.ReportAllocs()
	for b.Loop() {
		if _, err := stat.OLS(y, [][]float64{x}, stat.OLSOptions{Cov: stat.NeweyWest, Lags: -1}); err != nil {
			b.Fatal(err)
		}
	}
}

func BenchmarkSignTest(b *testing.B) {
	r := rand.New(rand.NewPCG(1, 3))
	xs := ar1(r, 250, 0)
	b.ReportAllocs()
	for b.Loop() {
		if _, err := stat.SignTest(xs, 0.53); err != nil {
			b.Fatal(err)
		}
	}
}

// 24 events, 250 estimation days and a 5-day window.
func BenchmarkCorradoRank(b *testing.B) {
	ar, s, e := rankFixture(rand.New(rand.NewPCG(1, 4)), 24, 250, 5, 0)
	b.ReportAllocs()
	for b.Loop() {
		if _, err := stat.CorradoRank(ar, s, e); err != nil {
			b.Fatal(err)
		}
	}
}

func BenchmarkHolmBH(b *testing.B) {
	r := rand.New(rand.NewPCG(1, 5))
	p := make([]float64, 1000)
	for i := range p {
		p[i] = r.Float64()
	}
	b.ReportAllocs()
	for b.Loop() {
		stat.Holm(p)
		stat.BenjaminiHochberg(p)
	}
}
