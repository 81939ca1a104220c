package eventstudy

import (
	"bytes"
	"encoding/json"
	"math"
	"os/exec"
	"path/filepath"
	"testing"

	"github.com/rotationlab/rotation/analysis"
)

// The raw measure's figures are the study's: its iid row is the study's
// Excess, and the episode bootstrap and the date shift are centred on the
// same baseline, so that all three share the estimate (within 1e-12).
func TestRawMatchesStudy(t *testing.T) {
	f := newFixture(6, 3000, 0.002, 20)
	o := fixtureOptions()
	o.Study.EntryLag = 1
	res, err := f.run(o)
	if err != nil {
		t.Fatal(err)
	}
	for k, sh := range res.Study.Horizons {
		h := res.Horizons[k+1]
		for l, ex := range []analysis.Excess{sh.Excess.A, sh.Excess.B, sh.Excess.Spread} {
			for _, meth := range []Method{IIDBootstrap, EpisodeBootstrap, DateShift} {
				r, ok := find(res, h, Leg(l), Raw, meth)
				if !ok || math.Abs(r.Estimate-ex.Mean) > 1e-12 {
					t.Errorf("%s leg %d %s: estimate %v, study's excess %v", h, l, meth, r.Estimate, ex.Mean)
				}
			}
			iid, _ := find(res, h, Leg(l), Raw, IIDBootstrap)
			if iid.P != ex.P || iid.Low != ex.Low || iid.Draws != o.Study.Resamples {
				t.Errorf("%s leg %d: iid row %+v, study's %+v", h, l, iid, ex)
			}
		}
	}
}

// The calendar-time regression agrees with statsmodels' OLS with
// Newey-West errors on the same portfolio (1e-9), and the market-model
// method row is its intercept.
func TestCalendarTimeStatsmodels(t *testing.T) {
	if err := exec.Command(python, "-c", "import statsmodels").Run(); err != nil {
		t.Skipf("statsmodels not available to %s (apt-get install python3-statsmodels): %v", python, err)
	}
	f := newFixture(7, 3000, 0.002, 20)
	res, err := f.run(fixtureOptions())
	if err != nil {
		t.Fatal(err)
	}
	h := analysis.Days(60)
	for _, l := range Legs {
		y, m, _ := res.portfolio(h, l)
		in, err := json.Marshal(map[string]any{"y": y, "m": m})
		if err != nil {
			t.Fatal(err)
		}
		cmd := exec.Command(python, filepath.Join("testdata", "calendar_time.py"))
		cmd.Stdin = bytes.NewReader(in)
		var stderr bytes.Buffer
		cmd.Stderr = &stderr
		out, err := cmd.Output()
		if err != nil {
			t.Fatalf("calendar_time.py: %v\n%s", err, stderr.String())
		}
		var want struct {
			Alpha, SE, Beta float64
			Lags            int
		}
		if err := json.Unmarshal(out, &want); err != nil {
			t.Fatal(err)
		}
		var c Calendar
		for _, x := range res.Calendar {
			if x.Horizon == h && x.Leg == l {
				c = x
			}
		}
		if !close(c.Alpha, want.Alpha, 1e-9) || !close(c.SE, want.SE, 1e-9) || !close(c.Beta, want.Beta, 1e-9) || c.Lags != want.Lags {
			t.Errorf("leg %d: %+v, statsmodels %+v", l, c, want)
		}
		r, _ := find(res, h, l, MarketModel, CalendarTime)
		if r.Estimate != c.Alpha || r.P != c.P || r.N != c.Days {
			t.Errorf("leg %d: method row %+v, regression %+v", l, r, c)
		}
	}
}
