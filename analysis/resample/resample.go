package resample

import (
	"errors"
	"fmt"
	"math"
	"math/bits"
	"math/rand/v2"
	"slices"
)

// Options configures a resampling method.
type Options struct {
	// Draws is the number of resamples or date shifts; it must be > 0.
	Draws int
	// Seed seeds the draws, so results repeat exactly.
	Seed uint64
	// Confidence is the level of a percentile interval, in (0, 1), such
	// as 0.95. Methods without an interval ignore it.
	Confidence float64
}

// Errors returned by the package; they are wrapped with detail.
var (
	ErrEmpty    = errors.New("resample: no values")
	ErrNaN      = errors.New("resample: NaN or infinite value")
	ErrLength   = errors.New("resample: lengths differ")
	ErrArgument = errors.New("resample: bad argument")
)

// The streams of rand.NewPCG(seed, stream) each method draws from, so
// that two methods given the same seed do not draw the same numbers.
const (
	streamEpisode uint64 = 0x6570697362 // "episb"
	streamShift   uint64 = 0x7368696674 // "shift"
)

// index maps a 64-bit draw r to [0, n) by multiplication (Lemire): the
// high 64 bits of r*n. Its bias is below n/2^64.
func index(r uint64, n int) int {
	hi, _ := bits.Mul64(r, uint64(n))
	return int(hi)
}

func (o Options) checkDraws() error {
	if o.Draws <= 0 {
		return fmt.Errorf("%w: draws must be positive, got %d", ErrArgument, o.Draws)
	}
	return nil
}

func (o Options) checkConfidence() error {
	if !(o.Confidence > 0 && o.Confidence < 1) {
		return fmt.Errorf("%w: confidence must be in (0, 1), got %v", ErrArgument, o.Confidence)
	}
	return nil
}

// Interval is a resampled estimate: the observed estimate, its percentile
// interval and a two-sided p-value of its being zero.
type Interval struct {
	// Estimate is the observed statistic.
	Estimate float64
	// Low and High bound the symmetric interval at level Confidence
	// (SymmetricInterval).
	Low, High float64
	// P is the two-sided p-value of the estimate being zero.
	P float64
	// Episodes is the number of episodes (clusters) resampled.
	Episodes int
	// Draws, Seed and Confidence are the options the interval came from.
	Draws      int
	Seed       uint64
	Confidence float64
}

// EpisodeBootstrap resamples whole episodes (clusters) with replacement:
// values[i] belongs to episode ep[i] (any integer labels). Each resample
// draws as many episodes as there are, with replacement, and its
// statistic is the mean of all the values of the episodes drawn, minus
// center (the baseline mean; 0 for abnormal returns). The estimate is the
// mean of values minus center.
//
// The interval is the symmetric one, SymmetricInterval: the estimate ±
// the Confidence-quantile of the resampled statistics' distances from it
// (linear interpolation between order statistics, numpy's default), which
// leaves out zero exactly when the p-value is below 1 - Confidence. The
// p-value is the one of the iid bootstrap in package analysis: the share
// of resampled statistics, shifted by the estimate to a true value of
// zero, lying at least as far from zero as the estimate,
// (far+1)/(Draws+1).
//
// Stream layout: the draws come from rand.NewPCG(opt.Seed, streamEpisode)
// with streamEpisode = 0x6570697362; resample b takes the 64-bit draws
// b*G to b*G+G-1 (G episodes, numbered in order of first appearance in
// ep), each giving the episode index(r, G), the high 64 bits of r*G.
//
// EpisodeBootstrap returns an error for no values, lengths that differ,
// NaN or infinite values or center, fewer than two episodes, Draws <= 0 or
// Confidence outside (0, 1).
func EpisodeBootstrap(values []float64, ep []int, center float64, opt Options) (Interval, error) {
	if err := opt.checkDraws(); err != nil {
		return Interval{}, err
	}
	if err := opt.checkConfidence(); err != nil {
		return Interval{}, err
	}
	if len(values) == 0 {
		return Interval{}, ErrEmpty
	}
	if len(ep) != len(values) {
		return Interval{}, fmt.Errorf("%w: %d values, %d episode labels", ErrLength, len(values), len(ep))
	}
	if math.IsNaN(center) || math.IsInf(center, 0) {
		return Interval{}, fmt.Errorf("%w: center is %v", ErrNaN, center)
	}
	num := map[int]int{}
	var sum []float64
	var cnt []int
	total := 0.0
	for i, v := range values {
		if math.IsNaN(v) || math.IsInf(v, 0) {
			return Interval{}, fmt.Errorf("%w: value %d is %v", ErrNaN, i, v)
		}
		g, ok := num[ep[i]]
		if !ok {
			g = len(sum)
			num[ep[i]] = g
			sum = append(sum, 0)
			cnt = append(cnt, 0)
		}
		sum[g] += v
		cnt[g]++
		total += v
	}
	G := len(sum)
	if G < 2 {
		return Interval{}, fmt.Errorf("%w: %d episode; the episode bootstrap needs at least 2", ErrArgument, G)
	}
	est := total/float64(len(values)) - center
	bs := make([]float64, opt.Draws)
	g := rand.NewPCG(opt.Seed, streamEpisode)
	for b := range bs {
		s, c := 0.0, 0
		for range G {
			k := index(g.Uint64(), G)
			s += sum[k]
			c += cnt[k]
		}
		bs[b] = s/float64(c) - center
	}
	out := Interval{Estimate: est, Episodes: G, Draws: opt.Draws, Seed: opt.Seed, Confidence: opt.Confidence}
	far := 0
	for _, v := range bs {
		if math.Abs(v-est) >= math.Abs(est) {
			far++
		}
	}
	out.P = float64(far+1) / float64(opt.Draws+1)
	out.Low, out.High = SymmetricInterval(est, bs, opt.Confidence)
	return out, nil
}

// SymmetricInterval is est ± the Confidence-quantile of |b - est| over
// the resampled statistics bs: the interval that inverts the two-sided
// test whose p-value counts |b - est| >= |est|, so that it leaves out zero
// exactly when that p-value is below 1 - Confidence (up to the +1 of the
// p-value's count). A percentile interval, cut from the tails of a
// skewed distribution, can leave out zero while the test does not reject,
// or the reverse; this one cannot. NaN values of bs are skipped; with
// none left both bounds are NaN.
func SymmetricInterval(est float64, bs []float64, confidence float64) (low, high float64) {
	d := make([]float64, 0, len(bs))
	for _, b := range bs {
		if !math.IsNaN(b) {
			d = append(d, math.Abs(b-est))
		}
	}
	if len(d) == 0 {
		return math.NaN(), math.NaN()
	}
	slices.Sort(d)
	w := quantile(d, confidence)
	return est - w, est + w
}

// quantile is the p-quantile of sorted xs by linear interpolation between
// order statistics (numpy's default, Hyndman and Fan's type 7).
func quantile(sorted []float64, p float64) float64 {
	h := p * float64(len(sorted)-1)
	i := int(math.Floor(h))
	if i >= len(sorted)-1 {
		return sorted[len(sorted)-1]
	}
	return sorted[i] + (h-float64(i))*(sorted[i+1]-sorted[i])
}
