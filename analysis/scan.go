package analysis

import (
	"cmp"
	"errors"
	"fmt"
	"math"
	"runtime"
	"slices"
	"sync"
	"sync/atomic"
	"time"

	"github.com/rotationlab/rotation/marketdata"
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
	seen := map[int64]bool{}
	var dates []time.Time
	for _, s := range series {
		for _, d := range s.Dates {
			if k := d.Unix(); !seen[k] {
				seen[k] = true
				dates = append(dates, d)
			}
		}
	}
	slices.SortFunc(dates, func(a, b time.Time) int { return a.Compare(b) })
	u := &Universe{Dates: dates}
	for _, s := range series {
		src, err := s.Close(kind)
		if err != nil {
			return nil, err
		}
		row := make([]float64, len(dates))
		j := 0
		for t, d := range dates {
			if j < len(s.Dates) && s.Dates[j].Equal(d) {
				row[t] = src[j]
				j++
			} else {
				row[t] = math.NaN()
			}
		}
		u.Tickers = append(u.Tickers, s.Ticker)
		u.Close = append(u.Close, row)
	}
	return u, nil
}

// ScanOptions configures Scan.
type ScanOptions struct {
	Threshold float64
	Horizons  []Horizon
	// After (inclusive) and Before (exclusive) limit the event days.
	After, Before time.Time
	// Workers is the number of goroutines; 0 means GOMAXPROCS.
	Workers int
}

// ScanForward is the mean forward return of both legs after a pair's events.
type ScanForward struct {
	// N counts events with data through the horizon.
	N    int
	A, B float64
}

// ScanRow is one ordered pair: days when A beat B by the threshold.
type ScanRow struct {
	A, B    marketdata.Ticker
	Events  int
	Forward []ScanForward
}

// Scan counts, for every ordered pair (A, B) of the universe's tickers, the
// days when A's return exceeded B's by at least the threshold, and the mean
// forward returns of both legs after them. Rows come sorted by event count,
// most first, then by A and B.
//
// Each unordered pair is passed over once: a day with spread >= threshold
// is an event of (A, B), one with spread <= -threshold an event of (B, A).
func Scan(u *Universe, opt ScanOptions) ([]ScanRow, error) {
	if !(opt.Threshold > 0) {
		return nil, fmt.Errorf("analysis: threshold %v is not positive", opt.Threshold)
	}
	if len(opt.Horizons) == 0 {
		return nil, errors.New("analysis: no horizons")
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
	lo, hi := 1, nd
	for lo < nd && !opt.After.IsZero() && u.Dates[lo].Before(opt.After) {
		lo++
	}
	for hi > lo && !opt.Before.IsZero() && !u.Dates[hi-1].Before(opt.Before) {
		hi--
	}
	// Per ticker, one row per day holding the daily return followed by the
	// forward return at each horizon (NaN where a price is missing), so an
	// event's values share a cache line with the return that found it.
	nh := len(opt.Horizons)
	stride := 1 + nh
	exs := make([][]int, nh)
	for k, h := range opt.Horizons {
		exs[k] = exits(u.Dates, h)
	}
	rec := make([][]float64, nt)
	for i, p := range u.Close {
		r := make([]float64, nd*stride)
		r[0] = math.NaN()
		for t := 1; t < nd; t++ {
			r[t*stride] = p[t]/p[t-1] - 1 // NaN when either is NaN
		}
		for k := range nh {
			for t, x := range exs[k] {
				if x < 0 {
					r[t*stride+1+k] = math.NaN()
				} else {
					r[t*stride+1+k] = p[x]/p[t] - 1
				}
			}
		}
		rec[i] = r
	}

	cells := make([]scanCell, nt*nt)
	ns := make([]int32, nt*nt*nh)
	sums := make([]float64, 2*nt*nt*nh)
	for c := range cells {
		cells[c].n = ns[c*nh : (c+1)*nh]
		cells[c].sa = sums[2*c*nh : (2*c+1)*nh]
		cells[c].sb = sums[(2*c+1)*nh : (2*c+2)*nh]
	}
	workers := opt.Workers
	if workers <= 0 {
		workers = runtime.GOMAXPROCS(0)
	}
	var next atomic.Int64
	var wg sync.WaitGroup
	thr := opt.Threshold
	for range workers {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for {
				i := int(next.Add(1)) - 1
				if i >= nt {
					return
				}
				ri := rec[i][lo*stride : hi*stride]
				for j := i + 1; j < nt; j++ {
					rj := rec[j][lo*stride : hi*stride]
					rj = rj[:len(ri)]
					up, down := &cells[i*nt+j], &cells[j*nt+i]
					for o := 0; o < len(ri); o += stride {
						d := ri[o] - rj[o]
						if d >= thr {
							up.events++
							up.add(ri[o+1:o+stride], rj[o+1:o+stride])
						} else if d <= -thr {
							down.events++
							down.add(rj[o+1:o+stride], ri[o+1:o+stride])
						}
					}
				}
			}
		}()
	}
	wg.Wait()

	rows := make([]ScanRow, 0, nt*(nt-1))
	fs := make([]ScanForward, nt*(nt-1)*nh)
	for a := range nt {
		for b := range nt {
			if a == b {
				continue
			}
			c := &cells[a*nt+b]
			f := fs[:nh:nh]
			fs = fs[nh:]
			for k := range nh {
				f[k] = ScanForward{N: int(c.n[k]), A: math.NaN(), B: math.NaN()}
				if c.n[k] > 0 {
					f[k].A, f[k].B = c.sa[k]/float64(c.n[k]), c.sb[k]/float64(c.n[k])
				}
			}
			rows = append(rows, ScanRow{A: u.Tickers[a], B: u.Tickers[b], Events: c.events, Forward: f})
		}
	}
	slices.SortFunc(rows, func(x, y ScanRow) int {
		return cmp.Or(cmp.Compare(y.Events, x.Events), cmp.Compare(x.A, y.A), cmp.Compare(x.B, y.B))
	})
	return rows, nil
}

// scanCell accumulates one ordered pair's events.
type scanCell struct {
	events int
	n      []int32
	sa, sb []float64
}

// add adds one event's forward returns of legs a and b, horizon by horizon.
func (c *scanCell) add(fa, fb []float64) {
	for k := range c.n {
		x, y := fa[k], fb[k]
		if x == x && y == y { // neither is NaN
			c.n[k]++
			c.sa[k] += x
			c.sb[k] += y
		}
	}
}
