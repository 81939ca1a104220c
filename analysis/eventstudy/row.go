package eventstudy

import "github.com/rotationlab/rotation/analysis"

// Unit says what a Row's Estimate, Low and High are.
type Unit int

const (
	// Return is a mean return over the horizon (for Raw, in excess of
	// the baseline's).
	Return Unit = iota
	// DailyReturn is a calendar-time intercept: a return per trading day.
	DailyReturn
	// Share is the share of positive values (the sign test).
	Share
	// Statistic is a test statistic, standard normal under the null (the
	// rank test).
	Statistic
)

// Row is one method's figures for one horizon, leg and measure.
type Row struct {
	Horizon analysis.Horizon
	Leg     Leg
	Measure Measure
	Method  Method
	// Unit says what Estimate, Low and High are.
	Unit Unit
	// Estimate, with the interval [Low, High] at the study's confidence
	// (NaN for a test that gives none), and the two-sided p-value P.
	Estimate, Low, High, P float64
	// N counts the values the method uses: events, or days for
	// CalendarTime.
	N int
	// Draws and Seed are the resampling's (0 for closed-form methods);
	// Lags is CalendarTime's Newey-West lags; P0 is SignTest's share
	// under the null.
	Draws int
	Seed  uint64
	Lags  int
	P0    float64
	// Note says why the figures are NaN when the method could not be
	// applied (too few events or episodes, say); "" otherwise.
	Note string
}

// Calendar is one calendar-time portfolio regression: each day, the mean
// daily return of the events whose holding window is open, regressed on
// the market's, with Newey-West standard errors.
type Calendar struct {
	Horizon analysis.Horizon
	Leg     Leg
	// Days counts the days with at least one open event; MeanOpen is the
	// mean number of events open on them.
	Days     int
	MeanOpen float64
	// Alpha is the intercept (a daily return), SE its HAC standard error,
	// T and P its t statistic and two-sided p-value; Beta the slope.
	Alpha, SE, T, P, Beta float64
	// Lags is the Newey-West lags used.
	Lags int
}

// Annual is the intercept compounded over 252 trading days.
func (c Calendar) Annual() float64 { return pow1p(c.Alpha, 252) }
