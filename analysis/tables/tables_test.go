package tables_test

import (
	"math"
	"strings"
	"testing"
	"time"

	"github.com/rotationlab/rotation/analysis"
	"github.com/rotationlab/rotation/analysis/article"
	"github.com/rotationlab/rotation/analysis/marketdata"
	"github.com/rotationlab/rotation/analysis/marketdata/marketdatatest"
	"github.com/rotationlab/rotation/analysis/reproduce"
	"github.com/rotationlab/rotation/analysis/tables"
)

func near(a, b float64) bool {
	if math.IsNaN(a) || math.IsNaN(b) {
		return math.IsNaN(a) && math.IsNaN(b)
	}
	return math.Abs(a-b) <= 1e-12
}

func opts() analysis.Options {
	o := analysis.DefaultOptions()
	o.A, o.B = "AAA", "BBB"
	o.Horizons = []analysis.Horizon{analysis.Days(2)}
	o.Resamples = 200
	return o
}

func TestTables(t *testing.T) {
	r, err := analysis.Run(marketdatatest.Prices(t), opts())
	if err != nil {
		t.Fatal(err)
	}
	ev, err := tables.Events(r)
	if err != nil {
		t.Fatal(err)
	}
	if rows, cols := ev.Dims(); rows != 3 || cols != 7 {
		t.Errorf("events table %dx%d, want 3x7", rows, cols)
	}
	if got := strings.Join(ev.Names(), ","); got != "date,AAA,BBB,spread,episode,AAA 2d,BBB 2d" {
		t.Errorf("names %s", got)
	}
	if d := ev.Col("date").Records(); d[1] != "2024-01-11" {
		t.Errorf("dates %v", d)
	}
	if f := ev.Col("AAA 2d").Float(); !near(f[0], 110.0/105-1) || !math.IsNaN(f[2]) {
		t.Errorf("forward column %v", f)
	}
	sum, err := tables.Summary(r)
	if err != nil {
		t.Fatal(err)
	}
	if rows, _ := sum.Dims(); rows != 3 {
		t.Errorf("summary rows %d, want 3 (one horizon, three legs)", rows)
	}
	if got := sum.Col("leg").Records(); strings.Join(got, ",") != "AAA,BBB,AAA-BBB" {
		t.Errorf("legs %v", got)
	}
	if m := sum.Col("mean").Float(); !near(m[0], r.Horizons[0].Events.A.Mean) {
		t.Errorf("mean %v", m)
	}
	eps, err := tables.Episodes(r)
	if err != nil {
		t.Fatal(err)
	}
	if rows, _ := eps.Dims(); rows != len(r.Episodes) {
		t.Errorf("episodes rows %d, want %d", rows, len(r.Episodes))
	}
}

func TestTablesNoEvents(t *testing.T) {
	o := opts()
	o.Threshold = 0.5
	r, err := analysis.Run(marketdatatest.Prices(t), o)
	if err != nil {
		t.Fatal(err)
	}
	if len(r.Events) != 0 {
		t.Fatalf("events %v", r.Events)
	}
	ev, err := tables.Events(r)
	if err != nil {
		t.Fatal(err)
	}
	if rows, _ := ev.Dims(); rows != 0 {
		t.Errorf("rows %d", rows)
	}
	if _, err := tables.Summary(r); err != nil {
		t.Fatal(err)
	}
	if _, err := tables.Episodes(r); err != nil {
		t.Fatal(err)
	}
}

func TestPricesTable(t *testing.T) {
	df, err := tables.Prices(marketdatatest.Prices(t))
	if err != nil {
		t.Fatal(err)
	}
	if r, c := df.Dims(); r != 10 || c != 5 {
		t.Errorf("dims %dx%d", r, c)
	}
	if got := df.Col("AAA raw").Float(); got[9] != 133 {
		t.Errorf("raw %v", got)
	}
}

