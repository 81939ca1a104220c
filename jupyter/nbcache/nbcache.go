// Package nbcache keeps executed notebooks under a key made from everything
// their outputs depend on, so that a runner can skip a notebook whose
// inputs have not changed.
//
// jupyter-cache and Quarto's freeze key on the cells' source only, and so
// miss a changed library or data file. The key here also covers the
// injected parameters (they are cells), the kernelspec and the kernel's
// executable, the runner's options, and, for Go kernels, the module's
// go.sum and every Go file of the packages of this module that the
// notebook imports, with their own imports from it (go list -deps), plus
// the input files a notebook declares in metadata.nbrun.inputs: globs
// relative to the notebook, where ${VAR} and ${VAR:-default} are filled
// from the environment, for instance "${ROTATION_DATA:-../data}/IWM.csv".
//
//	key, err := nbcache.Key(nbcache.Inputs{Notebook: nb, Path: path, Spec: spec, Getenv: os.Getenv})
//	store := &nbcache.Store{Dir: "out/.nbrun-cache"}
//	if cached, ok := store.Get(key); ok { ... }
//	store.Put(key, executed)
package nbcache

import (
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"io"

	"io/fs"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"time"

	"github.com/rotationlab/rotation/internal/atomicfile"
	"github.com/rotationlab/rotation/internal/modroot"
	"github.com/rotationlab/rotation/jupyter/kernel"
	"github.com/rotationlab/rotation/jupyter/nbformat"
)

// version changes when what goes into a key or an entry changes.
const version = "nbrun-cache 1"

// Inputs are what a notebook's outputs depend on.
type Inputs struct {
	// Notebook is the notebook to run, parameters injected.
	Notebook *nbformat.Notebook
	// Path is the notebook's file: inputs and the Go module are found from
	// its directory.
	Path string
	Spec *kernel.Spec
	// Options names the runner's settings that change outputs.
	Options string
	Getenv  func(string) string
}

// Key returns the notebook's cache key (hex SHA-256) and the list of what
// went into it, for -v output and tests.
func Key(in Inputs) (string, []string, error) {
	h := sha256.New()
	var parts []string
	add := func(label string, data []byte) {
		sum := sha256.Sum256(data)
		fmt.Fprintf(h, "%s\x00%x\x00", label, sum)
		parts = append(parts, label)
	}
	add(version+" "+in.Options, nil)
	for i, c := range in.Notebook.Cells {
		tags, _ := json.Marshal(c.Tags())
		add(fmt.Sprintf("cell %d %s", i, c.Type), append(append([]byte(c.Source), 0), tags...))
	}
	spec, _ := json.Marshal(in.Spec)
	add("kernelspec "+in.Spec.Name, spec)
	if len(in.Spec.Argv) > 0 {
		add("kernel executable", executableID(in.Spec.Argv[0]))
	}
	dir := filepath.Dir(in.Path)
	if strings.EqualFold(in.Spec.Language, "go") || strings.EqualFold(in.Notebook.Language(), "go") {
		files, err := goFiles(dir, goImports(in.Notebook))
		if err != nil {
			return "", nil, err
		}
		for _, f := range files {
			b, err := os.ReadFile(f)
			if err != nil {
				return "", nil, fmt.Errorf("nbcache: %w", err)
			}
			add("go "+f, b)
		}
	}
	inputs, err := declaredInputs(in.Notebook, dir, in.Getenv)
	if err != nil {
		return "", nil, err
	}
	for _, f := range inputs {
		if strings.HasPrefix(f, "none:") {
			add("input "+f, nil)
			continue
		}
		b, err := os.ReadFile(f)
		if err != nil {
			return "", nil, fmt.Errorf("nbcache: input %w", err)
		}
		add("input "+f, b)
	}
	return hex.EncodeToString(h.Sum(nil)), parts, nil
}

