package report

import (
	"strings"

	"github.com/rotationlab/rotation/analysis"
	"github.com/rotationlab/rotation/analysis/marketdata"
)

// Gaps is the JSON form of analysis.Gaps: what the series lack of the
// NYSE's trading days, and the rule that judged them. Reports carry it
// only when a series lacks a trading day.
type Gaps struct {
	// OverRule is true when the rule refuses the data: the output exists
	// only because AllowGaps was asked for.
	OverRule bool `json:"over_rule"`
	// AllowGaps is true when the command was run with -allow-gaps.
	AllowGaps bool `json:"allow_gaps"`
	// Calendar is the calendar the days are counted on: "NYSE".
	Calendar string `json:"calendar"`
	// MaxShare is the rule's largest share of trading days a series may
	// lack, as a fraction (0.01).
	MaxShare float64 `json:"max_share"`
	// MaxRun is the rule's longest run of missing trading days.
	MaxRun int `json:"max_run"`
	// Series holds one entry per series, complete ones included.
	Series []Missing `json:"series"`
}

// Missing is what one series lacks.
type Missing struct {
	Ticker marketdata.Ticker `json:"ticker"`
	// From and To bound the trading days counted.
	From string `json:"from"`
	To   string `json:"to"`
	// TradingDays is the number of NYSE trading days from From to To.
	TradingDays int `json:"trading_days"`
	// Missing is the number of those days the series lacks.
	Missing int `json:"missing"`
	// LongestRun is the longest run of consecutive missing trading days.
	LongestRun int `json:"longest_run"`
	// Dates are the missing days, in order.
	Dates []string `json:"dates"`
}

// NewGaps returns the JSON form of g, or nil when g is nil or no series
// lacks a day.
func NewGaps(g *analysis.Gaps) *Gaps {
	if g == nil || !g.Any() {
		return nil
	}
	r := &Gaps{OverRule: g.Err() != nil, AllowGaps: g.Allowed, Calendar: "NYSE",
		MaxShare: g.Rule.MaxShare, MaxRun: g.Rule.MaxRun, Series: []Missing{}}
	for _, m := range g.Missing {
		rm := Missing{Ticker: m.Ticker, From: optionalDate(m.From), To: optionalDate(m.To),
			TradingDays: m.TradingDays, Missing: len(m.Dates), LongestRun: m.LongestRun, Dates: []string{}}
		for _, d := range m.Dates {
			rm.Dates = append(rm.Dates, marketdata.FormatDate(d))
		}
		r.Series = append(r.Series, rm)
	}
	return r
}

// GapNotice is the warning that heads the text of a study that went on
// over data the gap rule refuses (-allow-gaps), or "" when g is nil or the
// rule accepts the data.
func GapNotice(g *analysis.Gaps) string {
	if g == nil || g.Err() == nil {
		return ""
	}
	var b strings.Builder
	b.WriteString("warning: -allow-gaps: the study went on over data it refuses (" + g.Rule.Limit("NYSE") +
		"); a return across missing days counts as one day's:\n")
	for _, m := range g.Missing {
		if !g.Rule.Allows(m) {
			b.WriteString("  " + m.String() + "\n")
		}
	}
	return b.String()
}

// GapLines lists the series that lack any trading day, one line each, or
// nothing when none does (or g is nil).
func GapLines(g *analysis.Gaps) []string {
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
