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
	var events []int
	for _, ep := range []int{300, 700, 1100} {
		events = append(events, ep, ep+25)
	}
	dates := Weekdays(time.Date(2010, 1, 4, 0, 0, 0, 0, time.UTC), Rows)
	px := [3][]float64{}
	px[0], px[1], px[2] = Planted(g, Rows, events, Drift, 20)
	for i, name := range []string{"IWM", "QQQ", "SPY"} {
		if err := writeFile(filepath.Join(dir, name+".csv"), dates, px[i]); err != nil {
			return err
		}
	}
	return nil
}

// Weekdays returns n weekdays from start (a weekday) on.
func Weekdays(start time.Time, n int) []time.Time {
	dates := make([]time.Time, n)
	d := start
	for t := range dates {
		dates[t] = d
		d = d.AddDate(0, 0, 1)
		for d.Weekday() == time.Saturday || d.Weekday() == time.Sunday {
			d = d.AddDate(0, 0, 1)
		}
	}
	return dates
}

// Planted returns n closes, from 100, of two legs and the market with
// events planted on the rows events: the market's daily return m is
// 0.0003 + 0.01 z; A's is 0.0001 + 1.2 m + 0.004 z + the drift on the days
// days after an event; B's is 0.0002 + 0.9 m + 0.004 z; on an event day A
// beats B by 5 points. The normal draws z come from g, m, A and B in turn
// each day.
func Planted(g *rand.Rand, n int, events []int, drift float64, days int) (a, b, m []float64) {
	event := map[int]bool{}
	boost := make([]float64, n)
	for _, r := range events {
		event[r] = true
		for s := r + 1; s <= r+days && s < n; s++ {
			boost[s] = drift
		}
	}
	a, b, m = make([]float64, n), make([]float64, n), make([]float64, n)
	a[0], b[0], m[0] = 100, 100, 100
	for t := 1; t < n; t++ {
		rm := 0.0003 + 0.01*g.NormFloat64()
		ra := 0.0001 + 1.2*rm + 0.004*g.NormFloat64() + boost[t]
		rb := 0.0002 + 0.9*rm + 0.004*g.NormFloat64()
		if event[t] {
			ra = rb + 0.05
		}
		a[t], b[t], m[t] = a[t-1]*(1+ra), b[t-1]*(1+rb), m[t-1]*(1+rm)
	}
	return a, b, m
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