// executableID names an executable by its path and content: a new kernel
// version is another file (its modification time alone is not enough: go
// install rewrites an unchanged binary).
func executableID(name string) []byte {
	p, err := exec.LookPath(name)
	if err != nil {
		return []byte("missing " + name)
	}
	f, err := os.Open(p)
	if err != nil {
		return []byte("missing " + p)
	}
	defer f.Close()
	h := sha256.New()
	if _, err := io.Copy(h, f); err != nil {
		return []byte("unreadable " + p)
	}
	return fmt.Appendf(nil, "%s %x", p, h.Sum(nil))
}

var (
	importBlock  = regexp.MustCompile(`(?ms)^\s*import\s*\((.*?)\)`)
	importSingle = regexp.MustCompile(`(?m)^\s*import\s+(?:[\w.]+\s+)?"([^"]+)"`)
	quoted       = regexp.MustCompile(`"([^"]+)"`)
)

// goImports lists the import paths the notebook's code cells declare.
func goImports(nb *nbformat.Notebook) []string {
	var paths []string
	for _, c := range nb.Cells {
		if c.Type != nbformat.Code {
			continue
		}
		for _, m := range importBlock.FindAllStringSubmatch(c.Source, -1) {
			for _, q := range quoted.FindAllStringSubmatch(m[1], -1) {
				paths = append(paths, q[1])
			}
		}
		for _, m := range importSingle.FindAllStringSubmatch(c.Source, -1) {
			paths = append(paths, m[1])
		}
	}
	slices.Sort(paths)
	return slices.Compact(paths)
}

// goFiles returns go.sum and the Go files of the packages of the module
// around dir that the imports need, sorted.
func goFiles(dir string, imports []string) ([]string, error) {
	root := moduleRoot(dir)
	if root == "" {
		return nil, nil
	}
	mod, err := modulePath(filepath.Join(root, "go.mod"))
	if err != nil {
		return nil, err
	}
	var ours []string
	for _, p := range imports {
		if p == mod || strings.HasPrefix(p, mod+"/") {
			ours = append(ours, p)
		}
	}
	files := []string{filepath.Join(root, "go.mod")}
	if _, err := os.Stat(filepath.Join(root, "go.sum")); err == nil {
		files = append(files, filepath.Join(root, "go.sum"))
	}
	if len(ours) == 0 {
		return files, nil
	}
	args := append([]string{"list", "-deps", "-f",
		`{{if .Module}}{{if .Module.Main}}{{range .GoFiles}}{{$.Dir}}/{{.}}{{"\n"}}{{end}}{{range .EmbedFiles}}{{$.Dir}}/{{.}}{{"\n"}}{{end}}{{end}}{{end}}`}, ours...)
	cmd := exec.Command("go", args...)
	cmd.Dir = root
	var stderr bytes.Buffer
	cmd.Stderr = &stderr
	out, err := cmd.Output()
	if err != nil {
		return nil, fmt.Errorf("nbcache: go list %s: %w: %s", strings.Join(ours, " "), err, strings.TrimSpace(stderr.String()))
	}
	for line := range strings.Lines(string(out)) {
		if f := strings.TrimSpace(line); f != "" {
			files = append(files, f)
		}
	}
	slices.Sort(files)
	return slices.Compact(files), nil
}

// moduleRoot returns the root of the module around dir, made absolute, or
// "" when dir is in none.
func moduleRoot(dir string) string {
	abs, err := filepath.Abs(dir)
	if err != nil {
		return ""
	}
	root, _ := modroot.Find(abs)
	return root
}

var moduleLine = regexp.MustCompile(`(?m)^module\s+(\S+)`)

func modulePath(gomod string) (string, error) {
	b, err := os.ReadFile(gomod)
	if err != nil {
		return "", fmt.Errorf("nbcache: %w", err)
	}
	m := moduleLine.FindSubmatch(b)
	if m == nil {
		return "", fmt.Errorf("nbcache: %s names no module", gomod)
	}
	return strings.Trim(string(m[1]), `"`), nil
}

