package marketdata

import (
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"runtime"
	"strings"
	"sync"
)

// EnvDataDir is the environment variable naming the data directory.
const EnvDataDir = "ROTATION_DATA"

// DefaultDataDir is used when neither a flag nor EnvDataDir names a directory.
const DefaultDataDir = "data"

// ErrNoData is returned when a ticker has no file in the data directory.
var ErrNoData = errors.New("marketdata: no price file")

// Dir picks the data directory by the one rule that the command, the
// notebooks and the tests share: flag when not empty, else $ROTATION_DATA,
// else ./data. A relative result is taken from base ("" for the working
// directory; a notebook passes its checkout's root). getenv is os.Getenv in
// production and a map lookup in tests.
func Dir(base, flag string, getenv func(string) string) string {
	d := DefaultDataDir
	switch {
	case flag != "":
		d = flag
	case getenv != nil && getenv(EnvDataDir) != "":
		d = getenv(EnvDataDir)
	}
	if base != "" && !filepath.IsAbs(d) {
		d = filepath.Join(base, d)
	}
	return d
}

// CheckDir reports whether dir holds a price file for every ticker, with
// an error that names what is missing and the three ways to provide it.
func CheckDir(dir string, tickers ...Ticker) error {
	var missing []string
	for _, t := range tickers {
		if _, err := os.Stat(Path(dir, t)); err != nil {
			missing = append(missing, string(t))
		}
	}
	if len(missing) == 0 {
		return nil
	}
	return fmt.Errorf("%w for %s in %s: point -data or $%s at a directory of TICKER.csv files in a supported layout, or download them with 'rotation fetch -data %s %s'",
		ErrNoData, strings.Join(missing, ", "), dir, EnvDataDir, dir, strings.Join(missing, " "))
}

// Path returns the file that holds a ticker's prices in dir.
func Path(dir string, t Ticker) string {
	return filepath.Join(dir, string(t)+".csv")
}

// LoadDir reads dir/TICKER.csv.
func LoadDir(dir string, t Ticker) (*Series, error) {
	p := Path(dir, t)
	if _, err := os.Stat(p); errors.Is(err, fs.ErrNotExist) {
		return nil, fmt.Errorf("%w for %s: %s does not exist (set -data or $%s, or run 'rotation fetch %s')",
			ErrNoData, t, p, EnvDataDir, t)
	}
	s, err := ReadFile(p)
	if err != nil {
		return nil, err
	}
	s.Ticker = t
	return s, nil
}

// LoadAll reads several tickers from dir, in order. Files are read in
// parallel; the first error in ticker order is returned.
func LoadAll(dir string, tickers ...Ticker) ([]*Series, error) {
	out := make([]*Series, len(tickers))
	errs := make([]error, len(tickers))
	var wg sync.WaitGroup
	sem := make(chan struct{}, runtime.GOMAXPROCS(0))
	for i, t := range tickers {
		wg.Add(1)
		go func() {
			defer wg.Done()
			sem <- struct{}{}
			defer func() { <-sem }()
			out[i], errs[i] = LoadDir(dir, t)
		}()
	}
	wg.Wait()
	for _, err := range errs {
		if err != nil {
			return nil, err
		}
	}
	return out, nil
}
