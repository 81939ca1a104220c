package reproduce

import (
	"cmp"
	"errors"
	"fmt"
	"math"
	"slices"
	"time"

	"github.com/rotationlab/rotation/analysis"
	"github.com/rotationlab/rotation/analysis/article"
	"github.com/rotationlab/rotation/analysis/marketdata"
)

// Convention is one way of computing the article's study.
type Convention struct {
	Price marketdata.PriceKind
	// Unit of the 3- and 12-month horizons: 63 and 252 trading days, or
	// calendar months.
	Unit analysis.Unit
	// EntryLag 0 enters at the event day's close, 1 at the next day's.
	EntryLag int
}

// String describes the convention in a few words.
func (c Convention) String() string {
	unit := "trading days"
	if c.Unit == analysis.Months {
		unit = "calendar months"
	}
	entry := "event-day close"
	if c.EntryLag == 1 {
		entry = "next-day close"
	} else if c.EntryLag > 1 {
		entry = fmt.Sprintf("close %d days later", c.EntryLag)
	}
	return fmt.Sprintf("%s close, %s, entry at %s", c.Price, unit, entry)
}

// ConventionResult is the study's headline under one convention.
type ConventionResult struct {
	Convention Convention
	Events     int
	// Horizons follow the claims' Forward order (3 and 12 months).
	Horizons []analysis.HorizonResult
}

// Named is one of the article's named days as our data has it.
type Named struct {
	Claim article.Day
	// Found is false when the date is not a trading day in the data.
	Found        bool
	A, B, Spread float64
}

// LeaveOneOut is how far the means move when any one event is left out.
type LeaveOneOut struct {
	Horizon analysis.Horizon
	// MinA..MaxB bound the means of A and B over every way of leaving
	// one event out.
	MinA, MaxA, MinB, MaxB float64
}

// Reproduction sets the article's claims beside what the data gives.
type Reproduction struct {
	Claims article.Claims
	Named  []Named
	// Main is the study with the article's set-up and the given options'
	// conventions.
	Main *analysis.Result
	// Conventions are the eight ways to count, less the four on raw
	// closes when the data has none (Stooq's layout).
	Conventions []ConventionResult
	LeaveOneOut []LeaveOneOut
	// After is the study of the article's own day and every later event;
	// nil when the data ends before that day.
	After *analysis.Result
	// Search is the specification grid (analysis.DefaultGrid) ranked by
	// distance to the article; nil when the data has no opens.
	Search *Search
	// NoRaw names the series that have no raw close (a Stooq file, say):
	// then the conventions and the specifications on raw closes are left
	// out, and only adjusted closes are compared.
	NoRaw []marketdata.Ticker
}

// ArticleFigure returns the article's average forward returns for horizon
// h, when it quotes one: h is its N months as calendar months or as 21*N
// trading days. Figures are matched by horizon, never by position.
func ArticleFigure(c article.Claims, h analysis.Horizon) (article.Forward, bool) {
	for _, f := range c.Forward {
		if (h.Unit == analysis.Months && h.N == f.Months) || (h.Unit == analysis.TradingDays && h.N == 21*f.Months) {
			return f, true
		}
	}
	return article.Forward{}, false
}

// NamedDays looks the article's named days up in r: each day's returns and
// spread when it is a day of the data (Found), in the claims' order.
func NamedDays(r *analysis.Result, c article.Claims) []Named {
	var named []Named
	for _, d := range c.Days {
		nd := Named{Claim: d}
		for i := 1; i < len(r.Dates); i++ {
			if r.Dates[i].Equal(d.Date) {
				nd.Found = true
				nd.A, nd.B, nd.Spread = r.ReturnA[i], r.ReturnB[i], r.Spread[i]
			}
		}
		named = append(named, nd)
	}
	return named
}

// Rule returns the article's event rule: days with spread >= its
// threshold before the day of its own event, no mirror, no window start.
func Rule(c article.Claims) analysis.EventRule {
	return analysis.EventRule{Threshold: c.Threshold, Compare: analysis.AtLeast, Before: c.Before}
}

// SameSetUp tells whether o studies what the article studied (its legs
// and its event rule, see Rule; no declustering), so that its figures may
// stand beside ours at the horizons it quotes.
func SameSetUp(o analysis.Options, c article.Claims) bool {
	return o.A == c.A && o.B == c.B && o.SameRule(Rule(c)) && o.Decluster == 0
}

// horizonsFor gives the claims' month horizons in a unit: 21 trading days
// a month, or calendar months.
func horizonsFor(c article.Claims, u analysis.Unit) []analysis.Horizon {
	hs := make([]analysis.Horizon, len(c.Forward))
	for i, f := range c.Forward {
		if u == analysis.Months {
			hs[i] = analysis.MonthsAhead(f.Months)
		} else {
			hs[i] = analysis.Days(21 * f.Months)
		}
	}
	return hs
}

