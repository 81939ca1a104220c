package analysis

import (
	"errors"
	"math"
	"math/rand/v2"
	"slices"
	"testing"
	"time"

	"github.com/rotationlab/rotation/analysis/marketdata"
	"github.com/rotationlab/rotation/analysis/marketdata/marketdatatest"
)

// tiePair makes two series of n days whose closes take only the values
// 62, 64 and 66, so that many daily returns are exactly +1/32 (64 to 66)
// or -1/32 (64 to 62) and many spreads are exactly ±1/32: at that
// threshold, >= and > select different days, and so do a rule and its
// mirror.
func tiePair(n int) *marketdata.Aligned {
	rng := rand.New(rand.NewPCG(17, 3))
	start := time.Date(2010, 1, 4, 0, 0, 0, 0, time.UTC)
	levels := []float64{62, 64, 66}
	series := make([]*marketdata.Series, 2)
	for i, tk := range []marketdata.Ticker{"TIEA", "TIEB"} {
		s := &marketdata.Series{Ticker: tk, Source: "tiePair"}
		for d := range n {
			s.Dates = append(s.Dates, start.AddDate(0, 0, d))
			// Half of the days stay at 64, so that a move of one leg
			// often meets a flat day of the other.
			p := 64.0
			if rng.IntN(2) == 0 {
				p = levels[rng.IntN(3)]
			}
			s.Adjusted = append(s.Adjusted, p)
		}
		s.Open = s.Adjusted
		series[i] = s
	}
	al, err := marketdata.Align(series...)
	if err != nil {
		panic(err) // the dates are made to align
	}
	return al
}

// ruleCases are the rules of the cross-engine test for data with the
// given dates and a threshold that some days reach.
func ruleCases(dates []time.Time, thr float64) []struct {
	name string
	rule EventRule
} {
	n := len(dates)
	return []struct {
		name string
		rule EventRule
	}{
		{"default", EventRule{Threshold: thr}},
		{">", EventRule{Threshold: thr, Compare: Above}},
		{"mirror", EventRule{Threshold: thr, Mirror: true}},
		{"mirror >", EventRule{Threshold: thr, Compare: Above, Mirror: true}},
		{"window", EventRule{Threshold: thr, After: dates[n/4], Before: dates[4*n/5]}},
		{"window, mirror, >", EventRule{Threshold: thr, Compare: Above, Mirror: true, After: dates[n/3], Before: dates[n-2]}},
		{"threshold no day reaches", EventRule{Threshold: 0.99}},
	}
}

// The three engines select their events with one rule: for every rule,
// Run's events, the grid's (the days its leave-one-out specifications
// leave out) and the scan's (the days its sorted orders count for the
// pair) are the same days, and the scan's public row counts them and
// averages the same forward returns.
func TestEnginesSelectSameEvents(t *testing.T) {
	sets := []struct {
		name string
		load func(t *testing.T) *marketdata.Aligned
		thr  float64
		// some is a least number of events the default rule must find,
		// so that the comparison tests something.
		some int
	}{
		{"fixture", func(t *testing.T) *marketdata.Aligned { return marketdatatest.Prices(t) }, 0.04, 3},
		{"ties", func(*testing.T) *marketdata.Aligned { return tiePair(400) }, 1.0 / 32, 50},
		{"real IWM QQQ", func(t *testing.T) *marketdata.Aligned {
			return marketdatatest.Aligned(t, marketdatatest.RealDir(t), "IWM", "QQQ")
		}, 0.04, 25},
	}
	for _, set := range sets {
		t.Run(set.name, func(t *testing.T) {
			al := set.load(t)
			differ := map[string]bool{}
			var base []time.Time
			for _, tc := range ruleCases(al.Dates, set.thr) {
				t.Run(tc.name, func(t *testing.T) {
					study, res := studyEventDays(t, al, tc.rule)
					grid := gridEventDays(t, al, tc.rule)
					scan := scanEventDays(t, al, tc.rule)
					scanMatchesStudy(t, al, tc.rule, res)
					t.Logf("%d events", len(study))
					if !slices.EqualFunc(study, grid, time.Time.Equal) {
						t.Errorf("grid events differ from the study's:\ngrid  %s\nstudy %s", days(grid), days(study))
					}
					if !slices.EqualFunc(study, scan, time.Time.Equal) {
						t.Errorf("scan events differ from the study's:\nscan  %s\nstudy %s", days(scan), days(study))
					}
					switch tc.name {
					case "default":
						base = study
						if len(study) < set.some {
							t.Errorf("%d events, want at least %d: the comparison would test little", len(study), set.some)
						}
					case "threshold no day reaches":
						if len(study) != 0 {
							t.Errorf("%d events at threshold %v", len(study), tc.rule.Threshold)
						}
					default:
						differ[tc.name] = !slices.EqualFunc(study, base, time.Time.Equal)
					}
				})
			}
			// Each rule must select other days than the default one, or
			// the case would not test what it names; > differs only
			// where a spread equals the threshold (the ties).
			for name, d := range differ {
				if !d && (name != ">" || set.name == "ties") {
					t.Errorf("%s selects the default rule's days", name)
				}
			}
		})
	}
}

