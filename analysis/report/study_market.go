package report

import (
	"fmt"
	"io"
	"math"
	"text/tabwriter"

	"github.com/rotationlab/rotation/analysis"
	"github.com/rotationlab/rotation/analysis/article"
	"github.com/rotationlab/rotation/analysis/eventstudy"
	"github.com/rotationlab/rotation/analysis/marketdata"
)

// StudyMarket is rotation study -json against a market: every field of
// Study, unchanged, and Market beside them (absent with -market none).
type StudyMarket struct {
	Study
	Market *Market `json:"market,omitempty"`
}

// Market is the event study against the market: the abnormal returns and
// the methods side by side.
type Market struct {
	// Ticker is the market series (SPY).
	Ticker string `json:"ticker"`
	// EstimationDays and EstimationGap are the market model's window:
	// EstimationDays daily returns ending EstimationGap trading days
	// before the event.
	EstimationDays int `json:"estimation_days"`
	EstimationGap  int `json:"estimation_gap"`
	// EventDaysLeftOut is true when the study's event days are left out
	// of every estimation window (which then reaches back past them).
	EventDaysLeftOut bool `json:"event_days_left_out"`
	// PreDays is the CAR path's first day, -PreDays.
	PreDays int `json:"pre_days"`
	// ShortDays is the longest horizon with the sign and rank tests.
	ShortDays int `json:"short_days"`
	// Draws and Seed are those of every resampled figure below (the raw
	// iid bootstrap's are Horizon.Resamples and Horizon.Seed);
	// Confidence is the level of every interval.
	Draws      int     `json:"draws"`
	Seed       uint64  `json:"seed"`
	Confidence float64 `json:"confidence"`
	// Days is the number of days the three series share.
	Days int `json:"days"`
	// LeftOut counts the events without a market model.
	LeftOut int `json:"left_out"`
	// Events are the study's events in order, with their abnormal
	// returns; never null.
	Events []MarketEvent `json:"events"`
	// Methods sets the methods side by side; never null.
	Methods []Method `json:"methods"`
	// Calendar holds the calendar-time regressions on the market.
	Calendar []CalendarTime `json:"calendar"`
	// CAR is the mean cumulative abnormal return path.
	CAR []CARPoint `json:"car"`
}

// MarketFit is a leg's market model for one event.
type MarketFit struct {
	Alpha Number `json:"alpha"`
	Beta  Number `json:"beta"`
	// Sigma is the residual standard deviation.
	Sigma Number `json:"sigma"`
}

// MarketEvent is one event's abnormal returns.
type MarketEvent struct {
	Date string `json:"date"`
	// Fit holds the market models of A and B (null figures when the
	// event has none); Missing says why it has none ("" when it has).
	Fit     Legs2[MarketFit] `json:"fit"`
	Missing string           `json:"missing,omitempty"`
	// Abnormal has one entry per horizon: the event day ("0d") first,
	// then Study.Horizons' order.
	Abnormal []Abnormal `json:"abnormal"`
}

// Legs2 holds a figure for each of the two legs.
type Legs2[T any] struct {
	A T `json:"a"`
	B T `json:"b"`
}

// Abnormal is an event's abnormal returns at one horizon: the return
// less the market's, and the market model's BHAR; null where undefined.
type Abnormal struct {
	Horizon        string       `json:"horizon"`
	MarketAdjusted Legs[Number] `json:"market_adjusted"`
	MarketModel    Legs[Number] `json:"market_model"`
}

// Method is one row of the methods table.
type Method struct {
	// Horizon is "0d" for the event day's return, else as Horizon.
	Horizon string `json:"horizon"`
	// Leg is "a", "b" or "spread".
	Leg string `json:"leg"`
	// Measure is "raw" (in excess of the baseline), "market_adjusted"
	// or "market_model".
	Measure string `json:"measure"`
	// Method is "iid_bootstrap", "episode_bootstrap", "date_shift",
	// "calendar_time", "sign_test" or "rank_test".
	Method string `json:"method"`
	// Unit says what Estimate, CILow and CIHigh are: "return" (over the
	// horizon), "daily_return" (calendar time), "share" (of positive
	// values, the sign test) or "statistic" (the rank test's, standard
	// normal).
	Unit     string `json:"unit"`
	Estimate Number `json:"estimate"`
	CILow    Number `json:"ci_low"`
	CIHigh   Number `json:"ci_high"`
	PValue   Number `json:"p_value"`
	// N counts events, or days for calendar time.
	N int `json:"n"`
	// Draws and Seed are the resampling's, Lags the Newey-West lags, P0
	// the sign test's share under the null; absent where they do not
	// apply.
	Draws int    `json:"draws,omitempty"`
	Seed  uint64 `json:"seed,omitempty"`
	Lags  int    `json:"lags,omitempty"`
	P0    Number `json:"p0,omitempty"`
	// Note says why the figures are null when the method could not be
	// applied; absent otherwise.
	Note string `json:"note,omitempty"`
}

