package analysis

import (
	"time"

	"github.com/rotationlab/rotation/analysis/marketdata"
	"github.com/rotationlab/rotation/analysis/quality"
)

// Gaps is what the series of a study lack of the NYSE's trading days over
// the days the study reads, and the rule that judges them.
type Gaps struct {
	Rule    marketdata.GapRule
	Missing []marketdata.Missing
	// Allowed is set when the study goes on although the rule refuses
	// the data (rotation's -allow-gaps); the output then says so first.
	Allowed bool
}

// StudyGaps measures what each aligned series lacks of the NYSE's trading
// days from o.After (or the start of the common range) to the end of the
// common range: the days a study with o reads, forward returns included.
// Days one series has and the NYSE was closed are not gaps in the other.
func StudyGaps(al *marketdata.Aligned, o Options) *Gaps {
	return &Gaps{Rule: marketdata.DefaultGapRule, Missing: al.MissingDays(quality.Calendar(), o.After)}
}

// SeriesGaps measures what each series lacks of the NYSE's trading days
// over its own range, from after on (a scan's universe, whose pairs each
// have their own common range).
func SeriesGaps(after time.Time, series ...*marketdata.Series) *Gaps {
	g := &Gaps{Rule: marketdata.DefaultGapRule}
	var from, to time.Time
	for i, s := range series {
		if s.Len() == 0 {
			continue
		}
		if i == 0 || s.First().Before(from) {
			from = s.First()
		}
		if i == 0 || s.Last().After(to) {
			to = s.Last()
		}
	}
	if from.Before(after) {
		from = after
	}
	days := marketdata.TradingDays(quality.Calendar(), from, to)
	for _, s := range series {
		lo, hi := s.First(), s.Last()
		if lo.Before(after) {
			lo = after
		}
		i, j := 0, len(days)
		for i < j && days[i].Before(lo) {
			i++
		}
		for j > i && days[j-1].After(hi) {
			j--
		}
		g.Missing = append(g.Missing, marketdata.MissingDays(s, days[i:j]))
	}
	return g
}

// Err returns a *marketdata.GapError when the rule refuses the data.
func (g *Gaps) Err() error { return g.Rule.Check(g.Missing) }

// Any reports whether any series lacks any trading day.
func (g *Gaps) Any() bool {
	for _, m := range g.Missing {
		if len(m.Dates) > 0 {
			return true
		}
	}
	return false
}