func TestLargestSpreads(t *testing.T) {
	r, err := analysis.Run(marketdatatest.Prices(t), opts())
	if err != nil {
		t.Fatal(err)
	}
	top := r.LargestSpreads(2)
	if len(top) != 2 || r.Dates[top[0].Row].Format(marketdata.DateLayout) != "2024-01-11" || r.Dates[top[1].Row].Format(marketdata.DateLayout) != "2024-01-16" {
		t.Errorf("top %v", top)
	}
	df, err := tables.Days(r, top)
	if err != nil {
		t.Fatal(err)
	}
	if ev := df.Col("event").Records(); ev[0] != "yes" {
		t.Errorf("event column %v", ev)
	}
	o := opts()
	o.Mirror = true
	m, _ := analysis.Run(marketdatatest.Prices(t), o)
	if low := m.LargestSpreads(1); r.Dates[low[0].Row].Format(marketdata.DateLayout) != "2024-01-09" {
		t.Errorf("mirror: %v", low)
	}
}

func TestSweep(t *testing.T) {
	rows, err := analysis.Sweep(marketdatatest.Prices(t), opts(), []float64{0.04, 0.06, 0.5})
	if err != nil {
		t.Fatal(err)
	}
	df, err := tables.Sweep(rows, opts())
	if err != nil {
		t.Fatal(err)
	}
	// Spreads of 5%, 22.2% and 9.1% are at least 4%; 22.2% and 9.1% at least 6%.
	if ev := df.Col("events").Records(); strings.Join(ev, ",") != "3,2,0" {
		t.Errorf("events %v", ev)
	}
	if a := df.Col("AAA 2d").Float(); !math.IsNaN(a[2]) || !near(a[1], 132.0/121-1) {
		t.Errorf("means %v", a)
	}
}

func TestScanTable(t *testing.T) {
	u, _ := analysis.NewUniverse(marketdata.Adjusted, marketdatatest.Prices(t).Series...)
	hs := []analysis.Horizon{analysis.Days(2)}
	rows, _ := analysis.Scan(u, analysis.ScanOptions{Threshold: 0.04, Horizons: hs})
	df, err := tables.Scan(rows, hs)
	if err != nil {
		t.Fatal(err)
	}
	if r, c := df.Dims(); r != 2 || c != 6 || df.Col("events").Records()[0] != "3" {
		t.Errorf("dims %dx%d %v", r, c, df.Col("events").Records())
	}
}

func TestReproductionTables(t *testing.T) {
	rep, err := reproduce.Run(marketdatatest.Aligned(t, marketdatatest.RealDir(t), "IWM", "QQQ"), article.Equalizer(), analysis.DefaultOptions())
	if err != nil {
		t.Fatal(err)
	}
	named, err := tables.Named(rep)
	if err != nil {
		t.Fatal(err)
	}
	if r, _ := named.Dims(); r != 3 {
		t.Errorf("named rows %d", r)
	}
	conv, err := tables.Conventions(rep)
	if err != nil {
		t.Fatal(err)
	}
	if r, c := conv.Dims(); r != 9 || c != 6 || conv.Col("convention").Records()[8] != "article" || conv.Col("events").Records()[8] != "23" {
		t.Errorf("conventions %dx%d", r, c)
	}
}

func TestCurveAndBest(t *testing.T) {
	c := article.Equalizer()
	s := &reproduce.Search{Best: []reproduce.Match{{Spec: analysis.Spec{Price: marketdata.Adjusted, Compare: analysis.AtLeast,
		Horizon: analysis.HorizonRule{Exit: analysis.MonthsOnOrBefore, Short: 3, Long: 12}, Excluded: time.Date(2000, 9, 21, 0, 0, 0, 0, time.UTC),
		Events: 23, ShortA: 0.06, ShortB: -0.014, LongA: 0.14, LongB: -0.04}, Distance: 0.6}}}
	df, err := tables.Best(s, c)
	if err != nil {
		t.Fatal(err)
	}
	if got := df.Col("left out").Records()[0]; got != "2000-09-21" || df.Col("distance (pp)").Float()[0] != 0.6 || df.Col("IWM 12m").Float()[0] != 0.14 {
		t.Errorf("best row: %v", df.Records())
	}
	figs := []reproduce.Figure{{Name: "IWM 3m", Min: 0.01, P10: 0.02, Median: 0.03, P90: 0.04, Max: 0.05, Headline: 0.03, Article: 0.059, ArticleRank: 0.98}}
	df, err = tables.Curve(figs)
	if err != nil {
		t.Fatal(err)
	}
	if r, c := df.Dims(); r != 1 || c != 9 || df.Col("share below the article").Float()[0] != 0.98 {
		t.Errorf("curve table %dx%d", r, c)
	}
}
