package reproduce

import (
	"time"

	"github.com/rotationlab/rotation/analysis"
	"github.com/rotationlab/rotation/analysis/marketdata"
	"github.com/rotationlab/rotation/analysis/resample"
)

// DefaultShifts is the number of date shifts of the inferential
// specification curve that Run draws.
const DefaultShifts = analysis.DefaultShifts

// Curve is the inferential specification curve (Simonsohn, Simmons and
// Nelson, 2020) of the search: how surprising the whole curve is under
// date-shifted event sets. Each specification's estimate is its excess
// (its events' mean minus the mean of every day of the window with its
// price, horizon rule and entry), so the null is centred at zero. Short
// is the article's 3-month horizon and Long its 12-month one; the legs
// are A, B and the spread A - B.
type Curve struct {
	analysis.CurveNull
	// Seed seeds the offsets (resample.Offsets).
	Seed uint64
	// From and To are the first and last days of the window the events
	// are shifted over, Span its trading days.
	From, To time.Time
	Span     int
	// Excess holds every specification's observed excess, in Specs order.
	Excess []analysis.SpecExcess
}

// searchCurve runs the search's grid g and, with so.Shifts above zero, its
// inferential curve. It returns the specifications and the curve (nil
// without shifts).
func searchCurve(al *marketdata.Aligned, g analysis.GridOptions, so analysis.ShiftOptions) ([]analysis.Spec, *Curve, error) {
	if lo, hi := g.Window(al.Dates); so.Shifts <= 0 || hi-lo < 2 {
		// No shifts asked for, or no window to shift the events over.
		specs, err := analysis.Grid(al, g)
		return specs, nil, err
	}
	gn, err := analysis.NewGridNull(al, g)
	if err != nil {
		return nil, nil, err
	}
	lo, hi := gn.Window()
	offsets, err := resample.Offsets(hi-lo, so.Shifts, so.Seed)
	if err != nil {
		return nil, nil, err
	}
	cn, err := gn.Test(offsets, 0)
	if err != nil {
		return nil, nil, err
	}
	ex, err := gn.Excess(0)
	if err != nil {
		return nil, nil, err
	}
	return gn.Specs(), &Curve{CurveNull: *cn, Seed: so.Seed, From: al.Dates[lo], To: al.Dates[hi-1], Span: hi - lo, Excess: ex}, nil
}
