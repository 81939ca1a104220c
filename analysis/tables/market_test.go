package tables_test

import (
	"math"
	"strings"
	"testing"

	"github.com/rotationlab/rotation/analysis"
	"github.com/rotationlab/rotation/analysis/eventstudy"
	"github.com/rotationlab/rotation/analysis/eventstudy/eventstudytest"
	"github.com/rotationlab/rotation/analysis/marketdata/marketdatatest"
	"github.com/rotationlab/rotation/analysis/tables"
)

func marketStudy(t *testing.T) *eventstudy.Result {
	t.Helper()
	o := eventstudy.DefaultOptions()
	o.Study.Horizons = []analysis.Horizon{analysis.Days(20)}
	o.Study.Resamples, o.Draws = 200, 200
	es, err := eventstudy.Run(marketdatatest.Aligned(t, eventstudytest.Dir(t), "IWM", "QQQ", "SPY"), o)
	if err != nil {
		t.Fatal(err)
	}
	return es
}

// The tables of the event study hold the result's figures, row for row.
func TestMarketTables(t *testing.T) {
	es := marketStudy(t)
	ab, err := tables.Abnormal(es)
	if err != nil {
		t.Fatal(err)
	}
	if rows, _ := ab.Dims(); rows != 2*len(es.Events) {
		t.Errorf("abnormal table has %d rows, want %d (events x horizons)", rows, 2*len(es.Events))
	}
	if got := ab.Col("IWM BHAR").Float()[1]; !near(got, es.Events[0].Abnormal[1][eventstudy.MarketModel][eventstudy.LegA]) {
		t.Errorf("first event's 20d BHAR %v", got)
	}
	me, err := tables.Methods(es)
	if err != nil {
		t.Fatal(err)
	}
	if rows, _ := me.Dims(); rows != len(es.Methods) {
		t.Errorf("methods table has %d rows, want %d", rows, len(es.Methods))
	}
	p := me.Col("p").Float()
	for i, r := range es.Methods {
		if !near(p[i], r.P) || me.Col("method").Records()[i] != r.Method.String() {
			t.Fatalf("methods row %d: p %v method %s, want %+v", i, p[i], me.Col("method").Records()[i], r)
		}
	}
	cmp, err := tables.Compare(es)
	if err != nil {
		t.Fatal(err)
	}
	// Two horizons (the event day and 20d), three legs, three measures.
	if rows, _ := cmp.Dims(); rows != 18 {
		t.Errorf("compare table has %d rows, want 18", rows)
	}
	if got := strings.Join(cmp.Names()[:5], ","); got != "horizon,leg,measure,estimate,p iid" {
		t.Errorf("compare columns %s", got)
	}
	// The raw measure has no calendar-time row: NaN, not zero.
	if v := cmp.Col("p calendar time").Float()[0]; !math.IsNaN(v) {
		t.Errorf("event day's calendar-time p %v, want NaN", v)
	}
	cal, err := tables.Calendar(es)
	if err != nil {
		t.Fatal(err)
	}
	if rows, _ := cal.Dims(); rows != 3 || !near(cal.Col("alpha/day").Float()[0], es.Calendar[0].Alpha) {
		t.Errorf("calendar table %v", cal)
	}
}
