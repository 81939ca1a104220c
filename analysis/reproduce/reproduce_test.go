package reproduce_test

import (
	"math"
	"math/rand/v2"
	"testing"
	"time"

	"github.com/rotationlab/rotation/analysis"
	"github.com/rotationlab/rotation/analysis/article"
	"github.com/rotationlab/rotation/analysis/marketdata"
	"github.com/rotationlab/rotation/analysis/marketdata/marketdatatest"
	"github.com/rotationlab/rotation/analysis/reproduce"
)

// The article's named days, to the two decimals it quotes.
func TestRealNamedDays(t *testing.T) {
	rep, err := reproduce.Run(marketdatatest.Aligned(t, marketdatatest.RealDir(t), "IWM", "QQQ"), article.Equalizer(), analysis.DefaultOptions())
	if err != nil {
		t.Fatal(err)
	}
	round := func(x float64) float64 { return math.Round(x*10000) / 10000 }
	for _, n := range rep.Named {
		if !n.Found {
			t.Errorf("%s not in the data", n.Claim.Date)
			continue
		}
		if round(n.Spread) != n.Claim.Spread {
			t.Errorf("%s spread %.4f, article %.4f", n.Claim.Date.Format("2006-01-02"), n.Spread, n.Claim.Spread)
		}
		if n.Claim.QuotedA && (round(n.A) != n.Claim.A || round(n.B) != n.Claim.B) {
			t.Errorf("%s returns %.4f %.4f, article %.4f %.4f", n.Claim.Date.Format("2006-01-02"), n.A, n.B, n.Claim.A, n.Claim.B)
		}
	}
	if len(rep.Main.Events) != 24 {
		t.Errorf("%d events before 2024-07-11; PROVENANCE.md lists 24", len(rep.Main.Events))
	}
	if len(rep.Conventions) != 8 {
		t.Errorf("%d conventions, want 8", len(rep.Conventions))
	}
	// The 2024-07-11 event itself is the first of the later ones, and a
	// year of data follows it.
	if len(rep.After.Events) == 0 || !rep.After.Events[0].Date.Equal(article.Equalizer().Before) {
		t.Fatalf("after: %v", rep.After.Events)
	}
	for _, f := range rep.After.Events[0].Forward {
		if !f.OK {
			t.Errorf("2024-07-11 has no forward return: %+v", f)
		}
	}
}

// The article's figures are found by horizon, never by position.
func TestArticleFigure(t *testing.T) {
	c := article.Equalizer()
	tests := []struct {
		h      analysis.Horizon
		months int
		ok     bool
	}{
		{analysis.Days(63), 3, true},
		{analysis.MonthsAhead(3), 3, true},
		{analysis.Days(252), 12, true},
		{analysis.MonthsAhead(12), 12, true},
		{analysis.Days(21), 0, false},
		{analysis.Days(64), 0, false},
		{analysis.MonthsAhead(6), 0, false},
	}
	for _, tt := range tests {
		f, ok := reproduce.ArticleFigure(c, tt.h)
		if ok != tt.ok || f.Months != tt.months {
			t.Errorf("ArticleFigure(%s) = %+v, %v; want %d months, %v", tt.h, f, ok, tt.months, tt.ok)
		}
	}
}

