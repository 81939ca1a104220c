package charts_test

import (
	"testing"

	"github.com/rotationlab/rotation/analysis"
	"github.com/rotationlab/rotation/analysis/charts"
	"github.com/rotationlab/rotation/analysis/eventstudy"
	"github.com/rotationlab/rotation/analysis/eventstudy/eventstudytest"
	"github.com/rotationlab/rotation/analysis/marketdata/marketdatatest"
)

// carStudy is the event study of eventstudytest's synthetic data.
func carStudy(t *testing.T, draws int) *eventstudy.Result {
	t.Helper()
	o := eventstudy.DefaultOptions()
	o.Study.Horizons = []analysis.Horizon{analysis.Days(20), analysis.Days(63)}
	o.Study.Resamples, o.Draws = 200, draws
	es, err := eventstudy.Run(marketdatatest.Aligned(t, eventstudytest.Dir(t), "IWM", "QQQ", "SPY"), o)
	if err != nil {
		t.Fatal(err)
	}
	return es
}

func TestGoldenCAR(t *testing.T) {
	golden(t, "car", must(t)(charts.CAR(carStudy(t, 200))))
	// Without draws there is no band, and the chart says nothing of one
	// being there.
	golden(t, "car-noband", must(t)(charts.CAR(carStudy(t, 0))))
}

// No event with a market model: an error, not an empty chart.
func TestCARNoEvents(t *testing.T) {
	es := carStudy(t, 0)
	for i := range es.CAR {
		es.CAR[i].N = 0
	}
	if _, err := charts.CAR(es); err == nil {
		t.Error("a CAR chart without events")
	}
}
