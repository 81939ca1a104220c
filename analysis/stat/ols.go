package stat

import (
	"errors"
	"fmt"
	"math"

	"gonum.org/v1/gonum/mat"
	"gonum.org/v1/gonum/stat/distuv"
)

// CovKind chooses the covariance of the OLS coefficients.
type CovKind int

const (
	// Classical is the textbook covariance s²(X'X)⁻¹ with s² = SSR/(N-K);
	// t statistics are referred to Student's t with N-K degrees of freedom.
	Classical CovKind = iota
	// NeweyWest is the heteroscedasticity and autocorrelation consistent
	// (HAC) covariance of Newey and West (1987) with the Bartlett kernel,
	// without a small-sample correction; t statistics are referred to the
	// standard normal. This is what statsmodels computes for
	// fit(cov_type="HAC", cov_kwds={"maxlags": L}) (its defaults
	// use_correction=False and use_t=False).
	NeweyWest
)

// String returns "classical" or "newey-west".
func (c CovKind) String() string {
	switch c {
	case Classical:
		return "classical"
	case NeweyWest:
		return "newey-west"
	}
	return fmt.Sprintf("CovKind(%d)", int(c))
}

// OLSOptions configures OLS.
type OLSOptions struct {
	// Cov is the covariance of the coefficients: Classical or NeweyWest.
	Cov CovKind
	// Lags is the highest lag of the Newey-West kernel; a negative value
	// asks for the automatic rule NeweyWestLags(N). Lags must be below N.
	// Classical ignores it.
	Lags int
}

// OLSResult is an ordinary least squares fit of y on an intercept and
// regressors.
type OLSResult struct {
	// N is the number of observations and K the number of coefficients,
	// the intercept included.
	N, K int
	// Coef holds the coefficients, the intercept first, then one per
	// column of x in order.
	Coef []float64
	// SE holds the standard errors of Coef, from the covariance Cov.
	SE []float64
	// T holds the t statistics Coef/SE and P their two-sided p-values:
	// Student's t with N-K degrees of freedom for Classical, the standard
	// normal for NeweyWest.
	T, P []float64
	// Resid holds the residuals y - Xb.
	Resid []float64
	// R2 is the (centred) coefficient of determination 1 - SSR/SST; NaN
	// when y is constant.
	R2 float64
	// Cov is the covariance the standard errors come from.
	Cov CovKind
	// Lags is the number of Newey-West lags used; 0 for Classical.
	Lags int
}

// Errors returned by OLS; they are wrapped with detail.
var (
	ErrEmpty    = errors.New("stat: no observations")
	ErrNaN      = errors.New("stat: NaN or infinite value")
	ErrLength   = errors.New("stat: lengths differ")
	ErrTooFew   = errors.New("stat: too few observations")
	ErrSingular = errors.New("stat: regressors are collinear")
	ErrArgument = errors.New("stat: bad argument")
)

// NeweyWestLags is the automatic lag rule floor(4 (n/100)^(2/9)) of Newey
// and West (1994), the rule statsmodels uses when it is given no lags: 4
// lags for 100 or 250 observations, 5 for 500, 6 for 1000, 8 for 2500.
// It returns 0 for n < 1.
func NeweyWestLags(n int) int {
	if n < 1 {
		return 0
	}
	return int(math.Floor(4 * math.Pow(float64(n)/100, 2.0/9.0)))
}