// Run runs the article's study on al (A then B) with base's price kind,
// entry lag and horizons (all of them: the article's figures stand beside
// the ones it quotes), and again under every combination of adjusted or
// raw close, trading days or calendar months, and entry on the event day
// or the next, at the article's own horizons (3 and 12 months). With no
// horizons in base, the article's 3 and 12 months in trading days. The
// specification search carries its inferential curve under DefaultShifts
// date shifts seeded by base.Seed (see RunShifts).
func Run(al *marketdata.Aligned, c article.Claims, base analysis.Options) (*Reproduction, error) {
	return RunShifts(al, c, base, analysis.ShiftOptions{Shifts: DefaultShifts, Seed: base.Seed})
}

// RunShifts is Run with the inferential specification curve under so's
// date shifts (Search.Curve); so.Shifts = 0 leaves the curve out.
func RunShifts(al *marketdata.Aligned, c article.Claims, base analysis.Options, so analysis.ShiftOptions) (*Reproduction, error) {
	if so.Shifts < 0 {
		return nil, so.Validate()
	}
	rep := &Reproduction{Claims: c}
	opt := base
	opt.A, opt.B = c.A, c.B
	opt.EventRule = Rule(c)
	opt.Decluster = 0
	if len(opt.Horizons) == 0 {
		opt.Horizons = horizonsFor(c, analysis.TradingDays)
	}
	main, err := analysis.Run(al, opt)
	if err != nil {
		return nil, err
	}
	rep.Main = main

	rep.Named = NamedDays(main, c)

	prices := []marketdata.PriceKind{marketdata.Adjusted, marketdata.Raw}
	for i, sr := range al.Series {
		if _, err := al.Close(i, marketdata.Raw); errors.Is(err, marketdata.ErrNoRaw) {
			rep.NoRaw = append(rep.NoRaw, sr.Ticker)
		}
	}
	if len(rep.NoRaw) > 0 {
		prices = prices[:1]
	}
	for _, price := range prices {
		for _, u := range []analysis.Unit{analysis.TradingDays, analysis.Months} {
			for _, lag := range []int{0, 1} {
				o := opt
				o.Price, o.EntryLag, o.Horizons = price, lag, horizonsFor(c, u)
				o.Resamples = 0
				r, err := analysis.Run(al, o)
				if err != nil {
					return nil, fmt.Errorf("convention %v: %w", Convention{price, u, lag}, err)
				}
				rep.Conventions = append(rep.Conventions, ConventionResult{
					Convention: Convention{price, u, lag}, Events: len(r.Events), Horizons: r.Horizons})
			}
		}
	}

	for k, h := range main.Horizons {
		l := LeaveOneOut{Horizon: h.Horizon, MinA: math.Inf(1), MaxA: math.Inf(-1), MinB: math.Inf(1), MaxB: math.Inf(-1)}
		var sa, sb float64
		var n int
		for _, e := range main.Events {
			if f := e.Forward[k]; f.OK {
				sa, sb, n = sa+f.A, sb+f.B, n+1
			}
		}
		if n < 2 {
			// Fewer than two events reach the horizon: leaving one out
			// leaves no mean to range over.
			l.MinA, l.MaxA, l.MinB, l.MaxB = math.NaN(), math.NaN(), math.NaN(), math.NaN()
		} else {
			for _, e := range main.Events {
				if f := e.Forward[k]; f.OK {
					a, b := (sa-f.A)/float64(n-1), (sb-f.B)/float64(n-1)
					l.MinA, l.MaxA = math.Min(l.MinA, a), math.Max(l.MaxA, a)
					l.MinB, l.MaxB = math.Min(l.MinB, b), math.Max(l.MaxB, b)
				}
			}
		}
		rep.LeaveOneOut = append(rep.LeaveOneOut, l)
	}

	after := opt
	after.After, after.Before = c.Before, time.Time{}
	g := analysis.DefaultGrid("", "", 0, time.Time{})
	if len(rep.NoRaw) > 0 {
		g.Prices = slices.DeleteFunc(g.Prices, func(p marketdata.PriceKind) bool { return p == marketdata.Raw })
	}
	switch search, err := SearchGridShifts(al, c, g, 5, so); {
	case err == nil:
		rep.Search = search
	case errors.Is(err, marketdata.ErrNoOpen):
		// Series built without opens: no grid (it needs next-day opens).
	default:
		return nil, fmt.Errorf("the specification grid: %w", err)
	}

	switch ar, err := analysis.Run(al, after); {
	case err == nil:
		rep.After = ar
	case errors.Is(err, analysis.ErrEmptyWindow):
		// The data ends before the article's day: nothing to say after it.
	default:
		return nil, fmt.Errorf("after %s: %w", marketdata.FormatDate(c.Before), err)
	}
	return rep, nil
}

// Match is a specification with its distance to the article: the sum of the
// absolute differences, in percentage points, between its four means and
// the article's.
type Match struct {
	analysis.Spec
	Distance float64
}

