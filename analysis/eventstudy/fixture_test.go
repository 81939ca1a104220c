package eventstudy

import (
	"math"
	"math/rand/v2"
	"time"

	"github.com/rotationlab/rotation/analysis"
	"github.com/rotationlab/rotation/analysis/eventstudy/eventstudytest"
)

// fixture is a synthetic market and two legs with planted events: n
// trading days; the market's daily returns are normal; A = 0.0001 + 1.2 m
// + noise and B = 0.0002 + 0.9 m + noise, the noise too small for a 4%
// spread by chance. Events come in episodes of three, 25 days apart (one episode, as the episode gap is 63),
// from row 400 on, an episode every 300 to 600 rows (so that no estimation window holds an earlier event, and shifts do not map episodes onto each other): on an event day A beats B by 5 points, and A then gains
// drift a day over B's and the market model's for the next drift days.
type fixture struct {
	dates      []time.Time
	pa, pb, pm []float64
	rows       []int // the planted events' rows
}

func newFixture(seed uint64, n int, drift float64, days int) fixture {
	g := rand.New(rand.NewPCG(seed, 99))
	f := fixture{dates: eventstudytest.Weekdays(time.Date(2001, 1, 2, 0, 0, 0, 0, time.UTC), n)}
	for ep := 400; ep+50 < n-days; ep += 300 + g.IntN(300) {
		for k := range 3 {
			f.rows = append(f.rows, ep+25*k)
		}
	}
	f.pa, f.pb, f.pm = eventstudytest.Planted(g, n, f.rows, drift, days)
	return f
}

// fixtureOptions studies the fixture: 4% events, a 20-day horizon, 500
// draws.
func fixtureOptions() Options {
	o := DefaultOptions()
	o.Study.A, o.Study.B = "AAA", "BBB"
	o.Study.Horizons = []analysis.Horizon{analysis.Days(20), analysis.Days(60)}
	o.Study.Resamples = 500
	o.Market = "MKT"
	o.Draws = 500
	o.ShortDays = 20
	return o
}

func (f fixture) run(o Options) (*Result, error) {
	return RunPrices(f.dates, f.pa, f.pb, f.pm, o)
}

// find returns the row of res.Methods for h, l, m and method, and whether
// there is one.
func find(res *Result, h analysis.Horizon, l Leg, m Measure, meth Method) (Row, bool) {
	for _, r := range res.Methods {
		if r.Horizon == h && r.Leg == l && r.Measure == m && r.Method == meth {
			return r, true
		}
	}
	return Row{}, false
}

var _ = math.NaN
