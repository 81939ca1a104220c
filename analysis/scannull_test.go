package analysis_test

import (
	"cmp"
	"math"
	"math/rand/v2"
	"slices"
	"testing"
	"time"

	"github.com/rotationlab/rotation/analysis"
	"github.com/rotationlab/rotation/analysis/marketdata"
	"github.com/rotationlab/rotation/analysis/resample"
)

// plantedUniverse is four random walks T0..T3 of n calendar days with 1%
// daily moves, T3 with 0.2% and no prices for its first 40 days (so its
// pairs have few events, whose shifts may find no data). On jumps days at
// random, at least 40 days apart, T0 gains 5% and T1 loses 1%; after each,
// T0 gains drift a day for 20 days (0: no effect).
func plantedUniverse(seed uint64, n, jumps int, drift float64) *analysis.Universe {
	rng := rand.New(rand.NewPCG(seed, 7))
	u := &analysis.Universe{Tickers: []marketdata.Ticker{"T0", "T1", "T2", "T3"}}
	start := time.Date(2000, 1, 3, 0, 0, 0, 0, time.UTC)
	for d := range n {
		u.Dates = append(u.Dates, start.AddDate(0, 0, d))
	}
	jump := make([]bool, n)
	for placed := 0; placed < jumps; {
		t := 41 + rng.IntN(n-41)
		ok := true
		for s := max(0, t-40); s < min(n, t+40); s++ {
			ok = ok && !jump[s]
		}
		if ok {
			jump[t] = true
			placed++
		}
	}
	for i := range u.Tickers {
		p := make([]float64, n)
		p[0] = 100
		left := 0
		for t := 1; t < n; t++ {
			r := 0.01 * rng.NormFloat64()
			if i == 3 {
				r /= 5
			}
			switch {
			case jump[t] && i == 0:
				r, left = r+0.05, 20
			case jump[t] && i == 1:
				r -= 0.01
			case left > 0 && i == 0:
				r += drift
				left--
			}
			p[t] = p[t-1] * (1 + r)
		}
		if i == 3 {
			for t := range 40 {
				p[t] = math.NaN()
			}
		}
		u.Close = append(u.Close, p)
	}
	return u
}

// refPair is the plain reference for one pair and horizon: its excess,
// p-value and centred shifted excesses, from the closes by loops.
type refPair struct {
	a, b      marketdata.Ticker
	events, n int
	excess, p float64
	null      []float64
	holm, bh  float64
	z, sd, rw float64
	inRW      bool
}

