package nbcache

import (
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"slices"
	"strings"

	"github.com/rotationlab/rotation/jupyter/nbformat"
)

// InputFile is one file a notebook's declared input resolved to, as the
// run record keeps it: the declared pattern, the file named relative to
// the pattern's variable (or to the notebook when the pattern has none),
// never as a path of the machine, its size and its SHA-256.
type InputFile struct {
	Input   string `json:"input"`
	File    string `json:"file"`
	Size    int64  `json:"size"`
	SHA256  string `json:"sha256"`
	Missing bool   `json:"missing,omitempty"`
}

// RecordKey is where the record lives: metadata.nbrun.input_files.
const RecordKey = "input_files"

// ResolveInputs returns the files the notebook's declared inputs
// (metadata.nbrun.inputs) resolve to for the notebook at path, with their
// sizes and checksums, sorted by input and file. A pattern that matches
// nothing gives one entry marked Missing.
func ResolveInputs(nb *nbformat.Notebook, path string, getenv func(string) string) ([]InputFile, error) {
	meta, _ := nb.Metadata["nbrun"].(map[string]any)
	raw, _ := meta["inputs"].([]any)
	dir := filepath.Dir(path)
	var out []InputFile
	for _, r := range raw {
		pattern, ok := r.(string)
		if !ok {
			return nil, fmt.Errorf("nbcache: metadata.nbrun.inputs holds %v, not a string", r)
		}
		base, rest := splitVariable(pattern)
		baseDir := dir
		if base != "" {
			baseDir = Expand(base, getenv)
			if !filepath.IsAbs(baseDir) {
				baseDir = filepath.Join(dir, baseDir)
			}
		}
		full := filepath.Join(baseDir, filepath.FromSlash(rest))
		matches, err := filepath.Glob(full)
		if err != nil {
			return nil, fmt.Errorf("nbcache: input %q: %w", pattern, err)
		}
		if len(matches) == 0 {
			out = append(out, InputFile{Input: pattern, File: rest, Size: -1, Missing: true})
			continue
		}
		for _, m := range matches {
			rel, err := filepath.Rel(baseDir, m)
			if err != nil {
				return nil, fmt.Errorf("nbcache: input %q: %w", pattern, err)
			}
			size, sum, err := fileSum(m)
			if err != nil {
				return nil, fmt.Errorf("nbcache: input %q: %w", pattern, err)
			}
			out = append(out, InputFile{Input: pattern, File: filepath.ToSlash(rel), Size: size, SHA256: sum})
		}
	}
	slices.SortFunc(out, func(a, b InputFile) int {
		return strings.Compare(a.Input+"\x00"+a.File, b.Input+"\x00"+b.File)
	})
	return slices.CompactFunc(out, func(a, b InputFile) bool { return a.Input == b.Input && a.File == b.File }), nil
}

// splitVariable cuts a pattern after its last variable reference:
// "${ROTATION_DATA:-../data}/IWM.csv" gives "${ROTATION_DATA:-../data}"
// and "IWM.csv". A pattern without one gives "" and itself.
func splitVariable(pattern string) (base, rest string) {
	locs := envRef.FindAllStringIndex(pattern, -1)
	if len(locs) == 0 {
		return "", pattern
	}
	end := locs[len(locs)-1][1]
	return pattern[:end], strings.TrimLeft(pattern[end:], "/")
}

func fileSum(path string) (int64, string, error) {
	f, err := os.Open(path)
	if err != nil {
		return 0, "", err
	}
	defer f.Close()
	h := sha256.New()
	n, err := io.Copy(h, f)
	if err != nil {
		return 0, "", fmt.Errorf("reading %s: %w", path, err)
	}
	return n, hex.EncodeToString(h.Sum(nil)), nil
}

// Record stores files in the notebook's metadata.nbrun.input_files,
// beside the declared inputs. It leaves a notebook that declares no inputs
// alone.
func Record(nb *nbformat.Notebook, files []InputFile) {
	meta, _ := nb.Metadata["nbrun"].(map[string]any)
	if meta == nil {
		return
	}
	list := make([]any, len(files))
	for i, f := range files {
		m := map[string]any{"input": f.Input, "file": f.File, "size": f.Size, "sha256": f.SHA256}
		if f.Missing {
			m = map[string]any{"input": f.Input, "file": f.File, "missing": true}
		}
		list[i] = m
	}
	meta[RecordKey] = list
}

// Recorded returns the record a run left in the notebook, and false when
// there is none.
func Recorded(nb *nbformat.Notebook) ([]InputFile, bool, error) {
	meta, _ := nb.Metadata["nbrun"].(map[string]any)
	raw, ok := meta[RecordKey]
	if !ok {
		return nil, false, nil
	}
	b, err := json.Marshal(raw)
	if err != nil {
		return nil, false, fmt.Errorf("nbcache: metadata.nbrun.%s: %w", RecordKey, err)
	}
	var files []InputFile
	if err := json.Unmarshal(b, &files); err != nil {
		return nil, false, fmt.Errorf("nbcache: metadata.nbrun.%s: %w", RecordKey, err)
	}
	for i := range files {
		if files[i].Missing {
			files[i].Size = -1
		}
	}
	return files, true, nil
}

// DiffInputs lists, one line per file, how the files a run used (now)
// differ from the ones recorded with the stored outputs (then); nil when
// they are the same files.
func DiffInputs(then, now []InputFile) []string {
	key := func(f InputFile) string { return f.Input + "\x00" + f.File }
	was := map[string]InputFile{}
	for _, f := range then {
		was[key(f)] = f
	}
	var diffs []string
	seen := map[string]bool{}
	for _, f := range now {
		k := key(f)
		seen[k] = true
		old, ok := was[k]
		switch {
		case !ok && f.Missing:
			diffs = append(diffs, fmt.Sprintf("%s: missing here, and not among the files the stored outputs were made from", f.File))
		case !ok:
			diffs = append(diffs, fmt.Sprintf("%s: not among the files the stored outputs were made from", f.File))
		case f.Missing && old.Missing:
		case f.Missing:
			diffs = append(diffs, fmt.Sprintf("%s: missing here; the stored outputs were made from %s", f.File, describe(old)))
		case old.Missing:
			diffs = append(diffs, fmt.Sprintf("%s: %s here; it was missing when the stored outputs were made", f.File, describe(f)))
		case f.Size != old.Size || f.SHA256 != old.SHA256:
			diffs = append(diffs, fmt.Sprintf("%s: %s here; the stored outputs were made from %s", f.File, describe(f), describe(old)))
		}
	}
	for _, f := range then {
		if !seen[key(f)] {
			diffs = append(diffs, fmt.Sprintf("%s: the stored outputs were made from it (%s); it is not here", f.File, describe(f)))
		}
	}
	return diffs
}

func describe(f InputFile) string {
	if f.Missing {
		return "no file"
	}
	sum := f.SHA256
	if len(sum) > 12 {
		sum = sum[:12]
	}
	return fmt.Sprintf("%d bytes, sha256 %s…", f.Size, sum)
}
