package analysis_test

import (
	"math"
	"math/rand/v2"
	"slices"
	"sort"
	"testing"
	"time"

	"github.com/rotationlab/rotation/analysis"
	"github.com/rotationlab/rotation/analysis/marketdata"
	"github.com/rotationlab/rotation/analysis/resample"
)

// pairWalk is two random walks of n trading days (weekdays from
// 2001-01-02, every 13th left out as a holiday) with 1% daily moves, raw
// closes 2% above the adjusted ones and opens near the previous close.
// events days (chosen at random, at least 40 days apart) get a spread of
// about +6 points; after each, A gains drift a day over B for the
// following 20 days (0: no effect).
func pairWalk(seed uint64, n, events int, drift float64) *marketdata.Aligned {
	rng := rand.New(rand.NewPCG(seed, 99))
	var dates []time.Time
	d := time.Date(2001, 1, 2, 0, 0, 0, 0, time.UTC)
	for k := 0; len(dates) < n; k++ {
		for d.Weekday() == time.Saturday || d.Weekday() == time.Sunday {
			d = d.AddDate(0, 0, 1)
		}
		if k%13 != 12 {
			dates = append(dates, d)
		}
		d = d.AddDate(0, 0, 1)
	}
	jump := make([]bool, n)
	for placed := 0; placed < events; {
		t := 1 + rng.IntN(n-1)
		ok := true
		for u := max(0, t-40); u < min(n, t+40); u++ {
			ok = ok && !jump[u]
		}
		if ok {
			jump[t] = true
			placed++
		}
	}
	mk := func(tk marketdata.Ticker, sign float64) *marketdata.Series {
		s := &marketdata.Series{Ticker: tk, Format: marketdata.FormatArchive, Dates: dates}
		p, left := 100.0, 0
		for t := range n {
			if t > 0 {
				r := 0.01 * rng.NormFloat64()
				if left > 0 {
					r += sign * drift / 2
					left--
				}
				if jump[t] {
					r += sign * 0.03
					left = 20
				}
				p *= 1 + r
			}
			s.Adjusted = append(s.Adjusted, p)
			s.Raw = append(s.Raw, p*1.02)
			s.Open = append(s.Open, p*(1+0.003*rng.NormFloat64()))
		}
		return s
	}
	al, err := marketdata.Align(mk("AAA", 1), mk("BBB", -1))
	if err != nil {
		panic(err)
	}
	return al
}

// smallGrid tries every exit rule, price, comparison and entry, with
// short horizons, leaving out any one event.
func smallGrid(before time.Time) analysis.GridOptions {
	return analysis.GridOptions{A: "AAA", B: "BBB", EventRule: analysis.EventRule{Threshold: 0.045, Before: before},
		Prices:   []marketdata.PriceKind{marketdata.Adjusted, marketdata.Raw},
		Compares: []analysis.Comparison{analysis.AtLeast, analysis.Above},
		Horizons: []analysis.HorizonRule{{Exit: analysis.TradingDaysLater, Short: 5, Long: 20}, {Exit: analysis.TradingDaysLater, Short: 6, Long: 20},
			{Exit: analysis.CalendarDaysLater, Short: 7, Long: 30}, {Exit: analysis.MonthsOnOrAfter, Short: 1, Long: 2},
			{Exit: analysis.MonthsOnOrBefore, Short: 1, Long: 2}},
		Entries:     []analysis.Entry{analysis.EventClose, analysis.NextClose, analysis.NextOpen},
		LeaveOneOut: true}
}

