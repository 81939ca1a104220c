package eventstudy_test

import (
	"fmt"
	"math"

	"github.com/rotationlab/rotation/analysis/eventstudy"
)

// A leg that moves exactly twice the market plus 0.1% a day has a market
// model of alpha 0.001 and beta 2, found for every row whose 5-day window,
// ending 1 day before it, lies in the data.
func ExampleFitRolling() {
	m := []float64{math.NaN(), 0.01, -0.02, 0.005, 0.03, -0.01, 0.002, 0.004, -0.006}
	r := make([]float64, len(m))
	for t := range m {
		r[t] = 0.001 + 2*m[t]
	}
	for t, f := range eventstudy.FitRolling(r, m, 5, 1) {
		if f.OK {
			fmt.Printf("row %d: returns %d to %d, alpha %.4f, beta %.2f\n", t, f.From, f.To, f.Alpha, f.Beta)
		}
	}
	// Output:
	// row 6: returns 1 to 5, alpha 0.0010, beta 2.00
	// row 7: returns 2 to 6, alpha 0.0010, beta 2.00
	// row 8: returns 3 to 7, alpha 0.0010, beta 2.00
}
