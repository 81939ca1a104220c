package marketdata

import (
	"fmt"
	"sort"
	"strconv"
	"strings"
	"time"
)

// Calendar tells whether a market was open on a day (a date at midnight
// UTC). Package quality's TradingDay is the NYSE's.
type Calendar func(time.Time) bool

// TradingDays returns the days from from to to, both included, that cal
// says the market was open, in ascending order.
func TradingDays(cal Calendar, from, to time.Time) []time.Time {
	var days []time.Time
	for d := from; !d.After(to); d = d.AddDate(0, 0, 1) {
		if cal(d) {
			days = append(days, d)
		}
	}
	return days
}

// Missing is what one series lacks of a calendar's trading days over a
// range. A day whose row held no prices (Series.Skipped) is missing too:
// the return over it spans two days either way.
type Missing struct {
	Ticker Ticker
	// From and To bound the range checked, both included.
	From, To time.Time
	// TradingDays counts the calendar's trading days in the range.
	TradingDays int
	// Dates are the trading days the series has no price for, ascending.
	Dates []time.Time
	// LongestRun is the longest run of consecutive trading days missing;
	// RunStart is its first day.
	LongestRun int
	RunStart   time.Time
}

// Share returns the share of the range's trading days that are missing.
func (m Missing) Share() float64 {
	if m.TradingDays == 0 {
		return 0
	}
	return float64(len(m.Dates)) / float64(m.TradingDays)
}

// String says what is missing in one line: "IWM lacks 3 of 251 trading
// days from 2024-01-02 to 2024-12-31 (1.20%; longest run 2 days from
// 2024-03-04): 2024-03-04, 2024-03-05, 2024-07-01".
func (m Missing) String() string {
	if len(m.Dates) == 0 {
		return fmt.Sprintf("%s lacks none of %d trading days from %s to %s", m.Ticker, m.TradingDays, FormatDate(m.From), FormatDate(m.To))
	}
	run := "1 day"
	if m.LongestRun > 1 {
		run = strconv.Itoa(m.LongestRun) + " days"
	}
	return fmt.Sprintf("%s lacks %d of %d trading days from %s to %s (%.2f%%; longest run %s from %s): %s",
		m.Ticker, len(m.Dates), m.TradingDays, FormatDate(m.From), FormatDate(m.To), 100*m.Share(),
		run, FormatDate(m.RunStart), listDates(m.Dates, 5))
}

// MissingDays returns the days of days (a calendar's trading days,
// ascending) that s has no price for. The range checked is the first to the
// last of days.
func MissingDays(s *Series, days []time.Time) Missing {
	w := newMissingWalk(s, days)
	for _, d := range days {
		w.day(d)
	}
	return w.m
}

// MissingDays returns, for each aligned series in order, the trading days
// of cal it lacks from from (or the start of the common range, whichever
// is later) to the end of the common range. The calendar is walked once
// for all series, without a list of its days.
func (a *Aligned) MissingDays(cal Calendar, from time.Time) []Missing {
	if from.Before(a.Start) {
		from = a.Start
	}
	walks := make([]*missingWalk, len(a.Series))
	for i, s := range a.Series {
		walks[i] = &missingWalk{s: s, m: Missing{Ticker: s.Ticker}}
	}
	first := true
	// Dates are midnight UTC, where a day is always 24 hours: Add is
	// exact, and far cheaper than AddDate over millions of days.
	for d := from; !d.After(a.End); d = d.Add(24 * time.Hour) {
		if !cal(d) {
			continue
		}
		for _, w := range walks {
			if first {
				w.start(d)
			}
			w.day(d)
		}
		first = false
	}
	out := make([]Missing, len(walks))
	for i, w := range walks {
		out[i] = w.m
	}
	return out
}

// missingWalk finds a series' missing days as trading days come in
// ascending order.
type missingWalk struct {
	s   *Series
	m   Missing
	j   int // the first of s.Dates not before the last day seen
	run int // missing days in a row up to the last day seen
}

func newMissingWalk(s *Series, days []time.Time) *missingWalk {
	w := &missingWalk{s: s, m: Missing{Ticker: s.Ticker}}
	if len(days) > 0 {
		w.start(days[0])
	}
	return w
}

// start begins the walk at the range's first trading day.
func (w *missingWalk) start(d time.Time) {
	w.m.From = d
	w.j = sort.Search(len(w.s.Dates), func(j int) bool { return !w.s.Dates[j].Before(d) })
}

// day counts trading day d, later than any before it.
func (w *missingWalk) day(d time.Time) {
	w.m.TradingDays++
	w.m.To = d
	dates := w.s.Dates
	for w.j < len(dates) && dates[w.j].Before(d) {
		w.j++
	}
	if w.j < len(dates) && dates[w.j].Equal(d) {
		w.run = 0
		return
	}
	w.m.Dates = append(w.m.Dates, d)
	w.run++
	if w.run > w.m.LongestRun {
		w.m.LongestRun, w.m.RunStart = w.run, w.m.Dates[len(w.m.Dates)-w.run]
	}
}

// GapRule says how many trading days a series may lack before a study
// refuses it: figures computed across missing days are plausible and wrong
// (a return over two days counted as one day's).
type GapRule struct {
	// MaxShare is the largest share of the trading days that may be
	// missing (0.01: one day in a hundred).
	MaxShare float64
	// MaxRun is the longest run of consecutive missing trading days
	// allowed.
	MaxRun int
}

// DefaultGapRule allows a series to lack at most 1% of the trading days
// (about two and a half a year) and no run of more than two in a row.
// Complete histories (the archive's six files, Yahoo's, Tiingo's) lack
// none; a vendor that drops a day here and there stays well inside it.
// A file with every other day gone (50%) or a missing week (a run of 5)
// is refused.
var DefaultGapRule = GapRule{MaxShare: 0.01, MaxRun: 2}

// Allows reports whether the rule accepts what m lacks.
func (r GapRule) Allows(m Missing) bool {
	return m.Share() <= r.MaxShare && m.LongestRun <= r.MaxRun
}

// String writes the rule as the error and the report say it: "more than
// 1% of the trading days, or more than 2 in a row".
func (r GapRule) String() string {
	return fmt.Sprintf("more than %s%% of the trading days, or more than %d in a row",
		strconv.FormatFloat(100*r.MaxShare, 'f', -1, 64), r.MaxRun)
}

// Limit says what the rule allows, naming the calendar: "a series may lack
// at most 1% of the NYSE's trading days, and at most 2 in a row".
func (r GapRule) Limit(calendar string) string {
	return fmt.Sprintf("a series may lack at most %s%% of the %s's trading days, and at most %d in a row",
		strconv.FormatFloat(100*r.MaxShare, 'f', -1, 64), calendar, r.MaxRun)
}

// Check returns a *GapError naming every series the rule refuses, or nil.
func (r GapRule) Check(ms []Missing) error {
	e := &GapError{Rule: r}
	for _, m := range ms {
		if !r.Allows(m) {
			e.Refused = append(e.Refused, m)
		}
	}
	if len(e.Refused) == 0 {
		return nil
	}
	return e
}

// GapError is data that lack more trading days than a GapRule allows.
type GapError struct {
	Rule GapRule
	// Refused lists the series over the rule, with what they lack.
	Refused []Missing
}

func (e *GapError) Error() string {
	parts := make([]string, len(e.Refused))
	for i, m := range e.Refused {
		parts[i] = m.String()
	}
	return "marketdata: " + strings.Join(parts, "; ") + "; a series that lacks " + e.Rule.String() + ", is refused"
}