// refExit is the exit row of a position entered at row i, found by a plain
// walk over the dates (-1 when the data end first).
func refExit(dates []time.Time, i int, rule analysis.ExitRule, n int) int {
	if rule == analysis.TradingDaysLater {
		if i+n < len(dates) {
			return i + n
		}
		return -1
	}
	var target time.Time
	switch rule {
	case analysis.CalendarDaysLater:
		target = dates[i].AddDate(0, 0, n)
	default:
		// Month arithmetic, clipped to the month's end.
		y, m, day := dates[i].Date()
		first := time.Date(y, m+time.Month(n), 1, 0, 0, 0, 0, time.UTC)
		if last := first.AddDate(0, 1, -1).Day(); day > last {
			day = last
		}
		target = time.Date(first.Year(), first.Month(), day, 0, 0, 0, 0, time.UTC)
	}
	for j := i + 1; j < len(dates); j++ {
		if dates[j].Before(target) {
			continue
		}
		if rule == analysis.MonthsOnOrBefore && dates[j].After(target) {
			if j-1 > i {
				return j - 1
			}
			return -1
		}
		return j
	}
	return -1
}

// refExcess is the slow, plain reference for GridNull.Excess: for every
// specification, the events picked again from the closes, moved d rows
// circularly within the window, the excluded one dropped, and the forward
// returns and the baseline computed day by day.
func refExcess(t *testing.T, al *marketdata.Aligned, g analysis.GridOptions, specs []analysis.Spec, d int) []analysis.SpecExcess {
	t.Helper()
	dates := al.Dates
	lo, hi := 1, len(dates)
	for hi > lo && !dates[hi-1].Before(g.Before) {
		hi--
	}
	w := hi - lo
	var out []analysis.SpecExcess
	for _, sp := range specs {
		var cl, op [2][]float64
		for i := range 2 {
			var err error
			if cl[i], err = al.Close(i, sp.Price); err != nil {
				t.Fatal(err)
			}
			if op[i], err = al.Open(i, sp.Price); err != nil {
				t.Fatal(err)
			}
		}
		var events []int
		for r := lo; r < hi; r++ {
			s := (cl[0][r]/cl[0][r-1] - 1) - (cl[1][r]/cl[1][r-1] - 1)
			if s > g.Threshold || sp.Compare == analysis.AtLeast && s == g.Threshold {
				if !dates[r].Equal(sp.Excluded) {
					events = append(events, lo+(r-lo+d)%w)
				}
			}
		}
		fwd := func(r, leg int, long bool) (float64, bool) {
			in := r
			if sp.Entry != analysis.EventClose {
				in++
			}
			if in >= len(dates) {
				return 0, false
			}
			n := sp.Horizon.Short
			if long {
				n = sp.Horizon.Long
			}
			x := refExit(dates, in, sp.Horizon.Exit, n)
			if x < 0 {
				return 0, false
			}
			p := cl[leg][in]
			if sp.Entry == analysis.NextOpen {
				p = op[leg][in]
			}
			return cl[leg][x]/p - 1, true
		}
		avg := func(rows []int, leg int, long bool) float64 {
			s, n := 0.0, 0
			for _, r := range rows {
				if f, ok := fwd(r, leg, long); ok {
					s += f
					n++
				}
			}
			if n == 0 {
				return math.NaN()
			}
			return s / float64(n)
		}
		var all []int
		for r := lo; r < hi; r++ {
			all = append(all, r)
		}
		x := func(leg int, long bool) float64 { return avg(events, leg, long) - avg(all, leg, long) }
		out = append(out, analysis.SpecExcess{ShortA: x(0, false), ShortB: x(1, false), LongA: x(0, true), LongB: x(1, true)})
	}
	return out
}

func close12(a, b float64) bool {
	return a == b || math.IsNaN(a) && math.IsNaN(b) || math.Abs(a-b) <= 1e-12
}

// testOffsets draws n offsets in [1, span-1], as every date-shift test
// does.
func testOffsets(t *testing.T, span, n int, seed uint64) []int {
	t.Helper()
	out, err := resample.Offsets(span, n, seed)
	if err != nil {
		t.Fatal(err)
	}
	return out
}