// declaredInputs expands metadata.nbrun.inputs into sorted file paths; a
// pattern that matches nothing stays as "none:PATTERN" so that a file
// appearing later changes the key.
func declaredInputs(nb *nbformat.Notebook, dir string, getenv func(string) string) ([]string, error) {
	meta, _ := nb.Metadata["nbrun"].(map[string]any)
	raw, _ := meta["inputs"].([]any)
	var out []string
	for _, r := range raw {
		pattern, ok := r.(string)
		if !ok {
			return nil, fmt.Errorf("nbcache: metadata.nbrun.inputs holds %v, not a string", r)
		}
		p := Expand(pattern, getenv)
		if !filepath.IsAbs(p) {
			p = filepath.Join(dir, p)
		}
		matches, err := filepath.Glob(p)
		if err != nil {
			return nil, fmt.Errorf("nbcache: input %q: %w", pattern, err)
		}
		if len(matches) == 0 {
			out = append(out, "none:"+p)
		}
		out = append(out, matches...)
	}
	slices.Sort(out)
	return slices.Compact(out), nil
}

var envRef = regexp.MustCompile(`\$\{(\w+)(?::-([^}]*))?\}|\$(\w+)`)

// Expand fills ${NAME}, ${NAME:-default} and $NAME from getenv; an unset
// or empty variable gives the default, or "".
func Expand(s string, getenv func(string) string) string {
	return envRef.ReplaceAllStringFunc(s, func(m string) string {
		sub := envRef.FindStringSubmatch(m)
		name, def := sub[1], sub[2]
		if name == "" {
			name = sub[3]
		}
		if v := getenv(name); v != "" {
			return v
		}
		return def
	})
}

// Store keeps entries as KEY.ipynb files in Dir, at most MaxBytes in all
// (default 512 MiB): past that the least recently used entries go.
type Store struct {
	Dir      string
	MaxBytes int64
}

func (s *Store) path(key string) string { return filepath.Join(s.Dir, key+".ipynb") }

// Get returns the entry for key. A missing, unreadable or corrupt entry is
// a miss (and a corrupt one is removed), never an error.
func (s *Store) Get(key string) (*nbformat.Notebook, bool) {
	p := s.path(key)
	nb, err := nbformat.ReadFile(p)
	if err != nil {
		if !errors.Is(err, fs.ErrNotExist) {
			os.Remove(p)
		}
		return nil, false
	}
	now := time.Now()
	os.Chtimes(p, now, now) // most recently used
	return nb, true
}

// Put stores nb under key atomically, then trims the store to its size.
func (s *Store) Put(key string, nb *nbformat.Notebook) error {
	if err := os.MkdirAll(s.Dir, 0o755); err != nil {
		return fmt.Errorf("nbcache: %w", err)
	}
	b, err := nbformat.Marshal(nb)
	if err != nil {
		return err
	}
	if err := atomicfile.WriteFile(s.path(key), b, 0o644); err != nil {
		return err
	}
	return s.trim()
}

// trim removes the least recently used entries past MaxBytes.
func (s *Store) trim() error {
	limit := s.MaxBytes
	if limit <= 0 {
		limit = 512 << 20
	}
	ents, err := os.ReadDir(s.Dir)
	if err != nil {
		return fmt.Errorf("nbcache: %w", err)
	}
	type entry struct {
		path string
		size int64
		used time.Time
	}
	var all []entry
	var total int64
	for _, e := range ents {
		if !strings.HasSuffix(e.Name(), ".ipynb") {
			continue
		}
		fi, err := e.Info()
		if err != nil {
			continue // removed by another process meanwhile
		}
		all = append(all, entry{filepath.Join(s.Dir, e.Name()), fi.Size(), fi.ModTime()})
		total += fi.Size()
	}
	slices.SortFunc(all, func(a, b entry) int { return a.used.Compare(b.used) })
	for _, e := range all {
		if total <= limit {
			break
		}
		if err := os.Remove(e.path); err == nil || errors.Is(err, fs.ErrNotExist) {
			total -= e.size
		}
	}
	return nil
}
