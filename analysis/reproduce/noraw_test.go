package reproduce_test

import (
	"math/rand/v2"
	"testing"
	"time"

	"github.com/rotationlab/rotation/analysis"
	"github.com/rotationlab/rotation/analysis/article"
	"github.com/rotationlab/rotation/analysis/marketdata"
	"github.com/rotationlab/rotation/analysis/reproduce"
)

// Data in a layout without raw closes (Stooq's) reproduces on adjusted
// closes alone: the conventions and specifications on raw closes are left
// out, not an error that stops the notebooks and `rotation reproduce`.
func TestRunWithoutRawCloses(t *testing.T) {
	rng := rand.New(rand.NewPCG(7, 11))
	n := 1500
	mk := func(tk marketdata.Ticker) *marketdata.Series {
		s := &marketdata.Series{Ticker: tk, Format: marketdata.FormatStooq}
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
			s.Open = append(s.Open, p*(1+0.005*rng.NormFloat64()))
			d = d.AddDate(0, 0, 1)
		}
		return s
	}
	al, err := marketdata.Align(mk("AAA"), mk("BBB"))
	if err != nil {
		t.Fatal(err)
	}
	c := article.Claims{A: "AAA", B: "BBB", Threshold: 0.06, Before: al.Dates[n-300], Events: 10,
		Forward: []article.Forward{{Months: 3, A: 0.05, B: -0.01}, {Months: 12, A: 0.1, B: -0.04}}}
	rep, err := reproduce.Run(al, c, analysis.DefaultOptions())
	if err != nil {
		t.Fatalf("reproduce without raw closes: %v", err)
	}
	if len(rep.Conventions) == 0 {
		t.Fatal("no conventions")
	}
	for _, cv := range rep.Conventions {
		if cv.Convention.Price != marketdata.Adjusted {
			t.Errorf("convention %v on data without raw closes", cv.Convention)
		}
	}
	if rep.Search == nil || len(rep.Search.Specs) == 0 {
		t.Fatal("no specification grid")
	}
	for _, sp := range rep.Search.Specs {
		if sp.Price != marketdata.Adjusted {
			t.Fatalf("specification on %v closes on data without raw closes", sp.Price)
		}
	}
}
