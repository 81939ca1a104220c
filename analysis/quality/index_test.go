package quality_test

import (
	"math"
	"strings"
	"testing"
	"time"

	"github.com/rotationlab/rotation/analysis/marketdata"
	"github.com/rotationlab/rotation/analysis/quality"
)

func TestParseIndexPairs(t *testing.T) {
	got, err := quality.ParseIndexPairs(" qqq=^ndx, IWM=^RUT ")
	want := []quality.IndexPair{{Fund: "QQQ", Index: "^NDX"}, {Fund: "IWM", Index: "^RUT"}}
	if err != nil || len(got) != 2 || got[0] != want[0] || got[1] != want[1] || got[0].String() != "QQQ=^NDX" {
		t.Fatalf("ParseIndexPairs = %v, %v; want %v", got, err, want)
	}
	for _, tt := range []struct{ in, text string }{
		{"", "no FUND=^INDEX pairs"},
		{"QQQ", `"QQQ" is not a FUND=^INDEX pair`},
		{"QQQ=NDX", "does not start with '^'"},
		{"^NDX=QQQ", "the fund ^NDX is an index"},
		{"QQQ=^NDX,QQQ=^GSPC", "QQQ is paired twice"},
		{"Q Q=^NDX", "has character ' '"},
		{"QQQ=^NDX,", `"" is not a FUND=^INDEX pair`},
	} {
		if _, err := quality.ParseIndexPairs(tt.in); err == nil || !strings.Contains(err.Error(), tt.text) {
			t.Errorf("ParseIndexPairs(%q) err = %v, want one saying %q", tt.in, err, tt.text)
		}
	}
}

func series(t marketdata.Ticker, dates []time.Time, closes ...float64) *marketdata.Series {
	return &marketdata.Series{Ticker: t, Dates: dates, Adjusted: closes}
}

// A planted bad close (the fund 3% below where its index says, back the
// next day) is flagged with both returns, and the next day's reversal
// too; a dividend-sized departure (0.3 pp) and the days the fund lacks
// are not.
func TestCompareIndex(t *testing.T) {
	d := func(i int) time.Time { return time.Date(2024, 3, 1, 0, 0, 0, 0, time.UTC).AddDate(0, 0, i) }
	dates := []time.Time{d(0), d(1), d(2), d(3), d(4), d(5), d(6)}
	index := series("^NDX", dates, 100, 101, 102, 103, 104, 105, 106)
	// Day 2 is 3% low; day 6 carries 0.3 pp more than the index (an
	// ex-dividend day); day 4 is missing from the fund.
	fund := series("QQQ", []time.Time{d(0), d(1), d(2), d(3), d(5), d(6)}, 50, 50.5, 51*0.97, 51.5, 52.5, 53*1.003)
	flags, sum := quality.CompareIndex(fund, index, quality.IndexPair{Fund: "QQQ", Index: "^NDX"}, quality.Options{})
	if len(flags) != 2 {
		t.Fatalf("flags = %+v, want days 2 and 3", flags)
	}
	for i, want := range []struct {
		day         int
		fund, index float64
	}{{2, 51*0.97/50.5 - 1, 102.0/101 - 1}, {3, 51.5/(51*0.97) - 1, 103.0/102 - 1}} {
		f := flags[i]
		if !f.Date.Equal(d(want.day)) || f.Reason != quality.Departure || f.Ticker != "QQQ" || f.Index != "^NDX" ||
			math.Abs(f.FundReturn-want.fund) > 1e-12 || math.Abs(f.IndexReturn-want.index) > 1e-12 {
			t.Errorf("flag %d = %+v, want day %d with returns %v and %v", i, f, want.day, want.fund, want.index)
		}
	}
	if !strings.Contains(flags[0].Detail, "QQQ -2.04%, ^NDX +0.99%: -3.03 pp (+3.12 pp the next day)") || !strings.Contains(flags[0].Detail, "the next day") {
		t.Errorf("detail %q does not give the departure and its reversal", flags[0].Detail)
	}
	if strings.Contains(flags[1].Detail, "next day") {
		t.Errorf("detail %q speaks of a next day that does not take it back", flags[1].Detail)
	}
	// Days compared: 1, 2, 3 and 6 (5's day before, 4, is missing).
	if sum.Days != 4 || sum.Flagged != 2 || sum.Tolerance != quality.DefaultIndexTolerance || !sum.First.Equal(d(1)) || !sum.Last.Equal(d(6)) {
		t.Errorf("summary %+v", sum)
	}
	// A tolerance of 0.2 pp flags the dividend-sized day 6 too.
	if flags, _ := quality.CompareIndex(fund, index, quality.IndexPair{Fund: "QQQ", Index: "^NDX"}, quality.Options{IndexTolerance: 0.002}); len(flags) != 3 {
		t.Errorf("at 0.2 pp: %d flags, want 3", len(flags))
	}
	// Shuffling the fund's returns against its index's would flag; the
	// fund that is the index scaled flags nothing.
	same := series("QQQ", dates, 50, 50.5, 51, 51.5, 52, 52.5, 53)
	if flags, sum := quality.CompareIndex(same, index, quality.IndexPair{}, quality.Options{}); len(flags) != 0 || sum.Days != 6 || sum.MedianAbs > 1e-12 {
		t.Errorf("a fund that is its index scaled: %+v, %+v", flags, sum)
	}
	if _, sum := quality.CompareIndex(series("QQQ", nil), index, quality.IndexPair{}, quality.Options{}); sum.Days != 0 || !math.IsNaN(sum.MedianAbs) {
		t.Errorf("no common days: %+v, want 0 days and NaN figures", sum)
	}
}

