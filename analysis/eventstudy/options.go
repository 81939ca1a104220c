package eventstudy

import (
	"fmt"

	"github.com/rotationlab/rotation/analysis"
	"github.com/rotationlab/rotation/analysis/marketdata"
)

// Options says what to study. Start from DefaultOptions.
type Options struct {
	// Study is the event study itself: legs, rule, horizons, entry lag,
	// the iid bootstrap's resamples, seed and confidence.
	Study analysis.Options
	// Market is the market series the abnormal returns are measured
	// against (SPY); it is the third aligned series given to Run.
	Market marketdata.Ticker
	// EstimationDays is the length of the market model's estimation
	// window, in trading days (daily returns).
	EstimationDays int
	// EstimationGap is how many trading days before the event the
	// estimation window ends: with 11, its last return is day -11.
	EstimationGap int
	// KeepEventDays keeps the study's event days in the estimation
	// windows. By default they are left out (the window reaches back past
	// them), so that an earlier event's own move, a spread of several
	// points, is not taken for part of a later event's normal return.
	KeepEventDays bool
	// PreDays is where the CAR path starts: day -PreDays.
	PreDays int
	// ShortDays is the longest trading-day horizon that gets the sign and
	// rank tests (the event day always does).
	ShortDays int
	// Draws is the number of draws of every resampling method (the
	// episode and iid bootstraps of the abnormal measures, the date
	// shifts, the CAR band); Seed seeds them.
	Draws int
	Seed  uint64
}

// DefaultOptions returns the study's defaults (analysis.DefaultOptions)
// against SPY: a 250-day estimation window ending 11 days before the event,
// the CAR path from day -10, sign and rank tests up to 63 days, 2000 draws
// with seed 1.
func DefaultOptions() Options {
	return Options{Study: analysis.DefaultOptions(), Market: "SPY", EstimationDays: 250, EstimationGap: 11,
		PreDays: 10, ShortDays: 63, Draws: 2000, Seed: 1}
}

// Validate reports the first problem with the options.
func (o Options) Validate() error {
	if err := o.Study.Validate(); err != nil {
		return err
	}
	switch {
	case o.Market == "":
		return fmt.Errorf("eventstudy: no market series")
	case o.EstimationDays < 3:
		return fmt.Errorf("eventstudy: estimation window of %d days; need at least 3", o.EstimationDays)
	case o.EstimationGap < 0:
		return fmt.Errorf("eventstudy: estimation gap %d is negative", o.EstimationGap)
	case o.PreDays < 0:
		return fmt.Errorf("eventstudy: %d days before the event is negative", o.PreDays)
	case o.ShortDays < 0:
		return fmt.Errorf("eventstudy: short horizon of %d days is negative", o.ShortDays)
	case o.Draws < 0:
		return fmt.Errorf("eventstudy: %d draws is negative", o.Draws)
	}
	if o.Draws > 0 && !(o.Study.Confidence > 0 && o.Study.Confidence < 1) {
		return fmt.Errorf("eventstudy: confidence %v is not between 0 and 1", o.Study.Confidence)
	}
	return nil
}

// Leg is one of the study's two legs or their spread.
type Leg int

const (
	LegA      Leg = iota // leg A (IWM)
	LegB                 // leg B (QQQ)
	LegSpread            // long A, short B
)

// Legs lists the legs in order.
var Legs = [3]Leg{LegA, LegB, LegSpread}

// Name gives the leg as the study's options name it: "IWM", "QQQ",
// "IWM-QQQ".
func (l Leg) Name(o analysis.Options) string {
	switch l {
	case LegA:
		return string(o.A)
	case LegB:
		return string(o.B)
	}
	return string(o.A) + "-" + string(o.B)
}

// Measure is how a forward return is measured.
type Measure int

const (
	// Raw is the forward return; its figures are the events' mean less
	// the baseline's (the mean over every row of the window), as
	// analysis.Result's Excess.
	Raw Measure = iota
	// MarketAdjusted is the forward return less the market's over the
	// same days.
	MarketAdjusted
	// MarketModel is the buy-and-hold abnormal return (BHAR) against the
	// market model: prod(1+r) - prod(1+alpha+beta*m) over the holding
	// days, alpha and beta from the estimation window.
	MarketModel
)

// Measures lists the measures in order.
var Measures = [3]Measure{Raw, MarketAdjusted, MarketModel}

// String gives "raw", "market-adjusted" or "market-model".
func (m Measure) String() string {
	switch m {
	case Raw:
		return "raw"
	case MarketAdjusted:
		return "market-adjusted"
	case MarketModel:
		return "market-model"
	}
	return fmt.Sprintf("Measure(%d)", int(m))
}

// Method is a way of testing a measure.
type Method int

const (
	// IIDBootstrap resamples events with replacement as if independent.
	IIDBootstrap Method = iota
	// EpisodeBootstrap resamples whole episodes with their events.
	EpisodeBootstrap
	// DateShift moves the whole set of event dates by random offsets
	// along the window, circularly, keeping their clustering. Its p-value
	// is against the mean over every row of the window (for Raw the
	// baseline; for the abnormal measures the typical row's abnormal
	// return, not zero); its interval inverts the test.
	DateShift
	// CalendarTime regresses the daily returns of the portfolio of open
	// events on the market, Newey-West standard errors.
	CalendarTime
	// SignTest is the generalized sign test: the share of positive values
	// against the baseline's share.
	SignTest
	// RankTest is Corrado's rank test of the daily abnormal returns.
	RankTest
)

// Methods lists the methods in order.
var Methods = [6]Method{IIDBootstrap, EpisodeBootstrap, DateShift, CalendarTime, SignTest, RankTest}

// String gives the method's short name: "iid bootstrap", "episode
// bootstrap", "date shift", "calendar time", "sign test", "rank test".
func (m Method) String() string {
	switch m {
	case IIDBootstrap:
		return "iid bootstrap"
	case EpisodeBootstrap:
		return "episode bootstrap"
	case DateShift:
		return "date shift"
	case CalendarTime:
		return "calendar time"
	case SignTest:
		return "sign test"
	case RankTest:
		return "rank test"
	}
	return fmt.Sprintf("Method(%d)", int(m))
}

// Key gives the method's name for JSON: "iid_bootstrap", ...
func (m Method) Key() string {
	return [...]string{"iid_bootstrap", "episode_bootstrap", "date_shift", "calendar_time", "sign_test", "rank_test"}[m]
}

// Key gives the measure's name for JSON: "raw", "market_adjusted",
// "market_model".
func (m Measure) Key() string {
	return [...]string{"raw", "market_adjusted", "market_model"}[m]
}
