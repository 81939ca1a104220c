package resample_test

import (
	"errors"
	"math"
	"math/bits"
	"math/rand/v2"
	"sort"
	"testing"

	"github.com/rotationlab/rotation/analysis/resample"
)

// The stream EpisodeBootstrap documents.
const streamEpisode = 0x6570697362

// slowEpisode recomputes EpisodeBootstrap with plain loops from the draws
// its doc comment describes.
func slowEpisode(values []float64, ep []int, center float64, opt resample.Options) resample.Interval {
	var labels []int // in order of first appearance
	for _, e := range ep {
		seen := false
		for _, l := range labels {
			if l == e {
				seen = true
			}
		}
		if !seen {
			labels = append(labels, e)
		}
	}
	G := len(labels)
	g := rand.NewPCG(opt.Seed, streamEpisode)
	var stats []float64
	for range opt.Draws {
		var drawn []float64
		for range G {
			hi, _ := bits.Mul64(g.Uint64(), uint64(G))
			for i, e := range ep {
				if e == labels[hi] {
					drawn = append(drawn, values[i])
				}
			}
		}
		s := 0.0
		for _, v := range drawn {
			s += v
		}
		stats = append(stats, s/float64(len(drawn))-center)
	}
	s := 0.0
	for _, v := range values {
		s += v
	}
	est := s/float64(len(values)) - center
	far := 0
	for _, v := range stats {
		if math.Abs(v-est) >= math.Abs(est) {
			far++
		}
	}
	// The symmetric interval: est ± the Confidence-quantile of the
	// distances |stat - est|.
	dist := make([]float64, len(stats))
	for i, v := range stats {
		dist[i] = math.Abs(v - est)
	}
	sort.Float64s(dist)
	h := opt.Confidence * float64(len(dist)-1)
	lo, hi := math.Floor(h), math.Ceil(h)
	w := dist[int(lo)] + (h-lo)*(dist[int(hi)]-dist[int(lo)])
	return resample.Interval{Estimate: est, Low: est - w, High: est + w, P: float64(far+1) / float64(opt.Draws+1),
		Draws: opt.Draws, Seed: opt.Seed, Confidence: opt.Confidence}
}

// clustered makes n events in episodes of the given sizes: each episode
// shares a common shock (sd 1) plus its own noise (sd 0.3), plus mean mu.
func clustered(r *rand.Rand, sizes []int, mu float64) (values []float64, ep []int) {
	for e, n := range sizes {
		shock := r.NormFloat64()
		for range n {
			values = append(values, mu+shock+0.3*r.NormFloat64())
			ep = append(ep, 100-3*e) // labels need not be 0..G-1 nor sorted
		}
	}
	return values, ep
}

func TestEpisodeBootstrapAgainstSlow(t *testing.T) {
	r := rand.New(rand.NewPCG(18, 10))
	tests := []struct {
		name   string
		sizes  []int
		mu     float64
		center float64
		opt    resample.Options
	}{
		{"study-like", []int{17, 1, 2, 1, 1, 2}, 0.2, 0.05, resample.Options{Draws: 2000, Seed: 7, Confidence: 0.95}},
		{"singletons", []int{1, 1, 1, 1, 1, 1, 1, 1}, 0, 0, resample.Options{Draws: 999, Seed: 1, Confidence: 0.9}},
		{"two episodes", []int{3, 4}, -1, 0, resample.Options{Draws: 1, Seed: 2, Confidence: 0.5}},
		{"many", []int{5, 3, 8, 1, 1, 1, 2, 9, 4, 4, 2, 6}, 1, 0.5, resample.Options{Draws: 5000, Seed: 99, Confidence: 0.99}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			v, ep := clustered(r, tt.sizes, tt.mu)
			got, err := resample.EpisodeBootstrap(v, ep, tt.center, tt.opt)
			if err != nil {
				t.Fatal(err)
			}
			want := slowEpisode(v, ep, tt.center, tt.opt)
			// Tolerance: 1e-12 absolute (the sums are taken in other orders).
			for _, c := range []struct {
				name      string
				got, want float64
			}{{"Estimate", got.Estimate, want.Estimate}, {"Low", got.Low, want.Low}, {"High", got.High, want.High}, {"P", got.P, want.P}} {
				if math.Abs(c.got-c.want) > 1e-12 {
					t.Errorf("%s = %.15g, slow reference %.15g", c.name, c.got, c.want)
				}
			}
			if got.Draws != tt.opt.Draws || got.Seed != tt.opt.Seed || got.Confidence != tt.opt.Confidence {
				t.Errorf("options not carried: %+v", got)
			}
			again, _ := resample.EpisodeBootstrap(v, ep, tt.center, tt.opt)
			if again != got {
				t.Errorf("not repeatable: %+v then %+v", got, again)
			}
		})
	}
}

