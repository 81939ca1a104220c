package marketdata

import (
	"errors"
	"fmt"
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
	// Dates are the common dates, ascending.
	Dates []time.Time
	// Start and End bound the common range: the latest first date and the
	// earliest last date of the inputs. Dates outside it are trimmed, not
	// counted as gaps.
	Start, End time.Time
	// Gaps has one entry per input series, in input order.
	Gaps []Gap
	idx  [][]int // idx[i][k]: row of Dates[k] in Series[i]
}

// Align lines up series on the dates all of them have.
func Align(series ...*Series) (*Aligned, error) {
	if len(series) == 0 {
		return nil, errors.New("marketdata: Align needs at least one series")
	}
	a := &Aligned{Series: series, Gaps: make([]Gap, len(series)), idx: make([][]int, len(series))}
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
	// Merge on day numbers, which compare faster than time.Time values.
	keys := make([][]int64, len(series))
	for i, s := range series {
		keys[i] = make([]int64, s.Len())
		for j, d := range s.Dates {
			keys[i][j] = d.Unix()
		}
	}
	start, end := a.Start.Unix(), a.End.Unix()
	pos := make([]int, len(series))
	for i, k := range keys {
		for pos[i] < len(k) && k[pos[i]] < start {
			pos[i]++
		}
		a.idx[i] = make([]int, 0, len(k)-pos[i])
	}
	present := make([]bool, len(series))
	for {
		// The smallest head date among series not yet past End.
		var min int64
		found := false
		for i, k := range keys {
			if pos[i] < len(k) && k[pos[i]] <= end {
				if d := k[pos[i]]; !found || d < min {
					min, found = d, true
				}
			}
		}
		if !found {
			break
		}
		all := true
		for i, k := range keys {
			present[i] = pos[i] < len(k) && k[pos[i]] == min
			all = all && present[i]
		}
		var day time.Time
		for i := range series {
			if present[i] {
				day = series[i].Dates[pos[i]]
				break
			}
		}
		if all {
			a.Dates = append(a.Dates, day)
		}
		for i := range series {
			if present[i] {
				if all {
					a.idx[i] = append(a.idx[i], pos[i])
				}
				pos[i]++
			} else {
				a.Gaps[i].Dates = append(a.Gaps[i].Dates, day)
			}
		}
	}
	if len(a.Dates) == 0 {
		return nil, ErrNoOverlap
	}
	return a, nil
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
	if idx := a.idx[i]; len(idx) > 0 && idx[len(idx)-1]-idx[0] == len(idx)-1 {
		// Consecutive rows: a window of the series, no copy needed.
		return src[idx[0] : idx[0]+len(idx) : idx[0]+len(idx)]
	}
	out := make([]float64, len(a.idx[i]))
	for k, j := range a.idx[i] {
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
