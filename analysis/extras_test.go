package analysis_test

import (
	"math"
	"strings"
	"testing"

	"github.com/rotationlab/rotation/analysis"
	"github.com/rotationlab/rotation/article"
	"github.com/rotationlab/rotation/marketdata"
)

func TestPricesTable(t *testing.T) {
	df, err := analysis.PricesTable(fixture(t))
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
	r, err := analysis.Run(fixture(t), opts())
	if err != nil {
		t.Fatal(err)
	}
	top := r.LargestSpreads(2)
	if len(top) != 2 || r.Dates[top[0].Row].Format(marketdata.DateLayout) != "2024-01-11" || r.Dates[top[1].Row].Format(marketdata.DateLayout) != "2024-01-16" {
		t.Errorf("top %v", top)
	}
	df, err := r.DaysTable(top)
	if err != nil {
		t.Fatal(err)
	}
	if ev := df.Col("event").Records(); ev[0] != "yes" {
		t.Errorf("event column %v", ev)
	}
	o := opts()
	o.Mirror = true
	m, _ := analysis.Run(fixture(t), o)
	if low := m.LargestSpreads(1); r.Dates[low[0].Row].Format(marketdata.DateLayout) != "2024-01-09" {
		t.Errorf("mirror: %v", low)
	}
}

func TestSweep(t *testing.T) {
	df, err := analysis.Sweep(fixture(t), opts(), []float64{0.04, 0.06, 0.5})
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
	u, _ := analysis.NewUniverse(marketdata.Adjusted, fixture(t).Series...)
	hs := []analysis.Horizon{analysis.Days(2)}
	rows, _ := analysis.Scan(u, analysis.ScanOptions{Threshold: 0.04, Horizons: hs})
	df, err := analysis.ScanTable(rows, hs)
	if err != nil {
		t.Fatal(err)
	}
	if r, c := df.Dims(); r != 2 || c != 6 || df.Col("events").Records()[0] != "3" {
		t.Errorf("dims %dx%d %v", r, c, df.Col("events").Records())
	}
}

func TestReproductionTables(t *testing.T) {
	rep, err := analysis.Reproduce(realAligned(t), article.Equalizer(), analysis.DefaultOptions())
	if err != nil {
		t.Fatal(err)
	}
	named, err := rep.NamedTable()
	if err != nil {
		t.Fatal(err)
	}
	if r, _ := named.Dims(); r != 3 {
		t.Errorf("named rows %d", r)
	}
	conv, err := rep.ConventionsTable()
	if err != nil {
		t.Fatal(err)
	}
	if r, c := conv.Dims(); r != 9 || c != 6 || conv.Col("convention").Records()[8] != "article" || conv.Col("events").Records()[8] != "23" {
		t.Errorf("conventions %dx%d", r, c)
	}
}
