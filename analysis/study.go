package analysis

import (
	"errors"
	"fmt"
	"math"
	"math/rand/v2"
	"sync"
	"time"

	"github.com/rotationlab/rotation/analysis/marketdata"
)

// ErrEmptyWindow is returned when the data has no trading day in the
// window the options set.
var ErrEmptyWindow = errors.New("analysis: no trading days in the window")

// Options says what to study. The zero value is not useful; start from
// DefaultOptions and change fields.
type Options struct {
	// A and B are the two legs; the spread is return(A) - return(B).
	A, B marketdata.Ticker
	// EventRule makes a day an event: the Threshold, its Compare (>= by
	// default), the Mirror and the window [After, Before), whose fields
	// are set on the options directly (opt.Threshold = 0.03). The window
	// also limits which days form the baseline; forward returns use all
	// data that follows, past Before too.
	EventRule
	// Decluster, when above zero, is the least number of trading days
	// between two counted events: an event closer than that to the last
	// counted one is left out.
	Decluster int
	// Horizons for forward returns.
	Horizons []Horizon
	// Price selects adjusted or raw closes.
	Price marketdata.PriceKind
	// EntryLag delays the entry: 0 enters at the event day's close, 1 at
	// the next day's close.
	EntryLag int
	// EpisodeGap is the number of trading days after which a new event
	// starts a new episode. Events closer than that belong to one episode.
	EpisodeGap int
	// Resamples is the number of bootstrap resamples; 0 turns the
	// bootstrap off.
	Resamples int
	// Seed seeds the bootstrap, so results repeat exactly.
	Seed uint64
	// Confidence is the level of the bootstrap interval, such as 0.95.
	Confidence float64
	// PathDays is the length of the average path after events, in trading
	// days; 0 means the longest trading-day horizon (or 252).
	PathDays int
}

// DefaultOptions returns the article's set-up: IWM against QQQ, 4%, adjusted
// closes, 63 and 252 trading days, no window, no declustering.
func DefaultOptions() Options {
	return Options{
		A: "IWM", B: "QQQ", EventRule: EventRule{Threshold: 0.04}, Horizons: DefaultHorizons(),
		Price: marketdata.Adjusted, EpisodeGap: 63, Resamples: 4000, Seed: 1,
		Confidence: 0.95,
	}
}

// Validate reports the first problem with the options, as an
// *OptionError naming the field.
func (o Options) Validate() error {
	switch {
	case o.A == "" || o.B == "":
		return &OptionError{Field: "Legs", Problem: "are both needed"}
	case o.A == o.B:
		return &OptionError{Field: "Legs", Problem: fmt.Sprintf("are both %s", o.A)}
	}
	if err := o.EventRule.Validate(); err != nil {
		return err
	}
	if len(o.Horizons) == 0 {
		return &OptionError{Field: "Horizons", Problem: "are missing"}
	}
	for _, h := range o.Horizons {
		if h.N <= 0 {
			return &OptionError{Field: "Horizons", Problem: fmt.Sprintf("include %s, which is not positive", h)}
		}
	}
	for _, c := range []struct {
		field string
		n     int
	}{{"Decluster", o.Decluster}, {"EntryLag", o.EntryLag}, {"EpisodeGap", o.EpisodeGap}, {"Resamples", o.Resamples}, {"PathDays", o.PathDays}} {
		if err := notNegative(c.field, c.n); err != nil {
			return err
		}
	}
	if o.Resamples > 0 && !(o.Confidence > 0 && o.Confidence < 1) {
		return &OptionError{Field: "Confidence", Problem: fmt.Sprintf("%v is not between 0 and 1", o.Confidence)}
	}
	return nil
}

// Forward is one event's return over one horizon.
type Forward struct {
	// OK is false when the data ends before the horizon does.
	OK bool
	// Exit is the date the position is valued at.
	Exit time.Time
	// A and B are the legs' returns from entry to exit; Spread is A - B.
	A, B, Spread float64
}

// Event is a day whose spread crossed the threshold.
type Event struct {
	Date time.Time
	// Row is the day's index in Result.Dates.
	Row int
	// A, B and Spread are the day's returns (close to close).
	A, B, Spread float64
	// Episode numbers the cluster the event belongs to, from 0.
	Episode int
	// Forward has one entry per horizon, in Options.Horizons order.
	Forward []Forward
}

