package analysis

import (
	"errors"
	"fmt"
	"math"
	"sort"
	"time"

	"github.com/rotationlab/rotation/analysis/marketdata"
)

// A specification grid runs one study under every combination of
// reasonable choices, as in a specification curve (Simonsohn, Simmons and
// Nelson, 2020): the price, the event rule's comparison, the horizon rule for a short
// and a long horizon (the article's 3 and 12 months), the entry, and
// leaving out none or any one of the events. Every specification gives the
// event count and the mean forward returns of both legs at both horizons.

// Entry says at which price a position is entered.
type Entry int

const (
	// EventClose enters at the event day's close.
	EventClose Entry = iota
	// NextClose enters at the next trading day's close.
	NextClose
	// NextOpen enters at the next trading day's open.
	NextOpen
)

func (e Entry) String() string {
	return [...]string{"event-day close", "next close", "next open"}[e]
}

// ExitRule says how a horizon's exit day is found from the entry day.
type ExitRule int

const (
	// TradingDaysLater: N trading days after the entry day.
	TradingDaysLater ExitRule = iota
	// CalendarDaysLater: the first trading day on or after N calendar days.
	CalendarDaysLater
	// MonthsOnOrAfter: the first trading day on or after the same day N
	// months later (clipped to the month's end).
	MonthsOnOrAfter
	// MonthsOnOrBefore: the last trading day on or before that date.
	MonthsOnOrBefore
)

// HorizonRule is the exit rule of the short and the long horizon.
type HorizonRule struct {
	Exit        ExitRule
	Short, Long int // trading days, calendar days or months
}

func (h HorizonRule) String() string {
	switch h.Exit {
	case CalendarDaysLater:
		return fmt.Sprintf("%d and %d calendar days", h.Short, h.Long)
	case MonthsOnOrAfter:
		return fmt.Sprintf("%d and %d months, exit on or after", h.Short, h.Long)
	case MonthsOnOrBefore:
		return fmt.Sprintf("%d and %d months, exit on or before", h.Short, h.Long)
	}
	return fmt.Sprintf("%d and %d trading days", h.Short, h.Long)
}

// GridOptions define the grid.
type GridOptions struct {
	A, B marketdata.Ticker
	// EventRule selects the events as it does for Run: the threshold, the
	// mirror and the window [After, Before). Its Compare is replaced by
	// each of Compares in turn.
	EventRule
	Prices []marketdata.PriceKind
	// Compares are the comparisons tried (>= and > in DefaultGrid); none
	// means the rule's own.
	Compares []Comparison
	// Horizons are the horizon rules tried.
	Horizons []HorizonRule
	Entries  []Entry
	// LeaveOneOut adds, for every event, the specifications without it.
	LeaveOneOut bool
}

// Validate reports the first problem with the options, as an
// *OptionError naming the field.
func (g GridOptions) Validate() error {
	for _, r := range g.rules() {
		if err := r.Validate(); err != nil {
			return err
		}
	}
	return nil
}

// rules returns the event rule of each comparison tried.
func (g GridOptions) rules() []EventRule {
	if len(g.Compares) == 0 {
		return []EventRule{g.EventRule}
	}
	rules := make([]EventRule, len(g.Compares))
	for i, c := range g.Compares {
		rules[i] = g.EventRule
		rules[i].Compare = c
	}
	return rules
}

// DefaultGrid is the documented grid: events before the given day (none
// when it is zero), no window start and no mirror; adjusted and raw closes;
// >= and >; trading days 60-66 for three months with 250-261 for twelve,
// calendar days 90 or 91 with 365, and calendar months with the exit on or
// after and on or before; entry at the event-day close, the next close or
// the next open; leaving out none or any one event.
func DefaultGrid(a, b marketdata.Ticker, threshold float64, before time.Time) GridOptions {
	g := GridOptions{A: a, B: b, EventRule: EventRule{Threshold: threshold, Before: before},
		Prices:   []marketdata.PriceKind{marketdata.Adjusted, marketdata.Raw},
		Compares: []Comparison{AtLeast, Above},
		Entries:  []Entry{EventClose, NextClose, NextOpen}, LeaveOneOut: true}
	for s := 60; s <= 66; s++ {
		for l := 250; l <= 261; l++ {
			g.Horizons = append(g.Horizons, HorizonRule{TradingDaysLater, s, l})
		}
	}
	g.Horizons = append(g.Horizons, HorizonRule{CalendarDaysLater, 90, 365}, HorizonRule{CalendarDaysLater, 91, 365},
		HorizonRule{MonthsOnOrAfter, 3, 12}, HorizonRule{MonthsOnOrBefore, 3, 12})
	return g
}

// Spec is one specification and what it gives.
type Spec struct {
	Price marketdata.PriceKind
	// Compare is the event rule's comparison; the rest of the rule is the
	// grid's.
	Compare Comparison
	Horizon HorizonRule
	Entry   Entry
	// Excluded is the event left out (zero for none).
	Excluded time.Time
	// Events counts the events used.
	Events int
	// Means of A and B at the short and the long horizon (NaN when no
	// event reaches it).
	ShortA, ShortB, LongA, LongB float64
}

