package runner

import (
	"fmt"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/rotationlab/rotation/jupyter/kernel"
	"github.com/rotationlab/rotation/jupyter/params"
)

// Job is one planned run: a notebook with its parameters and the place
// its executed version goes.
type Job struct {
	// Index is the run's place among all planned runs, before sharding: it
	// orders merged summaries.
	Index int
	// Notebook is the notebook's path, as given.
	Notebook string
	// Values are the parameters injected: Options.Params, then the sweep
	// point's, later ones winning.
	Values []params.Value
	// Point is the sweep point alone, in the order of Options.Sweeps.
	Point []params.Value
	// Out is where the executed notebook goes by Options.OutDir; "" for
	// nowhere, or the InPlace rules.
	Out string
	// OverSource tells that Out is the notebook itself (-o naming its own
	// folder, or the same file by another path): a failed run then goes
	// beside it, as with InPlace.
	OverSource bool
}

// Label names a run in progress lines: the notebook's base name, and for
// a sweep its point, as "a.ipynb [threshold=0.05]".
func (j *Job) Label() string {
	name := filepath.Base(j.Notebook)
	if len(j.Point) == 0 {
		return name
	}
	return name + " [" + pairs(j.Point) + "]"
}

// ParamText writes the run's parameters as name=value pairs separated by
// spaces.
func (j *Job) ParamText() string { return pairs(j.Values) }

func pairs(vs []params.Value) string {
	var ps []string
	for _, v := range vs {
		ps = append(ps, v.Name+"="+v.Raw)
	}
	return strings.Join(ps, " ")
}

// Plan is the runs of a set of Options, in a stable order: notebooks as
// given, then the sweeps' values, the last sweep varying fastest. Making
// it reads nothing: a coordinator can plan runs for notebooks it does not
// hold. Run checks and executes it.
type Plan struct {
	// Jobs are the runs of this shard, in order.
	Jobs []Job
	// opt is the Options the plan was made from, kept as given.
	opt Options
}

// NewPlan plans the runs of opt and keeps those of opt.Shard.
func NewPlan(opt Options) (*Plan, error) {
	opt.Notebooks = slices.Clone(opt.Notebooks)
	opt.Params = slices.Clone(opt.Params)
	opt.Sweeps = slices.Clone(opt.Sweeps)
	opt.Env = slices.Clone(opt.Env)
	if opt.Getenv == nil {
		opt.Getenv = os.Getenv
	}
	if opt.StartupTimeout == 0 {
		opt.StartupTimeout = 60 * time.Second
	}
	opt.Jobs = max(opt.Jobs, 1)
	switch opt.Transport {
	case kernel.TransportAuto, kernel.TransportIPC, kernel.TransportTCP:
	default:
		return nil, fmt.Errorf("-transport %s: want auto, ipc or tcp", opt.Transport)
	}
	if opt.Launcher == nil {
		opt.Launcher = kernel.NewLauncher()
	}
	jobs, err := planJobs(&opt)
	if err != nil {
		return nil, err
	}
	if jobs, err = opt.Shard.keep(jobs); err != nil {
		return nil, err
	}
	if jobs == nil {
		jobs = []Job{}
	}
	return &Plan{Jobs: jobs, opt: opt}, nil
}

