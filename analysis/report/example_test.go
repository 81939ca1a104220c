package report_test

import (
	"fmt"
	"os"
	"time"

	"github.com/rotationlab/rotation/analysis"
	"github.com/rotationlab/rotation/analysis/report"
)

// NewStudy gives a study's JSON form: returns as fractions, dates as
// YYYY-MM-DD, and null for what is undefined (here the forward return of
// an event the data end before).
func ExampleNewStudy() {
	day := func(d int) time.Time { return time.Date(2024, 1, d, 0, 0, 0, 0, time.UTC) }
	dates := []time.Time{day(2), day(3), day(4), day(5), day(8)}
	// Prices whose returns are exact in binary: +25% is 0.25, not 0.2500…01.
	small := []float64{64, 80, 80, 80, 100}
	large := []float64{64, 64, 80, 80, 80}
	o := analysis.DefaultOptions()
	o.A, o.B = "SMALL", "LARGE"
	o.Horizons = []analysis.Horizon{analysis.Days(1)}
	o.Resamples = 0
	r, err := analysis.RunPrices(dates, small, large, o)
	if err != nil {
		fmt.Println(err)
		return
	}
	rep := report.NewStudy(r, nil)
	if err := report.WriteJSON(os.Stdout, rep.Events); err != nil {
		fmt.Println(err)
	}
	// Output:
	// [
	//   {
	//     "date": "2024-01-03",
	//     "a_return": 0.25,
	//     "b_return": 0,
	//     "spread": 0.25,
	//     "episode": 0,
	//     "forward": [
	//       {
	//         "horizon": "1d",
	//         "exit": "2024-01-04",
	//         "a": 0,
	//         "b": 0.25,
	//         "spread": -0.25
	//       }
	//     ]
	//   },
	//   {
	//     "date": "2024-01-08",
	//     "a_return": 0.25,
	//     "b_return": 0,
	//     "spread": 0.25,
	//     "episode": 0,
	//     "forward": [
	//       {
	//         "horizon": "1d",
	//         "exit": "",
	//         "a": null,
	//         "b": null,
	//         "spread": null
	//       }
	//     ]
	//   }
	// ]
}
