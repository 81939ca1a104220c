package analysis

import (
	"cmp"
	"errors"
	"fmt"
	"math"
	"slices"

	"github.com/rotationlab/rotation/analysis/marketdata"
	"github.com/rotationlab/rotation/analysis/resample"
	"github.com/rotationlab/rotation/analysis/stat"
)

// A scan tries every ordered pair at every horizon, so its best figures
// are the best of many tries. SearchScan puts a price on that search:
// each pair and horizon gets a date-shift p-value (resample.DateShift:
// the pair's event dates all moved by one offset along the calendar,
// circularly within the window, which keeps their clustering), the
// p-values adjusted for the number tested (Holm's family-wise and
// Benjamini and Hochberg's false-discovery rate, over every pair and
// horizon), and, at each horizon, a data-snooping test of the best pair:
// White's reality check and the Romano-Wolf stepdown. Every pair sees the
// same offsets, so the shifted pairs keep their dependence (the joint
// null).
//
// The statistic is a pair's excess: the mean A - B forward return after
// its events minus the mean from every day of the window. The pairs'
// excesses differ in scale (a pair of volatile funds, or one with few
// events, varies more), so the data-snooping tests compare them in units
// of their own null: each excess is divided by the standard deviation of
// its shifted excesses (Z), and the best pair at a horizon is the one with
// the largest |Z|, the excess that is most unusual for its pair.

// DefaultShifts is the number of date shifts the search inference draws
// unless told otherwise (rotation reproduce and scan, -shifts).
const DefaultShifts = 1000

// ShiftOptions set a date-shift test: the number of shifts and their
// seed, from which resample.Offsets draws the offsets.
type ShiftOptions struct {
	Shifts int
	Seed   uint64
}

// Validate reports a bad number of shifts as an *OptionError.
func (o ShiftOptions) Validate() error {
	if o.Shifts <= 0 {
		return &OptionError{Field: "Shifts", Problem: fmt.Sprintf("must be positive (got %d)", o.Shifts)}
	}
	return nil
}

// PairTest is one ordered pair at one horizon under the date shift.
type PairTest struct {
	Horizon Horizon
	// N counts the events with data through the horizon.
	N int
	// Excess is the events' mean A - B forward return minus Baseline,
	// the mean from every day of the window with data through the
	// horizon (NaN when N is 0).
	Excess, Baseline float64
	// SD is the standard deviation of the shifted excesses (n - 1 in the
	// denominator) and Z is Excess / SD (NaN when SD is not above 0).
	SD, Z float64
	// P is the date-shift p-value; Holm and BH are it adjusted over every
	// pair and horizon of the scan (stat.Holm, stat.BenjaminiHochberg).
	P, Holm, BH float64
	// RomanoWolf is the stepdown adjusted p-value over the pairs at this
	// horizon (resample.RomanoWolf on Z, under BestPair.Shifts shifts); NaN
	// for a pair outside that family (see BestPair.LeftOut).
	RomanoWolf float64
	// Used counts the shifts whose shifted events have data through the
	// horizon.
	Used int
}

// PairSearch is one ordered pair's tests, one per horizon.
type PairSearch struct {
	A, B     marketdata.Ticker
	Events   int
	Horizons []PairTest
}

// BestPair is the data-snooping test at one horizon: of the pairs tried,
// the one whose excess is largest in units of its null (|Z|), and how
// surprising a best that large is.
type BestPair struct {
	Horizon Horizon
	// A and B are the best pair; empty when no pair could be tested.
	A, B marketdata.Ticker
	// Excess, Z, P and Holm are the best pair's (see PairTest).
	Excess, Z, P, Holm float64
	// RealityCheck is White's reality check p-value of the best |Z|
	// among Pairs pairs (resample.RealityCheck); the Romano-Wolf adjusted
	// p-value of the best pair is the same number.
	RealityCheck float64
	// Pairs counts the pairs compared; LeftOut those left out: no event
	// with data through the horizon, or shifted events without data under
	// more than a tenth of the shifts. Shifts counts the shifts used: those
	// under which every pair compared has data (the joint null).
	Pairs, LeftOut, Shifts int
}