// Leg holds statistics for the two legs and their difference.
type Leg[T any] struct {
	A, B, Spread T
}

// Excess compares the events' mean with the baseline's.
type Excess struct {
	// Mean is the events' mean minus the baseline mean.
	Mean float64
	// Low and High bound the bootstrap percentile interval of Mean.
	Low, High float64
	// P is the two-sided bootstrap p-value of Mean being zero.
	P float64
}

// HorizonResult is the study at one horizon.
type HorizonResult struct {
	Horizon Horizon
	// N counts events with data through the horizon; Dropped those without.
	N, Dropped int
	// Events summarises the N events' forward returns.
	Events Leg[Stats]
	// Baseline summarises the forward returns from every day in the window.
	Baseline Leg[Stats]
	// Excess is Events minus Baseline with its bootstrap interval.
	Excess Leg[Excess]
	// Episodes counts the distinct episodes among the N events.
	Episodes int
}

// Episode is a run of events no more than EpisodeGap trading days apart.
type Episode struct {
	Start, End time.Time
	Events     int
}

// PathPoint is the average cumulative return k trading days after entry.
type PathPoint struct {
	Day int
	// N counts events with data through Day.
	N    int
	A, B float64
	// LowA..HighB are the quartiles (25th and 75th percentiles) across
	// events: the band around the mean path.
	LowA, HighA, LowB, HighB float64
}

// Result is a finished study.
type Result struct {
	Options Options
	// Dates are the aligned trading dates; Prices[0] and Prices[1] hold A's
	// and B's closes of the chosen kind on them.
	Dates  []time.Time
	Prices [2][]float64
	// ReturnA, ReturnB and Spread are daily returns, indexed like Dates
	// (element 0 is NaN: there is no day before the first).
	ReturnA, ReturnB, Spread []float64
	// WindowStart and WindowEnd are the first and last dates that could be
	// events (the window cut to the data).
	WindowStart, WindowEnd time.Time
	// Candidates counts days in the window whose spread crossed the
	// threshold before declustering; len(Events) counts those kept.
	Candidates int
	Events     []Event
	Episodes   []Episode
	Horizons   []HorizonResult
	Path       []PathPoint
	// Alignment describes how the two series were lined up.
	Alignment *marketdata.Aligned
}

// Run performs the study on two aligned series: al.Series[0] is A and
// al.Series[1] is B.
func Run(al *marketdata.Aligned, opt Options) (*Result, error) {
	if err := opt.Validate(); err != nil {
		return nil, err
	}
	if al == nil || len(al.Series) != 2 {
		return nil, errors.New("analysis: Run needs two aligned series")
	}
	pa, err := al.Close(0, opt.Price)
	if err != nil {
		return nil, err
	}
	pb, err := al.Close(1, opt.Price)
	if err != nil {
		return nil, err
	}
	r, err := RunPrices(al.Dates, pa, pb, opt)
	if err != nil {
		return nil, err
	}
	r.Alignment = al
	return r, nil
}