// OLS regresses y on an intercept and the columns of x (x[j] is column j,
// each as long as y; x may be empty for a regression on the intercept
// alone, whose coefficient is the mean of y). It needs more observations
// than coefficients, finite values, and regressors that are not collinear.
func OLS(y []float64, x [][]float64, opt OLSOptions) (OLSResult, error) {
	n, k := len(y), len(x)+1
	if n == 0 {
		return OLSResult{}, ErrEmpty
	}
	for i, v := range y {
		if math.IsNaN(v) || math.IsInf(v, 0) {
			return OLSResult{}, fmt.Errorf("%w: y[%d] is %v", ErrNaN, i, v)
		}
	}
	for j, c := range x {
		if len(c) != n {
			return OLSResult{}, fmt.Errorf("%w: regressor %d has %d values, y has %d", ErrLength, j, len(c), n)
		}
		for i, v := range c {
			if math.IsNaN(v) || math.IsInf(v, 0) {
				return OLSResult{}, fmt.Errorf("%w: regressor %d, row %d is %v", ErrNaN, j, i, v)
			}
		}
	}
	if n <= k {
		return OLSResult{}, fmt.Errorf("%w: %d observations for %d coefficients", ErrTooFew, n, k)
	}
	lags := 0
	switch opt.Cov {
	case Classical:
	case NeweyWest:
		lags = opt.Lags
		if lags < 0 {
			lags = NeweyWestLags(n)
		}
		if lags >= n {
			return OLSResult{}, fmt.Errorf("%w: %d lags for %d observations", ErrArgument, lags, n)
		}
	default:
		return OLSResult{}, fmt.Errorf("%w: unknown covariance %v", ErrArgument, opt.Cov)
	}

	X := mat.NewDense(n, k, nil)
	for i := range n {
		X.Set(i, 0, 1)
		for j, c := range x {
			X.Set(i, j+1, c[i])
		}
	}
	Y := mat.NewDense(n, 1, append([]float64(nil), y...))
	var qr mat.QR
	qr.Factorize(X)
	var R mat.Dense
	qr.RTo(&R)
	// A zero (relative to the largest) diagonal of R means collinear
	// columns: the fit would not be unique.
	maxd := 0.0
	for j := range k {
		maxd = math.Max(maxd, math.Abs(R.At(j, j)))
	}
	for j := range k {
		if d := math.Abs(R.At(j, j)); !(d > 1e-12*maxd) {
			return OLSResult{}, fmt.Errorf("%w (coefficient %d)", ErrSingular, j)
		}
	}
	var B mat.Dense
	if err := qr.SolveTo(&B, false, Y); err != nil {
		return OLSResult{}, fmt.Errorf("%w: %v", ErrSingular, err)
	}
	// (X'X)⁻¹ = R⁻¹R⁻ᵀ from the triangular factor.
	Rk := mat.NewTriDense(k, mat.Upper, nil)
	for i := range k {
		for j := i; j < k; j++ {
			Rk.SetTri(i, j, R.At(i, j))
		}
	}
	var Ri mat.TriDense
	if err := Ri.InverseTri(Rk); err != nil {
		return OLSResult{}, fmt.Errorf("%w: %v", ErrSingular, err)
	}
	var XtXi mat.Dense
	XtXi.Mul(&Ri, Ri.T())

	res := OLSResult{N: n, K: k, Cov: opt.Cov, Lags: lags,
		Coef: make([]float64, k), SE: make([]float64, k), T: make([]float64, k), P: make([]float64, k),
		Resid: make([]float64, n)}
	for j := range k {
		res.Coef[j] = B.At(j, 0)
	}
	ssr, my := 0.0, 0.0
	for i := range n {
		f := res.Coef[0]
		for j, c := range x {
			f += res.Coef[j+1] * c[i]
		}
		u := y[i] - f
		res.Resid[i] = u
		ssr += u * u
		my += y[i]
	}
	my /= float64(n)
	sst := 0.0
	for _, v := range y {
		sst += (v - my) * (v - my)
	}
	if ssr == 0 {
		return OLSResult{}, fmt.Errorf("%w: the fit is exact (all residuals are zero), so there are no standard errors", ErrArgument)
	}
	res.R2 = 1 - ssr/sst

	var cov mat.Dense
	switch opt.Cov {
	case Classical:
		cov.Scale(ssr/float64(n-k), &XtXi)
	case NeweyWest:
		S := hacMeat(X, res.Resid, lags)
		var tmp mat.Dense
		tmp.Mul(&XtXi, S)
		cov.Mul(&tmp, &XtXi)
	}
	for j := range k {
		res.SE[j] = math.Sqrt(cov.At(j, j))
		res.T[j] = res.Coef[j] / res.SE[j]
		a := -math.Abs(res.T[j])
		switch opt.Cov {
		case Classical:
			res.P[j] = 2 * distuv.StudentsT{Mu: 0, Sigma: 1, Nu: float64(n - k)}.CDF(a)
		case NeweyWest:
			res.P[j] = 2 * distuv.UnitNormal.CDF(a)
		}
	}
	return res, nil
}

// hacMeat is the Newey-West middle matrix
// S = Σ_t u_t² x_t x_t' + Σ_{l=1..L} w_l Σ_{t≥l} u_t u_{t-l} (x_t x_{t-l}' + x_{t-l} x_t'),
// with Bartlett weights w_l = 1 - l/(L+1).
func hacMeat(X *mat.Dense, u []float64, lags int) *mat.Dense {
	n, k := X.Dims()
	xu := mat.NewDense(n, k, nil)
	for i := range n {
		for j := range k {
			xu.Set(i, j, X.At(i, j)*u[i])
		}
	}
	S := mat.NewDense(k, k, nil)
	S.Mul(xu.T(), xu)
	for l := 1; l <= lags; l++ {
		w := 1 - float64(l)/float64(lags+1)
		a := xu.Slice(l, n, 0, k)   // rows t = l..n-1
		b := xu.Slice(0, n-l, 0, k) // rows t-l
		var g mat.Dense
		g.Mul(a.T(), b)
		for i := range k {
			for j := range k {
				S.Set(i, j, S.At(i, j)+w*(g.At(i, j)+g.At(j, i)))
			}
		}
	}
	return S
}
