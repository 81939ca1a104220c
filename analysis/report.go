package analysis

import (
	"math"
	"strconv"
	"time"

	"github.com/rotationlab/rotation/analysis/marketdata"
)

// Number is a float64 that encodes NaN and infinities as JSON null.
type Number float64

// MarshalJSON writes the number, or null when it is not finite.
func (n Number) MarshalJSON() ([]byte, error) {
	f := float64(n)
	if math.IsNaN(f) || math.IsInf(f, 0) {
		return []byte("null"), nil
	}
	return strconv.AppendFloat(nil, f, 'g', -1, 64), nil
}

// Report is the JSON form of a Result. Returns are fractions (0.0359, not
// 3.59). The field names are a contract: fields may be added, none renamed.
type Report struct {
	// Gaps, first so that it is seen, is set by the caller when a series
	// lacks trading days (see StudyGaps); absent otherwise.
	Gaps       *ReportGaps   `json:"gaps,omitempty"`
	A          string        `json:"a"`
	B          string        `json:"b"`
	Threshold  float64       `json:"threshold"`
	Price      string        `json:"price"`
	After      string        `json:"after"`
	Before     string        `json:"before"`
	Mirror     bool          `json:"mirror"`
	Decluster  int           `json:"decluster"`
	EntryLag   int           `json:"entry_lag"`
	Window     ReportWindow  `json:"window"`
	Data       ReportData    `json:"data"`
	Candidates int           `json:"candidates"`
	Events     []ReportEvent `json:"events"`
	Episodes   []ReportEp    `json:"episodes"`
	Horizons   []ReportHoriz `json:"horizons"`
}

// ReportWindow is the first and last day that could be an event.
type ReportWindow struct {
	Start string `json:"start"`
	End   string `json:"end"`
}

// ReportData describes the aligned data.
type ReportData struct {
	Start   string         `json:"start"`
	End     string         `json:"end"`
	Days    int            `json:"days"`
	Missing map[string]int `json:"missing"`
}

// ReportEvent is one event day.
type ReportEvent struct {
	Date    string          `json:"date"`
	AReturn Number          `json:"a_return"`
	BReturn Number          `json:"b_return"`
	Spread  Number          `json:"spread"`
	Episode int             `json:"episode"`
	Forward []ReportForward `json:"forward"`
}

// ReportForward is an event's forward return; Exit is empty and the returns
// null when the data ends before the horizon.
type ReportForward struct {
	Horizon string `json:"horizon"`
	Exit    string `json:"exit"`
	A       Number `json:"a"`
	B       Number `json:"b"`
	Spread  Number `json:"spread"`
}

// ReportEp is an episode of clustered events.
type ReportEp struct {
	Start  string `json:"start"`
	End    string `json:"end"`
	Events int    `json:"events"`
}

// ReportStats is Stats in JSON.
type ReportStats struct {
	N       int    `json:"n"`
	Mean    Number `json:"mean"`
	Median  Number `json:"median"`
	HitRate Number `json:"hit_rate"`
	Std     Number `json:"std"`
	Min     Number `json:"min"`
	Max     Number `json:"max"`
}

// ReportExcess is Excess in JSON.
type ReportExcess struct {
	Mean   Number `json:"mean"`
	CILow  Number `json:"ci_low"`
	CIHigh Number `json:"ci_high"`
	PValue Number `json:"p_value"`
}

// ReportLegs holds the three legs' statistics.
type ReportLegs[T any] struct {
	A      T `json:"a"`
	B      T `json:"b"`
	Spread T `json:"spread"`
}