// CalendarTime is a calendar-time portfolio regressed on the market.
type CalendarTime struct {
	Horizon string `json:"horizon"`
	Leg     string `json:"leg"`
	// Days counts the days with an open event, MeanOpen the mean number
	// open on them.
	Days     int    `json:"days"`
	MeanOpen Number `json:"mean_open"`
	// Alpha is the daily intercept, SE its Newey-West standard error with
	// Lags lags, T and PValue its test; AlphaAnnual is Alpha compounded
	// over 252 days; Beta the slope on the market.
	Alpha       Number `json:"alpha"`
	SE          Number `json:"se"`
	T           Number `json:"t"`
	PValue      Number `json:"p_value"`
	AlphaAnnual Number `json:"alpha_annual"`
	Beta        Number `json:"beta"`
	Lags        int    `json:"lags"`
}

// CARPoint is the mean CAR Day days from the event, with the episode
// bootstrap's band.
type CARPoint struct {
	Day  int          `json:"day"`
	N    int          `json:"n"`
	Mean Legs[Number] `json:"mean"`
	Low  Legs[Number] `json:"low"`
	High Legs[Number] `json:"high"`
}

var legKeys = [3]string{"a", "b", "spread"}

var unitKeys = map[eventstudy.Unit]string{eventstudy.Return: "return", eventstudy.DailyReturn: "daily_return",
	eventstudy.Share: "share", eventstudy.Statistic: "statistic"}

func legs(x [3]float64) Legs[Number] { return Legs[Number]{Number(x[0]), Number(x[1]), Number(x[2])} }

// NewMarket returns the JSON form of es.
func NewMarket(es *eventstudy.Result) *Market {
	o := es.Options
	m := &Market{Ticker: string(o.Market), EstimationDays: o.EstimationDays, EstimationGap: o.EstimationGap, EventDaysLeftOut: !o.KeepEventDays,
		PreDays: o.PreDays, ShortDays: o.ShortDays, Draws: o.Draws, Seed: o.Seed, Confidence: o.Study.Confidence,
		Days: len(es.Study.Dates), LeftOut: es.Left, Events: []MarketEvent{}, Methods: []Method{}}
	for _, e := range es.Events {
		fit := func(f eventstudy.Fit) MarketFit {
			return MarketFit{Number(f.Alpha), Number(f.Beta), Number(f.Sigma)}
		}
		me := MarketEvent{Date: marketdata.FormatDate(e.Date), Fit: Legs2[MarketFit]{fit(e.Fit[0]), fit(e.Fit[1])}, Missing: e.Missing}
		for k, h := range es.Horizons {
			me.Abnormal = append(me.Abnormal, Abnormal{Horizon: h.String(),
				MarketAdjusted: legs(e.Abnormal[k][eventstudy.MarketAdjusted]), MarketModel: legs(e.Abnormal[k][eventstudy.MarketModel])})
		}
		m.Events = append(m.Events, me)
	}
	for _, r := range es.Methods {
		row := Method{Horizon: r.Horizon.String(), Leg: legKeys[r.Leg], Measure: r.Measure.Key(), Method: r.Method.Key(),
			Unit: unitKeys[r.Unit], Estimate: Number(r.Estimate), CILow: Number(r.Low), CIHigh: Number(r.High),
			PValue: Number(r.P), N: r.N, Draws: r.Draws, Seed: r.Seed, Lags: r.Lags, Note: r.Note}
		if r.Method == eventstudy.SignTest {
			row.P0 = Number(r.P0)
		}
		m.Methods = append(m.Methods, row)
	}
	for _, c := range es.Calendar {
		m.Calendar = append(m.Calendar, CalendarTime{Horizon: c.Horizon.String(), Leg: legKeys[c.Leg], Days: c.Days,
			MeanOpen: Number(c.MeanOpen), Alpha: Number(c.Alpha), SE: Number(c.SE), T: Number(c.T), PValue: Number(c.P),
			AlphaAnnual: Number(c.Annual()), Beta: Number(c.Beta), Lags: c.Lags})
	}
	for _, p := range es.CAR {
		m.CAR = append(m.CAR, CARPoint{Day: p.Day, N: p.N, Mean: legs(p.Mean), Low: legs(p.Low), High: legs(p.High)})
	}
	return m
}