func days(ds []time.Time) string {
	s := ""
	for i, d := range ds {
		if i > 0 {
			s += " "
		}
		s += marketdata.FormatDate(d)
	}
	return "[" + s + "]"
}

var ruleHorizons = []Horizon{Days(1), Days(5)}

// studyEventDays returns Run's events under rule, and Run's result.
func studyEventDays(t *testing.T, al *marketdata.Aligned, rule EventRule) ([]time.Time, *Result) {
	t.Helper()
	o := DefaultOptions()
	o.A, o.B = al.Series[0].Ticker, al.Series[1].Ticker
	o.EventRule, o.Horizons, o.Resamples = rule, ruleHorizons, 0
	r, err := Run(al, o)
	if err != nil {
		t.Fatal(err)
	}
	var d []time.Time
	for _, e := range r.Events {
		d = append(d, e.Date)
	}
	return d, r
}

// gridEventDays returns the grid's events under rule: the days its
// leave-one-out specifications leave out, one each.
func gridEventDays(t *testing.T, al *marketdata.Aligned, rule EventRule) []time.Time {
	t.Helper()
	g := GridOptions{A: al.Series[0].Ticker, B: al.Series[1].Ticker, EventRule: rule,
		Prices: []marketdata.PriceKind{marketdata.Adjusted}, Horizons: []HorizonRule{{TradingDaysLater, 1, 5}},
		Entries: []Entry{EventClose}, LeaveOneOut: true}
	specs, err := Grid(al, g)
	if err != nil {
		t.Fatal(err)
	}
	if len(specs) == 0 || specs[0].Events != len(specs)-1 {
		t.Fatalf("%d specifications; the first counts %d events", len(specs), specs[0].Events)
	}
	var d []time.Time
	for _, s := range specs[1:] {
		d = append(d, s.Excluded)
	}
	return d
}

// scanUniverse puts the aligned pair's adjusted closes in a universe.
func scanUniverse(t *testing.T, al *marketdata.Aligned) *Universe {
	t.Helper()
	u := &Universe{Tickers: []marketdata.Ticker{al.Series[0].Ticker, al.Series[1].Ticker}, Dates: al.Dates}
	for i := range 2 {
		c, err := al.Close(i, marketdata.Adjusted)
		if err != nil {
			t.Fatal(err)
		}
		u.Close = append(u.Close, c)
	}
	return u
}

func scanOptions(rule EventRule) ScanOptions {
	return ScanOptions{Threshold: rule.Threshold, Compare: rule.Compare, Mirror: rule.Mirror,
		After: rule.After, Before: rule.Before, Horizons: ruleHorizons, Workers: 1}
}