// RunPrices performs the study on closes already lined up on dates.
func RunPrices(dates []time.Time, pa, pb []float64, opt Options) (*Result, error) {
	if err := opt.Validate(); err != nil {
		return nil, err
	}
	n := len(dates)
	if len(pa) != n || len(pb) != n {
		return nil, fmt.Errorf("analysis: %d dates but %d and %d prices", n, len(pa), len(pb))
	}
	if n < 2 {
		return nil, fmt.Errorf("analysis: %d days of prices; need at least 2", n)
	}
	for i := range n {
		if !(pa[i] > 0) || !(pb[i] > 0) || math.IsInf(pa[i], 0) || math.IsInf(pb[i], 0) {
			return nil, fmt.Errorf("analysis: price on %s is not a positive number (%s %v, %s %v)",
				marketdata.FormatDate(dates[i]), opt.A, pa[i], opt.B, pb[i])
		}
		if i > 0 && !dates[i].After(dates[i-1]) {
			return nil, fmt.Errorf("analysis: dates not ascending at %s", marketdata.FormatDate(dates[i]))
		}
	}
	res := &Result{Options: opt, Dates: dates, Prices: [2][]float64{pa, pb}}
	res.ReturnA = make([]float64, n)
	res.ReturnB = make([]float64, n)
	res.Spread = make([]float64, n)
	res.ReturnA[0], res.ReturnB[0], res.Spread[0] = math.NaN(), math.NaN(), math.NaN()
	Returns(res.ReturnA[1:], pa)
	Returns(res.ReturnB[1:], pb)
	for i := 1; i < n; i++ {
		res.Spread[i] = res.ReturnA[i] - res.ReturnB[i]
	}

	// The window of rows that may be events, [lo, hi), and the events in
	// it are the rule's (EventRule.Window and Events).
	lo, hi := opt.Window(dates)
	if lo >= hi {
		return nil, fmt.Errorf("%w %s", ErrEmptyWindow, windowText(opt))
	}
	res.WindowStart, res.WindowEnd = dates[lo], dates[hi-1]

	// Count the events first, so that they and their forward returns are
	// allocated once.
	if n := countEvents(res.Spread[lo:hi], opt); n > 0 {
		res.Events = make([]Event, 0, n)
	}
	last := -1 << 31
	for _, t := range opt.Events(dates, res.Spread) {
		res.Candidates++
		if opt.Decluster > 0 && t-last < opt.Decluster {
			continue
		}
		last = t
		res.Events = append(res.Events, Event{Date: dates[t], Row: t,
			A: res.ReturnA[t], B: res.ReturnB[t], Spread: res.Spread[t]})
	}
	res.Episodes = episodes(res.Events, opt.EpisodeGap)

	nh := len(opt.Horizons)
	fwd := make([]Forward, len(res.Events)*nh)
	for k := range res.Events {
		res.Events[k].Forward = fwd[k*nh : (k+1)*nh : (k+1)*nh]
	}
	// Horizons are independent: each runs in its own goroutine with its own
	// random stream, derived from the seed and the horizon's position, so
	// results do not depend on scheduling. The path needs only the events'
	// rows and runs beside them.
	res.Horizons = make([]HorizonResult, len(opt.Horizons))
	entries := make([]int, len(res.Events))
	for i, e := range res.Events {
		entries[i] = e.Row + opt.EntryLag
	}
	var wg sync.WaitGroup
	for k, h := range opt.Horizons {
		wg.Go(func() {
			res.Horizons[k] = horizon(res, k, h, lo, hi)
		})
	}
	wg.Go(func() { res.Path = path(res.Prices[0], res.Prices[1], entries, pathDays(opt)) })
	wg.Wait()
	return res, nil
}

// countEvents counts the days of spread that are events, after
// declustering, as RunPrices selects them.
func countEvents(spread []float64, opt Options) int {
	n, last := 0, -1<<31
	for t, s := range spread {
		if !opt.Hit(s) || opt.Decluster > 0 && t-last < opt.Decluster {
			continue
		}
		n, last = n+1, t
	}
	return n
}

// horizon computes one horizon's event and baseline statistics and fills
// the events' Forward[k]. The bootstrap draws from the horizon's own
// stream, rand.NewPCG(Seed, k).
func horizon(res *Result, k int, h Horizon, lo, hi int) HorizonResult {
	opt := res.Options
	dates, pa, pb := res.Dates, res.Prices[0], res.Prices[1]
	ex := newExits(dates, h)
	hr := HorizonResult{Horizon: h}
	ne := len(res.Events)
	ev := Leg[[]float64]{make([]float64, 0, ne), make([]float64, 0, ne), make([]float64, 0, ne)}
	lastEpisode := -1
	for i := range res.Events {
		e := &res.Events[i]
		f := forward(ex, pa, pb, e.Row+opt.EntryLag)
		if f.OK {
			f.Exit = dates[ex.at(e.Row+opt.EntryLag)]
			ev.A = append(ev.A, f.A)
			ev.B = append(ev.B, f.B)
			ev.Spread = append(ev.Spread, f.Spread)
			// Events come in date order, so their episodes never decrease.
			if e.Episode != lastEpisode {
				hr.Episodes++
				lastEpisode = e.Episode
			}
		} else {
			hr.Dropped++
		}
		e.Forward[k] = f
	}
	hr.N = len(ev.A)
	hr.Events = Leg[Stats]{Summarize(ev.A), Summarize(ev.B), Summarize(ev.Spread)}

	// The baseline, one leg at a time, without a column of its values.
	legs := [3]*Stats{&hr.Baseline.A, &hr.Baseline.B, &hr.Baseline.Spread}
	hist := make([]uint32, 1<<histBits)
	for leg, st := range legs {
		*st = baselineStats(hist, ex, pa, pb, lo+opt.EntryLag, hi+opt.EntryLag, leg)
	}
	hr.Excess = bootstrap(opt.Seed, uint64(k), ev, hr.Baseline, opt)
	return hr
}

