// Package quality checks price data on the days that matter: within one
// source, closes whose move is largely reversed the next day (a likely bad
// or late close), closes outside the day's high-low range, closes repeated
// day after day, and days missing from, or extra to, the NYSE calendar;
// against a second source, days where the two disagree on the daily return,
// with which of them closed at the day's high or low (a close copied from
// the wrong field); against the index a fund tracks, days where the
// fund's daily return departs from the index's (CompareIndex: a bad or
// late close, or a real premium). Zero and negative prices never get this
// far: marketdata refuses them with a positional error.
//
//	s, err := marketdata.ReadFileOHLC("data/IWM.csv")
//	flags := quality.Check(s, quality.Options{})
//	flags = append(flags, quality.Compare(s, other, quality.Options{})...)
//	rut, err := marketdata.LoadIndex("indices", "^RUT")
//	dep, sum := quality.CompareIndex(s, rut, quality.IndexPair{Fund: "IWM", Index: "^RUT"}, quality.Options{})
//	quality.MarkEvents(append(flags, dep...), eventDates, s.Dates)
package quality

import (
	"fmt"
	"math"
	"slices"
	"sort"
	"time"

	"github.com/rotationlab/rotation/analysis/marketdata"
)

// Reason says why a day is flagged.
type Reason string

// The reasons.
const (
	Reversal     Reason = "move reversed the next day"
	OutsideRange Reason = "close outside the day's high-low range"
	Repeated     Reason = "close repeated"
	Missing      Reason = "trading day missing"
	Extra        Reason = "not a trading day"
	Disagree     Reason = "sources disagree on the return"
	// Departure (index.go): a fund's return departs from its index's.
)

// Flag is one suspect day.
type Flag struct {
	Ticker marketdata.Ticker
	Date   time.Time
	Reason Reason
	Detail string
	// Event is the study event whose return rests on this day's close
	// (the event day or the day before it); zero when none.
	Event time.Time
	// Index is set on Departure flags only: the index the fund departed
	// from, and the day's returns of both (fractions).
	Index                   marketdata.Index
	FundReturn, IndexReturn float64
}

// Options tune the checks; zero fields take the defaults.
type Options struct {
	// A reversal is a move of at least ReversalMin (default 5%) and at
	// least ReversalK (default 2) times the median absolute return of the
	// 60 days before, taken back the next day by ReversalShare (default
	// 50%) to 1/ReversalShare of it: the price returns towards where it
	// was, as after a bad close, not on to a new level as markets do.
	//
	// The defaults were 1%, 5x and 80% until the fund/index check gave
	// evidence of which closes were bad (TestReversalEvidence: on QQQ
	// against ^NDX and IWM against ^RUT, 2000-2026, the old defaults
	// found none of the 87 bad closes and flagged 8 sound days; these
	// find 9 for 28 sound days, the best F1 of a grid of 112 settings).
	// The rule remains a weak detector: where a fund has an index,
	// CompareIndex is the check to trust.
	ReversalMin, ReversalK, ReversalShare float64
	// Repeats is how many days in a row may close at the same price
	// before the run is flagged (default 2: a third equal close is).
	Repeats int
	// Tolerance is how far two sources' daily returns may differ (default
	// 0.25 percentage points).
	Tolerance float64
	// IndexTolerance is how far a fund's daily return may depart from its
	// index's (default DefaultIndexTolerance, 1 percentage point).
	IndexTolerance float64
}

func (o Options) withDefaults() Options {
	if o.ReversalMin <= 0 {
		o.ReversalMin = 0.05
	}
	if o.ReversalK <= 0 {
		o.ReversalK = 2
	}
	if o.ReversalShare <= 0 || o.ReversalShare > 1 {
		o.ReversalShare = 0.5
	}
	if o.Repeats <= 0 {
		o.Repeats = 2
	}
	if o.Tolerance <= 0 {
		o.Tolerance = 0.0025
	}
	if o.IndexTolerance <= 0 {
		o.IndexTolerance = DefaultIndexTolerance
	}
	return o
}

// Check runs the single-source checks on s (adjusted closes; the range
// check needs ReadFileOHLC's highs and lows).
func Check(s *marketdata.Series, opt Options) []Flag {
	opt = opt.withDefaults()
	var flags []Flag
	flag := func(i int, r Reason, format string, args ...any) {
		flags = append(flags, Flag{Ticker: s.Ticker, Date: s.Dates[i], Reason: r, Detail: fmt.Sprintf(format, args...)})
	}
	c := s.Adjusted
	ret := make([]float64, len(c))
	for i := 1; i < len(c); i++ {
		ret[i] = c[i]/c[i-1] - 1
	}
	for i := 1; i+1 < len(c); i++ {
		lo := max(1, i-60)
		typical := medianAbs(ret[lo:i])
		r, next := ret[i], ret[i+1]
		back := -next / r // the share of the move taken back
		if math.Abs(r) >= opt.ReversalMin && math.Abs(r) >= opt.ReversalK*typical && back >= opt.ReversalShare && back <= 1/opt.ReversalShare {
			flag(i, Reversal, "%+.2f%% then %+.2f%% the next day (typical move %.2f%%)", 100*r, 100*next, 100*typical)
		}
	}
	if len(s.High) == len(c) && len(s.Low) == len(c) {
		for i := range c {
			if tol := 1e-6 * c[i]; c[i] > s.High[i]+tol || c[i] < s.Low[i]-tol {
				flag(i, OutsideRange, "close %.4f, low %.4f, high %.4f", c[i], s.Low[i], s.High[i])
			}
		}
	}
	run := 0
	for i := 1; i < len(c); i++ {
		if c[i] == c[i-1] {
			run++
			if run == opt.Repeats {
				flag(i, Repeated, "the same close (%.4f) %d days in a row", c[i], run+1)
			}
		} else {
			run = 0
		}
	}
	flags = append(flags, calendarFlags(s)...)
	sortFlags(flags)
	return flags
}

