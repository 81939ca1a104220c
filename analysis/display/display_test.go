package display_test

import (
	"bytes"
	"errors"
	"image/png"
	"math"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/go-gota/gota/dataframe"
	"github.com/go-gota/gota/series"
	"gonum.org/v1/plot"

	"github.com/rotationlab/rotation/analysis/charts"
	"github.com/rotationlab/rotation/analysis/display"
	"github.com/rotationlab/rotation/analysis/marketdata"
)

func TestTable(t *testing.T) {
	df := dataframe.New(
		series.New([]string{"2024-07-11", "<b>"}, series.String, "date"),
		series.New([]float64{0.0359, math.NaN()}, series.Float, "IWM"),
		series.New([]float64{1.23456, 2}, series.Float, "x"),
		series.New([]int{3, 4}, series.Int, "n"),
	)
	got, err := display.Table(df, display.TableOptions{Percent: []string{"IWM"}, Digits: 2, Caption: "A & B"})
	if err != nil {
		t.Fatal(err)
	}
	want := `<table class="rotation">
<caption>A &amp; B</caption>
<thead><tr><th>date</th><th>IWM</th><th>x</th><th>n</th></tr></thead>
<tbody>
<tr><td style="white-space:nowrap">2024-07-11</td><td style="text-align:right;white-space:nowrap">3.59%</td><td style="text-align:right;white-space:nowrap">1.23</td><td style="text-align:right;white-space:nowrap">3</td></tr>
<tr><td style="white-space:nowrap">&lt;b&gt;</td><td style="text-align:right"></td><td style="text-align:right;white-space:nowrap">2.00</td><td style="text-align:right;white-space:nowrap">4</td></tr>
</tbody>
</table>
`
	if got != want {
		t.Errorf("got\n%s\nwant\n%s", got, want)
	}
	short, _ := display.Table(df, display.TableOptions{MaxRows: 1})
	if !strings.Contains(short, "… 1 more rows") || strings.Contains(short, "&lt;b&gt;") {
		t.Errorf("MaxRows: %s", short)
	}
	bad := dataframe.New(series.New([]int{1}, series.Int, "a"), series.New([]int{1, 2}, series.Int, "b"))
	if _, err := display.Table(bad, display.TableOptions{}); err == nil {
		t.Error("a frame with Err set rendered")
	}
}

func TestPNG(t *testing.T) {
	b, err := display.PNG(plot.New(), charts.Size{})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := png.Decode(bytes.NewReader(b)); err != nil {
		t.Error(err)
	}
}

// A notebook finds data by marketdata.Dir's rule, from its checkout's root.
func TestDataDir(t *testing.T) {
	root := t.TempDir()
	os.WriteFile(filepath.Join(root, "go.mod"), []byte("module x\n"), 0o644)
	nbDir := filepath.Join(root, "notebooks")
	data := filepath.Join(root, "data")
	os.MkdirAll(nbDir, 0o755)
	os.MkdirAll(data, 0o755)
	os.WriteFile(filepath.Join(data, "IWM.csv"), []byte("x"), 0o644)
	env := func(m map[string]string) func(string) string { return func(k string) string { return m[k] } }
	got, err := display.DataDir("", nbDir, env(nil), "IWM")
	if err != nil || got != data {
		t.Errorf("the checkout's data/: %q, %v", got, err)
	}
	other := t.TempDir()
	os.WriteFile(filepath.Join(other, "IWM.csv"), []byte("x"), 0o644)
	if got, _ := display.DataDir("", nbDir, env(map[string]string{"ROTATION_DATA": other}), "IWM"); got != other {
		t.Errorf("env: %q", got)
	}
	if got, _ := display.DataDir(other, nbDir, env(nil), "IWM"); got != other {
		t.Errorf("param: %q", got)
	}
	_, err = display.DataDir("", nbDir, env(nil), "QQQ")
	if !errors.Is(err, marketdata.ErrNoData) || !strings.Contains(err.Error(), "rotation fetch -data "+data+" QQQ") {
		t.Errorf("missing: %v", err)
	}
}
