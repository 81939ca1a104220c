package main

import (
	"io"
	"testing"

	"github.com/rotationlab/rotation/analysis/marketdata/marketdatatest"
)

// BenchmarkFullInference is the whole inference of issue 18 as a user
// runs it on the real data, each command reading its files and writing
// its JSON:
//
//   - study: the raw study with the iid bootstrap (4000 resamples), and
//     against SPY the market-adjusted and market-model measures of every
//     row, the CAR path and its band, and every method of the methods
//     table (episode bootstrap and date shift with 2000 draws each,
//     calendar-time regressions with Newey-West errors, sign and rank
//     tests), at the event day, 63 and 252 days;
//   - reproduce: the article's conventions, the 26,400-specification grid
//     and its inferential curve under 1000 date shifts;
//   - scan: the six ETFs' 30 ordered pairs at 63 and 252 days with their
//     date-shift p-values (1000 shifts), Holm, Benjamini-Hochberg, the
//     reality check and the Romano-Wolf stepdown.
//
// "all" runs the three one after the other: the figure the README quotes
// against the 10 s target. Run it with
//
//	go test -run '^$' -bench FullInference -benchtime 3x ./cmd/rotation
func BenchmarkFullInference(b *testing.B) {
	dir := marketdatatest.RealDir(b)
	cmds := []struct {
		name string
		args []string
	}{
		{"study", []string{"study", "-data", dir, "-before", "2024-07-11", "-market", "SPY", "-json"}},
		{"reproduce", []string{"reproduce", "-data", dir, "-json"}},
		{"scan", []string{"scan", "-data", dir, "-json", "IWM", "QQQ", "SPY", "XLF", "XLK", "XLY"}},
	}
	for _, c := range cmds {
		b.Run(c.name, func(b *testing.B) {
			b.ReportAllocs()
			for b.Loop() {
				if code := run(c.args, io.Discard, io.Discard, noenv); code != 0 {
					b.Fatalf("%v: exit %d", c.args, code)
				}
			}
		})
	}
	b.Run("all", func(b *testing.B) {
		b.ReportAllocs()
		for b.Loop() {
			for _, c := range cmds {
				if code := run(c.args, io.Discard, io.Discard, noenv); code != 0 {
					b.Fatalf("%v: exit %d", c.args, code)
				}
			}
		}
	})
}
