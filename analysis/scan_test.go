package analysis_test

import (
	"math"
	"math/rand/v2"
	"testing"
	"time"

	"github.com/rotationlab/rotation/analysis"
	"github.com/rotationlab/rotation/analysis/marketdata"
)

func TestScanFixture(t *testing.T) {
	al := fixture(t)
	u, err := analysis.NewUniverse(marketdata.Adjusted, al.Series...)
	if err != nil {
		t.Fatal(err)
	}
	rows, err := analysis.Scan(u, analysis.ScanOptions{Threshold: 0.04, Horizons: []analysis.Horizon{analysis.Days(2)}})
	if err != nil {
		t.Fatal(err)
	}
	if len(rows) != 2 {
		t.Fatalf("%d rows, want 2", len(rows))
	}
	// AAA beat BBB on rows 1, 7, 9; BBB beat AAA on row 5 (AAA -10%).
	up, down := rows[0], rows[1]
	if up.A != "AAA" || up.B != "BBB" || up.Events != 3 || down.A != "BBB" || down.Events != 1 {
		t.Fatalf("rows %+v", rows)
	}
	if f := up.Forward[0]; f.N != 2 || !near(f.A, ((110.0/105-1)+(132.0/121-1))/2) || !near(f.B, (52.0/50-1)/2) {
		t.Errorf("AAA-BBB forward %+v", f)
	}
	// Row 5 two days on is row 7: BBB flat, AAA 99 -> 121. A is BBB here.
	if f := down.Forward[0]; f.N != 1 || !near(f.A, 0) || !near(f.B, 121.0/99-1) {
		t.Errorf("BBB-AAA forward %+v", f)
	}
}

// synthetic makes a universe of random walks with fat-ish daily moves.
func synthetic(tickers, days int, seed uint64) *analysis.Universe {
	rng := rand.New(rand.NewPCG(seed, 1))
	u := &analysis.Universe{}
	start := time.Date(2000, 1, 3, 0, 0, 0, 0, time.UTC)
	for d := range days {
		u.Dates = append(u.Dates, start.AddDate(0, 0, d))
	}
	for i := range tickers {
		u.Tickers = append(u.Tickers, marketdata.Ticker("T"+string(rune('A'+i%26))+string(rune('A'+i/26%26))+string(rune('A'+i/676))))
		p := make([]float64, days)
		p[0] = 100
		vol := 0.01 + 0.01*rng.Float64()
		for t := 1; t < days; t++ {
			p[t] = p[t-1] * math.Exp(vol*rng.NormFloat64())
		}
		u.Close = append(u.Close, p)
	}
	return u
}

// Scan and RunPrices are separate code paths; on gap-free data they must
// agree for every ordered pair.
func TestScanMatchesRun(t *testing.T) {
	u := synthetic(6, 400, 7)
	hs := []analysis.Horizon{analysis.Days(5), analysis.Days(60)}
	rows, err := analysis.Scan(u, analysis.ScanOptions{Threshold: 0.02, Horizons: hs, After: u.Dates[50], Before: u.Dates[350]})
	if err != nil {
		t.Fatal(err)
	}
	byName := map[marketdata.Ticker]int{}
	for i, tk := range u.Tickers {
		byName[tk] = i
	}
	total := 0
	for _, row := range rows {
		o := analysis.DefaultOptions()
		o.A, o.B, o.Threshold, o.Horizons, o.Resamples = row.A, row.B, 0.02, hs, 0
		o.After, o.Before = u.Dates[50], u.Dates[350]
		r, err := analysis.RunPrices(u.Dates, u.Close[byName[row.A]], u.Close[byName[row.B]], o)
		if err != nil {
			t.Fatal(err)
		}
		total += row.Events
		sameAsRun(t, row, r)
	}
	if total == 0 {
		t.Fatal("no events at all: the comparison tested nothing")
	}
	for i := 1; i < len(rows); i++ {
		if rows[i].Events > rows[i-1].Events {
			t.Fatalf("rows not sorted by events at %d", i)
		}
	}
}

func TestUniverseGaps(t *testing.T) {
	a := &marketdata.Series{Ticker: "A", Dates: []time.Time{date("2024-01-01"), date("2024-01-02"), date("2024-01-03")}, Adjusted: []float64{1, 2, 3}}
	b := &marketdata.Series{Ticker: "B", Dates: []time.Time{date("2024-01-02"), date("2024-01-04")}, Adjusted: []float64{5, 6}}
	u, err := analysis.NewUniverse(marketdata.Adjusted, a, b)
	if err != nil {
		t.Fatal(err)
	}
	if len(u.Dates) != 4 || !math.IsNaN(u.Close[1][0]) || u.Close[1][1] != 5 || !math.IsNaN(u.Close[0][3]) {
		t.Errorf("universe %v %v", u.Dates, u.Close)
	}
	if _, err := analysis.NewUniverse(marketdata.Raw, a, b); err == nil {
		t.Error("raw close of series without one accepted")
	}
}

func BenchmarkScan500(b *testing.B) {
	u := synthetic(500, 6500, 1)
	opt := analysis.ScanOptions{Threshold: 0.04, Horizons: analysis.DefaultHorizons()}
	b.ReportAllocs()
	b.ResetTimer()
	for b.Loop() {
		rows, err := analysis.Scan(u, opt)
		if err != nil || len(rows) != 500*499 {
			b.Fatal(err, len(rows))
		}
	}
}

// sameAsRun checks a scan row against Run's result for the same pair.
func sameAsRun(t *testing.T, row analysis.ScanRow, r *analysis.Result) {
	t.Helper()
	if row.Events != len(r.Events) {
		t.Errorf("%s-%s: scan %d events, run %d", row.A, row.B, row.Events, len(r.Events))
	}
	for k, h := range r.Horizons {
		f := row.Forward[k]
		if f.N != h.N || (f.N > 0 && (math.Abs(f.A-h.Events.A.Mean) > 1e-12 || math.Abs(f.B-h.Events.B.Mean) > 1e-12)) {
			t.Errorf("%s-%s %s: scan %+v, run n=%d %v %v", row.A, row.B, h.Horizon, f, h.N, h.Events.A.Mean, h.Events.B.Mean)
		}
	}
}
