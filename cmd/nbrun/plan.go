package main

import (
	"fmt"
	"os"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"

	"github.com/rotationlab/rotation/jupyter/params"
)

// sweep is one -sweep name=v1,v2,...
type sweep struct {
	name   string
	values []string
}

type sweepFlag struct{ sweeps *[]sweep }

func (s sweepFlag) String() string { return "" }
func (s sweepFlag) Set(v string) error {
	name, list, ok := strings.Cut(v, "=")
	name = strings.TrimSpace(name)
	if !ok || name == "" || strings.TrimSpace(list) == "" {
		return fmt.Errorf("%q is not name=v1,v2 (values separated by commas)", v)
	}
	var vals []string
	for _, x := range strings.Split(list, ",") {
		vals = append(vals, strings.TrimSpace(x))
	}
	*s.sweeps = append(*s.sweeps, sweep{name: name, values: vals})
	return nil
}

// runSpec is one run: a notebook with its parameters.
type runSpec struct {
	// index is the run's place among all planned runs, before sharding: it
	// orders merged summaries.
	index    int
	notebook string
	// values are the parameters injected: the file's, then -p's, then the
	// sweep point's, later ones winning.
	values []params.Value
	// point is the sweep point alone, in -sweep order.
	point []params.Value
	// out is where the executed notebook goes ("" for nowhere, or the
	// -inplace rules).
	out string
	// overSource tells that out is the notebook itself (-o naming its own
	// folder, or the same file by another path): a failed run then goes
	// beside it, as with -inplace.
	overSource bool
}

// label names a run in progress lines and lists.
func (r runSpec) label() string {
	name := filepath.Base(r.notebook)
	if len(r.point) == 0 {
		return name
	}
	var ps []string
	for _, v := range r.point {
		ps = append(ps, v.Name+"="+v.Raw)
	}
	return name + " [" + strings.Join(ps, " ") + "]"
}

// plan lists the runs: every notebook at every point of the Cartesian
// product of the sweeps, in a stable order (notebooks as given, then the
// sweeps' values, the last sweep varying fastest).
func plan(o *options, base []params.Value) ([]runSpec, error) {
	points := [][]params.Value{nil}
	for _, s := range o.sweeps {
		var next [][]params.Value
		for _, p := range points {
			for _, v := range s.values {
				next = append(next, append(append([]params.Value(nil), p...), params.Value{Name: s.name, Raw: v}))
			}
		}
		points = next
	}
	var runs []runSpec
	for _, nb := range o.notebooks {
		for _, p := range points {
			r := runSpec{index: len(runs), notebook: nb, values: params.Merge(base, p), point: p}
			out, err := outputPath(o, nb, r.values, p)
			if err != nil {
				return nil, err
			}
			r.out = out
			if r.overSource = out != "" && sameFile(out, nb); r.overSource && o.check {
				return nil, fmt.Errorf("-o %s: -check would replace the stored outputs of %s that it compares with: use -check alone, or -o another directory", o.outDir, nb)
			}
			runs = append(runs, r)
		}
	}
	seen := map[string]string{}
	for _, r := range runs {
		if r.out == "" {
			continue
		}
		if prev, dup := seen[r.out]; dup {
			return nil, fmt.Errorf("-o: %s and %s would both be written to %s (add the swept names to the template)", prev, r.label(), r.out)
		}
		seen[r.out] = r.label()
	}
	return runs, nil
}

// sameFile tells whether the paths name one existing file (through
// symbolic links, "..", hard links).
func sameFile(a, b string) bool {
	fa, err := os.Stat(a)
	if err != nil {
		return false
	}
	fb, err := os.Stat(b)
	return err == nil && os.SameFile(fa, fb)
}

var unsafeName = regexp.MustCompile(`[^A-Za-z0-9._=+-]+`)

// outputPath is where -o puts a run: DIR/<notebook>.ipynb, for a sweep
// DIR/<notebook>-<name>=<value>....ipynb, or a template such as
// out/{notebook}-{threshold}.ipynb with {notebook} and parameter names.
func outputPath(o *options, nb string, values, point []params.Value) (string, error) {
	if o.outDir == "" {
		return "", nil
	}
	stem := strings.TrimSuffix(filepath.Base(nb), filepath.Ext(nb))
	if strings.Contains(o.outDir, "{") {
		var err error
		out := regexp.MustCompile(`\{([^{}]*)\}`).ReplaceAllStringFunc(o.outDir, func(m string) string {
			key := m[1 : len(m)-1]
			if key == "notebook" {
				return stem
			}
			for _, v := range values {
				if v.Name == key {
					return unsafeName.ReplaceAllString(v.Raw, "_")
				}
			}
			err = fmt.Errorf("-o template: {%s} is neither {notebook} nor a parameter given", key)
			return m
		})
		return out, err
	}
	name := stem
	for _, v := range point {
		name += "-" + unsafeName.ReplaceAllString(v.Name+"="+v.Raw, "_")
	}
	return filepath.Join(o.outDir, name+filepath.Ext(nb)), nil
}

// shard keeps the K-th of N disjoint parts of the runs (K from 1): run i
// goes to part i mod N, so parts are stable and cover every run once.
// "auto/N" takes K from $JOB_COMPLETION_INDEX (a Kubernetes Indexed Job's,
// from 0).
func shard(runs []runSpec, spec string, getenv func(string) string) ([]runSpec, error) {
	if spec == "" {
		return runs, nil
	}
	ks, ns, ok := strings.Cut(spec, "/")
	n, err := strconv.Atoi(ns)
	if !ok || err != nil || n < 1 {
		return nil, fmt.Errorf("-shard %q: want K/N or auto/N with N >= 1", spec)
	}
	var k int
	if ks == "auto" {
		idx := getenv("JOB_COMPLETION_INDEX")
		i, err := strconv.Atoi(idx)
		if err != nil {
			return nil, fmt.Errorf("-shard auto/%d: $JOB_COMPLETION_INDEX is %q, not a number", n, idx)
		}
		k = i + 1
	} else if k, err = strconv.Atoi(ks); err != nil {
		return nil, fmt.Errorf("-shard %q: want K/N", spec)
	}
	if k < 1 || k > n {
		return nil, fmt.Errorf("-shard %d/%d: K must be from 1 to %d", k, n, n)
	}
	var out []runSpec
	for _, r := range runs {
		if r.index%n == k-1 {
			out = append(out, r)
		}
	}
	return out, nil
}
