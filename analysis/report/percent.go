package report

import (
	"math"
	"strconv"
)

// Percent says how a fraction is written as a percentage. It is the one
// percentage formatter of the study: the command's text, the tables shown
// in notebooks and the index page all use it.
type Percent struct {
	// Decimals after the point.
	Decimals int
	// Signed writes a + before positive values (and zero).
	Signed bool
	// Missing is written for NaN: an undefined figure never shows as a
	// number.
	Missing string
}

// Styles used across the study.
var (
	// SignedPct writes returns: +3.59%, −, n/a.
	SignedPct = Percent{Decimals: 2, Signed: true, Missing: "n/a"}
	// SignedPct1 writes with one decimal, as the article does: +5.9%.
	SignedPct1 = Percent{Decimals: 1, Signed: true, Missing: "n/a"}
	// PlainPct writes non-negative figures such as a standard deviation.
	PlainPct = Percent{Decimals: 2, Missing: "n/a"}
	// WholePct writes shares such as a hit rate or a rank: 57%, n/a.
	WholePct = Percent{Missing: "n/a"}
	// TablePct writes table cells: no sign, and an empty cell for NaN.
	TablePct = Percent{Decimals: 2}
)

// Format writes x (a fraction: 0.0359) as a percentage ("+3.59%").
func (p Percent) Format(x float64) string { return string(p.Append(nil, x)) }

// Append appends x formatted as Format does, without allocating.
func (p Percent) Append(b []byte, x float64) []byte {
	if math.IsNaN(x) {
		return append(b, p.Missing...)
	}
	if p.Signed && x >= 0 {
		b = append(b, '+')
	}
	b = strconv.AppendFloat(b, 100*x, 'f', p.Decimals, 64)
	return append(b, '%')
}