// NewStudyMarket returns the JSON form of the raw study r beside the event
// study es (nil for none).
func NewStudyMarket(r *analysis.Result, g *analysis.Gaps, es *eventstudy.Result) StudyMarket {
	s := StudyMarket{Study: NewStudy(r, g)}
	if es != nil {
		s.Market = NewMarket(es)
	}
	return s
}

// WriteStudyMarket writes the text report of the raw study r (as
// WriteStudy) followed by the event study es against the market; es nil
// writes note instead (why there is no market), or WriteStudy's text
// alone when note is "" too. It returns the first write error.
func WriteStudyMarket(w io.Writer, r *analysis.Result, c article.Claims, g *analysis.Gaps, es *eventstudy.Result, note string) error {
	bw := newWriter(w)
	bw.WriteString(GapNotice(g))
	writeStudy(bw, r, c, g)
	if es != nil {
		fmt.Fprintln(bw)
		writeMarket(bw, es)
	} else if note != "" {
		fmt.Fprintln(bw)
		fmt.Fprintln(bw, note)
	}
	return bw.Flush()
}

// WriteMarket writes the event study against the market alone.
func WriteMarket(w io.Writer, es *eventstudy.Result) error {
	bw := newWriter(w)
	writeMarket(bw, es)
	return bw.Flush()
}

func writeMarket(w io.Writer, es *eventstudy.Result) {
	o := es.Options
	so := es.Study.Options
	left := ", the events' own days left out"
	if o.KeepEventDays {
		left = ""
	}
	fmt.Fprintf(w, "Against the market (%s), on the %d days all three series have: market model over %d trading days ending %d days before each event%s\n",
		o.Market, len(es.Study.Dates), o.EstimationDays, o.EstimationGap, left)
	if al := es.Study.Alignment; al != nil {
		for _, g := range al.Gaps {
			if len(g.Dates) > 0 {
				fmt.Fprintf(w, "  %s lacks %d %s the others have (left out)\n", g.Ticker, len(g.Dates), plural(len(g.Dates), "day", "days"))
			}
		}
	}
	if es.Left > 0 {
		fmt.Fprintf(w, "  %d of %d events have no market model and are left out of its figures (only):\n", es.Left, len(es.Events))
		for _, e := range es.Events {
			if e.Missing != "" {
				fmt.Fprintf(w, "    %s  %s\n", marketdata.FormatDate(e.Date), e.Missing)
			}
		}
	}
	fmt.Fprintln(w)
	fmt.Fprintln(w, "Abnormal returns per event: market-adjusted (less the market's) and market-model BHAR; 0d is the event day")
	tw := tabwriter.NewWriter(w, 0, 0, 2, ' ', tabwriter.AlignRight)
	fmt.Fprintf(tw, "date\tbeta %s\tbeta %s\thorizon\t%s adj\t%s adj\tspread adj\t%s BHAR\t%s BHAR\tspread BHAR\t\n", so.A, so.B, so.A, so.B, so.A, so.B)
	for _, e := range es.Events {
		for k, h := range es.Horizons {
			a, m := e.Abnormal[k][eventstudy.MarketAdjusted], e.Abnormal[k][eventstudy.MarketModel]
			date, ba, bb := "", "", ""
			if k == 0 {
				date, ba, bb = marketdata.FormatDate(e.Date), fixed2(e.Fit[0].Beta), fixed2(e.Fit[1].Beta)
			}
			fmt.Fprintf(tw, "%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t\n", date, ba, bb, h, pct(a[0]), pct(a[1]), pct(a[2]), pct(m[0]), pct(m[1]), pct(m[2]))
		}
	}
	tw.Flush()
	fmt.Fprintln(w)
	writeCAR(w, es)
	fmt.Fprintln(w)
	writeCalendar(w, es)
	fmt.Fprintln(w)
	writeMethods(w, es)
}

// carDays are the days of the CAR path the text shows.
var carDays = []int{-10, -5, -1, 0, 1, 5, 10, 21, 42, 63, 126, 189, 252, 504}

