package eventstudy

import "math"

// Fit is the market model of one leg for one event row: the OLS of the
// leg's daily returns on the market's over the estimation window.
type Fit struct {
	// OK is false when the window lacks data: it would start before the
	// first return, or holds a return that is not a number.
	OK bool
	// Alpha and Beta are the intercept and slope; Sigma the residual
	// standard deviation (N-2 degrees of freedom).
	Alpha, Beta, Sigma float64
	// From and To are the rows of the window's first and last daily
	// return (inclusive), set even when OK is false.
	From, To int
}

// Predict is the model's return for a market return m.
func (f Fit) Predict(m float64) float64 { return f.Alpha + f.Beta*m }

// FitRolling fits the market model for every row t: the OLS of r on m over
// the days daily returns ending gap rows before t, rows t-gap-days+1 to
// t-gap. r and m are daily returns indexed by row (r[t] from close t-1 to
// close t; row 0 has none). It takes O(len(r)) time whatever days is: the
// sums the fit needs run along the rows, each window's the difference of
// two prefix sums. The returns are centred on their overall means first,
// which leaves alpha and beta unchanged and keeps the sums small.
func FitRolling(r, m []float64, days, gap int) []Fit {
	n := len(r)
	fits := make([]Fit, n)
	if len(m) != n || days < 3 {
		for t := range fits {
			fits[t] = Fit{Alpha: math.NaN(), Beta: math.NaN(), Sigma: math.NaN(), From: t - gap - days + 1, To: t - gap}
		}
		return fits
	}
	mr, mm := finiteMean(r[min(1, n):]), finiteMean(m[min(1, n):])
	// Prefix sums: c[k] is the sum over rows 1..k-1 (c[0] = c[1] = 0);
	// bad[k] counts the rows among them whose returns are not numbers.
	type sums struct{ x, y, xx, xy, yy float64 }
	c := make([]sums, n+1)
	bad := make([]int32, n+1)
	for k := 1; k < n; k++ {
		x, y := m[k]-mm, r[k]-mr
		s := c[k]
		b := bad[k]
		if isFinite(x) && isFinite(y) {
			s.x += x
			s.y += y
			s.xx += x * x
			s.xy += x * y
			s.yy += y * y
		} else {
			b++
		}
		c[k+1], bad[k+1] = s, b
	}
	nf := float64(days)
	for t := range fits {
		from, to := t-gap-days+1, t-gap
		f := Fit{Alpha: math.NaN(), Beta: math.NaN(), Sigma: math.NaN(), From: from, To: to}
		if from >= 1 && to < n && bad[to+1]-bad[from] == 0 {
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
