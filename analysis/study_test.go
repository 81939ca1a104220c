package analysis_test

import (
	"math"
	"path/filepath"
	"testing"
	"time"

	"github.com/rotationlab/rotation/analysis"
	"github.com/rotationlab/rotation/analysis/marketdata"
)

func date(s string) time.Time {
	t, err := marketdata.ParseDate(s)
	if err != nil {
		panic(err)
	}
	return t
}

const tol = 1e-12

func near(a, b float64) bool {
	if math.IsNaN(a) || math.IsNaN(b) {
		return math.IsNaN(a) && math.IsNaN(b)
	}
	return math.Abs(a-b) <= tol
}

// fixture loads testdata/prices AAA and BBB. Closes (adjusted):
//
//	row  date        AAA  BBB
//	0    2024-01-02  100  50
//	1    2024-01-03  105  50    spread +5%
//	2    2024-01-04  105  50
//	3    2024-01-05  110  52    AAA +4.76%, BBB +4%: spread +0.76%
//	4    2024-01-08  110  52
//	5    2024-01-09   99  52    spread -10%
//	6    2024-01-10   99  52
//	7    2024-01-11  121  52    spread +22.2%
//	8    2024-01-12  121  52
//	9    2024-01-16  132  52    spread +9.09% (raw close 133)
func fixture(t *testing.T) *marketdata.Aligned {
	return aligned(t, filepath.Join("..", "testdata", "prices"), "AAA", "BBB")
}

// aligned loads two tickers from dir and lines them up.
func aligned(t testing.TB, dir string, a, b marketdata.Ticker) *marketdata.Aligned {
	t.Helper()
	s, err := marketdata.LoadAll(dir, a, b)
	if err != nil {
		t.Fatal(err)
	}
	al, err := marketdata.Align(s...)
	if err != nil {
		t.Fatal(err)
	}
	return al
}

func opts() analysis.Options {
	o := analysis.DefaultOptions()
	o.A, o.B = "AAA", "BBB"
	o.Horizons = []analysis.Horizon{analysis.Days(2)}
	o.Resamples = 200
	return o
}

func eventDates(r *analysis.Result) []string {
	var d []string
	for _, e := range r.Events {
		d = append(d, marketdata.FormatDate(e.Date))
	}
	return d
}

func TestEvents(t *testing.T) {
	tests := []struct {
		name string
		set  func(*analysis.Options)
		want []string
	}{
		{"default", func(o *analysis.Options) {}, []string{"2024-01-03", "2024-01-11", "2024-01-16"}},
		{"threshold 0.10", func(o *analysis.Options) { o.Threshold = 0.10 }, []string{"2024-01-11"}},
		{"threshold just above 5%", func(o *analysis.Options) { o.Threshold = 0.0500001 }, []string{"2024-01-11", "2024-01-16"}},
		{"mirror", func(o *analysis.Options) { o.Mirror = true }, []string{"2024-01-09"}},
		{"after inclusive", func(o *analysis.Options) { o.After = date("2024-01-11") }, []string{"2024-01-11", "2024-01-16"}},
		{"before exclusive", func(o *analysis.Options) { o.Before = date("2024-01-11") }, []string{"2024-01-03"}},
		{"decluster 5", func(o *analysis.Options) { o.Decluster = 5 }, []string{"2024-01-03", "2024-01-11"}},
		{"decluster 7", func(o *analysis.Options) { o.Decluster = 7 }, []string{"2024-01-03", "2024-01-16"}},
		{"raw close", func(o *analysis.Options) { o.Price = marketdata.Raw }, []string{"2024-01-03", "2024-01-11", "2024-01-16"}},
	}
	al := fixture(t)
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			o := opts()
			tt.set(&o)
			r, err := analysis.Run(al, o)
			if err != nil {
				t.Fatal(err)
			}
			got := eventDates(r)
			if len(got) != len(tt.want) {
				t.Fatalf("events %v, want %v", got, tt.want)
			}
			for i := range got {
				if got[i] != tt.want[i] {
					t.Fatalf("events %v, want %v", got, tt.want)
				}
			}
		})
	}
}