// calendarFlags compares s's dates with the NYSE calendar between its
// first and last day.
func calendarFlags(s *marketdata.Series) []Flag {
	if s.Len() == 0 {
		return nil
	}
	have := make(map[time.Time]bool, s.Len())
	for _, d := range s.Dates {
		have[d] = true
	}
	for _, d := range s.Skipped {
		have[d] = true // a null row is a day the source knows of
	}
	var flags []Flag
	tradingDay := Calendar()
	for d := s.First(); !d.After(s.Last()); d = d.AddDate(0, 0, 1) {
		switch open := tradingDay(d); {
		case open && !have[d]:
			flags = append(flags, Flag{Ticker: s.Ticker, Date: d, Reason: Missing, Detail: "the NYSE was open; the file has no row"})
		case !open && have[d]:
			flags = append(flags, Flag{Ticker: s.Ticker, Date: d, Reason: Extra, Detail: "the NYSE was closed; the file has a row"})
		}
	}
	return flags
}

// Compare checks a against b, a second source of the same instrument, on
// the days both have and the day before: it flags daily returns that
// differ by more than the tolerance, saying whether either source's close
// equals its high or low that day.
func Compare(a, b *marketdata.Series, opt Options) []Flag {
	opt = opt.withDefaults()
	at := make(map[time.Time]int, b.Len())
	for j, d := range b.Dates {
		at[d] = j
	}
	var flags []Flag
	for i := 1; i < a.Len(); i++ {
		j, ok := at[a.Dates[i]]
		if !ok || j == 0 || !b.Dates[j-1].Equal(a.Dates[i-1]) {
			continue
		}
		ra := a.Adjusted[i]/a.Adjusted[i-1] - 1
		rb := b.Adjusted[j]/b.Adjusted[j-1] - 1
		if math.Abs(ra-rb) <= opt.Tolerance {
			continue
		}
		detail := fmt.Sprintf("%s %+.2f%%, %s %+.2f%%", a.Source, 100*ra, b.Source, 100*rb)
		for _, side := range []struct {
			s *marketdata.Series
			k int
		}{{a, i}, {b, j}} {
			if w := atExtreme(side.s, side.k); w != "" {
				detail += fmt.Sprintf("; %s's close equals its %s", side.s.Source, w)
			}
		}
		flags = append(flags, Flag{Ticker: a.Ticker, Date: a.Dates[i], Reason: Disagree, Detail: detail})
	}
	return flags
}

// atExtreme says whether s's close on day k equals its high or low.
func atExtreme(s *marketdata.Series, k int) string {
	if len(s.High) <= k || len(s.Low) <= k {
		return ""
	}
	c, tol := s.Adjusted[k], 1e-6*s.Adjusted[k]
	switch {
	case math.Abs(c-s.High[k]) <= tol && math.Abs(c-s.Low[k]) <= tol:
		return ""
	case math.Abs(c-s.High[k]) <= tol:
		return "high"
	case math.Abs(c-s.Low[k]) <= tol:
		return "low"
	}
	return ""
}

// MarkEvents sets Event on the flags whose day's close enters an event's
// return: the event day itself, or the trading day before it (dates are
// the series' trading days, ascending).
func MarkEvents(flags []Flag, events, dates []time.Time) {
	prevOf := map[time.Time]time.Time{}
	for i := 1; i < len(dates); i++ {
		prevOf[dates[i]] = dates[i-1]
	}
	touches := map[time.Time]time.Time{}
	for _, e := range events {
		touches[e] = e
		if p, ok := prevOf[e]; ok {
			touches[p] = e
		}
	}
	for i := range flags {
		if e, ok := touches[flags[i].Date]; ok {
			flags[i].Event = e
		}
	}
}

func medianAbs(xs []float64) float64 {
	if len(xs) == 0 {
		return 0
	}
	a := make([]float64, len(xs))
	for i, x := range xs {
		a[i] = math.Abs(x)
	}
	slices.Sort(a)
	return a[len(a)/2]
}

func sortFlags(f []Flag) {
	sort.SliceStable(f, func(i, j int) bool { return f[i].Date.Before(f[j].Date) })
}

// DefaultOptions returns the options with every default filled in.
func DefaultOptions() Options { return Options{}.withDefaults() }
