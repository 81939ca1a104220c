package display

import (
	"os"
	"path/filepath"

	"github.com/rotationlab/rotation/analysis"
	"github.com/rotationlab/rotation/analysis/marketdata"
	"github.com/rotationlab/rotation/internal/modroot"
)

// Study is a notebook's set-up, taken from its parameters cell.
type Study struct {
	// DataDir is the dataDir parameter ("" to look it up, see DataDir).
	DataDir string
	A, B    string
	// Threshold as a fraction; Horizons as for analysis.ParseHorizons.
	Threshold float64
	Horizons  string
	// Cutoff, when set, makes events days strictly before it (YYYY-MM-DD).
	Cutoff string
}

// Options turns the parameters into analysis options.
func (s Study) Options() (analysis.Options, error) {
	o := analysis.DefaultOptions()
	var err error
	if o.A, err = marketdata.ParseTicker(s.A); err != nil {
		return o, err
	}
	if o.B, err = marketdata.ParseTicker(s.B); err != nil {
		return o, err
	}
	o.Threshold = s.Threshold
	if o.Horizons, err = analysis.ParseHorizons(s.Horizons); err != nil {
		return o, err
	}
	if s.Cutoff != "" {
		if o.Before, err = marketdata.ParseDate(s.Cutoff); err != nil {
			return o, err
		}
	}
	return o, o.Validate()
}

// Dir finds the price data for the notebook by marketdata.Dir's rule: the
// dataDir parameter, else $ROTATION_DATA, else data/ in the checkout the
// notebook sits in (found from GoNB's $GONB_DIR), a relative path being
// taken from that checkout's root. It checks that the tickers' files are
// there.
func (s Study) Dir(tickers ...marketdata.Ticker) (string, error) {
	return DataDir(s.DataDir, os.Getenv("GONB_DIR"), os.Getenv, tickers...)
}

// DataDir applies Study.Dir's rule for a notebook in notebookDir.
func DataDir(param, notebookDir string, getenv func(string) string, tickers ...marketdata.Ticker) (string, error) {
	dir := marketdata.Dir(checkoutRoot(notebookDir), param, getenv)
	if err := marketdata.CheckDir(dir, tickers...); err != nil {
		return "", err
	}
	return filepath.Clean(dir), nil
}

// checkoutRoot is the nearest directory at or above dir that holds go.mod,
// or dir itself when there is none.
func checkoutRoot(dir string) string {
	if root, ok := modroot.Find(dir); ok {
		return root
	}
	return dir
}

// Load reads and aligns the two legs.
func (s Study) Load() (*marketdata.Aligned, analysis.Options, error) {
	o, err := s.Options()
	if err != nil {
		return nil, o, err
	}
	dir, err := s.Dir(o.A, o.B)
	if err != nil {
		return nil, o, err
	}
	series, err := marketdata.LoadAll(dir, o.A, o.B)
	if err != nil {
		return nil, o, err
	}
	al, err := marketdata.Align(series...)
	return al, o, err
}

// Run loads the data and runs the study with the parameters.
func (s Study) Run() (*analysis.Result, error) {
	al, o, err := s.Load()
	if err != nil {
		return nil, err
	}
	return analysis.Run(al, o)
}
