package tables_test

import (
	"path/filepath"
	"strings"
	"testing"

	"github.com/rotationlab/rotation/analysis"
	"github.com/rotationlab/rotation/analysis/article"
	"github.com/rotationlab/rotation/analysis/marketdata"
	"github.com/rotationlab/rotation/analysis/marketdata/marketdatatest"
	"github.com/rotationlab/rotation/analysis/reproduce"
	"github.com/rotationlab/rotation/analysis/tables"
)

var searchFixtures = filepath.Join("..", "..", "testdata", "search")

// The search tables hold the figures they are made from, in order.
func TestSearchTables(t *testing.T) {
	c := article.Equalizer()
	rep, err := reproduce.RunShifts(marketdatatest.Aligned(t, searchFixtures, "IWM", "QQQ"), c, analysis.DefaultOptions(), analysis.ShiftOptions{Shifts: 50, Seed: 2})
	if err != nil {
		t.Fatal(err)
	}
	cv := rep.Search.Curve
	df, err := tables.CurveTests(cv, c)
	if err != nil {
		t.Fatal(err)
	}
	if got := strings.Join(df.Names(), ","); got != "horizon,leg,specs,median excess,p (median),share above zero,agree on sign,p (agreement)" {
		t.Errorf("curve names %s", got)
	}
	if r, _ := df.Dims(); r != 6 || df.Col("leg").Records()[5] != "IWM-QQQ" || !near(df.Col("median excess").Float()[5], cv.Long.Spread.Median) ||
		!near(df.Col("p (agreement)").Float()[1], cv.Short.B.PAgree) {
		t.Errorf("curve table %v", df)
	}

	series, err := marketdata.LoadAll(searchFixtures, "IWM", "QQQ", "SPY")
	if err != nil {
		t.Fatal(err)
	}
	u, err := analysis.NewUniverse(marketdata.Adjusted, series...)
	if err != nil {
		t.Fatal(err)
	}
	s, err := analysis.SearchScan(u, analysis.ScanOptions{Threshold: 0.04, Horizons: []analysis.Horizon{analysis.Days(5)}}, analysis.ShiftOptions{Shifts: 50, Seed: 2})
	if err != nil {
		t.Fatal(err)
	}
	st, err := tables.ScanTests(s)
	if err != nil {
		t.Fatal(err)
	}
	first := s.Pairs[0].Horizons[0]
	if r, _ := st.Dims(); r != len(s.Pairs) || st.Col("A").Records()[0] != string(s.Pairs[0].A) || !near(st.Col("Holm").Float()[0], first.Holm) ||
		!near(st.Col("Romano-Wolf").Float()[0], first.RomanoWolf) {
		t.Errorf("scan table %v", st)
	}
	bt, err := tables.BestPairs(s)
	if err != nil {
		t.Fatal(err)
	}
	if r, _ := bt.Dims(); r != 1 || bt.Col("A").Records()[0] != string(s.Best[0].A) || !near(bt.Col("reality check").Float()[0], s.Best[0].RealityCheck) ||
		bt.Col("shifts").Records()[0] != "50" {
		t.Errorf("best table %v", bt)
	}
}
