package resample_test

import (
	"math/rand/v2"
	"testing"

	"github.com/rotationlab/rotation/analysis/resample"
)

// The study's sizes: 24 events in 8 episodes, about 6,500 rows.
func BenchmarkEpisodeBootstrap(b *testing.B) {
	r := rand.New(rand.NewPCG(1, 1))
	v, ep := clustered(r, []int{17, 1, 1, 1, 1, 1, 1, 1}, 0)
	opt := resample.Options{Draws: 10000, Seed: 1, Confidence: 0.95}
	b.ReportAllocs()
	for b.Loop() {
		if _, err := resample.EpisodeBootstrap(v, ep, 0, opt); err != nil {
			b.Fatal(err)
		}
	}
}

func BenchmarkDateShift(b *testing.B) {
	r := rand.New(rand.NewPCG(1, 2))
	q := make([]float64, 6500)
	for i := range q {
		q[i] = r.NormFloat64()
	}
	rows := make([]int, 24)
	for i := range rows {
		rows[i] = r.IntN(len(q))
	}
	opt := resample.Options{Draws: 10000, Seed: 1}
	b.ReportAllocs()
	for b.Loop() {
		if _, err := resample.DateShift(q, rows, 0, len(q), opt); err != nil {
			b.Fatal(err)
		}
	}
}

// A pair scan's joint null: 1,000 draws of 500 statistics, for the
// stepdown and for the reality check alone.
func BenchmarkSnooping(b *testing.B) {
	for _, tt := range []struct {
		name string
		seed uint64
		test func(obs []float64, null [][]float64) error
	}{
		{"RomanoWolf", 3, func(obs []float64, null [][]float64) error { _, err := resample.RomanoWolf(obs, null); return err }},
		{"RealityCheck", 4, func(obs []float64, null [][]float64) error { _, err := resample.RealityCheck(obs, null); return err }},
	} {
		b.Run(tt.name, func(b *testing.B) {
			r := rand.New(rand.NewPCG(1, tt.seed))
			null := jointNull(r, 1000, 500, 0.3)
			obs := make([]float64, 500)
			for k := range obs {
				obs[k] = 2 * r.NormFloat64()
			}
			b.ReportAllocs()
			for b.Loop() {
				if err := tt.test(obs, null); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}
