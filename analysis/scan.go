package analysis

import (
	"cmp"
	"errors"
	"fmt"
	"maps"
	"math"
	"runtime"
	"slices"
	"sync"
	"sync/atomic"
	"time"

	"github.com/rotationlab/rotation/analysis/marketdata"
)

// Universe is many tickers' closes on one calendar: the union of their
// dates. A ticker without a price on a date holds NaN there; returns and
// forward returns that would need such a price are left out.
type Universe struct {
	Tickers []marketdata.Ticker
	Dates   []time.Time
	// Close[i][t] is ticker i's close on Dates[t], or NaN.
	Close [][]float64
}

// NewUniverse puts series on the union of their dates.
func NewUniverse(kind marketdata.PriceKind, series ...*marketdata.Series) (*Universe, error) {
	if len(series) < 2 {
		return nil, errors.New("analysis: a universe needs at least two tickers")
	}
	dates := unionDates(series)
	u := &Universe{Dates: dates}
	for _, s := range series {
		src, err := s.Close(kind)
		if err != nil {
			return nil, err
		}
		row := make([]float64, len(dates))
		if len(s.Dates) == len(dates) {
			copy(row, src) // union and series dates are the same
		} else {
			j := 0
			for t, d := range dates {
				if j < len(s.Dates) && s.Dates[j].Equal(d) {
					row[t] = src[j]
					j++
				} else {
					row[t] = math.NaN()
				}
			}
		}
		u.Tickers = append(u.Tickers, s.Ticker)
		u.Close = append(u.Close, row)
	}
	return u, nil
}

// unionDates returns the sorted union of the series' dates. When every
// series has the same dates, as a universe of one exchange usually does,
// the first series' dates are the union and no set is built.
func unionDates(series []*marketdata.Series) []time.Time {
	same := true
	first := series[0].Dates
	for _, s := range series[1:] {
		if len(s.Dates) != len(first) {
			same = false
			break
		}
		for i, d := range s.Dates {
			if !d.Equal(first[i]) {
				same = false
				break
			}
		}
		if !same {
			break
		}
	}
	if same {
		return slices.Clone(first)
	}
	seen := map[int64]time.Time{}
	for _, s := range series {
		for _, d := range s.Dates {
			seen[d.Unix()] = d
		}
	}
	keys := slices.Sorted(maps.Keys(seen))
	dates := make([]time.Time, len(keys))
	for i, k := range keys {
		dates[i] = seen[k]
	}
	return dates
}

// ScanOptions configures Scan.
//
// Threshold, Compare, Mirror, After and Before are the fields of the
// EventRule that every ordered pair's days are selected by (see Rule): they
// stand here one by one, not as an embedded EventRule, so that literals
// such as ScanOptions{Threshold: 0.04, Horizons: hs}, which the notebooks
// and tests write, keep compiling.
type ScanOptions struct {
	// Threshold is the spread that makes a day an event, as EventRule's.
	Threshold float64
	// Compare is >= (AtLeast, the zero value) or > (Above), as EventRule's.
	Compare Comparison
	// Mirror makes row (A, B) count the days when A trailed B: see Scan.
	Mirror   bool
	Horizons []Horizon
	// After (inclusive) and Before (exclusive) limit the event days.
	After, Before time.Time
	// Workers is the number of goroutines; 0 means GOMAXPROCS.
	Workers int
}

// Rule returns the event rule of the scan: row (A, B) counts the days
// that Run, with this rule and legs A and B, takes for events.
func (opt ScanOptions) Rule() EventRule {
	return EventRule{Threshold: opt.Threshold, Compare: opt.Compare, Mirror: opt.Mirror, After: opt.After, Before: opt.Before}
}

// Validate reports the first problem with the options, as an
// *OptionError naming the field.
func (opt ScanOptions) Validate() error {
	if err := opt.Rule().Validate(); err != nil {
		return err
	}
	if len(opt.Horizons) == 0 {
		return &OptionError{Field: "Horizons", Problem: "are missing"}
	}
	for _, h := range opt.Horizons {
		if h.N <= 0 {
			return &OptionError{Field: "Horizons", Problem: fmt.Sprintf("include %s, which is not positive", h)}
		}
	}
	return notNegative("Workers", opt.Workers)
}

// ScanForward is the mean forward return of both legs after a pair's events.
type ScanForward struct {
	// N counts events with data through the horizon.
	N    int
	A, B float64
}

// ScanRow is one ordered pair: days when A beat B by the threshold (A
// trailed B, under the mirror).
type ScanRow struct {
	A, B    marketdata.Ticker
	Events  int
	Forward []ScanForward
}