// forward values a position entered at row e over the exits in ex.
func forward(ex exitTable, pa, pb []float64, e int) Forward {
	x := ex.at(e)
	if x < 0 {
		return Forward{A: math.NaN(), B: math.NaN(), Spread: math.NaN()}
	}
	a, b := pa[x]/pa[e]-1, pb[x]/pb[e]-1
	return Forward{OK: true, A: a, B: b, Spread: a - b}
}

// episodes groups events whose rows are at most gap apart and numbers them.
func episodes(evs []Event, gap int) []Episode {
	var eps []Episode
	for k := range evs {
		if k == 0 || evs[k].Row-evs[k-1].Row > gap {
			eps = append(eps, Episode{Start: evs[k].Date})
		}
		cur := &eps[len(eps)-1]
		cur.End = evs[k].Date
		cur.Events++
		evs[k].Episode = len(eps) - 1
	}
	return eps
}

// bootstrap resamples the events with replacement and measures the excess of
// their mean over the baseline mean, for the two legs and the spread with the
// same draws.
func bootstrap(seed, stream uint64, ev Leg[[]float64], base Leg[Stats], opt Options) Leg[Excess] {
	n := len(ev.A)
	out := Leg[Excess]{
		A:      Excess{Mean: mean(ev.A) - base.A.Mean, Low: math.NaN(), High: math.NaN(), P: math.NaN()},
		B:      Excess{Mean: mean(ev.B) - base.B.Mean, Low: math.NaN(), High: math.NaN(), P: math.NaN()},
		Spread: Excess{Mean: mean(ev.Spread) - base.Spread.Mean, Low: math.NaN(), High: math.NaN(), P: math.NaN()},
	}
	if n < 2 || opt.Resamples == 0 {
		return out
	}
	m := opt.Resamples
	bs := [3][]float64{make([]float64, m), make([]float64, m), make([]float64, m)}
	// A and B side by side, so that a draw reads one cache line, not two.
	// The spread's mean is A's mean minus B's, so it needs no sum of its
	// own.
	ab := make([][2]float64, n)
	for j := range ab {
		ab[j] = [2]float64{ev.A[j], ev.B[j]}
	}
	put := func(i int, sa, sb float64) {
		ma, mb := sa/float64(n), sb/float64(n)
		bs[0][i] = ma - base.A.Mean
		bs[1][i] = mb - base.B.Mean
		bs[2][i] = ma - mb - base.Spread.Mean
	}
	// Resample i takes the stream's draws i*per to (i+1)*per-1. The first
	// half of the resamples and the second are drawn side by side, from
	// the stream and from a copy moved ahead to the second half's start,
	// which gives the processor two independent chains of work.
	per := uint64(n+1) / 2
	half := (m + 1) / 2
	g1, g2 := rand.NewPCG(seed, stream), pcgAhead(seed, stream, uint64(half)*per)
	for i := range half {
		if j := half + i; j < m {
			sa1, sb1, sa2, sb2 := resampleTwo(g1, g2, ab)
			put(i, sa1, sb1)
			put(j, sa2, sb2)
		} else {
			sa, sb := resampleOne(g1, ab)
			put(i, sa, sb)
		}
	}
	excessInterval(&out, bs, opt.Confidence)
	return out
}

// excessInterval sets each leg's percentile interval and p-value from its
// resampled excesses bs (reordered in the process).
func excessInterval(out *Leg[Excess], bs [3][]float64, confidence float64) {
	alpha := (1 - confidence) / 2
	for k, x := range []*Excess{&out.A, &out.B, &out.Spread} {
		b := bs[k]
		// p: how often the resampled excess, shifted to a true excess of
		// zero, lies at least as far from zero as the observed one.
		far := 0
		for _, v := range b {
			if math.Abs(v-x.Mean) >= math.Abs(x.Mean) {
				far++
			}
		}
		x.P = float64(far+1) / float64(len(b)+1)
		x.Low, x.High = quantileSelect(b, alpha), quantileSelect(b, 1-alpha)
	}
}

