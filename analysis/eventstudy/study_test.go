package eventstudy

import (
	"math"
	"testing"

	"github.com/rotationlab/rotation/analysis"
	"github.com/rotationlab/rotation/analysis/resample"
)

// A planted abnormal return is found: the events' market-model BHAR of A
// over 20 days is the planted drift compounded, every clustering-aware
// method rejects zero, and B, which had none, shows none.
func TestPlantedAbnormalReturnFound(t *testing.T) {
	const drift, days = 0.003, 20
	f := newFixture(1, 5000, drift, days)
	res, err := f.run(fixtureOptions())
	if err != nil {
		t.Fatal(err)
	}
	if len(res.Events) != len(f.rows) {
		t.Fatalf("%d events, planted %d", len(res.Events), len(f.rows))
	}
	h := analysis.Days(20)
	want := math.Pow(1+drift, days) - 1 // about 6.2%
	for _, meth := range []Method{IIDBootstrap, EpisodeBootstrap, DateShift} {
		r, ok := find(res, h, LegA, MarketModel, meth)
		if !ok {
			t.Fatalf("no %s row", meth)
		}
		if math.Abs(r.Estimate-want) > 0.015 || !(r.P < 0.01) || !(r.Low > 0) {
			t.Errorf("A %s: %+v, want an estimate near %.4f, p < 0.01 and an interval above 0", meth, r, want)
		}
		b, _ := find(res, h, LegB, MarketModel, meth)
		if math.Abs(b.Estimate) > 0.01 || b.P < 0.05 {
			t.Errorf("B %s: %+v, want no effect", meth, b)
		}
	}
	ct, _ := find(res, h, LegA, MarketModel, CalendarTime)
	if math.Abs(ct.Estimate-drift) > 0.001 || !(ct.P < 0.01) || ct.Lags <= 0 {
		t.Errorf("calendar time: %+v, want a daily alpha near %v", ct, drift)
	}
	// The event day: A beat B by 5 points on every event.
	sg, _ := find(res, EventDay, LegSpread, MarketModel, SignTest)
	if sg.Estimate != 1 || !(sg.P < 0.001) {
		t.Errorf("event-day sign test: %+v", sg)
	}
	rk, _ := find(res, EventDay, LegA, MarketModel, RankTest)
	if !(rk.Estimate > 3) || !(rk.P < 0.01) {
		t.Errorf("event-day rank test: %+v", rk)
	}
	// The CAR path of A rises by about the drift over the 20 days.
	var at0, at20 CARPoint
	for _, p := range res.CAR {
		switch p.Day {
		case 0:
			at0 = p
		case 20:
			at20 = p
		}
	}
	if got := at20.Mean[LegA] - at0.Mean[LegA]; math.Abs(got-days*drift) > 0.015 {
		t.Errorf("CAR of A from day 0 to 20: %v, want about %v", got, days*drift)
	}
	if !(at20.Low[LegA] < at20.Mean[LegA] && at20.Mean[LegA] < at20.High[LegA]) {
		t.Errorf("CAR band at day 20: %+v", at20)
	}
}

// With nothing planted after the events, no method finds an abnormal
// return at 20 days.
func TestNoEffectNotFound(t *testing.T) {
	f := newFixture(2, 5000, 0, 20)
	res, err := f.run(fixtureOptions())
	if err != nil {
		t.Fatal(err)
	}
	for _, r := range res.Methods {
		if r.Horizon != analysis.Days(20) || r.Measure != MarketModel {
			continue
		}
		if r.P < 0.01 {
			t.Errorf("%s %s: p %v with nothing planted", r.Leg.Name(res.Study.Options), r.Method, r.P)
		}
	}
}