func refScan(t *testing.T, u *analysis.Universe, thr float64, days []int, shifts int, seed uint64) ([][]refPair, []int) {
	t.Helper()
	shiftsUsed := make([]int, len(days))
	nd := len(u.Dates)
	lo, hi := 1, nd
	w := hi - lo
	offsets, err := resample.Offsets(w, shifts, seed)
	if err != nil {
		t.Fatal(err)
	}
	var out [][]refPair // [pair][horizon]
	for a := range u.Tickers {
		for b := range u.Tickers {
			if a == b {
				continue
			}
			pa, pb := u.Close[a], u.Close[b]
			var rows []int
			for t := lo; t < hi; t++ {
				if (pa[t]/pa[t-1]-1)-(pb[t]/pb[t-1]-1) >= thr {
					rows = append(rows, t)
				}
			}
			var hs []refPair
			for _, h := range days {
				q := func(t int) float64 {
					if t+h >= nd {
						return math.NaN()
					}
					return (pa[t+h]/pa[t] - 1) - (pb[t+h]/pb[t] - 1)
				}
				mean := func(d int) float64 {
					s, c := 0.0, 0
					for _, r := range rows {
						if v := q(lo + (r-lo+d)%w); !math.IsNaN(v) {
							s += v
							c++
						}
					}
					return s / float64(c) // NaN when c is 0
				}
				rp := refPair{a: u.Tickers[a], b: u.Tickers[b], events: len(rows), p: math.NaN(), excess: math.NaN(), holm: math.NaN(), bh: math.NaN()}
				for _, r := range rows {
					if !math.IsNaN(q(r)) {
						rp.n++
					}
				}
				if rp.n > 0 {
					c, nc := 0.0, 0
					for t := lo; t < hi; t++ {
						if v := q(t); !math.IsNaN(v) {
							c += v
							nc++
						}
					}
					c /= float64(nc)
					rp.excess = mean(0) - c
					far, used := 0, 0
					for _, d := range offsets {
						m := mean(d) - c
						rp.null = append(rp.null, m)
						if math.IsNaN(m) {
							continue
						}
						used++
						if math.Abs(m) >= math.Abs(rp.excess) {
							far++
						}
					}
					rp.p = float64(far+1) / float64(used+1)
				}
				hs = append(hs, rp)
			}
			out = append(out, hs)
		}
	}
	// Holm and BH over every pair and horizon, by their definitions.
	var all []*refPair
	for i := range out {
		for k := range out[i] {
			if !math.IsNaN(out[i][k].p) {
				all = append(all, &out[i][k])
			}
		}
	}
	slices.SortStableFunc(all, func(x, y *refPair) int { return cmp.Compare(x.p, y.p) })
	m := len(all)
	for i, r := range all {
		r.holm = 0
		for j := 0; j <= i; j++ {
			r.holm = math.Max(r.holm, math.Min(1, float64(m-j)*all[j].p))
		}
		r.bh = 1
		for j := i; j < m; j++ {
			r.bh = math.Min(r.bh, math.Min(1, float64(m)*all[j].p/float64(j+1)))
		}
	}
	// Z and the Romano-Wolf stepdown per horizon, by their definitions:
	// the family is the pairs with a z whose shifted events lack data
	// under at most a tenth of the shifts, and the shifts used are those
	// under which every member has data.
	for k := range days {
		var fam []*refPair
		for i := range out {
			r := &out[i][k]
			if math.IsNaN(r.excess) {
				continue
			}
			var def []float64
			for _, v := range r.null {
				if !math.IsNaN(v) {
					def = append(def, v)
				}
			}
			s, ss := 0.0, 0.0
			for _, v := range def {
				s += v
			}
			for _, v := range def {
				ss += (v - s/float64(len(def))) * (v - s/float64(len(def)))
			}
			r.sd = math.Sqrt(ss / float64(len(def)-1))
			r.z = r.excess / r.sd
			if shifts-len(def) > shifts/10 {
				continue
			}
			r.inRW = true
			fam = append(fam, r)
		}
		var used []int
		for b := range shifts {
			ok := true
			for _, r := range fam {
				ok = ok && !math.IsNaN(r.null[b])
			}
			if ok {
				used = append(used, b)
			}
		}
		shiftsUsed[k] = len(used)
		slices.SortStableFunc(fam, func(x, y *refPair) int { return cmp.Compare(math.Abs(y.z), math.Abs(x.z)) })
		run := 0.0
		for j, r := range fam {
			far := 0
			for _, b := range used {
				mx := 0.0
				for _, o := range fam[j:] {
					mx = math.Max(mx, math.Abs(o.null[b]/o.sd))
				}
				if mx >= math.Abs(r.z) {
					far++
				}
			}
			run = math.Max(run, float64(far+1)/float64(len(used)+1))
			r.rw = run
		}
	}
	return out, shiftsUsed
}

func near12(a, b float64) bool { return close12(a, b) }