// The fast shifted excess agrees with the plain reference within 1e-12,
// for every specification, at no shift and at several; and at no shift the
// means are Grid's, bit for bit.
func TestGridNullExcessReference(t *testing.T) {
	al := pairWalk(1, 300, 6, 0.002)
	g := smallGrid(al.Dates[260])
	gn, err := analysis.NewGridNull(al, g)
	if err != nil {
		t.Fatal(err)
	}
	specs := gn.Specs()
	// 60 choices of price, comparison, horizons and entry, with at least
	// three events to leave out.
	if len(specs)%60 != 0 || len(specs) < 4*60 {
		t.Fatalf("%d specifications, want 60 times one more than the events (at least 3)", len(specs))
	}
	lo, hi := gn.Window()
	for _, d := range append([]int{0, 1, hi - lo - 1}, testOffsets(t, hi-lo, 5, 2)...) {
		got, err := gn.Excess(d)
		if err != nil {
			t.Fatal(err)
		}
		want := refExcess(t, al, g, specs, d)
		for i := range want {
			g, w := got[i], want[i]
			if !close12(g.ShortA, w.ShortA) || !close12(g.ShortB, w.ShortB) || !close12(g.LongA, w.LongA) || !close12(g.LongB, w.LongB) {
				t.Fatalf("shift %d, spec %d %+v: got %+v, reference %+v", d, i, specs[i], g, w)
			}
			if d != 0 {
				continue
			}
			b, err := gn.Baseline(i)
			if err != nil {
				t.Fatal(err)
			}
			sp := specs[i]
			if !close12(sp.ShortA-b.ShortA, g.ShortA) || !close12(sp.LongB-b.LongB, g.LongB) {
				t.Fatalf("spec %d: Grid's means less the baseline %v %v, excess %v %v", i, sp.ShortA-b.ShortA, sp.LongB-b.LongB, g.ShortA, g.LongB)
			}
		}
	}
	for _, d := range []int{-1, hi - lo} {
		if _, err := gn.Excess(d); err == nil {
			t.Errorf("shift %d outside the window: no error", d)
		}
	}
	if _, err := gn.Baseline(len(specs)); err == nil {
		t.Error("Baseline of a specification past the end: no error")
	}
}

// median is the plain median: the middle of the sorted values, or the mean
// of the two middle ones.
func median(v []float64) float64 {
	s := slices.Clone(v)
	sort.Float64s(s)
	n := len(s)
	if n%2 == 1 {
		return s[n/2]
	}
	return (s[n/2-1] + s[n/2]) / 2
}

// refCurve is the reference curve statistics of one set of excesses:
// medians and sign agreement per horizon and leg, short A, B, spread,
// long A, B, spread.
func refCurve(xs []analysis.SpecExcess) (med, agree [6]float64) {
	for k := range 6 {
		var v []float64
		for _, x := range xs {
			val := [6]float64{x.ShortA, x.ShortB, x.ShortA - x.ShortB, x.LongA, x.LongB, x.LongA - x.LongB}[k]
			if !math.IsNaN(val) {
				v = append(v, val)
			}
		}
		pos, neg := 0, 0
		for _, x := range v {
			if x > 0 {
				pos++
			} else if x < 0 {
				neg++
			}
		}
		med[k], agree[k] = median(v), float64(max(pos, neg))/float64(len(v))
	}
	return med, agree
}

