package analysis

import (
	"errors"
	"fmt"
	"math"
	"runtime"

	"github.com/rotationlab/rotation/analysis/marketdata"
	"github.com/rotationlab/rotation/analysis/resample"
)

// The inferential specification curve (Simonsohn, Simmons and Nelson,
// 2020) asks how surprising the whole curve is: under a null of no effect,
// how often would the median specification be as far from zero as ours,
// and how often would as large a share of specifications agree on the
// sign? The null here is the date shift: every event date of every
// specification moves by the same offset along the trading calendar,
// circularly within the window, which keeps the events' clustering and the
// grid's structure (a specification that leaves out event k leaves out the
// shifted event k).
//
// Each specification's estimate is its excess: the events' mean forward
// return minus the baseline, the mean forward return of every day of the
// window with the specification's price, horizon rule and entry. Averaged
// over every offset, a shifted event set's mean is the baseline, so the
// null of the excess is centred at zero.
//
// The forward returns of every row are computed once per price, entry and
// exit rule; a shift then costs a sum over the shifted rows of each event
// set, and each specification a subtraction and a division.

// CurveTest is one statistic of the inferential specification curve: one
// horizon (short or long) and one leg (A, B or the spread A - B).
type CurveTest struct {
	// Specs counts the specifications with an estimate (an event reaching
	// the horizon).
	Specs int
	// Median is the median excess across the specifications.
	Median float64
	// Positive is the share of specifications whose excess is above zero;
	// Agree the share that agree on the sign of the majority (the larger
	// of the shares above and below zero).
	Positive, Agree float64
	// PMedian is the share of date shifts (counting the observed set once)
	// whose median is at least as far from zero as Median; PAgree the
	// share whose Agree is at least as large: (1 + count) / (1 + Used),
	// as resample.DateShift counts.
	PMedian, PAgree float64
	// Used counts the shifts under which some specification has an
	// estimate (the others are left out of the p-values).
	Used int
	// NullMedian and NullAgree hold each shift's median and agreement, in
	// the order of the offsets.
	NullMedian, NullAgree []float64
}

// CurveNull is the inferential specification curve at the grid's short
// and long horizons.
type CurveNull struct {
	Short, Long Leg[CurveTest]
	// Draws is the number of date shifts; Offsets are the shifts, in
	// trading days.
	Draws   int
	Offsets []int
}

// SpecExcess is one specification's excess over its baseline: the means
// of A and B at the short and the long horizon minus the mean of every
// day of the window (NaN when no event reaches the horizon).
type SpecExcess struct {
	ShortA, ShortB, LongA, LongB float64
}

// GridNull is the specification grid made ready for date shifts: every
// row's forward returns under each price, entry and exit rule, the event
// rows of each price and comparison, and the baselines.
type GridNull struct {
	g      GridOptions
	lo, hi int
	// keys are the distinct exit rules of the horizons' short and long
	// ends; short[h] and long[h] index them for horizon rule h.
	keys        []exitKey
	short, long []int
	// sets are the event rows of each price and comparison, in Grid's
	// order (price-major).
	sets []gridSet
	// tab[p][(r-lo)*width + cell(entry, key)*3 + {0, 1, 2}] holds, for the
	// position of event row r under price p, A's and B's forward returns
	// and 1 when the exit exists (both 0 when it does not).
	tab   [][]float64
	width int
	// base[p][cell*2 + leg] is the baseline of a cell and leg.
	base  [][]float64
	specs []Spec
}

type exitKey struct {
	rule ExitRule
	n    int
}

type gridSet struct {
	price int
	rows  []int
}