// Each 64-bit draw gives two indices: the high and low 32 bits, each
// scaled to [0, len(ab)) by multiplication (Lemire's method without the
// rejection step; its bias is below n/2^32, under 1e-8 here); an odd last
// index takes the high bits of one more draw.

// resampleOne sums one resample of ab's two columns.
func resampleOne(g *rand.PCG, ab [][2]float64) (sa, sb float64) {
	n := uint64(len(ab))
	k := 0
	for ; k+1 < len(ab); k += 2 {
		r := g.Uint64()
		x, y := &ab[((r>>32)*n)>>32], &ab[(uint64(uint32(r))*n)>>32]
		sa += x[0] + y[0]
		sb += x[1] + y[1]
	}
	if k < len(ab) {
		x := &ab[((g.Uint64()>>32)*n)>>32]
		sa += x[0]
		sb += x[1]
	}
	return sa, sb
}

// resampleTwo is resampleOne from two generators at once, adding in the
// same order.
func resampleTwo(g1, g2 *rand.PCG, ab [][2]float64) (sa1, sb1, sa2, sb2 float64) {
	n := uint64(len(ab))
	k := 0
	for ; k+1 < len(ab); k += 2 {
		r1, r2 := g1.Uint64(), g2.Uint64()
		x1, y1 := &ab[((r1>>32)*n)>>32], &ab[(uint64(uint32(r1))*n)>>32]
		x2, y2 := &ab[((r2>>32)*n)>>32], &ab[(uint64(uint32(r2))*n)>>32]
		sa1 += x1[0] + y1[0]
		sb1 += x1[1] + y1[1]
		sa2 += x2[0] + y2[0]
		sb2 += x2[1] + y2[1]
	}
	if k < len(ab) {
		x1, x2 := &ab[((g1.Uint64()>>32)*n)>>32], &ab[((g2.Uint64()>>32)*n)>>32]
		sa1 += x1[0]
		sb1 += x1[1]
		sa2 += x2[0]
		sb2 += x2[1]
	}
	return sa1, sb1, sa2, sb2
}

// pathDays is the length of the average path: PathDays, else the longest
// trading-day horizon, at least 252.
func pathDays(opt Options) int {
	if opt.PathDays != 0 {
		return opt.PathDays
	}
	days := 252
	for _, h := range opt.Horizons {
		if h.Unit == TradingDays && h.N > days {
			days = h.N
		}
	}
	return days
}

// pathBlock is how many days of the path are gathered in one pass over the
// events: each event's prices for those days lie together in memory, so a
// pass reads a cache line or two per event instead of one per day.
const pathBlock = 8

// path averages the cumulative returns of both legs k days after entry,
// for k from 0 to days, over the events entered at rows entries.
func path(pa, pb []float64, entries []int, days int) []PathPoint {
	pts := make([]PathPoint, days+1)
	n := len(entries)
	// va[j*n:] and vb[j*n:] gather day k0+j's values in event order.
	va := make([]float64, pathBlock*n)
	vb := make([]float64, pathBlock*n)
	var cnt [pathBlock]int
	for k0 := 0; k0 <= days; k0 += pathBlock {
		kn := min(pathBlock, days+1-k0)
		cnt = [pathBlock]int{}
		for _, en := range entries {
			for j := 0; j < kn && en+k0+j < len(pa); j++ {
				x := en + k0 + j
				va[j*n+cnt[j]] = pa[x]/pa[en] - 1
				vb[j*n+cnt[j]] = pb[x]/pb[en] - 1
				cnt[j]++
			}
		}
		for j := range kn {
			a, b := va[j*n:j*n+cnt[j]], vb[j*n:j*n+cnt[j]]
			p := PathPoint{Day: k0 + j, N: len(a)}
			p.A, p.B = mean(a), mean(b)
			p.LowA, p.HighA = quartiles(a)
			p.LowB, p.HighB = quartiles(b)
			pts[k0+j] = p
		}
	}
	return pts
}

func windowText(o Options) string {
	a, b := "start", "end"
	if !o.After.IsZero() {
		a = marketdata.FormatDate(o.After)
	}
	if !o.Before.IsZero() {
		b = marketdata.FormatDate(o.Before)
	}
	return "[" + a + ", " + b + ")"
}
