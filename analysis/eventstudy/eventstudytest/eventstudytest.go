package eventstudytest

import (
	"bufio"
	"fmt"
	"math/rand/v2"
	"os"
	"path/filepath"
	"testing"
	"time"
)

// Rows is the number of trading days (weekdays from 2010-01-04) in each
// file.
const Rows = 1400

// Drift is the daily return IWM gains over the market model for 20 days
// after each event.
const Drift = 0.003

// Dir writes IWM.csv, QQQ.csv and SPY.csv (the archive layout, adjusted
// and raw closes equal) into a new temporary directory and returns it.
// The market's daily return is normal; IWM = 0.0001 + 1.2 m + noise and
// QQQ = 0.0002 + 0.9 m + noise. Events come in episodes of two, 25
// trading days apart, at rows 300, 700 and 1100: IWM beats QQQ by 5
// points that day and gains Drift a day for the next 20. The same call
// gives the same bytes.
func Dir(tb testing.TB) string {
	tb.Helper()
	dir := tb.TempDir()
	if err := Write(dir); err != nil {
		tb.Fatal(err)
	}
	return dir
}

// Write writes the three files into dir.
func Write(dir string) error {
	g := rand.New(rand.NewPCG(18, 3))
	event := map[int]bool{}
	boost := make([]float64, Rows)
	for _, ep := range []int{300, 700, 1100} {
		for k := range 2 {
			r := ep + 25*k
			event[r] = true
			for s := r + 1; s <= r+20; s++ {
				boost[s] = Drift
			}
		}
	}
	var px [3][]float64
	for i := range px {
		px[i] = make([]float64, Rows)
		px[i][0] = 100
	}
	for t := 1; t < Rows; t++ {
		m := 0.0003 + 0.01*g.NormFloat64()
		a := 0.0001 + 1.2*m + 0.004*g.NormFloat64() + boost[t]
		b := 0.0002 + 0.9*m + 0.004*g.NormFloat64()
		if event[t] {
			a = b + 0.05
		}
		for i, r := range [3]float64{a, b, m} {
			px[i][t] = px[i][t-1] * (1 + r)
		}
	}
	dates := make([]time.Time, Rows)
	d := time.Date(2010, 1, 4, 0, 0, 0, 0, time.UTC)
	for t := range dates {
		dates[t] = d
		d = d.AddDate(0, 0, 1)
		for d.Weekday() == time.Saturday || d.Weekday() == time.Sunday {
			d = d.AddDate(0, 0, 1)
		}
	}
	for i, name := range []string{"IWM", "QQQ", "SPY"} {
		if err := writeFile(filepath.Join(dir, name+".csv"), dates, px[i]); err != nil {
			return err
		}
	}
	return nil
}

func writeFile(path string, dates []time.Time, px []float64) error {
	f, err := os.Create(path)
	if err != nil {
		return err
	}
	w := bufio.NewWriter(f)
	fmt.Fprintln(w, "date,open,high,low,close,volume,dividend,unadj_close")
	for t, d := range dates {
		fmt.Fprintf(w, "%s,%.6f,%.6f,%.6f,%.6f,1000,0.0,%.6f\n", d.Format("2006-01-02"), px[t], px[t], px[t], px[t], px[t])
	}
	if err := w.Flush(); err != nil {
		f.Close()
		return err
	}
	return f.Close()
}