// NewGridNull prepares g on al for date shifts: the same checks as Grid
// and the same specifications, in the same order.
func NewGridNull(al *marketdata.Aligned, g GridOptions) (*GridNull, error) {
	specs, err := Grid(al, g)
	if err != nil {
		return nil, err
	}
	gn := &GridNull{g: g, specs: specs}
	gn.lo, gn.hi = g.Window(al.Dates)
	if gn.hi-gn.lo < 2 {
		return nil, errors.New("analysis: the grid's window has fewer than two trading days to shift the events over")
	}
	key := func(k exitKey) int {
		for i, x := range gn.keys {
			if x == k {
				return i
			}
		}
		gn.keys = append(gn.keys, k)
		return len(gn.keys) - 1
	}
	for _, hr := range g.Horizons {
		gn.short = append(gn.short, key(exitKey{hr.Exit, hr.Short}))
		gn.long = append(gn.long, key(exitKey{hr.Exit, hr.Long}))
	}
	exits := make([][]int, len(gn.keys))
	for i, k := range gn.keys {
		exits[i] = exitRows(al.Dates, k.rule, k.n)
	}
	nk, ne := len(gn.keys), len(g.Entries)
	gn.width = 3 * nk * ne
	w := gn.hi - gn.lo
	n := len(al.Dates)
	for pi, price := range g.Prices {
		legs, err := loadGridLegs(al, price)
		if err != nil {
			return nil, err
		}
		spread := legs.spread()
		for _, rule := range g.rules() {
			gn.sets = append(gn.sets, gridSet{price: pi, rows: rule.Events(al.Dates, spread)})
		}
		tab := make([]float64, w*gn.width)
		sum := make([]float64, 2*nk*ne)
		cnt := make([]int, nk*ne)
		for r := gn.lo; r < gn.hi; r++ {
			row := tab[(r-gn.lo)*gn.width : (r-gn.lo+1)*gn.width]
			for ei, entry := range g.Entries {
				in := r
				if entry != EventClose {
					in = r + 1
				}
				for ki := range nk {
					c := ei*nk + ki
					if in >= n {
						continue
					}
					x := exits[ki][in]
					if x < 0 {
						continue
					}
					for leg := range 2 {
						p := legs.close[leg][in]
						if entry == NextOpen {
							p = legs.open[leg][in]
						}
						f := legs.close[leg][x]/p - 1
						row[3*c+leg] = f
						sum[2*c+leg] += f
					}
					row[3*c+2] = 1
					cnt[c]++
				}
			}
		}
		base := make([]float64, 2*nk*ne)
		for c := range cnt {
			for leg := range 2 {
				base[2*c+leg] = math.NaN()
				if cnt[c] > 0 {
					base[2*c+leg] = sum[2*c+leg] / float64(cnt[c])
				}
			}
		}
		gn.tab = append(gn.tab, tab)
		gn.base = append(gn.base, base)
	}
	return gn, nil
}

// Window returns the rows [lo, hi) of al's dates that the events are
// shifted over: the grid's event window. Offsets for Test are in [1,
// hi-lo-1].
func (gn *GridNull) Window() (lo, hi int) { return gn.lo, gn.hi }

// Specs returns the specifications, as Grid gives them.
func (gn *GridNull) Specs() []Spec { return gn.specs }

// Baseline returns, for spec i of Specs, the baselines its excess is
// measured against: the mean forward returns of A and B at the short and
// the long horizon from every day of the window. It returns an error for
// an i outside Specs.
func (gn *GridNull) Baseline(i int) (SpecExcess, error) {
	if i < 0 || i >= len(gn.specs) {
		return SpecExcess{}, fmt.Errorf("analysis: no specification %d of %d", i, len(gn.specs))
	}
	c := gn.cells(gn.specs[i])
	b := gn.base[gn.priceIndex(gn.specs[i].Price)]
	return SpecExcess{ShortA: b[2*c[0]], ShortB: b[2*c[0]+1], LongA: b[2*c[1]], LongB: b[2*c[1]+1]}, nil
}

func (gn *GridNull) priceIndex(p marketdata.PriceKind) int {
	for i, q := range gn.g.Prices {
		if q == p {
			return i
		}
	}
	return -1
}

