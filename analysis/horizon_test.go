package analysis_test

import (
	"testing"
	"time"

	"github.com/rotationlab/rotation/analysis"
	"github.com/rotationlab/rotation/analysis/marketdata"
)

func TestParseHorizons(t *testing.T) {
	tests := []struct {
		in   string
		want string
		ok   bool
	}{
		{"63,252", "63d 252d", true},
		{"3mo, 12m", "3mo 12mo", true},
		{"5d", "5d", true},
		{"", "", false},
		{"0", "", false},
		{"-5", "", false},
		{"3y", "", false},
	}
	for _, tt := range tests {
		hs, err := analysis.ParseHorizons(tt.in)
		if (err == nil) != tt.ok {
			t.Errorf("ParseHorizons(%q) err = %v", tt.in, err)
			continue
		}
		got := ""
		for i, h := range hs {
			if i > 0 {
				got += " "
			}
			got += h.String()
		}
		if got != tt.want {
			t.Errorf("ParseHorizons(%q) = %q, want %q", tt.in, got, tt.want)
		}
	}
}

// Calendar-month exits: the first trading day on or after the same day of
// the month N months on, clipped to a shorter month's end.
func TestMonthHorizon(t *testing.T) {
	days := []string{"2024-01-30", "2024-01-31", "2024-02-28", "2024-02-29", "2024-03-01", "2024-03-04", "2024-04-01"}
	var dates []time.Time
	var pa, pb []float64
	for i, d := range days {
		dates = append(dates, date(d))
		pa = append(pa, float64(100+i))
		pb = append(pb, 100)
	}
	o := analysis.DefaultOptions()
	o.A, o.B = "A", "B"
	o.Threshold = 0.001 // every day with A up a little is an event
	o.Horizons = []analysis.Horizon{analysis.MonthsAhead(1)}
	o.Resamples = 0
	r, err := analysis.RunPrices(dates, pa, pb, o)
	if err != nil {
		t.Fatal(err)
	}
	want := map[string]string{
		"2024-01-31": "2024-02-29", // clipped to the end of February
		"2024-02-28": "2024-04-01", // 2024-03-28 is not in the data: the next day is
		"2024-02-29": "2024-04-01",
		"2024-03-01": "2024-04-01",
		"2024-03-04": "",
		"2024-04-01": "",
	}
	for _, e := range r.Events {
		d := marketdata.FormatDate(e.Date)
		f := e.Forward[0]
		got := ""
		if f.OK {
			got = marketdata.FormatDate(f.Exit)
		}
		if w, ok := want[d]; !ok || got != w {
			t.Errorf("event %s exits %q, want %q", d, got, w)
		}
	}
	if len(r.Events) != 6 {
		t.Errorf("%d events, want 6", len(r.Events))
	}
}
