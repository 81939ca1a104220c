package modroot

import (
	"os"
	"path/filepath"
)

// Find returns the nearest directory at or above dir that holds go.mod,
// and true; or "" and false when there is none up to the
// top of dir's path, or dir is empty. A relative dir is walked as given
// (its parents up to "."), so the root found is relative too.
func Find(dir string) (string, bool) {
	if dir == "" {
		return "", false
	}
	for d := dir; ; d = filepath.Dir(d) {
		if _, err := os.Stat(filepath.Join(d, "go.mod")); err == nil {
			return d, true
		}
		if filepath.Dir(d) == d {
			return "", false
		}
	}
}