// cells returns the short and long cells of a specification.
func (gn *GridNull) cells(sp Spec) [2]int {
	var h, e int
	for i, hr := range gn.g.Horizons {
		if hr == sp.Horizon {
			h = i
		}
	}
	for i, en := range gn.g.Entries {
		if en == sp.Entry {
			e = i
		}
	}
	nk := len(gn.keys)
	return [2]int{e*nk + gn.short[h], e*nk + gn.long[h]}
}

// Excess returns every specification's excess, in Specs order, with every
// event moved d trading days along the window (circularly); d = 0 gives
// the observed excess.
func (gn *GridNull) Excess(d int) ([]SpecExcess, error) {
	if err := gn.checkOffset(d, true); err != nil {
		return nil, err
	}
	out := make([]SpecExcess, 0, len(gn.specs))
	w := newGridWork(gn)
	w.each(d, func(x SpecExcess) { out = append(out, x) })
	return out, nil
}

func (gn *GridNull) checkOffset(d int, zero bool) error {
	span := gn.hi - gn.lo
	if d < 0 || d >= span || d == 0 && !zero {
		return fmt.Errorf("analysis: date shift %d is outside [1, %d], the window's %d trading days less one", d, span-1, span)
	}
	return nil
}

// gridWork is one goroutine's room for shifted sums.
type gridWork struct {
	gn       *GridNull
	sum, loo []float64
	rows     []int
}

func newGridWork(gn *GridNull) *gridWork {
	return &gridWork{gn: gn, sum: make([]float64, gn.width), loo: make([]float64, gn.width)}
}

// each calls f with every specification's excess under shift d, in Grid's
// order.
func (w *gridWork) each(d int, f func(SpecExcess)) {
	gn := w.gn
	g := gn.g
	nk := len(gn.keys)
	for _, set := range gn.sets {
		tab, base := gn.tab[set.price], gn.base[set.price]
		// The shifted rows, as offsets into tab.
		w.rows = w.rows[:0]
		for _, r := range set.rows {
			w.rows = append(w.rows, (resample.Shift(r, d, gn.lo, gn.hi)-gn.lo)*gn.width)
		}
		clear(w.sum)
		for _, off := range w.rows {
			row := tab[off : off+gn.width]
			for j, v := range row {
				w.sum[j] += v
			}
		}
		emit := func(s []float64, h, ei int) {
			cs, cl := ei*nk+gn.short[h], ei*nk+gn.long[h]
			f(SpecExcess{
				ShortA: ratio(s[3*cs], s[3*cs+2]) - base[2*cs], ShortB: ratio(s[3*cs+1], s[3*cs+2]) - base[2*cs+1],
				LongA: ratio(s[3*cl], s[3*cl+2]) - base[2*cl], LongB: ratio(s[3*cl+1], s[3*cl+2]) - base[2*cl+1],
			})
		}
		for h := range g.Horizons {
			for ei := range g.Entries {
				emit(w.sum, h, ei)
				if !g.LeaveOneOut {
					continue
				}
				cs, cl := ei*nk+gn.short[h], ei*nk+gn.long[h]
				for _, off := range w.rows {
					row := tab[off : off+gn.width]
					for _, c := range [2]int{cs, cl} {
						for j := 3 * c; j < 3*c+3; j++ {
							w.loo[j] = w.sum[j] - row[j]
						}
					}
					emit(w.loo, h, ei)
				}
			}
		}
	}
}

// ratio is s/n, NaN when n is zero.
func ratio(s, n float64) float64 {
	if n == 0 {
		return math.NaN()
	}
	return s / n
}

