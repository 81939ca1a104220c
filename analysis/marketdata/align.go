package marketdata

import (
	"errors"
	"fmt"
	"slices"
	"strings"
	"time"
)

// ErrNoOverlap is returned by Align when the series share no date.
var ErrNoOverlap = errors.New("marketdata: series have no dates in common")

// Gap lists the dates one series lacks inside the common range while at
// least one other series has them.
type Gap struct {
	Ticker Ticker
	Dates  []time.Time
}

// Aligned is two or more series restricted to the dates they all have.
type Aligned struct {
	Series []*Series
	// Dates are the common dates, ascending. They may share memory with a
	// series' Dates: callers must not modify them.
	Dates []time.Time
	// Start and End bound the common range: the latest first date and the
	// earliest last date of the inputs. Dates outside it are trimmed, not
	// counted as gaps.
	Start, End time.Time
	// Gaps has one entry per input series, in input order.
	Gaps []Gap
	rows []rows // where each series' values on Dates are
}

// rows says where one series' values on the common dates are: rows idx
// when idx is not nil, else the consecutive rows from first.
type rows struct {
	first int
	idx   []int // idx[k]: the series' row of Dates[k]
}

// Align lines up series on the dates all of them have.
func Align(series ...*Series) (*Aligned, error) {
	if len(series) == 0 {
		return nil, errors.New("marketdata: Align needs at least one series")
	}
	a := &Aligned{Series: series, Gaps: make([]Gap, len(series)), rows: make([]rows, len(series))}
	for i, s := range series {
		if s.Len() == 0 {
			return nil, fmt.Errorf("marketdata: %s has no prices", s.Ticker)
		}
		a.Gaps[i].Ticker = s.Ticker
		if i == 0 || s.First().After(a.Start) {
			a.Start = s.First()
		}
		if i == 0 || s.Last().Before(a.End) {
			a.End = s.Last()
		}
	}
	if a.Start.After(a.End) {
		return nil, fmt.Errorf("%w: latest start %s is after earliest end %s",
			ErrNoOverlap, FormatDate(a.Start), FormatDate(a.End))
	}
	// Each series' rows inside [Start, End].
	lo, hi := make([]int, len(series)), make([]int, len(series))
	for i, s := range series {
		lo[i], _ = slices.BinarySearchFunc(s.Dates, a.Start, time.Time.Compare)
		hi[i], _ = slices.BinarySearchFunc(s.Dates, a.End, time.Time.Compare)
		if hi[i] < len(s.Dates) && s.Dates[hi[i]].Equal(a.End) {
			hi[i]++
		}
	}
	if sameDates(series, lo, hi) {
		// The usual case: every series has the same days in the range. The
		// common dates are series 0's, shared rather than copied, and each
		// series' values are a window of its own.
		d := series[0].Dates
		a.Dates = d[lo[0]:hi[0]:hi[0]]
		for i := range series {
			a.rows[i] = rows{first: lo[i]}
		}
	} else {
		a.merge(lo, hi)
	}
	if len(a.Dates) == 0 {
		return nil, ErrNoOverlap
	}
	return a, nil
}

// sameDates reports whether the series have the same dates in their rows
// [lo[i], hi[i]).
func sameDates(series []*Series, lo, hi []int) bool {
	d0 := series[0].Dates[lo[0]:hi[0]]
	for i, s := range series[1:] {
		d := s.Dates[lo[i+1]:hi[i+1]]
		if len(d) != len(d0) {
			return false
		}
		for k := range d {
			if !d[k].Equal(d0[k]) {
				return false
			}
		}
	}
	return true
}