// Events whose estimation window starts before the data are left out of
// the market model, and say so, but keep their raw and market-adjusted
// figures.
func TestShortEstimationLeftOut(t *testing.T) {
	f := newFixture(3, 3000, 0, 20)
	o := fixtureOptions()
	o.EstimationDays = 440 // the first episode, rows 400 to 450, has fewer returns before day -11
	res, err := f.run(o)
	if err != nil {
		t.Fatal(err)
	}
	e := res.Events[0]
	if e.Missing == "" || res.Left != 3 {
		t.Fatalf("first event %+v, %d left out; want the first episode's three left out", e, res.Left)
	}
	if k := 1; !math.IsNaN(e.Abnormal[k][MarketModel][LegA]) || math.IsNaN(e.Abnormal[k][MarketAdjusted][LegA]) || math.IsNaN(e.Abnormal[k][Raw][LegA]) {
		t.Errorf("first event's 20d figures %v: want only the market model NaN", e.Abnormal[k])
	}
	r, _ := find(res, analysis.Days(20), LegA, MarketModel, EpisodeBootstrap)
	if r.N != len(res.Events)-3 {
		t.Errorf("market model n %d, want %d", r.N, len(res.Events)-3)
	}
}

// The per-row BHAR agrees with a plain computation from the daily returns
// and a per-row fit (the event days left out of its window), within 1e-9,
// on every row.
func TestPerRowMatchesSlow(t *testing.T) {
	f := newFixture(4, 1200, 0.002, 20)
	o := fixtureOptions()
	o.Study.EntryLag = 1
	res, err := f.run(o)
	if err != nil {
		t.Fatal(err)
	}
	s := res.s
	n := len(f.dates)
	skip := make([]bool, n)
	for _, e := range res.Study.Events {
		skip[e.Row] = true
	}
	for k, h := range res.Horizons {
		p := res.PerRow[k]
		for t0 := range n {
			for l := range 2 {
				// The study's event days are left out of the windows.
				rows, ok := slowWindow(skip, o.EstimationDays, t0-o.EstimationGap)
				var a, b float64
				if ok {
					a, b, _, ok = slowFitRows(s.ret[l], s.ret[2], rows)
				}
				var want float64
				switch {
				case !ok:
					want = math.NaN()
				case h == EventDay:
					want = s.ret[l][t0] - a - b*s.ret[2][t0]
				case t0+1+h.N >= n:
					want = math.NaN()
				default:
					gl, gm := 1.0, 1.0
					for u := t0 + 2; u <= t0+1+h.N; u++ {
						gl *= 1 + s.ret[l][u]
						gm *= 1 + a + b*s.ret[2][u]
					}
					want = gl - gm
				}
				got := p.At(MarketModel, Leg(l))[t0]
				if math.IsNaN(want) != math.IsNaN(got) || !math.IsNaN(want) && math.Abs(got-want) > 1e-9 {
					t.Fatalf("%s row %d leg %d: BHAR %v, want %v", h, t0, l, got, want)
				}
			}
		}
	}
}

// The calendar-time portfolio holds exactly the days some event's window
// is open, as a plain loop over the events finds them, and the CAR path's
// means are the plain sums of the events' abnormal returns.
func TestCalendarAndCARMatchSlow(t *testing.T) {
	f := newFixture(5, 2000, 0.002, 20)
	res, err := f.run(fixtureOptions())
	if err != nil {
		t.Fatal(err)
	}
	s, n := res.s, len(f.dates)
	h := analysis.Days(60)
	y, _, _ := res.portfolio(h, LegSpread)
	var want []float64
	for d := 1; d < n; d++ {
		sum, open := 0.0, 0
		for _, e := range res.Events {
			if d > e.Row && d <= e.Row+60 {
				sum += s.ret[0][d] - s.ret[1][d]
				open++
			}
		}
		if open > 0 {
			want = append(want, sum/float64(open))
		}
	}
	if len(y) != len(want) {
		t.Fatalf("portfolio of %d days, want %d", len(y), len(want))
	}
	for i := range y {
		if math.Abs(y[i]-want[i]) > 1e-12 {
			t.Fatalf("portfolio day %d: %v, want %v", i, y[i], want[i])
		}
	}
	for _, p := range res.CAR {
		sum, cnt := 0.0, 0
		for _, e := range res.Events {
			if !e.Fit[0].OK || e.Row+p.Day >= n {
				continue
			}
			c := 0.0
			for d := -res.Options.PreDays; d <= p.Day; d++ {
				u := e.Row + d
				c += s.ret[1][u] - e.Fit[1].Alpha - e.Fit[1].Beta*s.ret[2][u]
			}
			sum += c
			cnt++
		}
		if cnt != p.N || math.Abs(sum/float64(cnt)-p.Mean[LegB]) > 1e-12 {
			t.Fatalf("CAR day %d: n %d mean %v, want %d %v", p.Day, p.N, p.Mean[LegB], cnt, sum/float64(cnt))
		}
	}
}

