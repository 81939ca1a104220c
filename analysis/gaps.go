package analysis

import (
	"fmt"
	"strings"
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
	return &Gaps{Rule: marketdata.DefaultGapRule, Missing: al.MissingDays(quality.TradingDay, o.After)}
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
	days := marketdata.TradingDays(quality.TradingDay, from, to)
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

// Notice is the warning that heads the output of a study that went on over
// refused data, or "" when the rule accepts them.
func (g *Gaps) Notice() string {
	if g == nil || g.Err() == nil {
		return ""
	}
	var b strings.Builder
	fmt.Fprintf(&b, "warning: -allow-gaps: the study went on over data it refuses (%s); a return across missing days counts as one day's:\n", g.Rule.Limit("NYSE"))
	for _, m := range g.Missing {
		if !g.Rule.Allows(m) {
			b.WriteString("  " + m.String() + "\n")
		}
	}
	return b.String()
}

// Lines lists the series that lack any trading day, one line each, or
// nothing when none does.
func (g *Gaps) Lines() []string {
	if g == nil {
		return nil
	}
	var out []string
	for _, m := range g.Missing {
		if len(m.Dates) > 0 {
			out = append(out, "NYSE calendar: "+m.String())
		}
	}
	return out
}

// ReportGaps is the JSON form of Gaps. Reports carry it only when a series
// lacks a trading day.
type ReportGaps struct {
	// OverRule is true when the rule refuses the data: the output exists
	// only because AllowGaps was asked for.
	OverRule  bool            `json:"over_rule"`
	AllowGaps bool            `json:"allow_gaps"`
	Calendar  string          `json:"calendar"`
	MaxShare  float64         `json:"max_share"`
	MaxRun    int             `json:"max_run"`
	Series    []ReportMissing `json:"series"`
}

// ReportMissing is what one series lacks.
type ReportMissing struct {
	Ticker      string   `json:"ticker"`
	From        string   `json:"from"`
	To          string   `json:"to"`
	TradingDays int      `json:"trading_days"`
	Missing     int      `json:"missing"`
	LongestRun  int      `json:"longest_run"`
	Dates       []string `json:"dates"`
}

// Report returns the JSON form, or nil when no series lacks a day.
func (g *Gaps) Report() *ReportGaps {
	if g == nil || !g.Any() {
		return nil
	}
	r := &ReportGaps{OverRule: g.Err() != nil, AllowGaps: g.Allowed, Calendar: "NYSE",
		MaxShare: g.Rule.MaxShare, MaxRun: g.Rule.MaxRun, Series: []ReportMissing{}}
	for _, m := range g.Missing {
		rm := ReportMissing{Ticker: string(m.Ticker), From: optionalDate(m.From), To: optionalDate(m.To),
			TradingDays: m.TradingDays, Missing: len(m.Dates), LongestRun: m.LongestRun, Dates: []string{}}
		for _, d := range m.Dates {
			rm.Dates = append(rm.Dates, marketdata.FormatDate(d))
		}
		r.Series = append(r.Series, rm)
	}
	return r
}
