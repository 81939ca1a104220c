package charts_test

import (
	"fmt"
	"image/png"
	"os"
	"path/filepath"
	"time"

	"gonum.org/v1/plot/vg"

	"github.com/rotationlab/rotation/analysis"
	"github.com/rotationlab/rotation/analysis/charts"
)

// Spread draws the daily spread, the threshold and the events; Save writes
// it as a PNG (the extension picks the format), here checked for its size
// in pixels.
func ExampleSpread() {
	day := func(d int) time.Time { return time.Date(2024, 1, d, 0, 0, 0, 0, time.UTC) }
	dates := []time.Time{day(2), day(3), day(4), day(5), day(8), day(9)}
	small := []float64{100, 105, 106, 110, 116, 117}
	large := []float64{200, 198, 200, 202, 204, 205}
	o := analysis.DefaultOptions()
	o.A, o.B = "SMALL", "LARGE"
	o.Horizons = []analysis.Horizon{analysis.Days(1)}
	o.Resamples = 0
	r, err := analysis.RunPrices(dates, small, large, o)
	if err != nil {
		fmt.Println(err)
		return
	}
	p, err := charts.Spread(r)
	if err != nil {
		fmt.Println(err)
		return
	}
	dir, err := os.MkdirTemp("", "charts-example-")
	if err != nil {
		fmt.Println(err)
		return
	}
	defer os.RemoveAll(dir)
	path := filepath.Join(dir, "spread.png")
	if err := charts.Save(p, path, charts.Wide); err != nil {
		fmt.Println(err)
		return
	}
	f, err := os.Open(path)
	if err != nil {
		fmt.Println(err)
		return
	}
	defer f.Close()
	cfg, err := png.DecodeConfig(f)
	if err != nil {
		fmt.Println(err)
		return
	}
	// Wide is 10 by 4 inches; PNGs are drawn at 96 dots per inch.
	fmt.Printf("%s: %d×%d pixels, %.0f×%.0f inches\n", filepath.Base(path), cfg.Width, cfg.Height,
		charts.Wide.W/vg.Inch, charts.Wide.H/vg.Inch)
	// Output:
	// spread.png: 960×384 pixels, 10×4 inches
}
