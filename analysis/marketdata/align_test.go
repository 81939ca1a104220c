package marketdata_test

import (
	"errors"
	"strings"
	"testing"

	"github.com/rotationlab/rotation/analysis/marketdata"
)

func series(t *testing.T, tk string, rows ...string) *marketdata.Series {
	t.Helper()
	in := "Date,Open,High,Low,Close,Volume\n"
	for i, d := range rows {
		in += d + ",1,1,1," + string(rune('1'+i)) + ",0\n"
	}
	s, err := marketdata.Parse([]byte(in), tk+".csv", marketdata.Ticker(tk))
	if err != nil {
		t.Fatal(err)
	}
	return s
}

func TestAlign(t *testing.T) {
	a := series(t, "A", "2024-01-01", "2024-01-02", "2024-01-03", "2024-01-05", "2024-01-08")
	b := series(t, "B", "2024-01-02", "2024-01-04", "2024-01-05", "2024-01-08", "2024-01-09")
	al, err := marketdata.Align(a, b)
	if err != nil {
		t.Fatal(err)
	}
	var got []string
	for _, d := range al.Dates {
		got = append(got, marketdata.FormatDate(d))
	}
	want := "2024-01-02 2024-01-05 2024-01-08"
	if strings.Join(got, " ") != want {
		t.Errorf("dates = %v, want %s", got, want)
	}
	// Inside the common range 01-02..01-08, A lacks 01-04 and B lacks 01-03.
	if g := al.Gaps[0]; len(g.Dates) != 1 || g.Dates[0] != day("2024-01-04") {
		t.Errorf("A gaps = %v, want [2024-01-04]", g.Dates)
	}
	if g := al.Gaps[1]; len(g.Dates) != 1 || g.Dates[0] != day("2024-01-03") {
		t.Errorf("B gaps = %v, want [2024-01-03]", g.Dates)
	}
	if al.Missing() != 2 {
		t.Errorf("missing = %d, want 2", al.Missing())
	}
	ca, _ := al.Close(0, marketdata.Adjusted)
	cb, _ := al.Close(1, marketdata.Adjusted)
	// A's closes are 1..5 by row, B's too: 01-02 is A row 2 and B row 1.
	if ca[0] != 2 || ca[1] != 4 || ca[2] != 5 || cb[0] != 1 || cb[1] != 3 || cb[2] != 4 {
		t.Errorf("closes = %v %v", ca, cb)
	}
	rep := al.Report()
	for _, s := range []string{"common: 3 days, 2024-01-02 to 2024-01-08", "missing in A: 1 dates (first: 2024-01-04)", "missing in B: 1 dates (first: 2024-01-03)"} {
		if !strings.Contains(rep, s) {
			t.Errorf("report lacks %q:\n%s", s, rep)
		}
	}
	if _, err := al.Close(0, marketdata.Raw); !errors.Is(err, marketdata.ErrNoRaw) {
		t.Errorf("raw close of stooq data: err = %v, want ErrNoRaw", err)
	}
}

func TestAlignThree(t *testing.T) {
	a := series(t, "A", "2024-01-01", "2024-01-02", "2024-01-03")
	b := series(t, "B", "2024-01-01", "2024-01-03")
	c := series(t, "C", "2024-01-01", "2024-01-02", "2024-01-03")
	al, err := marketdata.Align(a, b, c)
	if err != nil {
		t.Fatal(err)
	}
	if al.Len() != 2 || len(al.Gaps[1].Dates) != 1 || len(al.Gaps[0].Dates) != 0 {
		t.Errorf("len %d gaps %v", al.Len(), al.Gaps)
	}
}

func TestAlignNoOverlap(t *testing.T) {
	a := series(t, "A", "2024-01-01", "2024-01-02")
	b := series(t, "B", "2024-02-01", "2024-02-02")
	if _, err := marketdata.Align(a, b); !errors.Is(err, marketdata.ErrNoOverlap) {
		t.Errorf("err = %v, want ErrNoOverlap", err)
	}
	c := series(t, "C", "2024-01-01", "2024-01-03")
	d := series(t, "D", "2024-01-02", "2024-01-04")
	if _, err := marketdata.Align(c, d); !errors.Is(err, marketdata.ErrNoOverlap) {
		t.Errorf("interleaved: err = %v, want ErrNoOverlap", err)
	}
}
