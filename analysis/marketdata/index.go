package marketdata

import (
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
)

// Index is a market index's symbol as the providers write it, with its
// caret: "^NDX" (Nasdaq-100), "^RUT" (Russell 2000), "^GSPC" (S&P 500).
// The caret tells an index from a fund of the same letters; its file drops
// it (see IndexPath).
type Index string

// ParseIndex checks an index symbol and returns it in upper case: a caret
// followed by 1 to 15 letters or digits ("^ndx" gives "^NDX").
func ParseIndex(s string) (Index, error) {
	s = strings.TrimSpace(s)
	name, ok := strings.CutPrefix(s, "^")
	switch {
	case s == "":
		return "", errors.New("marketdata: empty index symbol")
	case !ok:
		return "", fmt.Errorf("marketdata: index %q does not start with '^' (index symbols are written as the providers write them: ^NDX, ^RUT, ^GSPC)", s)
	case name == "":
		return "", fmt.Errorf("marketdata: index %q has no name after the '^'", s)
	case len(name) > 15:
		return "", fmt.Errorf("marketdata: index %q is longer than 15 characters after the '^'", s)
	}
	for _, r := range name {
		if !(r >= 'A' && r <= 'Z' || r >= 'a' && r <= 'z' || r >= '0' && r <= '9') {
			return "", fmt.Errorf("marketdata: index %q has character %q (want letters and digits after the '^')", s, r)
		}
	}
	return Index("^" + strings.ToUpper(name)), nil
}

// Name is the symbol without its caret, "NDX" for "^NDX": the name of its
// file.
func (ix Index) Name() string { return strings.TrimPrefix(string(ix), "^") }

// Ticker is the symbol as a Ticker ("^NDX"), the name an index's Series
// carries and the symbol sent to the providers.
func (ix Index) Ticker() Ticker { return Ticker(ix) }

// EnvIndexDir is the environment variable naming the index directory.
const EnvIndexDir = "ROTATION_INDEX_DATA"

// DefaultIndexDir is the index directory's name beside the data directory,
// used when neither a flag nor EnvIndexDir names one.
const DefaultIndexDir = "indices"

// ErrNoIndex is returned when an index has no file in the index directory.
var ErrNoIndex = errors.New("marketdata: no index file")

// IndexDir picks the index directory by the rule Dir follows for prices:
// flag when not empty, else $ROTATION_INDEX_DATA, else "indices" beside
// the data directory dataDir (dataDir ../shared/data/prices gives
// ../shared/data/indices; ./data gives ./indices). Index files are kept
// apart from the ETF files, so that a ticker's file and an index's of the
// same letters never meet. A relative flag or variable is taken from base,
// as in Dir; dataDir is used as given (already resolved by Dir).
func IndexDir(base, flag, dataDir string, getenv func(string) string) string {
	var d string
	switch {
	case flag != "":
		d = flag
	case getenv != nil && getenv(EnvIndexDir) != "":
		d = getenv(EnvIndexDir)
	default:
		return filepath.Join(filepath.Dir(filepath.Clean(dataDir)), DefaultIndexDir)
	}
	if base != "" && !filepath.IsAbs(d) {
		d = filepath.Join(base, d)
	}
	return d
}

// IndexPath returns the file that holds an index's levels in dir: the
// symbol without its caret, dir/NDX.csv for ^NDX. The caret is dropped
// because it is a shell metacharacter (cmd.exe's escape, zsh's negation
// in globs) and must be escaped in URLs; a name of letters and digits
// works on every filesystem and in every shell.
func IndexPath(dir string, ix Index) string {
	return filepath.Join(dir, ix.Name()+".csv")
}

// CheckIndexDir reports whether dir holds a file for every index, with an
// error that names what is missing and the three ways to provide it.
func CheckIndexDir(dir string, indices ...Index) error {
	var missing, files []string
	for _, ix := range indices {
		if _, err := os.Stat(IndexPath(dir, ix)); err != nil {
			missing = append(missing, string(ix))
			files = append(files, ix.Name()+".csv")
		}
	}
	if len(missing) == 0 {
		return nil
	}
	return fmt.Errorf("%w for %s in %s (looked for %s): pass -index-data DIR, set $%s, or keep the index files in %q beside the price directory; download them with 'rotation fetch %s'",
		ErrNoIndex, strings.Join(missing, ", "), dir, strings.Join(files, ", "), EnvIndexDir, DefaultIndexDir, strings.Join(missing, " "))
}

// LoadIndex reads an index's file from dir, in any layout Read accepts
// (date,close as fetch writes it; a provider's OHLC layout will do). The
// series' Ticker is the symbol with its caret.
func LoadIndex(dir string, ix Index) (*Series, error) {
	p := IndexPath(dir, ix)
	if _, err := os.Stat(p); errors.Is(err, fs.ErrNotExist) {
		return nil, CheckIndexDir(dir, ix)
	}
	s, err := ReadFile(p)
	if err != nil {
		return nil, err
	}
	s.Ticker = ix.Ticker()
	return s, nil
}