// Leaving the event days out of the estimation windows (the default) keeps
// an earlier event's own 5-point day out of a later event's alpha: the
// planted abnormal return is found nearer its size than when they are
// kept.
func TestEventDaysLeftOutOfEstimation(t *testing.T) {
	const drift, days = 0.003, 20
	f := newFixture(1, 5000, drift, days)
	o := fixtureOptions()
	left, err := f.run(o)
	if err != nil {
		t.Fatal(err)
	}
	o.KeepEventDays = true
	kept, err := f.run(o)
	if err != nil {
		t.Fatal(err)
	}
	want := math.Pow(1+drift, days) - 1
	h := analysis.Days(days)
	l, _ := find(left, h, LegA, MarketModel, EpisodeBootstrap)
	k, _ := find(kept, h, LegA, MarketModel, EpisodeBootstrap)
	if !(math.Abs(l.Estimate-want) < math.Abs(k.Estimate-want)) {
		t.Errorf("event days left out: %.4f, kept: %.4f; want the first nearer the planted %.4f", l.Estimate, k.Estimate, want)
	}
	// The second event of an episode, 25 days after the first, has the
	// first's day in its window span when they are left out, yet a full
	// window of returns.
	e := left.Events[1]
	if f := e.Fit[0]; !f.OK || f.N != o.EstimationDays || f.To-f.From+1 != o.EstimationDays+1 {
		t.Errorf("second event's window %+v: want %d returns over %d rows", f, o.EstimationDays, o.EstimationDays+1)
	}
}

// With a single episode the episode bootstrap cannot resample: its row
// has NaN figures and says why, and the other methods still run.
func TestOneEpisodeSaysWhy(t *testing.T) {
	f := newFixture(8, 3000, 0.003, 20)
	o := fixtureOptions()
	o.Study.Before = f.dates[f.rows[2]+1] // the first episode's three events only
	res, err := f.run(o)
	if err != nil {
		t.Fatal(err)
	}
	if len(res.Events) != 3 || len(res.Study.Episodes) != 1 {
		t.Fatalf("%d events in %d episodes, want 3 in 1", len(res.Events), len(res.Study.Episodes))
	}
	r, _ := find(res, analysis.Days(20), LegA, MarketModel, EpisodeBootstrap)
	if !math.IsNaN(r.P) || !math.IsNaN(r.Low) || r.Note == "" {
		t.Errorf("episode bootstrap of one episode: %+v, want NaN figures and a note", r)
	}
	if d, _ := find(res, analysis.Days(20), LegA, MarketModel, DateShift); math.IsNaN(d.P) || d.Note != "" {
		t.Errorf("date shift: %+v, want a p-value", d)
	}
}