// Test runs the inferential specification curve under the given date
// shifts (each in [1, hi-lo-1], see Window), on workers goroutines (0:
// GOMAXPROCS). The same offsets give the same result, whatever the
// workers.
func (gn *GridNull) Test(offsets []int, workers int) (*CurveNull, error) {
	if len(offsets) == 0 {
		return nil, errors.New("analysis: the specification curve's test needs at least one date shift")
	}
	for _, d := range offsets {
		if err := gn.checkOffset(d, false); err != nil {
			return nil, err
		}
	}
	if workers <= 0 {
		workers = runtime.GOMAXPROCS(0)
	}
	b := len(offsets)
	res := &CurveNull{Draws: b, Offsets: append([]int(nil), offsets...)}
	tests := res.tests()
	for _, t := range tests {
		t.NullMedian, t.NullAgree = make([]float64, b), make([]float64, b)
	}
	// Draw i fills element i+1 of every null; element 0 is the observed
	// curve.
	obs := make([]curveStat, 6)
	works := make(chan *curveWork, workers)
	for range workers {
		works <- newCurveWork(gn)
	}
	parallel(b+1, workers, func(i int) {
		w := <-works
		defer func() { works <- w }()
		d := 0
		if i > 0 {
			d = offsets[i-1]
		}
		st := w.curve(d)
		if i == 0 {
			copy(obs, st[:])
			return
		}
		for k, t := range tests {
			t.NullMedian[i-1], t.NullAgree[i-1] = st[k].median, st[k].agree
		}
	})
	for k, t := range tests {
		o := obs[k]
		t.Specs, t.Median, t.Positive, t.Agree = o.n, o.median, o.positive, o.agree
		far, agree := 0, 0
		for i := range b {
			// A NaN null (no specification reaches the horizon under
			// that shift) is left out.
			if math.IsNaN(t.NullMedian[i]) {
				continue
			}
			t.Used++
			if math.Abs(t.NullMedian[i]) >= math.Abs(o.median) {
				far++
			}
			if t.NullAgree[i] >= o.agree {
				agree++
			}
		}
		t.PMedian, t.PAgree = math.NaN(), math.NaN()
		if o.n > 0 {
			t.PMedian = float64(far+1) / float64(t.Used+1)
			t.PAgree = float64(agree+1) / float64(t.Used+1)
		}
	}
	return res, nil
}

// tests lists the six statistics in the order curve computes them: short
// A, B, spread, long A, B, spread.
func (c *CurveNull) tests() []*CurveTest {
	return []*CurveTest{&c.Short.A, &c.Short.B, &c.Short.Spread, &c.Long.A, &c.Long.B, &c.Long.Spread}
}

type curveStat struct {
	n                       int
	median, positive, agree float64
}

// curveWork is one goroutine's room for a shifted curve.
type curveWork struct {
	*gridWork
	vals [6][]float64
}

func newCurveWork(gn *GridNull) *curveWork {
	w := &curveWork{gridWork: newGridWork(gn)}
	for k := range w.vals {
		w.vals[k] = make([]float64, 0, len(gn.specs))
	}
	return w
}

// curve returns the six statistics under shift d.
func (w *curveWork) curve(d int) [6]curveStat {
	for k := range w.vals {
		w.vals[k] = w.vals[k][:0]
	}
	w.each(d, func(x SpecExcess) {
		for k, v := range [6]float64{x.ShortA, x.ShortB, x.ShortA - x.ShortB, x.LongA, x.LongB, x.LongA - x.LongB} {
			if v == v { // not NaN
				w.vals[k] = append(w.vals[k], v)
			}
		}
	})
	var out [6]curveStat
	for k, v := range w.vals {
		out[k] = curveStats(v)
	}
	return out
}

// curveStats summarises one curve's values (reordered): their median, the
// share above zero and the share agreeing with the majority's sign.
func curveStats(v []float64) curveStat {
	st := curveStat{n: len(v), median: math.NaN(), positive: math.NaN(), agree: math.NaN()}
	if len(v) == 0 {
		return st
	}
	pos, neg := 0, 0
	for _, x := range v {
		switch {
		case x > 0:
			pos++
		case x < 0:
			neg++
		}
	}
	n := float64(len(v))
	st.positive = float64(pos) / n
	st.agree = float64(max(pos, neg)) / n
	st.median = quantileSelect(v, 0.5)
	return st
}