func writeCAR(w io.Writer, es *eventstudy.Result) {
	o := es.Options
	so := es.Study.Options
	band := fmt.Sprintf("%.0f%% episode-bootstrap band, %d draws, seed %d", 100*so.Confidence, o.Draws, o.Seed)
	if o.Draws == 0 {
		band = "no band (no draws)"
	}
	fmt.Fprintf(w, "Cumulative market-model abnormal return (CAR) from day -%d, mean across events; %s\n", o.PreDays, band)
	tw := tabwriter.NewWriter(w, 0, 0, 2, ' ', tabwriter.AlignRight)
	fmt.Fprintf(tw, "day\tn\t%s\tband\t%s\tband\t%s-%s\tband\t\n", so.A, so.B, so.A, so.B)
	at := map[int]eventstudy.CARPoint{}
	for _, p := range es.CAR {
		at[p.Day] = p
	}
	for _, d := range carDays {
		p, ok := at[d]
		if !ok {
			continue
		}
		fmt.Fprintf(tw, "%d\t%d\t", p.Day, p.N)
		for l := range 3 {
			fmt.Fprintf(tw, "%s\t[%s, %s]\t", pct(p.Mean[l]), pct(p.Low[l]), pct(p.High[l]))
		}
		fmt.Fprintln(tw)
	}
	tw.Flush()
}

func writeCalendar(w io.Writer, es *eventstudy.Result) {
	so := es.Study.Options
	fmt.Fprintf(w, "Calendar-time portfolios: each day the mean daily return of the events open (held over the horizon), regressed on %s; intercept with its Newey-West standard error\n", es.Options.Market)
	tw := tabwriter.NewWriter(w, 0, 0, 2, ' ', tabwriter.AlignRight)
	fmt.Fprintln(tw, "horizon\tleg\tdays\tmean open\talpha/day\tse\tt\tp\tannualised\tbeta\tlags\t")
	for _, c := range es.Calendar {
		fmt.Fprintf(tw, "%s\t%s\t%d\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%d\t\n", c.Horizon, c.Leg.Name(so), c.Days, fixed1(c.MeanOpen),
			daily(c.Alpha), pct3(c.SE), fixed2(c.T), pval(c.P), pct(c.Annual()), fixed2(c.Beta), c.Lags)
	}
	tw.Flush()
}

func writeMethods(w io.Writer, es *eventstudy.Result) {
	so := es.Study.Options
	fmt.Fprintf(w, "The methods side by side: %.0f%% intervals, two-sided p-values; raw figures are in excess of the baseline, the abnormal ones against zero (the date shift: against every day's)\n", 100*so.Confidence)
	fmt.Fprintln(w, "  iid bootstrap treats events as independent; the episode bootstrap, the date shift and calendar time respect their clustering and overlap")
	tw := tabwriter.NewWriter(w, 0, 0, 2, ' ', tabwriter.AlignRight)
	fmt.Fprintln(tw, "horizon\tleg\tmeasure\tmethod\testimate\tinterval\tp\tn\tdetail\t")
	for _, r := range es.Methods {
		est, iv := methodFigures(r)
		fmt.Fprintf(tw, "%s\t%s\t%s\t%s\t%s\t%s\t%s\t%d\t%s\t\n", r.Horizon, r.Leg.Name(so), r.Measure, r.Method, est, iv, pval(r.P), r.N, detail(r))
	}
	tw.Flush()
}

// methodFigures formats a row's estimate and interval in its unit.
func methodFigures(r eventstudy.Row) (est, interval string) {
	f := pct
	switch r.Unit {
	case eventstudy.DailyReturn:
		f = daily
	case eventstudy.Share:
		f = pctWhole
	case eventstudy.Statistic:
		f = fixed2
	}
	if math.IsNaN(r.Low) && math.IsNaN(r.High) {
		return f(r.Estimate), ""
	}
	return f(r.Estimate), "[" + f(r.Low) + ", " + f(r.High) + "]"
}

// detail is a row's set-up: draws and seed, lags, the null share; or
// why the method could not be applied.
func detail(r eventstudy.Row) string {
	if r.Note != "" {
		return r.Note
	}
	switch r.Method {
	case eventstudy.CalendarTime:
		return fmt.Sprintf("per day, %d lags", r.Lags)
	case eventstudy.SignTest:
		return "share positive, p0 " + pctWhole(r.P0)
	case eventstudy.RankTest:
		return "z statistic"
	}
	if r.Draws == 0 {
		return "no draws"
	}
	return fmt.Sprintf("%d draws, seed %d", r.Draws, r.Seed)
}

// daily writes a daily return with three decimals: +0.032%.
func daily(x float64) string { return Percent{Decimals: 3, Signed: true, Missing: "n/a"}.Format(x) }

// pct3 writes a small unsigned figure with three decimals.
func pct3(x float64) string { return Percent{Decimals: 3, Missing: "n/a"}.Format(x) }

func fixed2(x float64) string {
	if math.IsNaN(x) {
		return "n/a"
	}
	return fmt.Sprintf("%.2f", x)
}

func fixed1(x float64) string {
	if math.IsNaN(x) {
		return "n/a"
	}
	return fmt.Sprintf("%.1f", x)
}