func TestEpisodeBootstrapPlantedEffect(t *testing.T) {
	r := rand.New(rand.NewPCG(18, 11))
	sizes := make([]int, 30)
	for i := range sizes {
		sizes[i] = 1 + i%4
	}
	opt := resample.Options{Draws: 4000, Seed: 3, Confidence: 0.95}
	// A mean of 1.5 common-shock sds over 30 episodes is found.
	v, ep := clustered(r, sizes, 1.5)
	got, err := resample.EpisodeBootstrap(v, ep, 0, opt)
	if err != nil {
		t.Fatal(err)
	}
	if got.P > 0.01 || got.Low <= 0 {
		t.Errorf("planted mean 1.5: %+v; want p <= 0.01 and an interval above 0", got)
	}
	// No effect: over many seeds, rejections at 10% within 4 binomial sds.
	const reps = 300
	rej := 0
	for range reps {
		v, ep := clustered(r, sizes, 0)
		got, err := resample.EpisodeBootstrap(v, ep, 0, resample.Options{Draws: 400, Seed: r.Uint64(), Confidence: 0.9})
		if err != nil {
			t.Fatal(err)
		}
		if got.P < 0.1 {
			rej++
		}
	}
	if mean, sd := reps*0.1, math.Sqrt(reps*0.1*0.9); math.Abs(float64(rej)-mean) > 4*sd {
		t.Errorf("no effect: %d of %d rejected at 10%%, want %.0f ± %.0f", rej, reps, mean, 4*sd)
	}
}

// TestEpisodeBootstrapRespectsClusters: with a common shock per episode,
// treating every event as its own episode (the iid bootstrap) gives a
// narrower interval than resampling the episodes.
func TestEpisodeBootstrapRespectsClusters(t *testing.T) {
	r := rand.New(rand.NewPCG(18, 12))
	v, ep := clustered(r, []int{8, 8, 8, 8, 8, 8}, 0)
	iid := make([]int, len(v))
	for i := range iid {
		iid[i] = i
	}
	opt := resample.Options{Draws: 4000, Seed: 5, Confidence: 0.95}
	a, err := resample.EpisodeBootstrap(v, ep, 0, opt)
	if err != nil {
		t.Fatal(err)
	}
	b, err := resample.EpisodeBootstrap(v, iid, 0, opt)
	if err != nil {
		t.Fatal(err)
	}
	if wa, wb := a.High-a.Low, b.High-b.Low; wa < 1.5*wb {
		t.Errorf("episode interval width %v, iid %v; want the episode one much wider", wa, wb)
	}
}

func TestEpisodeBootstrapErrors(t *testing.T) {
	ok := resample.Options{Draws: 10, Seed: 1, Confidence: 0.95}
	v, ep := []float64{1, 2, 3}, []int{0, 0, 1}
	tests := []struct {
		name   string
		v      []float64
		ep     []int
		center float64
		opt    resample.Options
		want   error
	}{
		{"empty", nil, nil, 0, ok, resample.ErrEmpty},
		{"lengths differ", v, []int{0, 1}, 0, ok, resample.ErrLength},
		{"nan value", []float64{1, math.NaN(), 3}, ep, 0, ok, resample.ErrNaN},
		{"inf value", []float64{1, math.Inf(1), 3}, ep, 0, ok, resample.ErrNaN},
		{"nan center", v, ep, math.NaN(), ok, resample.ErrNaN},
		{"one episode", v, []int{4, 4, 4}, 0, ok, resample.ErrArgument},
		{"no draws", v, ep, 0, resample.Options{Draws: 0, Confidence: 0.9}, resample.ErrArgument},
		{"negative draws", v, ep, 0, resample.Options{Draws: -5, Confidence: 0.9}, resample.ErrArgument},
		{"confidence 0", v, ep, 0, resample.Options{Draws: 5}, resample.ErrArgument},
		{"confidence 1", v, ep, 0, resample.Options{Draws: 5, Confidence: 1}, resample.ErrArgument},
		{"confidence nan", v, ep, 0, resample.Options{Draws: 5, Confidence: math.NaN()}, resample.ErrArgument},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := resample.EpisodeBootstrap(tt.v, tt.ep, tt.center, tt.opt)
			if !errors.Is(err, tt.want) {
				t.Errorf("error %v, want %v", err, tt.want)
			}
		})
	}
}
