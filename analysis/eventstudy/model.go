package eventstudy

import "math"

// Fit is the market model of one leg for one event row: the OLS of the
// leg's daily returns on the market's over the estimation window.
type Fit struct {
	// OK is false when the window lacks data: the data hold fewer returns
	// before it than it needs, or one of its returns is not a number.
	OK bool
	// Alpha and Beta are the intercept and slope; Sigma the residual
	// standard deviation (N-2 degrees of freedom).
	Alpha, Beta, Sigma float64
	// From and To are the rows of the window's first and last daily
	// return (inclusive; From is the data's first when they are too
	// short), N the number of returns in it: the window's length when OK,
	// fewer when the data lack them. Rows left out of the window (see
	// FitRollingSkip) lie between From and To without being counted.
	From, To, N int
}

// Predict is the model's return for a market return m.
func (f Fit) Predict(m float64) float64 { return f.Alpha + f.Beta*m }

// FitRolling fits the market model for every row t: the OLS of r on m over
// the days daily returns ending gap rows before t, rows t-gap-days+1 to
// t-gap. r and m are daily returns indexed by row (r[t] from close t-1 to
// close t; row 0 has none). It is FitRollingSkip leaving out no row.
func FitRolling(r, m []float64, days, gap int) []Fit {
	return FitRollingSkip(r, m, nil, days, gap)
}

// FitRollingSkip is FitRolling with the rows marked in skip (nil for none)
// left out of every window: the window of row t is the last days rows at
// or before t-gap that are not skipped, reaching back past the skipped
// ones. The study skips its event days, so that an earlier event's own
// move is not part of a later event's normal return.
//
// It takes O(len(r)) time whatever days is: the sums the fit needs run
// along the rows, each window's the difference of two prefix sums. The
// returns are centred on their overall means first, which leaves alpha and
// beta unchanged and keeps the sums small.
func FitRollingSkip(r, m []float64, skip []bool, days, gap int) []Fit {
	n := len(r)
	fits := make([]Fit, n)
	nan := math.NaN()
	if len(m) != n || days < 3 || skip != nil && len(skip) != n {
		for t := range fits {
			fits[t] = Fit{Alpha: nan, Beta: nan, Sigma: nan, From: t - gap - days + 1, To: t - gap}
		}
		return fits
	}
	mr, mm := finiteMean(r[min(1, n):]), finiteMean(m[min(1, n):])
	// Prefix sums over the rows kept (not skipped): c[k] sums rows 1..k-1
	// (c[0] = c[1] = 0); bad[k] counts those among them whose returns are
	// not numbers; kept lists the kept rows in order, so that kept[j] is
	// the row of the (j+1)-th.
	type sums struct{ x, y, xx, xy, yy float64 }
	c := make([]sums, n+1)
	bad := make([]int32, n+1)
	kept := make([]int, 0, n)
	for k := 1; k < n; k++ {
		s, b := c[k], bad[k]
		if skip == nil || !skip[k] {
			kept = append(kept, k)
			x, y := m[k]-mm, r[k]-mr
			if isFinite(x) && isFinite(y) {
				s.x += x
				s.y += y
				s.xx += x * x
				s.xy += x * y
				s.yy += y * y
			} else {
				b++
			}
		}
		c[k+1], bad[k+1] = s, b
	}
	nf := float64(days)
	j := 0 // kept rows at or before to
	for t := range fits {
		to := t - gap
		for j < len(kept) && kept[j] <= to {
			j++
		}
		f := Fit{Alpha: nan, Beta: nan, Sigma: nan, To: to, N: min(j, days)}
		switch {
		case j < days:
			f.From = to - days + 1
			if j > 0 {
				f.From = kept[0]
			}
		default:
			from := kept[j-days]
			f.From = from
			if bad[to+1]-bad[from] != 0 {
				break
			}
			hi, lo := c[to+1], c[from]
			sx, sy := hi.x-lo.x, hi.y-lo.y
			sxx := hi.xx - lo.xx - sx*sx/nf
			sxy := hi.xy - lo.xy - sx*sy/nf
			syy := hi.yy - lo.yy - sy*sy/nf
			if sxx > 0 {
				b := sxy / sxx
				f.OK, f.Beta = true, b
				// Back from centred returns: y - mr = a' + b (x - mm).
				f.Alpha = sy/nf - b*sx/nf + mr - b*mm
				f.Sigma = math.Sqrt(math.Max(syy-b*sxy, 0) / (nf - 2))
			}
		}
		fits[t] = f
	}
	return fits
}

func isFinite(x float64) bool { return !math.IsNaN(x) && !math.IsInf(x, 0) }

// finiteMean is the mean of the finite values of xs, 0 for none.
func finiteMean(xs []float64) float64 {
	s, k := 0.0, 0
	for _, x := range xs {
		if isFinite(x) {
			s += x
			k++
		}
	}
	if k == 0 {
		return 0
	}
	return s / float64(k)
}
