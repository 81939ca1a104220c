package report

import (
	"fmt"
	"io"
	"text/tabwriter"

	"github.com/rotationlab/rotation/analysis"
	"github.com/rotationlab/rotation/analysis/article"
	"github.com/rotationlab/rotation/analysis/marketdata"
	"github.com/rotationlab/rotation/analysis/reproduce"
)

// The price of searching: the JSON forms and the text of the inferential
// specification curve (reproduce) and of the scan's adjusted p-values
// (scan).

// CurveInference is the JSON form of the inferential specification curve
// ("search": {"inference": ...} of rotation reproduce -json). Its keys are
// in alphabetical order, as the rest of that document's.
type CurveInference struct {
	// Estimate says what each specification's estimate is.
	Estimate string `json:"estimate"`
	// Seed seeds the shifts; Shifts is their number.
	Seed   uint64 `json:"seed"`
	Shifts int    `json:"shifts"`
	// Tests has one entry per horizon and leg.
	Tests []CurveTest `json:"tests"`
	// Window is the span of trading days the events are shifted over.
	Window ShiftWindow `json:"window"`
}

// ShiftWindow is the window of a date-shift test: its first and last day
// and its number of trading days.
type ShiftWindow struct {
	Days  int    `json:"days"`
	End   string `json:"end"`
	Start string `json:"start"`
}

// CurveTest is the curve's test at one horizon and leg.
type CurveTest struct {
	// Agree is the share of specifications agreeing on the majority's
	// sign; PAgree the share of shifts (the observed set counted once)
	// with as large an agreement.
	Agree Number `json:"agree"`
	// Horizon is "3m" or "12m"; Leg is A, B or "A-B".
	Horizon string `json:"horizon"`
	Leg     string `json:"leg"`
	// MedianExcess is the median specification's excess; PMedian the
	// share of shifts whose median is at least as far from zero.
	MedianExcess Number `json:"median_excess"`
	PAgree       Number `json:"p_agree"`
	PMedian      Number `json:"p_median"`
	// SharePositive is the share of specifications whose excess is above
	// zero.
	SharePositive Number `json:"share_positive"`
	// Specs counts the specifications with an estimate.
	Specs int `json:"specs"`
	// Used counts the shifts with an estimate (the p-values' draws).
	Used int `json:"used"`
}

// CurveEstimate says in words what the inferential curve estimates.
const CurveEstimate = "each specification's mean forward return minus the mean of every day of the window with its price, horizon rule and entry"

// curveTests lists a curve's six tests with their horizon and leg names.
func curveTests(cv *reproduce.Curve, c article.Claims) []struct {
	horizon, leg string
	t            analysis.CurveTest
} {
	type row = struct {
		horizon, leg string
		t            analysis.CurveTest
	}
	spread := string(c.A) + "-" + string(c.B)
	return []row{
		{"3m", string(c.A), cv.Short.A}, {"3m", string(c.B), cv.Short.B}, {"3m", spread, cv.Short.Spread},
		{"12m", string(c.A), cv.Long.A}, {"12m", string(c.B), cv.Long.B}, {"12m", spread, cv.Long.Spread},
	}
}

// NewCurveInference returns the JSON form of a search's inferential curve.
func NewCurveInference(cv *reproduce.Curve, c article.Claims) *CurveInference {
	if cv == nil {
		return nil
	}
	out := &CurveInference{Estimate: CurveEstimate, Seed: cv.Seed, Shifts: cv.Draws,
		Window: ShiftWindow{Days: cv.Span, Start: marketdata.FormatDate(cv.From), End: marketdata.FormatDate(cv.To)}}
	for _, r := range curveTests(cv, c) {
		out.Tests = append(out.Tests, CurveTest{Horizon: r.horizon, Leg: r.leg, Specs: r.t.Specs, Used: r.t.Used,
			MedianExcess: Number(r.t.Median), PMedian: Number(r.t.PMedian), SharePositive: Number(r.t.Positive),
			Agree: Number(r.t.Agree), PAgree: Number(r.t.PAgree)})
	}
	return out
}