// ScanSearch is the price of the scan's search.
type ScanSearch struct {
	// Shifts is the number of date shifts and Seed their seed; Span is
	// the number of trading days of the window they shift over.
	Shifts int
	Seed   uint64
	Span   int
	// Pairs are in Scan's order: most events first, then by A and B.
	Pairs []PairSearch
	// Best holds one data-snooping test per horizon.
	Best []BestPair
}

// SearchScan tests every ordered pair of u at every horizon of opt under
// so.Shifts date shifts. Pairs are those of Scan(u, opt), with the same
// events; a pair's excess is its Scan row's A mean minus its B mean, less
// the baseline. It costs O(pairs × horizons × (days + shifts × events)).
func SearchScan(u *Universe, opt ScanOptions, so ShiftOptions) (*ScanSearch, error) {
	if err := so.Validate(); err != nil {
		return nil, err
	}
	sc, err := newScan(u, opt)
	if err != nil {
		return nil, err
	}
	lo, hi := sc.lo, sc.hi
	if hi-lo < 2 {
		return nil, errors.New("analysis: the scan's window has fewer than two trading days to shift the events over")
	}
	nt, nd, nh := sc.nt, sc.nd, sc.nh
	rule := opt.Rule()
	// ret[i][t] and fwd[i][k][t]: ticker i's return on day t and forward
	// return from day t at horizon k, NaN where a price is missing.
	ret := make([][]float64, nt)
	fwd := make([][][]float64, nt)
	for i, p := range u.Close {
		ret[i] = make([]float64, nd)
		ret[i][0] = math.NaN()
		for t := 1; t < nd; t++ {
			ret[i][t] = p[t]/p[t-1] - 1
		}
		fwd[i] = make([][]float64, nh)
		for k := range nh {
			f := make([]float64, nd)
			for t, x := range sc.exs[k] {
				f[t] = math.NaN()
				if x >= 0 {
					f[t] = p[x]/p[t] - 1
				}
			}
			fwd[i][k] = f
		}
	}
	res := &ScanSearch{Shifts: so.Shifts, Seed: so.Seed, Span: hi - lo, Pairs: make([]PairSearch, 0, nt*(nt-1))}
	for a := range nt {
		for b := range nt {
			if a != b {
				res.Pairs = append(res.Pairs, PairSearch{A: u.Tickers[a], B: u.Tickers[b], Horizons: make([]PairTest, nh)})
			}
		}
	}
	// shifts[pair*nh+k] holds the date-shift results.
	shifts := make([]resample.ShiftResult, len(res.Pairs)*nh)
	errs := make([]error, len(res.Pairs))
	parallel(len(res.Pairs), sc.workers, func(pi int) {
		a, b := pi/(nt-1), pi%(nt-1)
		if b >= a {
			b++
		}
		ps := &res.Pairs[pi]
		var rows []int
		for t := lo; t < hi; t++ {
			if rule.Hit(ret[a][t] - ret[b][t]) {
				rows = append(rows, t)
			}
		}
		ps.Events = len(rows)
		q := make([]float64, nd)
		for k := range nh {
			pt := PairTest{Horizon: opt.Horizons[k], Excess: math.NaN(), Baseline: math.NaN(), SD: math.NaN(), Z: math.NaN(), P: math.NaN(), RomanoWolf: math.NaN()}
			for t := range q {
				q[t] = fwd[a][k][t] - fwd[b][k][t]
			}
			for _, r := range rows {
				if !math.IsNaN(q[r]) {
					pt.N++
				}
			}
			if pt.N > 0 {
				sr, err := resample.DateShift(q, rows, lo, hi, resample.Options{Draws: so.Shifts, Seed: so.Seed})
				if err != nil {
					errs[pi] = fmt.Errorf("analysis: %s over %s at %s: %w", ps.A, ps.B, pt.Horizon, err)
					return
				}
				pt.Excess, pt.Baseline, pt.P, pt.Used = sr.Observed-sr.Center, sr.Center, sr.P, sr.Used
				null := make([]float64, len(sr.Null))
				for i, v := range sr.Null {
					null[i] = v - sr.Center
				}
				if pt.SD = nullSD(null); pt.SD > 0 {
					pt.Z = pt.Excess / pt.SD
				}
				shifts[pi*nh+k] = sr
			}
			ps.Horizons[k] = pt
		}
	})
	if err := errors.Join(errs...); err != nil {
		return nil, err
	}
	slices.SortStableFunc(res.Pairs, func(x, y PairSearch) int {
		return cmp.Or(cmp.Compare(y.Events, x.Events), cmp.Compare(x.A, y.A), cmp.Compare(x.B, y.B))
	})
	// The sort moved the pairs: find each one's results by its tickers.
	index := map[[2]marketdata.Ticker]int{}
	for a := range nt {
		for b := range nt {
			if a != b {
				index[[2]marketdata.Ticker{u.Tickers[a], u.Tickers[b]}] = len(index)
			}
		}
	}
	at := func(i, k int) int { return index[[2]marketdata.Ticker{res.Pairs[i].A, res.Pairs[i].B}]*nh + k }

	// Holm and BH over every pair and horizon.
	var ps []float64
	for _, p := range res.Pairs {
		for _, t := range p.Horizons {
			ps = append(ps, t.P)
		}
	}
	holm, bh := stat.Holm(ps), stat.BenjaminiHochberg(ps)
	for i := range res.Pairs {
		for k := range res.Pairs[i].Horizons {
			res.Pairs[i].Horizons[k].Holm, res.Pairs[i].Horizons[k].BH = holm[i*nh+k], bh[i*nh+k]
		}
	}

	// The data-snooping tests, one horizon at a time, on Z. The joint
	// null needs every pair of the family under every shift used: a pair
	// whose shifted events lack data under more than a tenth of the shifts
	// is left out, and the shifts under which any other pair lacks data
	// are left out of the test.
	for k, h := range opt.Horizons {
		best := BestPair{Horizon: h, Excess: math.NaN(), Z: math.NaN(), P: math.NaN(), Holm: math.NaN(), RealityCheck: math.NaN()}
		var members []int
		var rs []resample.ShiftResult
		for i, p := range res.Pairs {
			t := p.Horizons[k]
			if math.IsNaN(t.Z) || so.Shifts-t.Used > so.Shifts/10 {
				best.LeftOut++
				continue
			}
			members = append(members, i)
			rs = append(rs, shifts[at(i, k)])
		}
		best.Pairs = len(members)
		var obs []float64
		var null [][]float64
		if len(members) > 0 {
			var err error
			// Joint centres the excesses and leaves out the shifts under
			// which a member lacks data; each pair's column is then put in
			// units of its own null's spread.
			if obs, null, err = resample.Joint(rs); err != nil {
				return nil, fmt.Errorf("analysis: the joint null at %s: %w", h, err)
			}
			for j, i := range members {
				sd := res.Pairs[i].Horizons[k].SD
				obs[j] /= sd
				for _, row := range null {
					row[j] /= sd
				}
			}
		}
		best.Shifts = len(null)
		if len(members) > 0 && len(null) > 0 {
			rc, err := resample.RealityCheck(obs, null)
			if err != nil {
				return nil, fmt.Errorf("analysis: the reality check at %s: %w", h, err)
			}
			rw, err := resample.RomanoWolf(obs, null)
			if err != nil {
				return nil, fmt.Errorf("analysis: the Romano-Wolf stepdown at %s: %w", h, err)
			}
			top := 0
			for j, i := range members {
				res.Pairs[i].Horizons[k].RomanoWolf = rw[j]
				if math.Abs(obs[j]) > math.Abs(obs[top]) {
					top = j
				}
			}
			p := res.Pairs[members[top]]
			t := p.Horizons[k]
			best.A, best.B, best.Excess, best.Z, best.P, best.Holm, best.RealityCheck = p.A, p.B, t.Excess, t.Z, t.P, t.Holm, rc
		}
		res.Best = append(res.Best, best)
	}
	return res, nil
}

// nullSD is the standard deviation of the defined values of a null
// (n - 1 in the denominator); NaN with fewer than two.
func nullSD(null []float64) float64 {
	s, n := 0.0, 0
	for _, v := range null {
		if !math.IsNaN(v) {
			s += v
			n++
		}
	}
	if n < 2 {
		return math.NaN()
	}
	m := s / float64(n)
	ss := 0.0
	for _, v := range null {
		if !math.IsNaN(v) {
			ss += (v - m) * (v - m)
		}
	}
	return math.Sqrt(ss / float64(n-1))
}
