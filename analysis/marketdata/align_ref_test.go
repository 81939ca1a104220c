package marketdata_test

import (
	"fmt"
	"math/rand/v2"
	"slices"
	"testing"
	"time"

	"github.com/rotationlab/rotation/analysis/marketdata"
)

// referenceAlign is Align written the plain way, with a map from date to
// row: the common dates, each series' closes on them, and its gaps.
func referenceAlign(series []*marketdata.Series) (dates []time.Time, closes [][]float64, gaps [][]time.Time) {
	start, end := series[0].First(), series[0].Last()
	union := map[time.Time]int{}
	rowOf := make([]map[time.Time]int, len(series))
	for i, s := range series {
		if s.First().After(start) {
			start = s.First()
		}
		if s.Last().Before(end) {
			end = s.Last()
		}
		rowOf[i] = map[time.Time]int{}
		for r, d := range s.Dates {
			rowOf[i][d] = r
			union[d]++
		}
	}
	var all []time.Time
	for d := range union {
		if !d.Before(start) && !d.After(end) {
			all = append(all, d)
		}
	}
	slices.SortFunc(all, time.Time.Compare)
	closes = make([][]float64, len(series))
	gaps = make([][]time.Time, len(series))
	for _, d := range all {
		if union[d] == len(series) {
			dates = append(dates, d)
			for i, s := range series {
				closes[i] = append(closes[i], s.Adjusted[rowOf[i][d]])
			}
			continue
		}
		for i := range series {
			if _, ok := rowOf[i][d]; !ok {
				gaps[i] = append(gaps[i], d)
			}
		}
	}
	return dates, closes, gaps
}

// randomSeries has the days of [from, from+days) that keep(day) allows.
func randomSeries(tk string, from time.Time, days int, keep func(int) bool, rng *rand.Rand) *marketdata.Series {
	s := &marketdata.Series{Ticker: marketdata.Ticker(tk), Format: marketdata.FormatStooq}
	for k := range days {
		if keep(k) {
			s.Dates = append(s.Dates, from.AddDate(0, 0, k))
			s.Adjusted = append(s.Adjusted, 1+rng.Float64())
		}
	}
	return s
}

// TestAlignAgainstReference compares Align with referenceAlign on series
// that share all their days, lack a few, or start and end apart: the
// windows Align shares with the series and the rows it merges must give
// the same dates, closes and gaps.
func TestAlignAgainstReference(t *testing.T) {
	day0 := time.Date(2000, 1, 1, 0, 0, 0, 0, time.UTC)
	all := func(int) bool { return true }
	for c, tc := range []struct {
		name string
		// offsets and lengths of the series, and which days each keeps.
		from, days []int
		keep       []float64 // share of days kept; 1 keeps all
	}{
		{"same days", []int{0, 0}, []int{300, 300}, []float64{1, 1}},
		{"b starts later, ends earlier", []int{0, 20}, []int{300, 200}, []float64{1, 1}},
		{"b lacks days", []int{0, 0}, []int{300, 300}, []float64{1, 0.9}},
		{"both lack days", []int{0, 5}, []int{300, 280}, []float64{0.95, 0.9}},
		{"three series", []int{0, 3, 1}, []int{200, 200, 198}, []float64{1, 0.97, 1}},
		{"one series", []int{4}, []int{50}, []float64{0.8}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			rng := rand.New(rand.NewPCG(uint64(c), 9))
			var ss []*marketdata.Series
			for i := range tc.from {
				keep := all
				if p := tc.keep[i]; p < 1 {
					keep = func(int) bool { return rng.Float64() < p }
				}
				ss = append(ss, randomSeries(fmt.Sprint("S", i), day0.AddDate(0, 0, tc.from[i]), tc.days[i], keep, rng))
			}
			al, err := marketdata.Align(ss...)
			if err != nil {
				t.Fatal(err)
			}
			dates, closes, gaps := referenceAlign(ss)
			if !slices.EqualFunc(al.Dates, dates, time.Time.Equal) {
				t.Fatalf("%d dates, want %d (first %v, want %v)", len(al.Dates), len(dates), al.Dates[:3], dates[:3])
			}
			for i := range ss {
				got, err := al.Close(i, marketdata.Adjusted)
				if err != nil {
					t.Fatal(err)
				}
				if !slices.Equal(got, closes[i]) {
					t.Errorf("series %d: closes differ from the reference", i)
				}
				if !slices.EqualFunc(al.Gaps[i].Dates, gaps[i], time.Time.Equal) {
					t.Errorf("series %d: gaps %v, want %v", i, al.Gaps[i].Dates, gaps[i])
				}
			}
		})
	}
}