// The date shift moves only the events that have the measure: with three
// events lacking a market model, each shifted set is the other events'
// rows moved together, as a plain loop over the same offsets computes it
// (it used to average every event's shifted row that had a value, more
// events than the observed mean has, which narrowed the null).
func TestDateShiftMovesOnlyEventsWithTheMeasure(t *testing.T) {
	f := newFixture(3, 3000, 0, 20)
	o := fixtureOptions()
	o.EstimationDays = 440
	res, err := f.run(o)
	if err != nil {
		t.Fatal(err)
	}
	k := 1 // the 20-day horizon, after EventDay
	h := analysis.Days(20)
	q := res.PerRow[k].At(MarketModel, LegA)
	var rows []int
	for _, e := range res.Events {
		if !math.IsNaN(q[e.Row]) {
			rows = append(rows, e.Row)
		}
	}
	if len(rows) != len(res.Events)-3 {
		t.Fatalf("%d events with the measure, want %d", len(rows), len(res.Events)-3)
	}
	lo, hi := res.lo, res.hi
	offs, err := resample.Offsets(hi-lo, o.Draws, o.Seed)
	if err != nil {
		t.Fatal(err)
	}
	mean := func(d int) float64 {
		s, c := 0.0, 0
		for _, r := range rows {
			if v := q[lo+(r-lo+d)%(hi-lo)]; !math.IsNaN(v) {
				s, c = s+v, c+1
			}
		}
		return s / float64(c)
	}
	center := windowMean(q, lo, hi)
	obs := mean(0)
	far, used := 0, 0
	for _, d := range offs {
		m := mean(d)
		if math.IsNaN(m) {
			continue
		}
		used++
		if math.Abs(m-center) >= math.Abs(obs-center) {
			far++
		}
	}
	want := float64(far+1) / float64(used+1)
	got, _ := find(res, h, LegA, MarketModel, DateShift)
	if math.Abs(got.P-want) > 1e-12 {
		t.Errorf("date-shift p %v, a plain loop over the events with the measure gives %v", got.P, want)
	}
}

// Every resampled interval agrees with its p-value: it leaves out the
// value tested against (zero; for the raw date shift, the baseline) when
// and only when p is below 1 - confidence, give or take the one draw the
// p-value's count adds. (Percentile intervals cut from skewed draws did
// not: an episode-bootstrap interval above zero with p 0.25.) The raw
// iid bootstrap is the study's own, analysis.Result's, and is not among
// them.
func TestIntervalsAgreeWithPValues(t *testing.T) {
	for _, seed := range []uint64{1, 2, 3} {
		f := newFixture(seed, 3000, 0.001, 20)
		res, err := f.run(fixtureOptions())
		if err != nil {
			t.Fatal(err)
		}
		alpha := 1 - res.Options.Study.Confidence
		slack := 2 / float64(res.Options.Draws+1)
		for _, r := range res.Methods {
			if r.Method != EpisodeBootstrap && r.Method != DateShift && !(r.Method == IIDBootstrap && r.Measure != Raw) {
				continue
			}
			if math.IsNaN(r.P) {
				continue
			}
			// The date shift of an abnormal measure tests it against
			// the typical day's (the window's mean of the measure).
			tested := 0.0
			if r.Method == DateShift && r.Measure != Raw {
				for _, pr := range res.PerRow {
					if pr.Horizon == r.Horizon {
						tested = windowMean(pr.At(r.Measure, r.Leg), res.lo, res.hi)
					}
				}
			}
			out := r.Low > tested || r.High < tested
			if out && r.P > alpha+slack || !out && r.P < alpha-slack {
				t.Errorf("seed %d %s %s %s %s: interval [%.4f, %.4f] and p %.4f disagree", seed, r.Horizon, r.Leg.Name(res.Study.Options), r.Measure, r.Method, r.Low, r.High, r.P)
			}
		}
	}
}

// windowMean is the mean of q's defined values on rows [lo, hi).
func windowMean(q []float64, lo, hi int) float64 {
	s, c := 0.0, 0
	for t := lo; t < hi; t++ {
		if !math.IsNaN(q[t]) {
			s, c = s+q[t], c+1
		}
	}
	return s / float64(c)
}