// Scan counts, for every ordered pair (A, B) of the universe's tickers, the
// days of the window when the spread r(A) - r(B) passes the rule's test
// (opt.Rule().Hit: >= or > the threshold), and the mean forward returns of
// both legs after them. Rows come sorted by event count, most first, then
// by A and B.
//
// The mirror is the reversed pair: with opt.Mirror, row (A, B) is row
// (B, A) of the same scan without it, its legs' forward returns following
// their tickers (A's mean is A's). The mirror's test on the spread,
// -(r(A) - r(B)) >= threshold, and the reversed pair's, r(B) - r(A) >=
// threshold, are the same test, as floating-point subtraction is exactly
// antisymmetric; so either way a row counts the days that Run, with
// opt.Rule() and legs A and B, takes for events.
//
// Rather than testing every pair on every day (n² comparisons a day), each
// day's returns are sorted once: for a given A, the tickers B whose
// r(A) - r(B) passes the test are then a prefix of that order, because
// floating-point subtraction is monotone in each argument, and the prefix
// only grows as r(A) does. The work is n log n a day plus one step per
// event. Each worker owns a share of the A tickers and walks the days in
// order, so every pair's sums are added in date order, as Run adds them.
func Scan(u *Universe, opt ScanOptions) ([]ScanRow, error) {
	sc, err := newScan(u, opt)
	if err != nil {
		return nil, err
	}
	sc.returns()
	sc.orders()
	sc.accumulate()
	return sc.rows(), nil
}

// scan holds one Scan's inputs and its day-major working arrays.
type scan struct {
	u *Universe
	// test is the rule without its mirror: the test of the spread r(A) -
	// r(B) for the pair (A, B). mirror makes rows take the reversed pair.
	test            EventRule
	mirror          bool
	nt, nd, nh      int
	lo, hi, workers int     // event days are lo..hi-1
	exs             [][]int // exit day per horizon and day
	// ret[t*nt+i] is ticker i's return on day t and fwd[(t*nt+i)*nh+k]
	// its forward return at horizon k from day t, NaN where a price is
	// missing, so one event's values share a cache line.
	ret, fwd []float64
	// order[t] lists the tickers with a return on day t by ascending
	// return; prefix[t*nt+a] is how many of them A beats by the threshold
	// on day t: they are order[t][:prefix].
	order  [][]int32
	prefix []int32
	// events and accs hold one count per ordered pair and one accumulator
	// per pair and horizon, side by side.
	events []int32
	accs   []scanAcc
}

type scanAcc struct {
	sa, sb float64
	n      int32
}

// newScan checks the options and the universe and sets the window.
func newScan(u *Universe, opt ScanOptions) (*scan, error) {
	if err := opt.Validate(); err != nil {
		return nil, err
	}
	nt, nd := len(u.Tickers), len(u.Dates)
	if nt < 2 {
		return nil, errors.New("analysis: a scan needs at least two tickers")
	}
	for i, row := range u.Close {
		if len(row) != nd {
			return nil, fmt.Errorf("analysis: %s has %d closes for %d dates", u.Tickers[i], len(row), nd)
		}
	}
	rule := opt.Rule()
	sc := &scan{u: u, test: rule, mirror: rule.Mirror, nt: nt, nd: nd, nh: len(opt.Horizons), workers: opt.Workers}
	sc.test.Mirror = false
	sc.lo, sc.hi = rule.Window(u.Dates)
	if sc.workers <= 0 {
		sc.workers = runtime.GOMAXPROCS(0)
	}
	sc.exs = make([][]int, sc.nh)
	for k, h := range opt.Horizons {
		sc.exs[k] = exits(u.Dates, h)
	}
	return sc, nil
}

// returns fills ret and fwd, in blocks of days, so the rows being written
// stay in cache while each ticker's closes are read in short runs.
func (sc *scan) returns() {
	nt, nd, nh := sc.nt, sc.nd, sc.nh
	sc.ret = make([]float64, nd*nt)
	sc.fwd = make([]float64, nd*nt*nh)
	ret, fwd, exs := sc.ret, sc.fwd, sc.exs
	const days = 64
	parallel((nd+days-1)/days, sc.workers, func(blk int) {
		t0, t1 := blk*days, min(nd, (blk+1)*days)
		for i, p := range sc.u.Close {
			for t := t0; t < t1; t++ {
				if t == 0 {
					ret[i] = math.NaN()
				} else {
					ret[t*nt+i] = p[t]/p[t-1] - 1 // NaN when either is NaN
				}
				for k := range nh {
					if x := exs[k][t]; x < 0 {
						fwd[(t*nt+i)*nh+k] = math.NaN()
					} else {
						fwd[(t*nt+i)*nh+k] = p[x]/p[t] - 1
					}
				}
			}
		}
	})
}