// The departures' median and 99th percentile interpolate as numpy's
// default (np.percentile([...], 99) of 1..4 pp is 3.97 pp).
func TestIndexSummaryQuantiles(t *testing.T) {
	d := func(i int) time.Time { return time.Date(2024, 3, 1, 0, 0, 0, 0, time.UTC).AddDate(0, 0, i) }
	dates := []time.Time{d(0), d(1), d(2), d(3), d(4)}
	index := series("^X", dates, 100, 100, 100, 100, 100)
	fund := series("F", dates, 100, 101, 101*0.98, 101*0.98*1.03, 101*0.98*1.03*0.96)
	_, sum := quality.CompareIndex(fund, index, quality.IndexPair{}, quality.Options{})
	if math.Abs(sum.MedianAbs-0.025) > 1e-12 || math.Abs(sum.P99Abs-0.0397) > 1e-12 {
		t.Errorf("median %v p99 %v, want 0.025 and 0.0397", sum.MedianAbs, sum.P99Abs)
	}
}

// On the real data the check flags QQQ's close of 2000-09-21, -5.36 pp
// against ^NDX by the archive's PROVENANCE.md (QQQ -7.266%, NDX -1.907%),
// and the next day's +6.37 pp that takes it back.
func TestCompareIndexReal(t *testing.T) {
	funds, indices, pairs := realIndexPairs(t)
	flags, sum := quality.CompareIndex(funds[0], indices[0], pairs[0], quality.Options{})
	var got *quality.Flag
	for i := range flags {
		if marketdata.FormatDate(flags[i].Date) == "2000-09-21" {
			got = &flags[i]
		}
	}
	if got == nil {
		t.Fatalf("QQQ 2000-09-21 not flagged (%d flags)", len(flags))
	}
	if d := 100 * (got.FundReturn - got.IndexReturn); math.Abs(d-(-5.358)) > 0.001 || math.Abs(100*got.FundReturn-(-7.266)) > 0.001 {
		t.Errorf("QQQ 2000-09-21: %+v, want -5.358 pp (QQQ -7.266%%)", got)
	}
	if !strings.Contains(got.Detail, "+6.37 pp the next day") {
		t.Errorf("detail %q does not say the next day took it back", got.Detail)
	}
	t.Logf("QQQ vs ^NDX: %d days, %d beyond %.1f pp, median |d| %.3f pp, p99 %.3f pp", sum.Days, sum.Flagged, 100*sum.Tolerance, 100*sum.MedianAbs, 100*sum.P99Abs)
}
