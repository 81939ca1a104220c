package quality_test

import (
	"fmt"
	"math"
	"os"
	"strings"
	"testing"
	"time"

	"github.com/rotationlab/rotation/analysis/marketdata"
	"github.com/rotationlab/rotation/analysis/marketdata/marketdatatest"
	"github.com/rotationlab/rotation/analysis/quality"
)

// realIndexPairs loads the study's legs and their indices from the real
// data directories (the index directory by marketdata.IndexDir's rule),
// or skips the test.
func realIndexPairs(t *testing.T) (funds, indices []*marketdata.Series, pairs []quality.IndexPair) {
	t.Helper()
	dir := marketdatatest.RealDir(t)
	ixDir := marketdata.IndexDir(marketdatatest.Root(t), "", dir, os.Getenv)
	pairs = []quality.IndexPair{{Fund: "QQQ", Index: "^NDX"}, {Fund: "IWM", Index: "^RUT"}}
	if err := marketdata.CheckIndexDir(ixDir, "^NDX", "^RUT"); err != nil {
		t.Skipf("real index data not found: %v", err)
	}
	for _, p := range pairs {
		f, err := marketdata.LoadDir(dir, p.Fund)
		if err != nil {
			t.Fatal(err)
		}
		ix, err := marketdata.LoadIndex(ixDir, p.Index)
		if err != nil {
			t.Fatal(err)
		}
		funds, indices = append(funds, f), append(indices, ix)
	}
	return funds, indices, pairs
}

// badCloses are the days the index says the fund closed wrong: the
// fund's return departs from the index's by more than tol and the next
// day takes at least half of it back (the close was off, not the move).
// departed are all days beyond tol.
func badCloses(d []quality.DailyPair, tol float64) (bad, departed map[time.Time]bool) {
	bad, departed = map[time.Time]bool{}, map[time.Time]bool{}
	for i, x := range d {
		if math.Abs(x.Diff()) <= tol {
			continue
		}
		departed[x.Date] = true
		if i+1 < len(d) && d[i+1].Prev.Equal(x.Date) && d[i+1].Diff()*x.Diff() < 0 && math.Abs(d[i+1].Diff()) >= math.Abs(x.Diff())/2 {
			bad[x.Date] = true
		}
	}
	return bad, departed
}

// score is how well one setting of the reversal rule finds the bad
// closes: hits (flagged bad closes), false flags (flagged days on which
// the fund tracked its index within the tolerance) and the bad closes.
type score struct {
	min, k, share     float64
	hits, false_, bad int
}

// f1 is the harmonic mean of precision (hits among hits and false
// flags) and recall (hits among the bad closes): 2 hits / (2 hits +
// false flags + bad closes missed). Flags on days that departed from the
// index but were not taken back count neither way.
func (s score) f1() float64 { return 2 * float64(s.hits) / float64(2*s.hits+s.false_+s.bad-s.hits) }

// changed counts the thresholds that differ from the old defaults (1%,
// 5x, 80%): ties go to the setting that changes fewest.
func (s score) changed() int {
	n := 0
	for _, d := range [][2]float64{{s.min, 0.01}, {s.k, 5}, {s.share, 0.8}} {
		if d[0] != d[1] {
			n++
		}
	}
	return n
}

// TestReversalEvidence measures the reversal rule against the index's
// verdict on the real data, over a grid of its thresholds, and checks
// that the defaults are the grid's best by F1 (ties to the setting with
// fewer false flags, then to the one closest to the old defaults). Run with
// -v for the table the README quotes:
//
//	go test ./analysis/quality -run TestReversalEvidence -v
func TestReversalEvidence(t *testing.T) {
	funds, indices, _ := realIndexPairs(t)
	type day struct {
		t marketdata.Ticker
		d time.Time
	}
	bad, departed := map[day]bool{}, map[day]bool{}
	for i := range funds {
		b, dep := badCloses(quality.Departures(funds[i], indices[i]), quality.DefaultIndexTolerance)
		for d := range b {
			bad[day{funds[i].Ticker, d}] = true
		}
		for d := range dep {
			departed[day{funds[i].Ticker, d}] = true
		}
	}
	var scores []score
	for _, min := range []float64{0.01, 0.02, 0.03, 0.04, 0.05, 0.06, 0.08} {
		for _, k := range []float64{2, 3, 4, 5} {
			for _, share := range []float64{0.5, 0.6, 0.7, 0.8} {
				s := score{min: min, k: k, share: share, bad: len(bad)}
				for _, f := range funds {
					for _, fl := range quality.Check(f, quality.Options{ReversalMin: min, ReversalK: k, ReversalShare: share}) {
						if fl.Reason != quality.Reversal {
							continue
						}
						switch key := (day{f.Ticker, fl.Date}); {
						case bad[key]:
							s.hits++
						case !departed[key]:
							s.false_++
						}
					}
				}
				scores = append(scores, s)
			}
		}
	}
	best := scores[0]
	var b strings.Builder
	fmt.Fprintf(&b, "%d bad closes (QQQ vs ^NDX, IWM vs ^RUT, beyond %.1f pp and half taken back the next day)\n", len(bad), 100*quality.DefaultIndexTolerance)
	fmt.Fprintln(&b, "min%   k  share  hits  false     F1")
	for _, s := range scores {
		fmt.Fprintf(&b, "%4.1f  %2.0f  %5.0f%%  %4d  %5d  %.3f\n", 100*s.min, s.k, 100*s.share, s.hits, s.false_, s.f1())
		switch {
		case s.f1() > best.f1(),
			s.f1() == best.f1() && s.false_ < best.false_,
			s.f1() == best.f1() && s.false_ == best.false_ && s.changed() < best.changed():
			best = s
		}
	}
	t.Log("\n" + b.String())
	def := quality.DefaultOptions()
	t.Logf("best: min %.1f%%, k %.0f, share %.0f%%: %d hits, %d false flags; defaults: min %.1f%%, k %.0f, share %.0f%%",
		100*best.min, best.k, 100*best.share, best.hits, best.false_, 100*def.ReversalMin, def.ReversalK, 100*def.ReversalShare)
	if best.min != def.ReversalMin || best.k != def.ReversalK || best.share != def.ReversalShare {
		t.Errorf("the defaults are not the grid's best setting")
	}
}
