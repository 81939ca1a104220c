// Package stat holds closed-form statistics of the event study on
// []float64: ordinary least squares with classical or Newey-West (HAC)
// standard errors, the sign test, the Corrado rank test, and the Holm and
// Benjamini-Hochberg adjustments for multiple tests.
//
// The numerics come from gonum: the regression is solved by a QR
// decomposition (gonum's mat), and the Student t, normal and binomial
// distributions are gonum's stat/distuv. Each statistic is checked in the
// tests against an independent reference: statsmodels and scipy (through
// the script testdata/reference.py) for OLS, the HAC covariance, the
// multiple-test adjustments and the binomial test, and a plain
// implementation written separately for the rank test.
//
// # Regression
//
// OLS regresses y on an intercept and the columns of x:
//
//	r, err := stat.OLS(y, [][]float64{spy}, stat.OLSOptions{Cov: stat.NeweyWest, Lags: -1})
//	if err != nil {
//		return err
//	}
//	fmt.Printf("alpha %.4f (se %.4f, %d lags), p %.3f\n", r.Coef[0], r.SE[0], r.Lags, r.P[0])
//
// The Newey-West covariance uses the Bartlett kernel with Lags lags (the
// automatic rule NeweyWestLags when Lags < 0) and no small-sample
// correction, and its p-values come from the normal distribution: the
// figures of statsmodels' OLS(...).fit(cov_type="HAC",
// cov_kwds={"maxlags": L}). The classical covariance refers its t
// statistics to Student's t with N-K degrees of freedom.
//
// # Tests on event returns
//
// SignTest counts positive values against a share p0 (0.5, or the
// baseline's share for the generalized sign test) with the exact two-sided
// binomial p-value of scipy.stats.binomtest. CorradoRank ranks each
// event's abnormal returns over its estimation and event windows and tests
// the event window's mean rank (Corrado 1989; multi-day form of Cowan 1992
// and Campbell and Wasley 1993; standardized ranks of Corrado and Zivney
// 1992).
//
// # Multiple tests
//
// Holm and BenjaminiHochberg adjust a set of p-values for the number
// tested, as statsmodels' multipletests with "holm" and "fdr_bh".
//
// # References
//
// Campbell, C. J. and Wasley, C. E. (1993), Measuring security price
// performance using daily NASDAQ returns, Journal of Financial Economics
// 33, 73-92. Corrado, C. J. (1989), A nonparametric test for abnormal
// security-price performance in event studies, Journal of Financial
// Economics 23, 385-395. Corrado, C. J. and Zivney, T. L. (1992), The
// specification and power of the sign test in event study hypothesis
// tests using daily stock returns, Journal of Financial and Quantitative
// Analysis 27, 465-478. Cowan, A. R. (1992), Nonparametric event study
// tests, Review of Quantitative Finance and Accounting 2, 343-358. Newey,
// W. K. and West, K. D. (1987), A simple, positive semi-definite,
// heteroskedasticity and autocorrelation consistent covariance matrix,
// Econometrica 55, 703-708; (1994), Automatic lag selection in covariance
// matrix estimation, Review of Economic Studies 61, 631-653.
package stat
