//go:build ignore

// Gen writes the synthetic price files of this directory: IWM, QQQ and
// SPY on the NYSE's trading days of 2022-01-03 to 2025-03-31, random walks
// with 1.2% daily moves from a fixed seed, with six days before 2024-07-11
// (and 2024-07-11 itself) on which IWM beat QQQ by about 5 points, each
// followed by 60 days in which IWM gains 0.1% a day more. They are made up,
// not market prices: they give the date-shift tests of rotation reproduce
// and rotation scan enough days to shift over. Run from the module root:
//
//	go run testdata/search/gen.go
package main

import (
	"fmt"
	"math/rand/v2"
	"os"
	"path/filepath"
	"strconv"
	"time"

	"github.com/rotationlab/rotation/analysis/marketdata"
	"github.com/rotationlab/rotation/analysis/quality"
)

func main() {
	days := marketdata.TradingDays(quality.Calendar(), time.Date(2022, 1, 3, 0, 0, 0, 0, time.UTC), time.Date(2025, 3, 31, 0, 0, 0, 0, time.UTC))
	rng := rand.New(rand.NewPCG(18, 2026))
	jump := map[int]bool{}
	for _, d := range []string{"2022-03-15", "2022-06-24", "2022-11-10", "2023-03-20", "2023-09-05", "2024-01-22", "2024-07-11"} {
		t, err := time.Parse(time.DateOnly, d)
		if err != nil {
			panic(err)
		}
		for i, day := range days {
			if day.Equal(t) {
				jump[i] = true
			}
		}
	}
	n := len(days)
	tickers := []string{"IWM", "QQQ", "SPY"}
	closes := map[string][]float64{}
	for _, tk := range tickers {
		p := make([]float64, n)
		p[0] = 100
		left := 0
		for t := 1; t < n; t++ {
			r := 0.012 * rng.NormFloat64()
			switch {
			case jump[t] && tk == "IWM":
				r, left = r+0.03, 60
			case jump[t] && tk == "QQQ":
				r -= 0.02
			case left > 0 && tk == "IWM":
				r += 0.001
				left--
			}
			p[t] = p[t-1] * (1 + r)
		}
		closes[tk] = p
	}
	for _, tk := range tickers {
		p := closes[tk]
		b := []byte("date,open,high,low,close,volume,dividend,unadj_close\n")
		f := func(x float64) string { return strconv.FormatFloat(x, 'f', 4, 64) }
		for t, c := range p {
			open := c
			if t > 0 {
				open = p[t-1] * (1 + 0.002*rng.NormFloat64())
			}
			hi, lo := max(open, c)*1.003, min(open, c)*0.997
			b = fmt.Appendf(b, "%s,%s,%s,%s,%s,1000,0.0,%s\n", days[t].Format(time.DateOnly), f(open), f(hi), f(lo), f(c), f(c*1.03))
		}
		if err := os.WriteFile(filepath.Join("testdata", "search", tk+".csv"), b, 0o644); err != nil {
			panic(err)
		}
	}
}
