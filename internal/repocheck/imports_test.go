package repocheck

import (
	"os/exec"
	"slices"
	"strings"
	"testing"
)

const module = "github.com/rotationlab/rotation"

// The imports run one way (README, Layout): the study's core computes over
// slices, the study command links nothing of GoNB, ZeroMQ or the page
// export, the runner imports nothing of the study, and internal/ holds only
// leaf helpers that both trees may import (test helpers that know the
// study live beside it, as analysis/marketdata/marketdatatest). Checked on
// what each package really links, its dependencies as go list gives them.
func TestImportDirections(t *testing.T) {
	for _, tt := range []struct {
		pkgs      string
		forbidden []string
		// leaf, when set, is the only package of the module that pkgs may
		// link besides itself.
		leaf []string
	}{
		{"./analysis", []string{"github.com/go-gota/gota", "gonum.org/v1/plot", module + "/analysis/article", module + "/jupyter"}, nil},
		{"./cmd/rotation", []string{"github.com/janpfeifer/gonb", "github.com/go-zeromq/zmq4", module + "/jupyter"}, nil},
		{"./jupyter/...", []string{module + "/analysis"}, nil},
		{"./cmd/nbrun", []string{module + "/analysis"}, nil},
		{"./analysis/...", []string{module + "/jupyter", module + "/cmd"}, nil},
		{"./internal/...", []string{module + "/analysis", module + "/jupyter", module + "/cmd", module + "/notebooks"}, nil},
		// The statistics are leaves: they know slices, not the study.
		{"./analysis/stat", nil, []string{module + "/analysis/stat"}},
		{"./analysis/resample", nil, []string{module + "/analysis/resample", module + "/analysis/stat"}},
	} {
		t.Run(tt.pkgs, func(t *testing.T) {
			out, err := exec.Command("go", "list", "-deps", "-f", "{{.ImportPath}}", "../../"+strings.TrimPrefix(tt.pkgs, "./")).CombinedOutput()
			if err != nil {
				t.Fatalf("go list: %v\n%s", err, out)
			}
			deps := strings.Fields(string(out))
			if len(deps) < 2 {
				t.Fatalf("go list gave %d packages: %q", len(deps), out)
			}
			for _, d := range deps {
				if tt.leaf != nil && strings.HasPrefix(d, module+"/") && !slices.Contains(tt.leaf, d) {
					t.Errorf("%s links %s: it may link only %q of this module", tt.pkgs, d, tt.leaf)
				}
				for _, f := range tt.forbidden {
					if d == f || strings.HasPrefix(d, f+"/") {
						t.Errorf("%s links %s", tt.pkgs, d)
					}
				}
			}
		})
	}
}