// Test's medians, agreement and p-values are those of the reference
// excesses under the same shifts, and do not depend on the workers.
func TestGridNullTestReference(t *testing.T) {
	al := pairWalk(4, 300, 6, 0.002)
	g := smallGrid(al.Dates[260])
	gn, err := analysis.NewGridNull(al, g)
	if err != nil {
		t.Fatal(err)
	}
	lo, hi := gn.Window()
	offsets := testOffsets(t, hi-lo, 40, 3)
	res, err := gn.Test(offsets, 3)
	if err != nil {
		t.Fatal(err)
	}
	one, err := gn.Test(offsets, 1)
	if err != nil {
		t.Fatal(err)
	}
	tests := []analysis.CurveTest{res.Short.A, res.Short.B, res.Short.Spread, res.Long.A, res.Long.B, res.Long.Spread}
	ones := []analysis.CurveTest{one.Short.A, one.Short.B, one.Short.Spread, one.Long.A, one.Long.B, one.Long.Spread}
	obsMed, obsAgree := refCurve(refExcess(t, al, g, gn.Specs(), 0))
	far, agr := [6]int{}, [6]int{}
	for i, d := range offsets {
		med, agree := refCurve(refExcess(t, al, g, gn.Specs(), d))
		for k := range 6 {
			if !close12(tests[k].NullMedian[i], med[k]) || tests[k].NullAgree[i] != agree[k] {
				t.Fatalf("stat %d, shift %d: median %v agree %v, reference %v %v", k, d, tests[k].NullMedian[i], tests[k].NullAgree[i], med[k], agree[k])
			}
			if math.Abs(med[k]) >= math.Abs(obsMed[k]) {
				far[k]++
			}
			if agree[k] >= obsAgree[k] {
				agr[k]++
			}
		}
	}
	for k, ct := range tests {
		if !close12(ct.Median, obsMed[k]) || ct.Agree != obsAgree[k] {
			t.Errorf("stat %d: observed %v %v, reference %v %v", k, ct.Median, ct.Agree, obsMed[k], obsAgree[k])
		}
		if pm, pa := float64(far[k]+1)/41, float64(agr[k]+1)/41; ct.PMedian != pm || ct.PAgree != pa {
			t.Errorf("stat %d: p %v %v, reference %v %v", k, ct.PMedian, ct.PAgree, pm, pa)
		}
		if !slices.Equal(ct.NullMedian, ones[k].NullMedian) || ct.PAgree != ones[k].PAgree {
			t.Errorf("stat %d differs with one worker", k)
		}
	}
	if _, err := gn.Test([]int{0}, 1); err == nil {
		t.Error("a zero shift: no error")
	}
	if _, err := gn.Test(nil, 1); err == nil {
		t.Error("no shifts: no error")
	}
}

// A planted effect (A gains on B for 20 days after every event) is found:
// at the long horizon the median spread's p-value is small and every
// specification agrees on the sign. On walks with no effect the p-values
// are spread out: few are small.
func TestGridNullPlantedAndNull(t *testing.T) {
	curve := func(seed uint64, drift float64) *analysis.CurveNull {
		al := pairWalk(seed, 4000, 10, drift)
		g := smallGrid(al.Dates[3950])
		gn, err := analysis.NewGridNull(al, g)
		if err != nil {
			t.Fatal(err)
		}
		lo, hi := gn.Window()
		res, err := gn.Test(testOffsets(t, hi-lo, 199, seed), 0)
		if err != nil {
			t.Fatal(err)
		}
		return res
	}
	p := curve(11, 0.006)
	if p.Long.Spread.Median < 0.05 || p.Long.Spread.PMedian > 0.03 || p.Long.Spread.Agree != 1 {
		t.Errorf("planted effect: long spread median %v p %v, agreement %v p %v", p.Long.Spread.Median, p.Long.Spread.PMedian, p.Long.Spread.Agree, p.Long.Spread.PAgree)
	}
	t.Logf("planted: long spread median %.4f p %.4f, agreement %.2f p %.3f", p.Long.Spread.Median, p.Long.Spread.PMedian, p.Long.Spread.Agree, p.Long.Spread.PAgree)
	small := 0
	const runs = 12
	for seed := range uint64(runs) {
		n := curve(100+seed, 0)
		t.Logf("no effect %d: long spread p %.3f", seed, n.Long.Spread.PMedian)
		if n.Long.Spread.PMedian < 0.05 {
			small++
		}
	}
	// Under the null about 5% of the p-values fall below 0.05; 4 of 12
	// would happen by chance with probability about 0.002.
	if small >= 4 {
		t.Errorf("no effect: %d of %d long-spread p-values below 0.05", small, runs)
	}
}
