package stat_test

import (
	"fmt"

	"github.com/rotationlab/rotation/analysis/stat"
)

func ExampleOLS() {
	// A leg's daily returns against the market's.
	market := []float64{0.010, -0.004, 0.007, 0.002, -0.012, 0.005, 0.003, -0.006}
	leg := []float64{0.013, -0.006, 0.008, 0.004, -0.015, 0.005, 0.005, -0.007}
	r, err := stat.OLS(leg, [][]float64{market}, stat.OLSOptions{Cov: stat.NeweyWest, Lags: 2})
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Printf("alpha %.5f (se %.5f), beta %.3f (se %.3f), %v with %d lags\n",
		r.Coef[0], r.SE[0], r.Coef[1], r.SE[1], r.Cov, r.Lags)
	// Output:
	// alpha 0.00009 (se 0.00019), beta 1.252 (se 0.020), newey-west with 2 lags
}

func ExampleSignTest() {
	// 9 of 12 event returns are positive.
	ar := []float64{0.02, 0.01, -0.01, 0.03, 0.004, 0.02, -0.02, 0.01, 0.015, 0.002, -0.005, 0.01}
	r, err := stat.SignTest(ar, 0.5)
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Printf("%d of %d positive, p = %.4f\n", r.Positive, r.N, r.P)
	// Output:
	// 9 of 12 positive, p = 0.1460
}

func ExampleHolm() {
	p := []float64{0.01, 0.04, 0.03, 0.20}
	fmt.Printf("%.2f\n", stat.Holm(p))
	fmt.Printf("%.3f\n", stat.BenjaminiHochberg(p))
	// Output:
	// [0.04 0.09 0.09 0.20]
	// [0.040 0.053 0.053 0.200]
}

func ExampleCorradoRank() {
	// Two events, each with 6 estimation days and a 2-day event window.
	ar := [][]float64{
		{0.001, -0.002, 0.000, 0.003, -0.001, 0.002, 0.010, 0.008},
		{-0.001, 0.002, -0.003, 0.001, 0.000, -0.002, 0.007, 0.009},
	}
	r, err := stat.CorradoRank(ar, []int{6, 6}, []int{8, 8})
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Printf("%d events, %d days: z = %.2f, p = %.3f\n", r.N, r.Days, r.Stat, r.P)
	// Output:
	// 2 events, 2 days: z = 2.17, p = 0.030
}