// planJobs lists every notebook at every point of the sweeps' product.
func planJobs(o *Options) ([]Job, error) {
	points := [][]params.Value{nil}
	for _, s := range o.Sweeps {
		var next [][]params.Value
		for _, p := range points {
			for _, v := range s.Values {
				next = append(next, append(slices.Clone(p), params.Value{Name: s.Name, Raw: v}))
			}
		}
		points = next
	}
	var jobs []Job
	for _, nb := range o.Notebooks {
		for _, p := range points {
			j := Job{Index: len(jobs), Notebook: nb, Values: params.Merge(o.Params, p), Point: p}
			out, err := outputPath(o.OutDir, nb, j.Values, p)
			if err != nil {
				return nil, err
			}
			j.Out = out
			if j.OverSource = out != "" && sameOrPaired(out, nb); j.OverSource && o.Check {
				return nil, fmt.Errorf("-o %s: -check would replace the stored outputs of %s that it compares with: use -check alone, or -o another directory", o.OutDir, nb)
			}
			jobs = append(jobs, j)
		}
	}
	seen := map[string]string{}
	for _, j := range jobs {
		if j.Out == "" {
			continue
		}
		if prev, dup := seen[j.Out]; dup {
			return nil, fmt.Errorf("-o: %s and %s would both be written to %s (add the swept names to the template)", prev, j.Label(), j.Out)
		}
		seen[j.Out] = j.Label()
	}
	if o.InPlace {
		if err := inPlaceTargets(jobs); err != nil {
			return nil, err
		}
	}
	return jobs, nil
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

var (
	unsafeName   = regexp.MustCompile(`[^A-Za-z0-9._=+-]+`)
	templateName = regexp.MustCompile(`\{([^{}]*)\}`)
)

// outputPath is where -o puts a run: DIR/<notebook>.ipynb, for a sweep
// DIR/<notebook>-<name>=<value>....ipynb, or a template such as
// out/{notebook}-{threshold}.ipynb with {notebook} and parameter names.
func outputPath(outDir, nb string, values, point []params.Value) (string, error) {
	if outDir == "" {
		return "", nil
	}
	stem := strings.TrimSuffix(filepath.Base(nb), filepath.Ext(nb))
	if strings.Contains(outDir, "{") {
		var err error
		out := templateName.ReplaceAllStringFunc(outDir, func(m string) string {
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
	return filepath.Join(outDir, name+outputExt(nb)), nil
}

// ParseShard reads -shard's K/N, or auto/N and auto with K (and for auto
// N) taken from the engine that started the process:
//
//   - a Slurm job array: K-1 is ($SLURM_ARRAY_TASK_ID -
//     $SLURM_ARRAY_TASK_MIN) / $SLURM_ARRAY_TASK_STEP (a step of 1 when
//     unset), whatever the array's first index, and N is
//     $SLURM_ARRAY_TASK_COUNT, which must equal auto/N's N;
//   - a Kubernetes Indexed Job: K-1 is $JOB_COMPLETION_INDEX (from 0); it
//     gives no count, so plain auto is an error asking for auto/N.
//
// The Shard's From says which variables it used. "" is the whole plan.
// getenv nil means os.Getenv.
func ParseShard(spec string, getenv func(string) string) (Shard, error) {
	if spec == "" {
		return Shard{}, nil
	}
	if spec == "auto" || strings.HasPrefix(spec, "auto/") {
		if getenv == nil {
			getenv = os.Getenv
		}
		return autoShard(spec, getenv)
	}
	ks, ns, ok := strings.Cut(spec, "/")
	n, err := strconv.Atoi(ns)
	if !ok || err != nil || n < 1 {
		return Shard{}, fmt.Errorf("-shard %q: want K/N, auto/N or auto with N >= 1", spec)
	}
	k, err := strconv.Atoi(ks)
	if err != nil {
		return Shard{}, fmt.Errorf("-shard %q: want K/N", spec)
	}
	if k < 1 || k > n {
		return Shard{}, fmt.Errorf("-shard %d/%d: K must be from 1 to %d", k, n, n)
	}
	return Shard{K: k, N: n}, nil
}

// autoShard reads the shard of -shard auto/N or auto from the engine's
// environment.
func autoShard(spec string, getenv func(string) string) (Shard, error) {
	n := 0 // from the engine
	if ns, ok := strings.CutPrefix(spec, "auto/"); ok {
		var err error
		if n, err = strconv.Atoi(ns); err != nil || n < 1 {
			return Shard{}, fmt.Errorf("-shard %q: want auto/N with N >= 1", spec)
		}
	}
	num := func(name string) (int, error) {
		v := getenv(name)
		i, err := strconv.Atoi(strings.TrimSpace(v))
		if err != nil {
			return 0, fmt.Errorf("-shard %s: $%s is %q, not a number", spec, name, v)
		}
		return i, nil
	}
	slurm, k8s := getenv("SLURM_ARRAY_TASK_ID") != "", getenv("JOB_COMPLETION_INDEX") != ""
	var idx int
	var from string
	switch {
	case slurm && k8s:
		return Shard{}, fmt.Errorf("-shard %s: both $SLURM_ARRAY_TASK_ID (a Slurm job array) and $JOB_COMPLETION_INDEX (a Kubernetes Indexed Job) are set; give -shard K/N", spec)
	case slurm:
		id, err := num("SLURM_ARRAY_TASK_ID")
		if err != nil {
			return Shard{}, err
		}
		lo, err := num("SLURM_ARRAY_TASK_MIN")
		if err != nil {
			return Shard{}, err
		}
		count, err := num("SLURM_ARRAY_TASK_COUNT")
		if err != nil {
			return Shard{}, err
		}
		step := 1
		if getenv("SLURM_ARRAY_TASK_STEP") != "" {
			if step, err = num("SLURM_ARRAY_TASK_STEP"); err != nil {
				return Shard{}, err
			}
		}
		if step < 1 || (id-lo)%step != 0 {
			return Shard{}, fmt.Errorf("-shard %s: $SLURM_ARRAY_TASK_ID=%d is not $SLURM_ARRAY_TASK_MIN=%d plus a multiple of $SLURM_ARRAY_TASK_STEP=%d", spec, id, lo, step)
		}
		if count < 1 {
			return Shard{}, fmt.Errorf("-shard %s: $SLURM_ARRAY_TASK_COUNT is %d, want at least 1", spec, count)
		}
		if n == 0 {
			n = count
		} else if count != n {
			return Shard{}, fmt.Errorf("-shard %s: the Slurm array has %d tasks ($SLURM_ARRAY_TASK_COUNT), not %d", spec, count, n)
		}
		idx = (id - lo) / step
		from = fmt.Sprintf("$SLURM_ARRAY_TASK_ID=%d, $SLURM_ARRAY_TASK_MIN=%d, $SLURM_ARRAY_TASK_COUNT=%d", id, lo, count)
		if step != 1 {
			from += fmt.Sprintf(", $SLURM_ARRAY_TASK_STEP=%d", step)
		}
	case k8s:
		if n == 0 {
			return Shard{}, fmt.Errorf("-shard auto: $JOB_COMPLETION_INDEX (a Kubernetes Indexed Job) gives no count of parts; give -shard auto/N with N the Job's completions")
		}
		var err error
		if idx, err = num("JOB_COMPLETION_INDEX"); err != nil {
			return Shard{}, err
		}
		from = fmt.Sprintf("$JOB_COMPLETION_INDEX=%d", idx)
	default:
		return Shard{}, fmt.Errorf("-shard %s: neither $SLURM_ARRAY_TASK_ID (a Slurm job array) nor $JOB_COMPLETION_INDEX (a Kubernetes Indexed Job) is set; give -shard K/N", spec)
	}
	if idx < 0 || idx >= n {
		return Shard{}, fmt.Errorf("-shard %s: task index %d (from %s) is not from 0 to %d", spec, idx, from, n-1)
	}
	return Shard{K: idx + 1, N: n, From: from}, nil
}

// keep returns the jobs of the shard: run i goes to part i mod N, so
// parts are stable and cover every run once.
func (s Shard) keep(jobs []Job) ([]Job, error) {
	if s.N == 0 {
		return jobs, nil
	}
	if s.K < 1 || s.K > s.N {
		return nil, fmt.Errorf("-shard %d/%d: K must be from 1 to %d", s.K, s.N, s.N)
	}
	var out []Job
	for _, j := range jobs {
		if j.Index%s.N == s.K-1 {
			out = append(out, j)
		}
	}
	return out, nil
}

// outputDirs lists the directories the runs write into.
func (p *Plan) outputDirs() []string {
	dirs := []string{p.opt.HTMLDir, p.opt.MDDir}
	for _, j := range p.Jobs {
		if j.Out != "" {
			dirs = append(dirs, filepath.Dir(j.Out))
		}
	}
	var out []string
	for _, d := range dirs {
		if d != "" && !slices.Contains(out, d) {
			out = append(out, d)
		}
	}
	return out
}

// writableDir makes dir if need be and checks that a file can be made in
// it, so that a run is not lost for want of a place to write it.
func writableDir(dir string) error {
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return err
	}
	f, err := os.CreateTemp(dir, ".nbrun-check-*")
	if err != nil {
		return fmt.Errorf("cannot write into %s: %w", dir, err)
	}
	name := f.Name()
	err = f.Close()
	if rmErr := os.Remove(name); err == nil {
		err = rmErr
	}
	if err != nil {
		return fmt.Errorf("cannot write into %s: %w", dir, err)
	}
	return nil
}