// ReportHoriz is one horizon. Days is the horizon in trading days (0 for a
// calendar-month horizon, whose length is in Months).
type ReportHoriz struct {
	Horizon    string                   `json:"horizon"`
	Days       int                      `json:"days"`
	Months     int                      `json:"months"`
	N          int                      `json:"n"`
	Dropped    int                      `json:"dropped"`
	Episodes   int                      `json:"episodes"`
	A          ReportStats              `json:"a"`
	B          ReportStats              `json:"b"`
	Spread     ReportStats              `json:"spread"`
	Baseline   ReportLegs[ReportStats]  `json:"baseline"`
	Excess     ReportLegs[ReportExcess] `json:"excess"`
	Confidence float64                  `json:"confidence"`
	Resamples  int                      `json:"resamples"`
	Seed       uint64                   `json:"seed"`
}

func reportStats(s Stats) ReportStats {
	return ReportStats{N: s.N, Mean: Number(s.Mean), Median: Number(s.Median), HitRate: Number(s.HitRate),
		Std: Number(s.Std), Min: Number(s.Min), Max: Number(s.Max)}
}

func reportExcess(e Excess) ReportExcess {
	return ReportExcess{Mean: Number(e.Mean), CILow: Number(e.Low), CIHigh: Number(e.High), PValue: Number(e.P)}
}

// Report converts the result to its JSON form.
func (r *Result) Report() Report {
	o := r.Options
	rep := Report{
		A: string(o.A), B: string(o.B), Threshold: o.Threshold, Price: o.Price.String(),
		After: optionalDate(o.After), Before: optionalDate(o.Before), Mirror: o.Mirror, Decluster: o.Decluster,
		EntryLag: o.EntryLag, Window: ReportWindow{optionalDate(r.WindowStart), optionalDate(r.WindowEnd)},
		Data: ReportData{Start: optionalDate(r.Dates[0]), End: optionalDate(r.Dates[len(r.Dates)-1]), Days: len(r.Dates),
			Missing: map[string]int{}},
		Candidates: r.Candidates, Events: []ReportEvent{}, Episodes: []ReportEp{},
	}
	if r.Alignment != nil {
		for _, g := range r.Alignment.Gaps {
			rep.Data.Missing[string(g.Ticker)] = len(g.Dates)
		}
	}
	for _, e := range r.Events {
		re := ReportEvent{Date: optionalDate(e.Date), AReturn: Number(e.A), BReturn: Number(e.B),
			Spread: Number(e.Spread), Episode: e.Episode}
		for i, f := range e.Forward {
			re.Forward = append(re.Forward, ReportForward{Horizon: o.Horizons[i].String(), Exit: optionalDate(f.Exit),
				A: Number(f.A), B: Number(f.B), Spread: Number(f.Spread)})
		}
		rep.Events = append(rep.Events, re)
	}
	for _, ep := range r.Episodes {
		rep.Episodes = append(rep.Episodes, ReportEp{optionalDate(ep.Start), optionalDate(ep.End), ep.Events})
	}
	for _, h := range r.Horizons {
		rh := ReportHoriz{Horizon: h.Horizon.String(), N: h.N, Dropped: h.Dropped, Episodes: h.Episodes,
			A: reportStats(h.Events.A), B: reportStats(h.Events.B), Spread: reportStats(h.Events.Spread),
			Baseline:   ReportLegs[ReportStats]{reportStats(h.Baseline.A), reportStats(h.Baseline.B), reportStats(h.Baseline.Spread)},
			Excess:     ReportLegs[ReportExcess]{reportExcess(h.Excess.A), reportExcess(h.Excess.B), reportExcess(h.Excess.Spread)},
			Confidence: o.Confidence, Resamples: o.Resamples, Seed: o.Seed,
		}
		if h.Horizon.Unit == Months {
			rh.Months = h.Horizon.N
		} else {
			rh.Days = h.Horizon.N
		}
		rep.Horizons = append(rep.Horizons, rh)
	}
	return rep
}

// optionalDate writes a date, or "" for the zero time (an unset bound).
func optionalDate(t time.Time) string {
	if t.IsZero() {
		return ""
	}
	return marketdata.FormatDate(t)
}