// scanEventDays returns the days the scan's sorted orders count for the
// pair (A, B) under rule: the days B is in the prefix of tickers A beats
// by the threshold; under the mirror, A in B's prefix (the reversed pair,
// as Scan documents).
func scanEventDays(t *testing.T, al *marketdata.Aligned, rule EventRule) []time.Time {
	t.Helper()
	sc, err := newScan(scanUniverse(t, al), scanOptions(rule))
	if err != nil {
		t.Fatal(err)
	}
	sc.returns()
	sc.orders()
	a, b := int32(0), int32(1)
	if sc.mirror {
		a, b = b, a
	}
	var d []time.Time
	for t := sc.lo; t < sc.hi; t++ {
		if slices.Contains(sc.order[t][:sc.prefix[t*sc.nt+int(a)]], b) {
			d = append(d, sc.u.Dates[t])
		}
	}
	return d
}

// scanMatchesStudy checks Scan's row (A, B) against Run's result r: the
// same number of events and the same mean forward returns of both legs.
func scanMatchesStudy(t *testing.T, al *marketdata.Aligned, rule EventRule, r *Result) {
	t.Helper()
	rows, err := Scan(scanUniverse(t, al), scanOptions(rule))
	if err != nil {
		t.Fatal(err)
	}
	i := slices.IndexFunc(rows, func(row ScanRow) bool { return row.A == r.Options.A && row.B == r.Options.B })
	if i < 0 {
		t.Fatalf("no scan row %s-%s", r.Options.A, r.Options.B)
	}
	row := rows[i]
	if row.Events != len(r.Events) {
		t.Errorf("scan row counts %d events, the study %d", row.Events, len(r.Events))
	}
	for k, h := range r.Horizons {
		f := row.Forward[k]
		if f.N != h.N || (f.N > 0 && (math.Abs(f.A-h.Events.A.Mean) > 1e-12 || math.Abs(f.B-h.Events.B.Mean) > 1e-12)) {
			t.Errorf("%s: scan n=%d %v %v, study n=%d %v %v", h.Horizon, f.N, f.A, f.B, h.N, h.Events.A.Mean, h.Events.B.Mean)
		}
	}
}

func TestEventRuleValidate(t *testing.T) {
	day := func(s string) time.Time {
		d, err := marketdata.ParseDate(s)
		if err != nil {
			t.Fatal(err)
		}
		return d
	}
	tests := []struct {
		name  string
		rule  EventRule
		field string // "" for none
	}{
		{"article", EventRule{Threshold: 0.04}, ""},
		{"window", EventRule{Threshold: 0.04, After: day("2020-01-02"), Before: day("2020-01-03")}, ""},
		{"zero threshold", EventRule{}, "Threshold"},
		{"NaN threshold", EventRule{Threshold: math.NaN()}, "Threshold"},
		{"threshold in percent", EventRule{Threshold: 4}, "Threshold"},
		{"unknown comparison", EventRule{Threshold: 0.04, Compare: 2}, "Compare"},
		{"empty window", EventRule{Threshold: 0.04, After: day("2020-01-02"), Before: day("2020-01-02")}, "After"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			err := tt.rule.Validate()
			var oe *OptionError
			switch {
			case tt.field == "" && err != nil:
				t.Errorf("Validate = %v, want nil", err)
			case tt.field != "" && (!errors.As(err, &oe) || oe.Field != tt.field):
				t.Errorf("Validate = %v, want an *OptionError for %s", err, tt.field)
			}
			// Every engine refuses what the rule refuses, with the same
			// error.
			o := DefaultOptions()
			o.EventRule = tt.rule
			g := DefaultGrid("IWM", "QQQ", 0, time.Time{})
			g.EventRule = tt.rule
			g.Compares = []Comparison{tt.rule.Compare}
			s := scanOptions(tt.rule)
			for name, got := range map[string]error{"Options": o.Validate(), "GridOptions": g.Validate(), "ScanOptions": s.Validate()} {
				if (got == nil) != (err == nil) || (err != nil && got.Error() != err.Error()) {
					t.Errorf("%s.Validate = %v, want %v", name, got, err)
				}
			}
		})
	}
}