// Search is the specification grid run on the article's set-up, and the
// specifications ranked by their distance to the article.
type Search struct {
	// Specs are every specification tried, in grid order.
	Specs []analysis.Spec
	// Best are the closest to the article, best first.
	Best []Match
	// Headline is our own convention's specification (adjusted close,
	// >=, 63 and 252 trading days, entry at the event-day close, no event
	// left out), chosen before the search.
	Headline analysis.Spec
	// Curve is the inferential specification curve; nil when no date
	// shifts were asked for.
	Curve *Curve
}

// SearchGrid runs the grid g (the article's legs and event rule, see Rule,
// are set from c; g's comparisons are tried in its place) and ranks its
// specifications by distance to c's four means. It keeps the top best.
func SearchGrid(al *marketdata.Aligned, c article.Claims, g analysis.GridOptions, top int) (*Search, error) {
	return SearchGridShifts(al, c, g, top, analysis.ShiftOptions{})
}

// SearchGridShifts is SearchGrid with the inferential specification curve
// under so's date shifts (Search.Curve; none when so.Shifts is 0).
func SearchGridShifts(al *marketdata.Aligned, c article.Claims, g analysis.GridOptions, top int, so analysis.ShiftOptions) (*Search, error) {
	short, okS := claimFor(c, 3)
	long, okL := claimFor(c, 12)
	if !okS || !okL {
		return nil, fmt.Errorf("reproduce: the claims quote no 3- and 12-month figures")
	}
	g.A, g.B, g.EventRule = c.A, c.B, Rule(c)
	specs, curve, err := searchCurve(al, g, so)
	if err != nil {
		return nil, err
	}
	s := &Search{Specs: specs, Curve: curve}
	matches := make([]Match, 0, len(specs))
	for _, sp := range specs {
		d := 100 * (math.Abs(sp.ShortA-short.A) + math.Abs(sp.ShortB-short.B) + math.Abs(sp.LongA-long.A) + math.Abs(sp.LongB-long.B))
		if !math.IsNaN(d) {
			matches = append(matches, Match{Spec: sp, Distance: d})
		}
		if sp.Price == marketdata.Adjusted && sp.Compare == analysis.AtLeast && sp.Entry == analysis.EventClose && sp.Excluded.IsZero() &&
			sp.Horizon == (analysis.HorizonRule{Exit: analysis.TradingDaysLater, Short: 63, Long: 252}) {
			s.Headline = sp
		}
	}
	slices.SortStableFunc(matches, func(a, b Match) int { return cmp.Compare(a.Distance, b.Distance) })
	s.Best = matches[:min(top, len(matches))]
	return s, nil
}

func claimFor(c article.Claims, months int) (article.Forward, bool) {
	for _, f := range c.Forward {
		if f.Months == months {
			return f, true
		}
	}
	return article.Forward{}, false
}

// Figure summarises one of the article's four means across the
// specifications: the spread of the curve, our headline's value, the
// article's, and the share of specifications below the article's.
type Figure struct {
	Name                           string
	Min, P10, Median, P90, Max     float64
	Headline, Article, ArticleRank float64
	// Sorted holds every specification's value, ascending (the curve).
	Sorted []float64
}

// CurveFigures summarises the four means: A and B at 3 and at 12 months.
func CurveFigures(s *Search, c article.Claims) []Figure {
	short, _ := claimFor(c, 3)
	long, _ := claimFor(c, 12)
	type pick struct {
		name    string
		get     func(analysis.Spec) float64
		article float64
	}
	picks := []pick{
		{string(c.A) + " 3m", func(sp analysis.Spec) float64 { return sp.ShortA }, short.A},
		{string(c.B) + " 3m", func(sp analysis.Spec) float64 { return sp.ShortB }, short.B},
		{string(c.A) + " 12m", func(sp analysis.Spec) float64 { return sp.LongA }, long.A},
		{string(c.B) + " 12m", func(sp analysis.Spec) float64 { return sp.LongB }, long.B},
	}
	var out []Figure
	for _, p := range picks {
		var v []float64
		for _, sp := range s.Specs {
			if x := p.get(sp); !math.IsNaN(x) {
				v = append(v, x)
			}
		}
		slices.Sort(v)
		f := Figure{Name: p.name, Sorted: v, Headline: p.get(s.Headline), Article: p.article,
			Min: math.NaN(), P10: math.NaN(), Median: math.NaN(), P90: math.NaN(), Max: math.NaN(), ArticleRank: math.NaN()}
		if n := len(v); n > 0 {
			q := func(p float64) float64 { return v[min(n-1, int(p*float64(n-1)+0.5))] }
			f.Min, f.P10, f.Median, f.P90, f.Max = v[0], q(0.1), q(0.5), q(0.9), v[n-1]
			below, _ := slices.BinarySearch(v, p.article)
			f.ArticleRank = float64(below) / float64(n)
		}
		out = append(out, f)
	}
	return out
}
