package tables_test

import (
	"fmt"
	"time"

	"github.com/rotationlab/rotation/analysis"
	"github.com/rotationlab/rotation/analysis/tables"
)

// Events tabulates a study's events: one row per event, returns as
// fractions, a column per leg and horizon.
func ExampleEvents() {
	day := func(d int) time.Time { return time.Date(2024, 1, d, 0, 0, 0, 0, time.UTC) }
	dates := []time.Time{day(2), day(3), day(4), day(5), day(8), day(9)}
	small := []float64{100, 105, 106, 110, 116, 117} // +5% on the 3rd, +5.45% on the 8th
	large := []float64{200, 198, 200, 202, 204, 205} // -1% on the 3rd, +0.99% on the 8th
	o := analysis.DefaultOptions()
	o.A, o.B = "SMALL", "LARGE"
	o.Horizons = []analysis.Horizon{analysis.Days(1)}
	o.Resamples = 0
	r, err := analysis.RunPrices(dates, small, large, o)
	if err != nil {
		fmt.Println(err)
		return
	}
	df, err := tables.Events(r)
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Println(df.Names())
	for i := range df.Nrow() {
		fmt.Printf("%s spread %.4f, %s one day on %+.4f\n",
			df.Col("date").Elem(i), df.Col("spread").Float()[i], o.A, df.Col("SMALL 1d").Float()[i])
	}
	// Output:
	// [date SMALL LARGE spread episode SMALL 1d LARGE 1d]
	// 2024-01-03 spread 0.0600, SMALL one day on +0.0095
	// 2024-01-08 spread 0.0446, SMALL one day on +0.0086
}