func TestDayReturns(t *testing.T) {
	r, err := analysis.Run(fixture(t), opts())
	if err != nil {
		t.Fatal(err)
	}
	e := r.Events[1] // 2024-01-11
	if !near(e.A, 121.0/99-1) || !near(e.B, 0) || !near(e.Spread, 121.0/99-1) {
		t.Errorf("2024-01-11: %v %v %v", e.A, e.B, e.Spread)
	}
	if !math.IsNaN(r.Spread[0]) {
		t.Errorf("spread[0] = %v, want NaN (no day before the first)", r.Spread[0])
	}
	// Raw close on the last day is 133, not 132.
	o := opts()
	o.Price = marketdata.Raw
	rr, err := analysis.Run(fixture(t), o)
	if err != nil {
		t.Fatal(err)
	}
	if got := rr.Events[2].A; !near(got, 133.0/121-1) {
		t.Errorf("raw 2024-01-16 return %v, want %v", got, 133.0/121-1)
	}
}

func TestForwardAndBaseline(t *testing.T) {
	r, err := analysis.Run(fixture(t), opts())
	if err != nil {
		t.Fatal(err)
	}
	h := r.Horizons[0]
	// Events at rows 1, 7, 9; two days on: rows 3 and 9; row 11 does not exist.
	if h.N != 2 || h.Dropped != 1 {
		t.Fatalf("n=%d dropped=%d, want 2 and 1", h.N, h.Dropped)
	}
	a1, a2 := 110.0/105-1, 132.0/121-1
	b1, b2 := 52.0/50-1, 0.0
	if f := r.Events[0].Forward[0]; !f.OK || !near(f.A, a1) || !near(f.B, b1) || !f.Exit.Equal(date("2024-01-05")) {
		t.Errorf("first event forward %+v", f)
	}
	if f := r.Events[2].Forward[0]; f.OK || !math.IsNaN(f.A) {
		t.Errorf("last event forward %+v, want not OK and NaN", f)
	}
	if !near(h.Events.A.Mean, (a1+a2)/2) || !near(h.Events.A.Median, (a1+a2)/2) {
		t.Errorf("A mean %v median %v, want %v", h.Events.A.Mean, h.Events.A.Median, (a1+a2)/2)
	}
	if !near(h.Events.B.Mean, (b1+b2)/2) || !near(h.Events.Spread.Mean, (a1-b1+a2-b2)/2) {
		t.Errorf("B mean %v spread mean %v", h.Events.B.Mean, h.Events.Spread.Mean)
	}
	if h.Events.A.HitRate != 1 || h.Events.B.HitRate != 0.5 {
		t.Errorf("hit rates %v %v, want 1 and 0.5", h.Events.A.HitRate, h.Events.B.HitRate)
	}
	// Baseline: rows 1..7 have a row two days on.
	baseA := ((110.0/105 - 1) + (110.0/105 - 1) + (99.0/110 - 1) + (99.0/110 - 1) +
		(121.0/99 - 1) + (121.0/99 - 1) + (132.0/121 - 1)) / 7
	if h.Baseline.A.N != 7 || !near(h.Baseline.A.Mean, baseA) {
		t.Errorf("baseline A n=%d mean=%v, want 7 and %v", h.Baseline.A.N, h.Baseline.A.Mean, baseA)
	}
	if !near(h.Excess.A.Mean, (a1+a2)/2-baseA) {
		t.Errorf("excess A %v, want %v", h.Excess.A.Mean, (a1+a2)/2-baseA)
	}
	if !(h.Excess.A.Low <= h.Excess.A.Mean && h.Excess.A.Mean <= h.Excess.A.High) {
		t.Errorf("interval [%v, %v] does not hold the excess %v", h.Excess.A.Low, h.Excess.A.High, h.Excess.A.Mean)
	}
	if !(h.Excess.A.P > 0 && h.Excess.A.P <= 1) {
		t.Errorf("p = %v", h.Excess.A.P)
	}
}

func TestEntryLag(t *testing.T) {
	o := opts()
	o.EntryLag = 1
	r, err := analysis.Run(fixture(t), o)
	if err != nil {
		t.Fatal(err)
	}
	// First event at row 1: entry at row 2 (105), exit row 4 (110).
	if f := r.Events[0].Forward[0]; !near(f.A, 110.0/105-1) || !f.Exit.Equal(date("2024-01-08")) {
		t.Errorf("lagged forward %+v", f)
	}
	// Row 7 enters at row 8 and would exit at row 10: dropped, as is row 9.
	if h := r.Horizons[0]; h.N != 1 || h.Dropped != 2 {
		t.Errorf("n=%d dropped=%d, want 1 and 2", h.N, h.Dropped)
	}
}

