package quality

import (
	"fmt"
	"math"
	"slices"
	"strings"
	"time"

	"github.com/rotationlab/rotation/analysis/marketdata"
)

// Departure is the reason of a day on which an index fund's daily return
// departs from its index's by more than Options.IndexTolerance.
const Departure Reason = "fund departs from its index"

// DefaultIndexTolerance is how far, by default, a fund's daily return may
// depart from its index's before the day is flagged: 1 percentage point.
// The evidence, on the archive's QQQ against ^NDX and IWM against ^RUT
// (to 2026-08-14): the fund's closes are adjusted for dividends and the
// index is a price index, so every ex-dividend day carries 0.1-0.4 pp;
// from 2003 on the 99th percentile of |fund - index| is 0.57 pp (QQQ) and
// 0.73 pp (IWM), and 1 pp flags 13 QQQ days and 19 IWM days in
// 2003-2026, none for a dividend alone; in 2000-2002, whose QQQ closes
// are doubtful, it flags 121 QQQ days.
const DefaultIndexTolerance = 0.01

// IndexPair names a fund and the index it tracks, as in
// -index QQQ=^NDX.
type IndexPair struct {
	Fund  marketdata.Ticker
	Index marketdata.Index
}

// String writes the pair as it is given on the command line, QQQ=^NDX.
func (p IndexPair) String() string { return string(p.Fund) + "=" + string(p.Index) }

// ParseIndexPairs parses a comma-separated list of FUND=^INDEX pairs,
// "QQQ=^NDX,IWM=^RUT". A fund may appear once.
func ParseIndexPairs(s string) ([]IndexPair, error) {
	if strings.TrimSpace(s) == "" {
		return nil, fmt.Errorf("no FUND=^INDEX pairs (want, for instance, QQQ=^NDX,IWM=^RUT)")
	}
	var out []IndexPair
	seen := map[marketdata.Ticker]bool{}
	for _, item := range strings.Split(s, ",") {
		f, ix, ok := strings.Cut(strings.TrimSpace(item), "=")
		if !ok {
			return nil, fmt.Errorf("%q is not a FUND=^INDEX pair (want, for instance, QQQ=^NDX)", strings.TrimSpace(item))
		}
		fund, err := marketdata.ParseTicker(f)
		if err != nil {
			return nil, fmt.Errorf("in %q: %w", item, err)
		}
		if strings.HasPrefix(string(fund), "^") {
			return nil, fmt.Errorf("in %q: the fund %s is an index; the fund comes first, its index second (QQQ=^NDX)", item, fund)
		}
		index, err := marketdata.ParseIndex(ix)
		if err != nil {
			return nil, fmt.Errorf("in %q: %w", item, err)
		}
		if seen[fund] {
			return nil, fmt.Errorf("%s is paired twice", fund)
		}
		seen[fund] = true
		out = append(out, IndexPair{Fund: fund, Index: index})
	}
	return out, nil
}

// IndexSummary describes one fund against its index: how many daily
// returns were compared, how many departed beyond the tolerance, and the
// distribution of the departures.
type IndexSummary struct {
	Pair IndexPair
	// Days is the number of daily returns compared: days both series
	// have, with the same day before.
	Days int
	// Flagged is the number of those beyond Tolerance.
	Flagged int
	// Tolerance is the tolerance used, a fraction.
	Tolerance float64
	// MedianAbs and P99Abs are the median and the 99th percentile of
	// |fund - index| (fractions); NaN when Days is 0.
	MedianAbs, P99Abs float64
	// First and Last are the first and last day compared.
	First, Last time.Time
}

// CompareIndex compares a fund's daily returns (adjusted closes) with its
// index's (levels) on the days both have with the same day before, and
// flags the days where they differ by more than opt.IndexTolerance. The
// flags carry the fund's ticker, the index and both returns; the detail
// says when the next day takes the departure back (the fund's close of
// the flagged day was off: a bad or late close), which is what a bad
// close looks like against an index.
func CompareIndex(fund, index *marketdata.Series, pair IndexPair, opt Options) ([]Flag, IndexSummary) {
	opt = opt.withDefaults()
	d := Departures(fund, index)
	sum := IndexSummary{Pair: pair, Tolerance: opt.IndexTolerance, Days: len(d), MedianAbs: math.NaN(), P99Abs: math.NaN()}
	if len(d) == 0 {
		return nil, sum
	}
	sum.First, sum.Last = d[0].Date, d[len(d)-1].Date
	abs := make([]float64, len(d))
	for i, x := range d {
		abs[i] = math.Abs(x.Diff())
	}
	slices.Sort(abs)
	sum.MedianAbs, sum.P99Abs = quantile(abs, 0.5), quantile(abs, 0.99)
	var flags []Flag
	for i, x := range d {
		if !(math.Abs(x.Diff()) > opt.IndexTolerance) {
			continue
		}
		detail := fmt.Sprintf("%s %+.2f%%, %s %+.2f%%: %+.2f pp", pair.Fund, 100*x.Fund, pair.Index, 100*x.Index, 100*x.Diff())
		if i+1 < len(d) && d[i+1].Prev.Equal(x.Date) && d[i+1].Diff()*x.Diff() < 0 && math.Abs(d[i+1].Diff()) >= math.Abs(x.Diff())/2 {
			detail += fmt.Sprintf(" (%+.2f pp the next day)", 100*d[i+1].Diff())
		}
		flags = append(flags, Flag{Ticker: fund.Ticker, Date: x.Date, Reason: Departure, Detail: detail,
			Index: pair.Index, FundReturn: x.Fund, IndexReturn: x.Index})
	}
	sum.Flagged = len(flags)
	return flags, sum
}

// DailyPair is one day's return of a fund and of its index, from the
// same day before.
type DailyPair struct {
	Date, Prev  time.Time
	Fund, Index float64
}

// Diff is the fund's return less the index's.
func (p DailyPair) Diff() float64 { return p.Fund - p.Index }

// Departures returns the daily returns of fund (adjusted closes) and index
// on every day both have with the same day before, in date order.
func Departures(fund, index *marketdata.Series) []DailyPair {
	at := make(map[time.Time]int, index.Len())
	for j, d := range index.Dates {
		at[d] = j
	}
	var out []DailyPair
	for i := 1; i < fund.Len(); i++ {
		j, ok := at[fund.Dates[i]]
		if !ok || j == 0 || !index.Dates[j-1].Equal(fund.Dates[i-1]) {
			continue
		}
		out = append(out, DailyPair{Date: fund.Dates[i], Prev: fund.Dates[i-1],
			Fund:  fund.Adjusted[i]/fund.Adjusted[i-1] - 1,
			Index: index.Adjusted[j]/index.Adjusted[j-1] - 1})
	}
	return out
}

// quantile is the q-quantile of sorted xs by linear interpolation between
// order statistics (numpy's default, pandas' quantile).
func quantile(sorted []float64, q float64) float64 {
	if len(sorted) == 0 {
		return math.NaN()
	}
	h := q * float64(len(sorted)-1)
	lo := int(math.Floor(h))
	if lo+1 >= len(sorted) {
		return sorted[len(sorted)-1]
	}
	return sorted[lo] + (h-float64(lo))*(sorted[lo+1]-sorted[lo])
}