// writeCurve writes the inferential specification curve.
func writeCurve(w io.Writer, cv *reproduce.Curve, c article.Claims) {
	fmt.Fprintf(w, "\nThe price of searching: the curve under %d date shifts (seed %d), every event moved by one offset\n", cv.Draws, cv.Seed)
	fmt.Fprintf(w, "along the %d trading days from %s to %s, circularly. A specification's estimate is its\n",
		cv.Span, marketdata.FormatDate(cv.From), marketdata.FormatDate(cv.To))
	fmt.Fprintln(w, "excess: its mean minus the mean of every day with its price, horizon rule and entry. p: the share")
	fmt.Fprintln(w, "of shifts whose median is as far from zero, or whose specifications agree on a sign as often.")
	tw := tabwriter.NewWriter(w, 0, 0, 2, ' ', tabwriter.AlignRight)
	fmt.Fprintln(tw, "horizon\tleg\tspecs\tmedian excess\tp\tabove zero\tagree on sign\tp\t")
	for _, r := range curveTests(cv, c) {
		fmt.Fprintf(tw, "%s\t%s\t%d\t%s\t%s\t%s\t%s\t%s\t\n", r.horizon, r.leg, r.t.Specs, pct(r.t.Median), pval(r.t.PMedian),
			pctWhole(r.t.Positive), pctWhole(r.t.Agree), pval(r.t.PAgree))
	}
	tw.Flush()
}

// ScanInference is the JSON form of the scan's search inference
// ("search" of rotation scan -json).
type ScanInference struct {
	// Shifts is the number of date shifts and Seed their seed;
	// WindowDays the trading days of the window they shift over.
	Shifts     int    `json:"shifts"`
	Seed       uint64 `json:"seed"`
	WindowDays int    `json:"window_days"`
	// Tests has one entry per pair and horizon, pairs in the order of
	// "pairs".
	Tests []PairTest `json:"tests"`
	// Best has the data-snooping test of each horizon.
	Best []BestPair `json:"best"`
}

// PairTest is one pair at one horizon (see analysis.PairTest).
type PairTest struct {
	A       marketdata.Ticker `json:"a"`
	B       marketdata.Ticker `json:"b"`
	Horizon string            `json:"horizon"`
	N       int               `json:"n"`
	// Excess is the events' mean A-B forward return minus Baseline, that
	// of every day of the window.
	Excess   Number `json:"excess"`
	Baseline Number `json:"baseline"`
	// Z is Excess over SD, the standard deviation of the shifted
	// excesses.
	SD Number `json:"sd"`
	Z  Number `json:"z"`
	// P is the date-shift p-value; Holm and BH adjust it over every pair
	// and horizon; RomanoWolf is the stepdown over the pairs at this
	// horizon (null outside that family).
	P          Number `json:"p"`
	Holm       Number `json:"holm"`
	BH         Number `json:"bh"`
	RomanoWolf Number `json:"romano_wolf"`
}

// BestPair is the data-snooping test at one horizon (see
// analysis.BestPair).
type BestPair struct {
	Horizon string `json:"horizon"`
	// A and B are the best pair (largest |z|); empty when none.
	A            marketdata.Ticker `json:"a"`
	B            marketdata.Ticker `json:"b"`
	Excess       Number            `json:"excess"`
	Z            Number            `json:"z"`
	P            Number            `json:"p"`
	Holm         Number            `json:"holm"`
	RealityCheck Number            `json:"reality_check"`
	Pairs        int               `json:"pairs"`
	LeftOut      int               `json:"left_out"`
	// Shifts counts the shifts the reality check and the stepdown used:
	// those under which every pair compared has data.
	Shifts int `json:"shifts"`
}