// merge walks the series' rows [lo[i], hi[i]) in date order, keeping the
// dates all of them have and recording, per series, the dates it lacks
// while another has them.
func (a *Aligned) merge(lo, hi []int) {
	series := a.Series
	n := hi[0] - lo[0]
	for i := range series {
		n = min(n, hi[i]-lo[i])
	}
	a.Dates = make([]time.Time, 0, n)
	for i := range series {
		a.rows[i].idx = make([]int, 0, n)
	}
	pos := slices.Clone(lo)
	present := make([]bool, len(series))
	for {
		// The earliest head date among the series not yet at their end.
		var day time.Time
		found := false
		for i, s := range series {
			if pos[i] < hi[i] {
				if d := s.Dates[pos[i]]; !found || d.Before(day) {
					day, found = d, true
				}
			}
		}
		if !found {
			break
		}
		all := true
		for i, s := range series {
			present[i] = pos[i] < hi[i] && s.Dates[pos[i]].Equal(day)
			all = all && present[i]
		}
		if all {
			a.Dates = append(a.Dates, day)
		}
		for i := range series {
			if present[i] {
				if all {
					a.rows[i].idx = append(a.rows[i].idx, pos[i])
				}
				pos[i]++
			} else {
				a.Gaps[i].Dates = append(a.Gaps[i].Dates, day)
			}
		}
	}
	// A series that lacks days but has no day the others lack uses
	// consecutive rows: its values are a window too.
	for i := range a.rows {
		if idx := a.rows[i].idx; len(idx) > 0 && idx[len(idx)-1]-idx[0] == len(idx)-1 {
			a.rows[i] = rows{first: idx[0]}
		}
	}
}

// Len returns the number of common dates.
func (a *Aligned) Len() int { return len(a.Dates) }

// Close returns series i's closes of the given kind on the common dates.
// When the series has no gap inside the common range the result shares
// memory with the series: callers must not modify it.
func (a *Aligned) Close(i int, kind PriceKind) ([]float64, error) {
	if i < 0 || i >= len(a.Series) {
		return nil, fmt.Errorf("marketdata: no series %d of %d", i, len(a.Series))
	}
	src, err := a.Series[i].Close(kind)
	if err != nil {
		return nil, err
	}
	return a.window(i, src), nil
}

// Open returns series i's opens of the given kind on the common dates.
func (a *Aligned) Open(i int, kind PriceKind) ([]float64, error) {
	if i < 0 || i >= len(a.Series) {
		return nil, fmt.Errorf("marketdata: no series %d of %d", i, len(a.Series))
	}
	src, err := a.Series[i].Opens(kind)
	if err != nil {
		return nil, err
	}
	return a.window(i, src), nil
}

// window picks series i's values on the common dates.
func (a *Aligned) window(i int, src []float64) []float64 {
	r := a.rows[i]
	if r.idx == nil {
		// Consecutive rows: a window of the series, no copy needed.
		return src[r.first : r.first+len(a.Dates) : r.first+len(a.Dates)]
	}
	out := make([]float64, len(r.idx))
	for k, j := range r.idx {
		out[k] = src[j]
	}
	return out
}

// Missing returns the total number of dates lacking across all series.
func (a *Aligned) Missing() int {
	n := 0
	for _, g := range a.Gaps {
		n += len(g.Dates)
	}
	return n
}

// Report describes the alignment in a few lines: each series' own range, the
// common range and, per series, how many dates it lacks and the first few.
func (a *Aligned) Report() string {
	var b strings.Builder
	for _, s := range a.Series {
		fmt.Fprintf(&b, "%s: %d days, %s to %s (%s format)", s.Ticker, s.Len(),
			FormatDate(s.First()), FormatDate(s.Last()), s.Format)
		if n := len(s.Skipped); n > 0 {
			fmt.Fprintf(&b, "; %d null rows skipped (first %s)", n, listDates(s.Skipped, 3))
		}
		b.WriteByte('\n')
	}
	fmt.Fprintf(&b, "common: %d days, %s to %s\n", a.Len(),
		FormatDate(a.Start), FormatDate(a.End))
	for _, g := range a.Gaps {
		if len(g.Dates) == 0 {
			fmt.Fprintf(&b, "missing in %s: none\n", g.Ticker)
			continue
		}
		fmt.Fprintf(&b, "missing in %s: %d dates (first: %s)\n", g.Ticker, len(g.Dates), listDates(g.Dates, 5))
	}
	return b.String()
}

func listDates(d []time.Time, n int) string {
	parts := make([]string, 0, n)
	for i, t := range d {
		if i == n {
			break
		}
		parts = append(parts, FormatDate(t))
	}
	s := strings.Join(parts, ", ")
	if len(d) > n {
		s += ", …"
	}
	return s
}