// orders sorts each event day's returns and finds, with one two-pointer
// walk a day, how many tickers each one beats by the threshold.
func (sc *scan) orders() {
	nt, test, ret := sc.nt, sc.test, sc.ret
	sc.order = make([][]int32, sc.nd)
	sc.prefix = make([]int32, sc.nd*nt)
	order, prefix := sc.order, sc.prefix
	parallel(sc.hi-sc.lo, sc.workers, func(d int) {
		t := sc.lo + d
		r := ret[t*nt : (t+1)*nt]
		o := make([]int32, 0, nt)
		for i, x := range r {
			if x == x { // not NaN
				o = append(o, int32(i))
			}
		}
		slices.SortFunc(o, func(a, b int32) int { return cmp.Compare(r[a], r[b]) })
		order[t] = o
		p := 0
		for _, a := range o {
			for p < len(o) && test.Hit(r[a]-r[o[p]]) {
				p++
			}
			prefix[t*nt+int(a)] = int32(p)
		}
	})
}

// accumulate adds every event's forward returns to its pair's sums.
// Workers take blocks of A tickers and walk every day for them, so a
// block's accumulators stay in cache while the days stream past.
func (sc *scan) accumulate() {
	nt, nh := sc.nt, sc.nh
	sc.events = make([]int32, nt*nt)
	sc.accs = make([]scanAcc, nt*nt*nh)
	events, accs, order, prefix, fwd := sc.events, sc.accs, sc.order, sc.prefix, sc.fwd
	const block = 64
	parallel((nt+block-1)/block, sc.workers, func(blk int) {
		a0, a1 := blk*block, min(nt, (blk+1)*block)
		for t := sc.lo; t < sc.hi; t++ {
			o := order[t]
			f := fwd[t*nt*nh : (t+1)*nt*nh]
			for a := a0; a < a1; a++ {
				p := prefix[t*nt+a]
				if p == 0 {
					continue
				}
				row := a * nt
				fa := f[a*nh : a*nh+nh]
				for _, b := range o[:p] {
					c := row + int(b)
					events[c]++
					fb := f[int(b)*nh : int(b)*nh+nh]
					ac := accs[c*nh : c*nh+nh]
					for k, x := range fa {
						if y := fb[k]; x == x && y == y { // neither is NaN
							ac[k].n++
							ac[k].sa += x
							ac[k].sb += y
						}
					}
				}
			}
		}
	})
}

// rows turns the sums into rows, sorted by event count, most first, then
// by A and B. Under the mirror, row (A, B) takes the sums of the pair
// (B, A), with its legs' sums swapped back to A's and B's.
func (sc *scan) rows() []ScanRow {
	nt, nh := sc.nt, sc.nh
	rows := make([]ScanRow, 0, nt*(nt-1))
	fs := make([]ScanForward, nt*(nt-1)*nh)
	for a := range nt {
		for b := range nt {
			if a == b {
				continue
			}
			c := a*nt + b
			if sc.mirror {
				c = b*nt + a
			}
			f := fs[:nh:nh]
			fs = fs[nh:]
			for k, ac := range sc.accs[c*nh : c*nh+nh] {
				if sc.mirror {
					ac.sa, ac.sb = ac.sb, ac.sa
				}
				f[k] = ScanForward{N: int(ac.n), A: math.NaN(), B: math.NaN()}
				if ac.n > 0 {
					f[k].A, f[k].B = ac.sa/float64(ac.n), ac.sb/float64(ac.n)
				}
			}
			rows = append(rows, ScanRow{A: sc.u.Tickers[a], B: sc.u.Tickers[b], Events: int(sc.events[c]), Forward: f})
		}
	}
	slices.SortFunc(rows, func(x, y ScanRow) int {
		return cmp.Or(cmp.Compare(y.Events, x.Events), cmp.Compare(x.A, y.A), cmp.Compare(x.B, y.B))
	})
	return rows
}

// parallel calls f(0) .. f(n-1) on the given number of goroutines.
func parallel(n, workers int, f func(int)) {
	var next atomic.Int64
	var wg sync.WaitGroup
	for range workers {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := int(next.Add(1)) - 1; i < n; i = int(next.Add(1)) - 1 {
				f(i)
			}
		}()
	}
	wg.Wait()
}