// SearchScan agrees with the plain reference within 1e-12: each pair's
// events, excess and date-shift p-value, Holm's and BH's adjustments, Z,
// the Romano-Wolf stepdown and the reality check of the best pair; and its
// pairs are Scan's, with the same events and means.
func TestSearchScanReference(t *testing.T) {
	u := plantedUniverse(3, 900, 8, 0.004)
	days := []int{5, 20}
	opt := analysis.ScanOptions{Threshold: 0.03, Horizons: []analysis.Horizon{analysis.Days(5), analysis.Days(20)}}
	so := analysis.ShiftOptions{Shifts: 120, Seed: 9}
	got, err := analysis.SearchScan(u, opt, so)
	if err != nil {
		t.Fatal(err)
	}
	rows, err := analysis.Scan(u, opt)
	if err != nil {
		t.Fatal(err)
	}
	ref, shiftsUsed := refScan(t, u, 0.03, days, so.Shifts, so.Seed)
	find := func(a, b marketdata.Ticker) []refPair {
		for _, r := range ref {
			if r[0].a == a && r[0].b == b {
				return r
			}
		}
		t.Fatalf("no reference pair %s %s", a, b)
		return nil
	}
	if len(got.Pairs) != len(rows) || got.Shifts != 120 || got.Seed != 9 || got.Span != 899 {
		t.Fatalf("%d pairs for %d scan rows; shifts %d seed %d span %d", len(got.Pairs), len(rows), got.Shifts, got.Seed, got.Span)
	}
	for i, p := range got.Pairs {
		row := rows[i]
		if p.A != row.A || p.B != row.B || p.Events != row.Events {
			t.Fatalf("pair %d: %s %s %d events, scan row %s %s %d", i, p.A, p.B, p.Events, row.A, row.B, row.Events)
		}
		r := find(p.A, p.B)
		for k, pt := range p.Horizons {
			w := r[k]
			f := row.Forward[k]
			if pt.N != f.N || pt.N != w.n || p.Events != w.events {
				t.Fatalf("%s %s %s: n %d, scan %d, reference %d", p.A, p.B, pt.Horizon, pt.N, f.N, w.n)
			}
			if pt.N > 0 && !near12(pt.Excess+pt.Baseline, f.A-f.B) {
				t.Errorf("%s %s %s: excess+baseline %v, scan A-B %v", p.A, p.B, pt.Horizon, pt.Excess+pt.Baseline, f.A-f.B)
			}
			if !near12(pt.Excess, w.excess) || !near12(pt.P, w.p) || !near12(pt.Holm, w.holm) || !near12(pt.BH, w.bh) {
				t.Errorf("%s %s %s: excess %v p %v holm %v bh %v; reference %v %v %v %v", p.A, p.B, pt.Horizon,
					pt.Excess, pt.P, pt.Holm, pt.BH, w.excess, w.p, w.holm, w.bh)
			}
			if w.inRW != !math.IsNaN(pt.RomanoWolf) || w.inRW && (!near12(pt.Z, w.z) || !near12(pt.RomanoWolf, w.rw)) {
				t.Errorf("%s %s %s: z %v rw %v; reference %v %v (in family %v)", p.A, p.B, pt.Horizon, pt.Z, pt.RomanoWolf, w.z, w.rw, w.inRW)
			}
		}
	}
	for k, b := range got.Best {
		bestZ, pairs := 0.0, 0
		var ba marketdata.Ticker
		for _, r := range ref {
			if r[k].inRW {
				pairs++
				if math.Abs(r[k].z) > bestZ {
					bestZ, ba = math.Abs(r[k].z), r[k].a
				}
			}
		}
		t.Logf("%s: %d pairs, %d left out, %d shifts", b.Horizon, b.Pairs, b.LeftOut, b.Shifts)
		if b.LeftOut == 0 || b.Shifts == so.Shifts {
			t.Errorf("%s: the fixture should leave a pair and some shifts out", b.Horizon)
		}
		if b.Shifts != shiftsUsed[k] {
			t.Errorf("best at %s: %d shifts used, reference %d", b.Horizon, b.Shifts, shiftsUsed[k])
		}
		if b.Pairs != pairs || b.Pairs+b.LeftOut != len(ref) || b.A != ba || !near12(math.Abs(b.Z), bestZ) {
			t.Errorf("best at %s: %s %s |z| %v of %d; reference %s |z| %v of %d", b.Horizon, b.A, b.B, math.Abs(b.Z), b.Pairs, ba, bestZ, pairs)
		}
		// The reality check is the first step of the stepdown.
		if w := find(b.A, b.B)[k]; !near12(b.RealityCheck, w.rw) {
			t.Errorf("best at %s: reality check %v, reference %v", b.Horizon, b.RealityCheck, w.rw)
		}
	}
	if _, err := analysis.SearchScan(u, opt, analysis.ShiftOptions{}); err == nil {
		t.Error("no shifts: no error")
	}
}

// The planted effect (T0 gains for 20 days after its jumps) is found: the
// best pair at 20 days has T0 as its A leg, the reality check's p-value is
// small and the pair's Holm-adjusted p-value is near 0.05. Without the effect, the
// reality check is seldom small.
func TestSearchScanPlantedAndNull(t *testing.T) {
	opt := analysis.ScanOptions{Threshold: 0.045, Horizons: []analysis.Horizon{analysis.Days(5), analysis.Days(20)}}
	so := analysis.ShiftOptions{Shifts: 999, Seed: 1}
	got, err := analysis.SearchScan(plantedUniverse(5, 8000, 30, 0.006), opt, so)
	if err != nil {
		t.Fatal(err)
	}
	b := got.Best[1]
	t.Logf("planted: best %s over %s, excess %.4f z %.2f p %.4f holm %.4f reality check %.4f (%d pairs, %d left out)", b.A, b.B, b.Excess, b.Z, b.P, b.Holm, b.RealityCheck, b.Pairs, b.LeftOut)
	// Shifts of fewer than 20 days overlap the planted windows, so no
	// p-value here falls much below 20/8000, and Holm's adjustment of it
	// stays near 0.05.
	if b.A != "T0" || b.Excess < 0.05 || b.RealityCheck > 0.01 || b.Holm > 0.1 {
		t.Errorf("planted effect not found: %+v", b)
	}
	small := 0
	const runs = 10
	for seed := range uint64(runs) {
		got, err := analysis.SearchScan(plantedUniverse(50+seed, 3000, 12, 0), opt, so)
		if err != nil {
			t.Fatal(err)
		}
		t.Logf("no effect %d: best %s over %s reality check %.3f", seed, got.Best[1].A, got.Best[1].B, got.Best[1].RealityCheck)
		if got.Best[1].RealityCheck < 0.05 {
			small++
		}
	}
	// About 5% fall below 0.05 under the null; 4 of 10 would happen by
	// chance with probability about 0.001.
	if small >= 4 {
		t.Errorf("no effect: %d of %d reality checks below 0.05", small, runs)
	}
}