// NewScanInference returns the JSON form of a scan's search inference.
func NewScanInference(s *analysis.ScanSearch) *ScanInference {
	if s == nil {
		return nil
	}
	out := &ScanInference{Shifts: s.Shifts, Seed: s.Seed, WindowDays: s.Span, Tests: []PairTest{}, Best: []BestPair{}}
	for _, p := range s.Pairs {
		for _, t := range p.Horizons {
			out.Tests = append(out.Tests, PairTest{A: p.A, B: p.B, Horizon: t.Horizon.String(), N: t.N, Excess: Number(t.Excess),
				Baseline: Number(t.Baseline), SD: Number(t.SD), Z: Number(t.Z), P: Number(t.P), Holm: Number(t.Holm), BH: Number(t.BH),
				RomanoWolf: Number(t.RomanoWolf)})
		}
	}
	for _, b := range s.Best {
		out.Best = append(out.Best, BestPair{Horizon: b.Horizon.String(), A: b.A, B: b.B, Excess: Number(b.Excess), Z: Number(b.Z),
			P: Number(b.P), Holm: Number(b.Holm), RealityCheck: Number(b.RealityCheck), Pairs: b.Pairs, LeftOut: b.LeftOut, Shifts: b.Shifts})
	}
	return out
}

// NewScanSearch is NewScan with the search inference s ("search"; none
// when s is nil).
func NewScanSearch(rows []analysis.ScanRow, s *analysis.ScanSearch, opt analysis.ScanOptions, kind marketdata.PriceKind, g *analysis.Gaps) Scan {
	out := NewScan(rows, opt, kind, g)
	out.Search = NewScanInference(s)
	return out
}

// WriteScanSearch writes the scan as WriteScan does, then, when s is not
// nil, its search inference: each pair's excess and p-values at each
// horizon and the best pair's data-snooping test. It returns the first
// write error.
func WriteScanSearch(w io.Writer, rows []analysis.ScanRow, s *analysis.ScanSearch, opt analysis.ScanOptions, kind marketdata.PriceKind, g *analysis.Gaps) error {
	if err := WriteScan(w, rows, opt, kind, g); err != nil || s == nil {
		return err
	}
	bw := newWriter(w)
	tests := 0
	for _, p := range s.Pairs {
		for _, t := range p.Horizons {
			if t.N > 0 {
				tests++
			}
		}
	}
	fmt.Fprintf(bw, "\nThe price of searching: %d tests (pairs and horizons with events) under %d date shifts (seed %d):\n", tests, s.Shifts, s.Seed)
	fmt.Fprintf(bw, "every pair's events moved by the same offset along the window's %d trading days, circularly.\n", s.Span)
	fmt.Fprintln(bw, "excess: the events' mean A-B forward return minus that of every day of the window. p: date-shift")
	fmt.Fprintln(bw, "p-value; Holm, BH: adjusted over all the tests; RW: Romano-Wolf stepdown over the pairs at the horizon.")
	tw := tabwriter.NewWriter(bw, 0, 0, 2, ' ', tabwriter.AlignRight)
	fmt.Fprintln(tw, "A\tB\thorizon\tn\texcess\tp\tHolm\tBH\tRW\t")
	for _, p := range s.Pairs {
		for _, t := range p.Horizons {
			fmt.Fprintf(tw, "%s\t%s\t%s\t%d\t%s\t%s\t%s\t%s\t%s\t\n", p.A, p.B, t.Horizon, t.N, pct(t.Excess), pval(t.P), pval(t.Holm), pval(t.BH), pval(t.RomanoWolf))
		}
	}
	tw.Flush()
	fmt.Fprintln(bw, "\nThe best pair at each horizon (largest excess in units of its own shifted spread, |z|) and White's")
	fmt.Fprintln(bw, "reality check: how often the best |z| of all the pairs under one shift is as large.")
	for _, b := range s.Best {
		if b.A == "" {
			fmt.Fprintf(bw, "  %s: no pair to test (%d left out: no event reaching the horizon, or shifted events without data too often)\n", b.Horizon, b.LeftOut)
			continue
		}
		fmt.Fprintf(bw, "  %s: %s over %s, excess %s (z %.2f), p %s, Holm %s; reality check p %s among %d pairs, %d shifts\n",
			b.Horizon, b.A, b.B, pct(b.Excess), b.Z, pval(b.P), pval(b.Holm), pval(b.RealityCheck), b.Pairs, b.Shifts)
		if b.LeftOut > 0 {
			fmt.Fprintf(bw, "    (%d %s left out: no event reaching the horizon, or shifted events without data too often)\n",
				b.LeftOut, plural(b.LeftOut, "pair", "pairs"))
		}
	}
	return bw.Flush()
}
