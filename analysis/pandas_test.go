package analysis_test

import (
	"bytes"
	"encoding/json"
	"fmt"
	"math"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"github.com/rotationlab/rotation/analysis"
	"github.com/rotationlab/rotation/analysis/marketdata"
	"github.com/rotationlab/rotation/analysis/marketdata/marketdatatest"
)

const python = "/usr/bin/python3"

// needPandas skips the test when /usr/bin/python3 has no pandas.
func needPandas(t *testing.T) {
	t.Helper()
	if err := exec.Command(python, "-c", "import pandas").Run(); err != nil {
		t.Skipf("pandas not available to %s (apt-get install python3-pandas): %v", python, err)
	}
}

// pandasStudy runs testdata/pandas_study.py with args and returns its
// standard output; a failure is an error carrying the script's standard
// error, so the test says why (a missing column, an unknown header).
func pandasStudy(args ...string) ([]byte, error) {
	cmd := exec.Command(python, append([]string{filepath.Join("testdata", "pandas_study.py")}, args...)...)
	var stderr bytes.Buffer
	cmd.Stderr = &stderr
	out, err := cmd.Output()
	if err != nil {
		return nil, fmt.Errorf("pandas_study.py %s: %v\n%s", strings.Join(args, " "), err, strings.TrimSpace(stderr.String()))
	}
	return out, nil
}

// The pandas peer reads every layout the Go reader accepts, as it reads
// them: the same dates (Yahoo's null rows skipped, Alpha Vantage's newest
// first turned round) and the same adjusted closes, also with a byte
// order mark, CRLF line ends and blank lines before the header.
func TestPandasReadsEveryLayout(t *testing.T) {
	needPandas(t)
	files, err := filepath.Glob(filepath.Join("..", "testdata", "formats", "*.csv"))
	if err != nil || len(files) < 5 {
		t.Fatalf("want the five layouts in testdata/formats, found %d: %v", len(files), err)
	}
	for _, f := range files {
		orig, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		variant := filepath.Join(t.TempDir(), filepath.Base(f))
		odd := "\xef\xbb\xbf\r\n" + strings.ReplaceAll(string(orig), "\n", "\r\n")
		if err := os.WriteFile(variant, []byte(odd), 0o644); err != nil {
			t.Fatal(err)
		}
		for _, p := range []string{f, variant} {
			t.Run(filepath.Base(f)+map[bool]string{true: "", false: "/bom-crlf"}[p == f], func(t *testing.T) {
				s, err := marketdata.ReadFile(p)
				if err != nil {
					t.Fatalf("the Go reader: %v", err)
				}
				out, err := pandasStudy("--closes", p)
				if err != nil {
					t.Fatal(err)
				}
				var pd struct {
					Dates  []string
					Closes []float64
				}
				if err := json.Unmarshal(out, &pd); err != nil {
					t.Fatal(err)
				}
				var dates []string
				for _, d := range s.Dates {
					dates = append(dates, marketdata.FormatDate(d))
				}
				if strings.Join(dates, " ") != strings.Join(pd.Dates, " ") {
					t.Errorf("dates: Go %v, pandas %v", dates, pd.Dates)
				}
				if fmt.Sprint(s.Adjusted) != fmt.Sprint(pd.Closes) {
					t.Errorf("adjusted closes: Go %v, pandas %v", s.Adjusted, pd.Closes)
				}
			})
		}
	}
}

// A failure of the script shows what the script said, not only its exit
// status.
func TestPandasFailureShowsItsCause(t *testing.T) {
	needPandas(t)
	dir := t.TempDir()
	for _, tk := range []string{"IWM", "QQQ"} {
		if err := os.WriteFile(filepath.Join(dir, tk+".csv"), []byte("day,price\n2024-01-02,1\n"), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	_, err := pandasStudy(dir, "--json")
	if err == nil {
		t.Fatal("the script read a file of unknown layout")
	}
	if msg := err.Error(); !strings.Contains(msg, "IWM.csv:1: unknown header") {
		t.Errorf("the error does not show the script's cause: %v", msg)
	}
}

// TestAgainstPandas runs testdata/pandas_study.py, the same study written in
// pandas, on the data directory (in any layout the Go reader accepts), and
// checks every figure both compute the same way (all but the bootstrap,
// whose random streams differ). It needs Debian's python3-pandas for
// /usr/bin/python3 and skips without it.
func TestAgainstPandas(t *testing.T) {
	dir := marketdatatest.RealDir(t)
	needPandas(t)
	out, err := pandasStudy(dir, "--json")
	if err != nil {
		t.Fatal(err)
	}
	type stats struct {
		N                           int
		Mean, Median, Std, Min, Max float64
		HitRate                     float64 `json:"hit_rate"`
	}
	var pd struct {
		Events   []string
		Episodes int
		PathEnd  [2]float64 `json:"path_end"`
		Horizons []struct {
			Days     int
			N        int
			A, B     stats
			Spread   stats
			Baseline struct{ A, B, Spread stats }
		}
	}
	if err := json.Unmarshal(out, &pd); err != nil {
		t.Fatal(err)
	}
	o := analysis.DefaultOptions()
	r, err := analysis.Run(realAligned(t), o)
	if err != nil {
		t.Fatal(err)
	}
	if got, want := strings.Join(eventDates(r), " "), strings.Join(pd.Events, " "); got != want {
		t.Errorf("events\n%s\npandas\n%s", got, want)
	}
	if len(r.Episodes) != pd.Episodes {
		t.Errorf("episodes %d, pandas %d", len(r.Episodes), pd.Episodes)
	}
	const tol = 1e-9
	same := func(what string, got analysis.Stats, want stats) {
		t.Helper()
		if got.N != want.N {
			t.Errorf("%s: n %d, pandas %d", what, got.N, want.N)
		}
		for _, c := range []struct {
			name string
			g, w float64
		}{{"mean", got.Mean, want.Mean}, {"median", got.Median, want.Median}, {"hit rate", got.HitRate, want.HitRate},
			{"std", got.Std, want.Std}, {"min", got.Min, want.Min}, {"max", got.Max, want.Max}} {
			if math.Abs(c.g-c.w) > tol {
				t.Errorf("%s %s: %v, pandas %v", what, c.name, c.g, c.w)
			}
		}
	}
	for k, h := range r.Horizons {
		p := pd.Horizons[k]
		if h.Horizon.N != p.Days || h.N != p.N {
			t.Fatalf("horizon %s n=%d, pandas %dd n=%d", h.Horizon, h.N, p.Days, p.N)
		}
		same(h.Horizon.String()+" A", h.Events.A, p.A)
		same(h.Horizon.String()+" B", h.Events.B, p.B)
		same(h.Horizon.String()+" spread", h.Events.Spread, p.Spread)
		same(h.Horizon.String()+" baseline A", h.Baseline.A, p.Baseline.A)
		same(h.Horizon.String()+" baseline B", h.Baseline.B, p.Baseline.B)
		same(h.Horizon.String()+" baseline spread", h.Baseline.Spread, p.Baseline.Spread)
	}
	end := r.Path[len(r.Path)-1]
	if math.Abs(end.A-pd.PathEnd[0]) > tol || math.Abs(end.B-pd.PathEnd[1]) > tol {
		t.Errorf("path end %v %v, pandas %v", end.A, end.B, pd.PathEnd)
	}
}