// The grid agrees with the study where they overlap, and finds the
// article's figures no closer than the search reports.
func TestSearchReal(t *testing.T) {
	al := marketdatatest.Aligned(t, marketdatatest.RealDir(t), "IWM", "QQQ")
	rep, err := reproduce.Run(al, article.Equalizer(), analysis.DefaultOptions())
	if err != nil {
		t.Fatal(err)
	}
	s := rep.Search
	if s == nil {
		t.Fatal("no search")
	}
	events := len(rep.Main.Events)
	if want := 2 * 2 * 88 * 3 * (1 + events); len(s.Specs) < want-2*2*88*3*2 || len(s.Specs) > want {
		t.Errorf("%d specifications, want about %d", len(s.Specs), want)
	}
	h := rep.Main.Horizons
	for name, pair := range map[string][2]float64{
		"short A": {s.Headline.ShortA, h[0].Events.A.Mean}, "short B": {s.Headline.ShortB, h[0].Events.B.Mean},
		"long A": {s.Headline.LongA, h[1].Events.A.Mean}, "long B": {s.Headline.LongB, h[1].Events.B.Mean},
	} {
		if math.Abs(pair[0]-pair[1]) > 1e-12 {
			t.Errorf("headline %s: grid %v, study %v", name, pair[0], pair[1])
		}
	}
	// The calendar-month and next-close conventions of the reproduction.
	for _, conv := range rep.Conventions {
		for _, sp := range s.Specs {
			if sp.Price != conv.Convention.Price || sp.Compare != analysis.AtLeast || !sp.Excluded.IsZero() {
				continue
			}
			months := conv.Convention.Unit == analysis.Months
			if months != (sp.Horizon.Exit == analysis.MonthsOnOrAfter) || (!months && sp.Horizon != (analysis.HorizonRule{Short: 63, Long: 252})) {
				continue
			}
			if (conv.Convention.EntryLag == 1) != (sp.Entry == analysis.NextClose) || sp.Entry == analysis.NextOpen {
				continue
			}
			if math.Abs(sp.ShortA-conv.Horizons[0].Events.A.Mean) > 1e-12 || math.Abs(sp.LongB-conv.Horizons[1].Events.B.Mean) > 1e-12 {
				t.Errorf("%v: grid %v %v, study %v %v", conv.Convention, sp.ShortA, sp.LongB, conv.Horizons[0].Events.A.Mean, conv.Horizons[1].Events.B.Mean)
			}
		}
	}
	for i := 1; i < len(s.Best); i++ {
		if s.Best[i].Distance < s.Best[i-1].Distance {
			t.Error("best matches not in order")
		}
	}
	for _, b := range s.Best {
		t.Logf("%.2f pp: %s, %s, %s, entry %s, excluded %s, %d events: %+.2f%% %+.2f%% %+.2f%% %+.2f%%", b.Distance, b.Price, b.Compare, b.Horizon, b.Entry,
			b.Excluded.Format("2006-01-02"), b.Events, 100*b.ShortA, 100*b.ShortB, 100*b.LongA, 100*b.LongB)
	}
}

// BenchmarkGrid: the whole default grid on IWM and QQQ, data loaded once.
func BenchmarkGrid(b *testing.B) {
	al := marketdatatest.Aligned(b, marketdatatest.RealDir(b), "IWM", "QQQ")
	c := article.Equalizer()
	g := analysis.DefaultGrid("", "", 0, time.Time{})
	b.ReportAllocs()
	var n int
	for b.Loop() {
		s, err := reproduce.SearchGrid(al, c, g, 5)
		if err != nil {
			b.Fatal(err)
		}
		n = len(s.Specs)
	}
	b.ReportMetric(float64(n), "specs")
}