// Grid runs every specification. The returns and events are computed once
// per price and comparison, with the rule Run uses (EventRule.Events), so
// that a specification with Run's choices counts Run's events; each
// specification then costs a few sums.
func Grid(al *marketdata.Aligned, g GridOptions) ([]Spec, error) {
	if len(al.Series) != 2 {
		return nil, errors.New("analysis: the grid needs two aligned series")
	}
	if err := g.Validate(); err != nil {
		return nil, err
	}
	var specs []Spec
	for _, price := range g.Prices {
		legs, err := loadGridLegs(al, price)
		if err != nil {
			return nil, err
		}
		spread := legs.spread()
		for _, rule := range g.rules() {
			events := rule.Events(al.Dates, spread)
			for _, hr := range g.Horizons {
				exits := [2][]int{exitRows(al.Dates, hr.Exit, hr.Short), exitRows(al.Dates, hr.Exit, hr.Long)}
				for _, entry := range g.Entries {
					specs = append(specs, gridSpecs(al.Dates, legs, events, exits, Spec{Price: price, Compare: rule.Compare, Horizon: hr, Entry: entry}, g.LeaveOneOut)...)
				}
			}
		}
	}
	return specs, nil
}

// gridLegs holds both legs' closes and opens of one price kind.
type gridLegs struct {
	close, open [2][]float64
}

func loadGridLegs(al *marketdata.Aligned, price marketdata.PriceKind) (gridLegs, error) {
	var l gridLegs
	for i := range 2 {
		var err error
		if l.close[i], err = al.Close(i, price); err != nil {
			return l, err
		}
		if l.open[i], err = al.Open(i, price); err != nil {
			return l, err
		}
	}
	return l, nil
}

// spread returns the daily spread of the closes, indexed like the dates
// (element 0, which has no previous close, is NaN), computed as Run
// computes it.
func (l gridLegs) spread() []float64 {
	a, b := l.close[0], l.close[1]
	s := make([]float64, len(a))
	if len(s) > 0 {
		s[0] = math.NaN()
	}
	for t := 1; t < len(s); t++ {
		s[t] = (a[t]/a[t-1] - 1) - (b[t]/b[t-1] - 1)
	}
	return s
}

// exitRows gives, for every row taken as the entry day, the exit row of a
// horizon, or -1 when the data ends first. Trading days and months exited
// on or after the date are the study's own rules (exits); calendar days and
// months exited on or before the date are the grid's additions.
func exitRows(dates []time.Time, rule ExitRule, n int) []int {
	switch rule {
	case TradingDaysLater:
		return exits(dates, Days(n))
	case MonthsOnOrAfter:
		return exits(dates, MonthsAhead(n))
	}
	out := make([]int, len(dates))
	for i := range dates {
		out[i] = -1
		target := dates[i].AddDate(0, 0, n)
		if rule == MonthsOnOrBefore {
			target = addMonths(dates[i], n)
		}
		j := sort.Search(len(dates), func(k int) bool { return !dates[k].Before(target) })
		switch {
		case j == len(dates):
			// The data ends before the date.
		case rule == CalendarDaysLater || dates[j].Equal(target):
			out[i] = j
		case j-1 > i:
			out[i] = j - 1 // the data goes on past the date: the day before it
		}
	}
	return out
}

// gridSpecs computes one choice of price, rule, horizons and entry, with
// no event left out and, when asked, each one left out in turn.
func gridSpecs(dates []time.Time, l gridLegs, events []int, exits [2][]int, base Spec, leaveOut bool) []Spec {
	// fwd[h][leg][k]: event k's forward return; ok[h][k] whether it exists.
	var fwd [2][2][]float64
	var ok [2][]bool
	var sum [2][2]float64
	var n [2]int
	for h := range 2 {
		ok[h] = make([]bool, len(events))
		for leg := range 2 {
			fwd[h][leg] = make([]float64, len(events))
		}
		for k, e := range events {
			in := e
			if base.Entry != EventClose {
				in = e + 1
			}
			if in >= len(dates) {
				continue
			}
			x := exits[h][in]
			if x < 0 {
				continue
			}
			ok[h][k] = true
			n[h]++
			for leg := range 2 {
				price := l.close[leg][in]
				if base.Entry == NextOpen {
					price = l.open[leg][in]
				}
				f := l.close[leg][x]/price - 1
				fwd[h][leg][k] = f
				sum[h][leg] += f
			}
		}
	}
	mean := func(s float64, c int) float64 {
		if c == 0 {
			return math.NaN()
		}
		return s / float64(c)
	}
	all := base
	all.Events = len(events)
	all.ShortA, all.ShortB = mean(sum[0][0], n[0]), mean(sum[0][1], n[0])
	all.LongA, all.LongB = mean(sum[1][0], n[1]), mean(sum[1][1], n[1])
	out := []Spec{all}
	if !leaveOut {
		return out
	}
	for k, e := range events {
		s := base
		s.Excluded = dates[e]
		s.Events = len(events) - 1
		var v [2][2]float64
		for h := range 2 {
			c := n[h]
			for leg := range 2 {
				v[h][leg] = sum[h][leg]
				if ok[h][k] {
					v[h][leg] -= fwd[h][leg][k]
				}
			}
			if ok[h][k] {
				c--
			}
			for leg := range 2 {
				v[h][leg] = mean(v[h][leg], c)
			}
		}
		s.ShortA, s.ShortB, s.LongA, s.LongB = v[0][0], v[0][1], v[1][0], v[1][1]
		out = append(out, s)
	}
	return out
}
