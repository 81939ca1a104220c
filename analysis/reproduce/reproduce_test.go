package reproduce_test

import (
	"math"
	"testing"

	"github.com/rotationlab/rotation/analysis"
	"github.com/rotationlab/rotation/analysis/article"
	"github.com/rotationlab/rotation/analysis/reproduce"
	"github.com/rotationlab/rotation/internal/fixture"
	"github.com/rotationlab/rotation/internal/realdata"
)

// The article's named days, to the two decimals it quotes.
func TestRealNamedDays(t *testing.T) {
	rep, err := reproduce.Run(fixture.Aligned(t, realdata.Dir(t), "IWM", "QQQ"), article.Equalizer(), analysis.DefaultOptions())
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