// An "article" computed on the data with one event left out and a given
// convention: the search must find that event and that convention first.
func TestSearchFindsPlantedExclusion(t *testing.T) {
	rng := rand.New(rand.NewPCG(3, 5))
	n := 1500
	al, err := marketdata.Align(walk(rng, "AAA", n, true), walk(rng, "BBB", n, true))
	if err != nil {
		t.Fatal(err)
	}
	g := analysis.DefaultGrid("AAA", "BBB", 0.06, al.Dates[n-300])
	specs, err := analysis.Grid(al, g)
	if err != nil {
		t.Fatal(err)
	}
	// The planted truth: calendar days 91/365, next open, the third event
	// left out.
	var truth analysis.Spec
	seen := 0
	for _, sp := range specs {
		if sp.Price == marketdata.Adjusted && sp.Compare == analysis.AtLeast && sp.Entry == analysis.NextOpen &&
			sp.Horizon == (analysis.HorizonRule{Exit: analysis.CalendarDaysLater, Short: 91, Long: 365}) && !sp.Excluded.IsZero() {
			if seen++; seen == 3 {
				truth = sp
			}
		}
	}
	if truth.Excluded.IsZero() {
		t.Fatalf("fewer than 3 events in the synthetic data")
	}
	c := article.Claims{A: "AAA", B: "BBB", Threshold: 0.06, Before: al.Dates[n-300], Events: truth.Events,
		Forward: []article.Forward{{Months: 3, A: truth.ShortA, B: truth.ShortB}, {Months: 12, A: truth.LongA, B: truth.LongB}}}
	s, err := reproduce.SearchGrid(al, c, g, 3)
	if err != nil {
		t.Fatal(err)
	}
	// Ties are allowed (on a calendar without holidays 91 days are 65
	// trading days), but the best must leave out the planted event, enter
	// as planted and match exactly.
	best := s.Best[0]
	if !best.Excluded.Equal(truth.Excluded) || best.Distance > 1e-9 || best.Entry != analysis.NextOpen || best.Events != truth.Events {
		t.Errorf("best %+v, planted %+v", best, truth)
	}
}

// A series with no raw close (Stooq's layout) leaves the raw conventions
// and specifications out and says so, instead of failing the reproduction.
func TestRunWithoutRawClose(t *testing.T) {
	rng := rand.New(rand.NewPCG(7, 11))
	n := 800
	al, err := marketdata.Align(walk(rng, "AAA", n, true), walk(rng, "BBB", n, false))
	if err != nil {
		t.Fatal(err)
	}
	c := article.Claims{A: "AAA", B: "BBB", Threshold: 0.06, Before: al.Dates[n-300],
		Forward: []article.Forward{{Months: 3, A: 0.01, B: -0.01}, {Months: 12, A: 0.02, B: -0.02}}}
	rep, err := reproduce.Run(al, c, analysis.DefaultOptions())
	if err != nil {
		t.Fatalf("Run without raw closes: %v", err)
	}
	if len(rep.NoRaw) != 1 || rep.NoRaw[0] != "BBB" {
		t.Errorf("NoRaw = %v, want [BBB]", rep.NoRaw)
	}
	if len(rep.Conventions) != 4 {
		t.Errorf("%d conventions, want the 4 on adjusted closes", len(rep.Conventions))
	}
	for _, cv := range rep.Conventions {
		if cv.Convention.Price != marketdata.Adjusted {
			t.Errorf("convention %v on a series with no raw close", cv.Convention)
		}
	}
	if rep.Search == nil || len(rep.Search.Specs) == 0 {
		t.Fatal("no specification search")
	}
	for _, sp := range rep.Search.Specs {
		if sp.Price != marketdata.Adjusted {
			t.Fatalf("specification on raw closes: %+v", sp)
		}
	}
}

// walk is a random walk of n weekdays from 2001-01-02 with 3% daily moves
// and opens near the previous close: in the archive layout with a raw
// close 1% above the adjusted one, or with raw false in Stooq's, which has
// none.
func walk(rng *rand.Rand, tk marketdata.Ticker, n int, raw bool) *marketdata.Series {
	s := &marketdata.Series{Ticker: tk, Format: marketdata.FormatStooq}
	if raw {
		s.Format = marketdata.FormatArchive
	}
	d := time.Date(2001, 1, 2, 0, 0, 0, 0, time.UTC)
	p := 100.0
	for i := range n {
		for d.Weekday() == time.Saturday || d.Weekday() == time.Sunday {
			d = d.AddDate(0, 0, 1)
		}
		if i > 0 {
			p *= 1 + 0.03*rng.NormFloat64()
		}
		s.Dates = append(s.Dates, d)
		s.Adjusted = append(s.Adjusted, p)
		if raw {
			s.Raw = append(s.Raw, p*1.01)
		}
		s.Open = append(s.Open, p*(1+0.005*rng.NormFloat64()))
		d = d.AddDate(0, 0, 1)
	}
	return s
}
