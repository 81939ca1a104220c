package kernel

import (
	"encoding/json"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"sort"
	"strings"
)

// Spec is a kernelspec: kernels/<name>/kernel.json.
type Spec struct {
	// Name is the kernelspec's name: its directory's base name, which
	// notebooks give in metadata.kernelspec.name.
	Name string
	// Dir is the kernelspec's directory ({resource_dir} in argv).
	Dir string
	// Argv is the kernel's command line; {connection_file} and
	// {resource_dir} in it are filled in at start.
	Argv []string `json:"argv"`
	// DisplayName is the name shown to people ("Python 3 (ipykernel)").
	DisplayName string `json:"display_name"`
	// Language is the kernel's language as the kernelspec gives it
	// ("python", "go").
	Language string `json:"language"`
	// InterruptMode is how a cell is interrupted: "signal" (SIGINT to
	// the kernel's process group, the default) or "message" (an
	// interrupt_request on the control channel).
	InterruptMode string `json:"interrupt_mode"`
	// Env holds variables set in the kernel's environment; $NAME and
	// ${NAME} in a value are filled from this process's environment.
	Env map[string]string `json:"env"`
	// Transport is the kernelspec's metadata.nbrun.transport: the
	// transport TransportAuto uses for it, "" when not set.
	Transport Transport `json:"-"`
}

// ErrNoSpec is returned when no kernelspec has the name.
var ErrNoSpec = errors.New("kernel: no such kernelspec")

// DataPaths returns Jupyter's data directories in search order:
// $JUPYTER_PATH entries, $JUPYTER_DATA_DIR (default ~/.local/share/jupyter),
// /usr/local/share/jupyter, /usr/share/jupyter.
func DataPaths(getenv func(string) string) []string {
	var dirs []string
	for _, p := range filepath.SplitList(getenv("JUPYTER_PATH")) {
		if p != "" {
			dirs = append(dirs, p)
		}
	}
	if d := getenv("JUPYTER_DATA_DIR"); d != "" {
		dirs = append(dirs, d)
	} else if home := getenv("HOME"); home != "" {
		dirs = append(dirs, filepath.Join(home, ".local", "share", "jupyter"))
	}
	return append(dirs, "/usr/local/share/jupyter", "/usr/share/jupyter")
}

// Find returns the first kernelspec called name along the data paths.
func Find(name string, getenv func(string) string) (*Spec, error) {
	var tried []string
	for _, d := range DataPaths(getenv) {
		p := filepath.Join(d, "kernels", name, "kernel.json")
		tried = append(tried, p)
		b, err := os.ReadFile(p)
		if errors.Is(err, fs.ErrNotExist) {
			continue
		}
		if err != nil {
			return nil, fmt.Errorf("kernel: %w", err)
		}
		return parseSpec(b, name, filepath.Dir(p))
	}
	return nil, fmt.Errorf("%w %q (looked in %s; installed: %s)", ErrNoSpec, name, strings.Join(tried, ", "), strings.Join(List(getenv), ", "))
}

func parseSpec(b []byte, name, dir string) (*Spec, error) {
	s := &Spec{Name: name, Dir: dir}
	if err := json.Unmarshal(b, s); err != nil {
		return nil, fmt.Errorf("kernel: %s: %w", filepath.Join(dir, "kernel.json"), err)
	}
	if len(s.Argv) == 0 {
		return nil, fmt.Errorf("kernel: %s: empty argv", filepath.Join(dir, "kernel.json"))
	}
	t, err := parseTransportMetadata(b)
	if err != nil {
		return nil, fmt.Errorf("kernel: %s: %w", filepath.Join(dir, "kernel.json"), err)
	}
	s.Transport = t
	if s.InterruptMode == "" {
		s.InterruptMode = "signal"
	}
	if s.InterruptMode != "signal" && s.InterruptMode != "message" {
		return nil, fmt.Errorf("kernel: %s: unknown interrupt_mode %q", filepath.Join(dir, "kernel.json"), s.InterruptMode)
	}
	return s, nil
}

// List returns the names of the installed kernelspecs.
func List(getenv func(string) string) []string {
	seen := map[string]bool{}
	for _, d := range DataPaths(getenv) {
		ents, _ := os.ReadDir(filepath.Join(d, "kernels"))
		for _, e := range ents {
			if _, err := os.Stat(filepath.Join(d, "kernels", e.Name(), "kernel.json")); err == nil {
				seen[e.Name()] = true
			}
		}
	}
	names := make([]string, 0, len(seen))
	for n := range seen {
		names = append(names, n)
	}
	sort.Strings(names)
	return names
}
