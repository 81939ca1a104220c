package analysis

import (
	"fmt"
	"sort"
	"strconv"
	"strings"
	"time"
)

// Unit is the unit of a Horizon.
type Unit int

const (
	// TradingDays counts rows of the aligned series.
	TradingDays Unit = iota
	// Months counts calendar months: the exit is the first trading day on or
	// after the entry date plus N months.
	Months
)

// Horizon is how far ahead a forward return looks.
type Horizon struct {
	N    int
	Unit Unit
}

// Days returns a horizon of n trading days.
func Days(n int) Horizon { return Horizon{N: n, Unit: TradingDays} }

// MonthsAhead returns a horizon of n calendar months.
func MonthsAhead(n int) Horizon { return Horizon{N: n, Unit: Months} }

// DefaultHorizons are 63 and 252 trading days, about 3 and 12 months.
func DefaultHorizons() []Horizon { return []Horizon{Days(63), Days(252)} }

// String gives "63d" or "3mo".
func (h Horizon) String() string {
	if h.Unit == Months {
		return strconv.Itoa(h.N) + "mo"
	}
	return strconv.Itoa(h.N) + "d"
}

// Label describes the horizon for people: "63 trading days" or "3 months".
func (h Horizon) Label() string {
	if h.Unit == Months {
		if h.N == 1 {
			return "1 month"
		}
		return fmt.Sprintf("%d months", h.N)
	}
	if h.N == 1 {
		return "1 trading day"
	}
	return fmt.Sprintf("%d trading days", h.N)
}

// ParseHorizon parses "63", "63d" (trading days) or "3m", "3mo" (months).
func ParseHorizon(s string) (Horizon, error) {
	s = strings.ToLower(strings.TrimSpace(s))
	unit := TradingDays
	switch {
	case strings.HasSuffix(s, "mo"):
		s, unit = strings.TrimSuffix(s, "mo"), Months
	case strings.HasSuffix(s, "m"):
		s, unit = strings.TrimSuffix(s, "m"), Months
	case strings.HasSuffix(s, "d"):
		s = strings.TrimSuffix(s, "d")
	}
	n, err := strconv.Atoi(s)
	if err != nil || n <= 0 || n > 100000 {
		return Horizon{}, fmt.Errorf("analysis: bad horizon %q (want a positive count such as 63, 63d or 3mo)", s)
	}
	return Horizon{N: n, Unit: unit}, nil
}

// ParseHorizons parses a comma-separated list such as "63,252" or "3mo,12mo".
func ParseHorizons(s string) ([]Horizon, error) {
	var hs []Horizon
	for part := range strings.SplitSeq(s, ",") {
		if strings.TrimSpace(part) == "" {
			continue
		}
		h, err := ParseHorizon(part)
		if err != nil {
			return nil, err
		}
		hs = append(hs, h)
	}
	if len(hs) == 0 {
		return nil, fmt.Errorf("analysis: no horizons in %q", s)
	}
	return hs, nil
}

// exitTable gives, for a row t, the row at which a position entered at t is
// valued after a horizon, or -1 when the data ends first. Trading-day
// horizons need no table: the exit is t+n.
type exitTable struct {
	n, len int
	rows   []int // for calendar horizons: rows[t] is t's exit
}

func (e exitTable) at(t int) int {
	switch {
	case t >= e.len:
		return -1
	case e.rows != nil:
		return e.rows[t]
	case t+e.n < e.len:
		return t + e.n
	}
	return -1
}

// newExits returns the exits of every row over h.
func newExits(dates []time.Time, h Horizon) exitTable {
	if h.Unit == TradingDays {
		return exitTable{n: h.N, len: len(dates)}
	}
	return exitTable{len: len(dates), rows: exits(dates, h)}
}

// exits returns, for every row t, the row at which a position entered at t
// is valued after h, or -1 when the data ends first.
func exits(dates []time.Time, h Horizon) []int {
	out := make([]int, len(dates))
	if h.Unit == TradingDays {
		for t := range out {
			if x := t + h.N; x < len(dates) {
				out[t] = x
			} else {
				out[t] = -1
			}
		}
		return out
	}
	x := 0
	for t, d := range dates {
		target := addMonths(d, h.N)
		// Targets never decrease, so the search can move forward only.
		if x < t {
			x = t
		}
		x += sort.Search(len(dates)-x, func(i int) bool { return !dates[x+i].Before(target) })
		if x < len(dates) {
			out[t] = x
		} else {
			out[t] = -1
			x = len(dates) - 1
		}
	}
	return out
}

// addMonths moves d by n calendar months, clipping the day to the end of a
// shorter month (January 31 plus one month is February 28 or 29), as
// pandas' DateOffset and R's lubridate %m+% do.
func addMonths(d time.Time, n int) time.Time {
	y, m, day := d.Date()
	first := time.Date(y, m+time.Month(n), 1, 0, 0, 0, 0, d.Location())
	last := first.AddDate(0, 1, -1).Day()
	if day > last {
		day = last
	}
	return time.Date(first.Year(), first.Month(), day, 0, 0, 0, 0, d.Location())
}