func TestEpisodes(t *testing.T) {
	o := opts()
	o.EpisodeGap = 3
	r, err := analysis.Run(fixture(t), o)
	if err != nil {
		t.Fatal(err)
	}
	// Rows 1, 7, 9: 7-1 = 6 > 3 starts a new episode; 9-7 = 2 does not.
	if len(r.Episodes) != 2 || r.Episodes[0].Events != 1 || r.Episodes[1].Events != 2 {
		t.Fatalf("episodes %+v", r.Episodes)
	}
	if r.Events[2].Episode != 1 {
		t.Errorf("last event in episode %d, want 1", r.Events[2].Episode)
	}
	// Only the first two events reach the horizon: one from each episode.
	if r.Horizons[0].Episodes != 2 {
		t.Errorf("horizon episodes %d, want 2", r.Horizons[0].Episodes)
	}
}

func TestPath(t *testing.T) {
	o := opts()
	o.PathDays = 3
	r, err := analysis.Run(fixture(t), o)
	if err != nil {
		t.Fatal(err)
	}
	if len(r.Path) != 4 {
		t.Fatalf("path len %d, want 4", len(r.Path))
	}
	// Day 0: every event, return 0. Day 1: rows 2, 8 (row 10 does not exist).
	if p := r.Path[0]; p.N != 3 || p.A != 0 || p.B != 0 {
		t.Errorf("day 0 %+v", p)
	}
	if p := r.Path[1]; p.N != 2 || !near(p.A, 0) {
		t.Errorf("day 1 %+v, want n=2 and A=0", p)
	}
	if p := r.Path[2]; p.N != 2 || !near(p.A, ((110.0/105-1)+(132.0/121-1))/2) {
		t.Errorf("day 2 %+v", p)
	}
}

func TestBootstrapRepeats(t *testing.T) {
	a, _ := analysis.Run(fixture(t), opts())
	b, _ := analysis.Run(fixture(t), opts())
	if a.Horizons[0].Excess != b.Horizons[0].Excess {
		t.Errorf("same seed, different bootstrap: %+v vs %+v", a.Horizons[0].Excess, b.Horizons[0].Excess)
	}
	o := opts()
	o.Seed = 99
	c, _ := analysis.Run(fixture(t), o)
	if a.Horizons[0].Excess.A.Low == c.Horizons[0].Excess.A.Low && a.Horizons[0].Excess.A.P == c.Horizons[0].Excess.A.P {
		t.Errorf("another seed gave the same interval and p-value")
	}
}

func TestValidate(t *testing.T) {
	bad := []func(*analysis.Options){
		func(o *analysis.Options) { o.Threshold = 0 },
		func(o *analysis.Options) { o.Threshold = math.NaN() },
		func(o *analysis.Options) { o.B = o.A },
		func(o *analysis.Options) { o.Horizons = nil },
		func(o *analysis.Options) { o.Decluster = -1 },
		func(o *analysis.Options) { o.Confidence = 1 },
		func(o *analysis.Options) { o.After, o.Before = date("2024-01-10"), date("2024-01-10") },
	}
	for i, f := range bad {
		o := opts()
		f(&o)
		if err := o.Validate(); err == nil {
			t.Errorf("case %d: accepted %+v", i, o)
		}
	}
	o := opts()
	o.After = date("2030-01-01")
	if _, err := analysis.Run(fixture(t), o); err == nil {
		t.Error("empty window accepted")
	}
}

func TestRunPricesRejects(t *testing.T) {
	d := []time.Time{date("2024-01-01"), date("2024-01-02")}
	if _, err := analysis.RunPrices(d, []float64{1, 0}, []float64{1, 1}, opts()); err == nil {
		t.Error("zero price accepted")
	}
	if _, err := analysis.RunPrices(d, []float64{1, math.NaN()}, []float64{1, 1}, opts()); err == nil {
		t.Error("NaN price accepted")
	}
	if _, err := analysis.RunPrices([]time.Time{d[1], d[0]}, []float64{1, 1}, []float64{1, 1}, opts()); err == nil {
		t.Error("descending dates accepted")
	}
	if _, err := analysis.RunPrices(d, []float64{1}, []float64{1, 1}, opts()); err == nil {
		t.Error("length mismatch accepted")
	}
}
