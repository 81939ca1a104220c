package analysis

import (
	"fmt"
	"time"

	"github.com/rotationlab/rotation/analysis/marketdata"
)

// Comparison says how a day's spread must compare with the threshold.
type Comparison int

const (
	// AtLeast: spread >= threshold (the article's "4 pp or more").
	AtLeast Comparison = iota
	// Above: spread > threshold.
	Above
)

func (c Comparison) String() string {
	if c == Above {
		return ">"
	}
	return ">="
}

// EventRule is what makes a day an event: its spread, return(A) -
// return(B) from the previous close, passes the threshold, and the day lies
// in the window [After, Before). It is defined here once; Run (through
// Options), Grid (through GridOptions) and Scan (through ScanOptions.Rule)
// all select their events with it.
//
// The zero value is not useful: Threshold must be set. The zero
// Comparison is AtLeast and zero dates set no limit, so
// EventRule{Threshold: 0.04} is the article's rule.
type EventRule struct {
	// Threshold is the spread that makes a day an event, as a fraction
	// (0.04 is four percentage points).
	Threshold float64
	// Compare is the test against the threshold: spread >= Threshold
	// (AtLeast, the zero value) or spread > Threshold (Above).
	Compare Comparison
	// Mirror studies the opposite case: the test is made on the negated
	// spread, so events are days with spread <= -Threshold (< with Above),
	// the days A trailed B. Negation is exact in floating point, and so
	// is the antisymmetry of subtraction (a-b is exactly -(b-a)): the
	// mirror of legs (A, B) selects exactly the days that the rule without
	// the mirror selects for the legs (B, A).
	Mirror bool
	// After (inclusive) and Before (exclusive) limit which days may be
	// events. Zero means no limit.
	After, Before time.Time
}

// Validate reports the first problem with the rule, as an *OptionError
// naming the field: "Threshold", "Compare" or "After" (for a window that
// ends before it starts).
func (r EventRule) Validate() error {
	if err := checkThreshold(r.Threshold); err != nil {
		return err
	}
	if r.Compare != AtLeast && r.Compare != Above {
		return &OptionError{Field: "Compare", Problem: fmt.Sprintf("%d is neither AtLeast (>=) nor Above (>)", int(r.Compare))}
	}
	if !r.After.IsZero() && !r.Before.IsZero() && !r.After.Before(r.Before) {
		return &OptionError{Field: "After", Problem: fmt.Sprintf("%s is not before %s",
			marketdata.FormatDate(r.After), marketdata.FormatDate(r.Before))}
	}
	return nil
}

// Hit tells whether a day with the given spread passes the threshold test,
// the window aside. A NaN spread never does.
func (r EventRule) Hit(spread float64) bool {
	if r.Mirror {
		spread = -spread
	}
	if r.Compare == Above {
		return spread > r.Threshold
	}
	return spread >= r.Threshold
}

// Window returns the rows [lo, hi) of dates, ascending, that may be events:
// from the first on or after After to the last before Before. Row 0 is
// never in it, as it has no previous close to take a return from. The
// window is empty (lo >= hi) when no row qualifies.
func (r EventRule) Window(dates []time.Time) (lo, hi int) {
	n := len(dates)
	lo, hi = 1, n
	for lo < n && !r.After.IsZero() && dates[lo].Before(r.After) {
		lo++
	}
	for hi > lo && !r.Before.IsZero() && !dates[hi-1].Before(r.Before) {
		hi--
	}
	return lo, hi
}

// Events returns the rows of the window (see Window) whose spread is a
// hit, ascending. spread is indexed like dates: spread[t] is the spread of
// the day dates[t], from the close before it; spread[0] is never read.
func (r EventRule) Events(dates []time.Time, spread []float64) []int {
	lo, hi := r.Window(dates)
	var rows []int
	for t := lo; t < hi; t++ {
		if r.Hit(spread[t]) {
			rows = append(rows, t)
		}
	}
	return rows
}

// SameRule tells whether r and s select the same days: the same threshold,
// comparison and mirror, and windows with equal ends.
func (r EventRule) SameRule(s EventRule) bool {
	return r.Threshold == s.Threshold && r.Compare == s.Compare && r.Mirror == s.Mirror &&
		r.After.Equal(s.After) && r.Before.Equal(s.Before)
}
