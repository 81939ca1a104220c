package article

import (
	"time"

	"github.com/rotationlab/rotation/analysis/marketdata"
)

// Day is a day the article names, with the returns it quotes. Zero fields
// were not quoted.
type Day struct {
	Date         time.Time
	A, B, Spread float64
	// Quoted says which of A, B and Spread the article gives.
	QuotedA, QuotedB bool
}

// Forward is the article's average forward return over some months.
type Forward struct {
	Months int
	A, B   float64
}

// Claims is the article's study: its set-up and its results.
type Claims struct {
	Title, Source string
	// A and B are the legs: the article's spread is A's return minus B's.
	A, B marketdata.Ticker
	// Threshold as a fraction: days with spread >= Threshold.
	Threshold float64
	// Before is the day of the article's own event; its count covers the
	// days before it.
	Before time.Time
	// Events is the number of prior days the article counts.
	Events int
	Days   []Day
	// Forward holds the average forward returns at 3 and 12 months.
	Forward []Forward
}

func date(y int, m time.Month, d int) time.Time { return time.Date(y, m, d, 0, 0, 0, 0, time.UTC) }

// Equalizer returns the article's claims. Returns are fractions: the
// article's "3.59%" is 0.0359.
func Equalizer() Claims {
	return Claims{
		Title:     "Get on the Right Side of the Great Portfolio Equalizer",
		Source:    "TradeSmith Daily, Lucas Downey, July 2024",
		A:         "IWM",
		B:         "QQQ",
		Threshold: 0.04,
		Before:    date(2024, time.July, 11),
		Events:    23,
		Days: []Day{
			{Date: date(2024, time.July, 11), A: 0.0359, B: -0.0219, Spread: 0.0579, QuotedA: true, QuotedB: true},
			{Date: date(2021, time.January, 6), Spread: 0.0548},
			{Date: date(2020, time.November, 9), Spread: 0.0567},
		},
		Forward: []Forward{
			{Months: 3, A: 0.059, B: -0.015},
			{Months: 12, A: 0.136, B: -0.042},
		},
	}
}
