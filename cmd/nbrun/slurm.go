package main

import (
	"bytes"
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"

	"github.com/rotationlab/rotation/internal/cli"
	"github.com/rotationlab/rotation/jupyter/runner"
)

// checkSlurm checks the flags that go with -slurm N.
func checkSlurm(o *options) error {
	r := &o.run
	switch {
	case r.OutDir == "" || strings.Contains(r.OutDir, "{"):
		return errors.New("-slurm writes each shard into -o DIR/shard-K and the merged summary into -o DIR: give -o DIR (no template)")
	case o.shard != "":
		return errors.New("-slurm makes the shards itself: leave out -shard")
	case o.merge || o.list || o.listParams:
		return errors.New("-slurm submits runs: leave out -merge, -list and -params")
	case r.HTMLDir != "" || r.MDDir != "":
		return errors.New("-slurm does not take -html or -md yet (the shards would share the directory); the merge writes index.html into -o DIR")
	}
	return nil
}

// slurmJobs are the two job scripts of -slurm and where they go.
type slurmJobs struct {
	dir                  string // -o DIR, absolute
	shardPath, mergePath string
	shard, merge         string
	sbatch               []string
}

// newSlurmJobs writes the scripts' text: an N-task array whose task K
// runs this command with -shard auto/N -o DIR/shard-K, and a merge of the
// N shards into DIR.
func newSlurmJobs(o *options) (*slurmJobs, error) {
	exe, err := os.Executable()
	if err != nil {
		return nil, fmt.Errorf("-slurm: finding nbrun's own path for the jobs: %v", err)
	}
	dir, err := filepath.Abs(o.run.OutDir)
	if err != nil {
		return nil, err
	}
	cwd, err := os.Getwd()
	if err != nil {
		return nil, err
	}
	n := o.slurm
	j := &slurmJobs{dir: dir, shardPath: filepath.Join(dir, "slurm", "shards.sbatch"),
		mergePath: filepath.Join(dir, "slurm", "merge.sbatch"), sbatch: strings.Fields(o.sbatch)}
	logs := filepath.Join(dir, "slurm")
	var b strings.Builder
	fmt.Fprintf(&b, "#!/bin/sh\n# nbrun -slurm: task K of the array runs shard K/%d of the sweep.\n", n)
	fmt.Fprintf(&b, "#SBATCH --job-name=nbrun-shards\n#SBATCH --array=1-%d\n#SBATCH --chdir=%s\n#SBATCH --output=%s\n", n, cwd, filepath.Join(logs, "shard-%a.log"))
	// -o DIR/shard-K, K the task's index in the array (from 1).
	out := shellQuote([]string{filepath.Join(dir, "shard-")}) + `"${SLURM_ARRAY_TASK_ID}"`
	fmt.Fprintf(&b, "exec %s %s %s\n", shellQuote([]string{exe, "-shard", "auto/" + strconv.Itoa(n), "-o"}), out, shellQuote(shardArgs(o.fs, o.args)))
	j.shard = b.String()
	b.Reset()
	margs := []string{exe, "-merge", "-o", dir}
	for k := 1; k <= n; k++ {
		margs = append(margs, filepath.Join(dir, "shard-"+strconv.Itoa(k)))
	}
	fmt.Fprintf(&b, "#!/bin/sh\n# nbrun -slurm: merges the %d shards' summaries into %s once the array has ended.\n", n, dir)
	fmt.Fprintf(&b, "#SBATCH --job-name=nbrun-merge\n#SBATCH --chdir=%s\n#SBATCH --output=%s\n", cwd, filepath.Join(logs, "merge.log"))
	fmt.Fprintf(&b, "exec %s\n", shellQuote(margs))
	j.merge = b.String()
	return j, nil
}

// shardArgs is the command line without -slurm's own flags (-slurm,
// -sbatch, -dry-run) and -o, which each shard sets.
func shardArgs(fs *flag.FlagSet, args []string) []string {
	drop := map[string]bool{"slurm": true, "sbatch": true, "dry-run": true, "o": true}
	var out []string
	for i := 0; i < len(args); i++ {
		a := args[i]
		if a == "--" {
			return append(out, args[i:]...)
		}
		if len(a) < 2 || a[0] != '-' {
			out = append(out, a)
			continue
		}
		name, _, hasValue := strings.Cut(strings.TrimLeft(a, "-"), "=")
		f := fs.Lookup(name)
		takesNext := f != nil && !hasValue && !isBool(f)
		if drop[name] {
			if takesNext {
				i++
			}
			continue
		}
		out = append(out, a)
		if takesNext && i+1 < len(args) {
			i++
			out = append(out, args[i])
		}
	}
	return out
}

func isBool(f *flag.Flag) bool {
	b, ok := f.Value.(interface{ IsBoolFlag() bool })
	return ok && b.IsBoolFlag()
}

// shellQuote quotes each word for sh.
func shellQuote(words []string) string {
	q := make([]string, len(words))
	for i, w := range words {
		q[i] = "'" + strings.ReplaceAll(w, "'", `'\''`) + "'"
	}
	return strings.Join(q, " ")
}

// submitSlurm writes the job scripts into -o DIR/slurm and submits them
// (the merge depending on the whole array), printing the job ids; with
// -dry-run it prints the scripts and commands instead.
func submitSlurm(ctx context.Context, o *options, plan *runner.Plan, stdout, stderr io.Writer) int {
	if o.slurm > len(plan.Jobs) {
		fmt.Fprintf(stderr, "nbrun: -slurm %d: more shards than the %d runs\n", o.slurm, len(plan.Jobs))
		return exitUsage
	}
	j, err := newSlurmJobs(o)
	if err != nil {
		fmt.Fprintf(stderr, "nbrun: %v\n", err)
		return exitUsage
	}
	shardCmd := append(append([]string{"sbatch", "--parsable"}, j.sbatch...), j.shardPath)
	// afterany, not afterok: a shard whose runs failed exits non-zero,
	// and the merge must still run to show those runs.
	mergeCmd := func(id string) []string {
		return append(append([]string{"sbatch", "--parsable", "--dependency=afterany:" + id, "--kill-on-invalid-dep=yes"}, j.sbatch...), j.mergePath)
	}
	w := cli.NewWriter(stdout)
	if o.dryRun {
		fmt.Fprintf(w, "# %s\n%s\n# %s\n%s\n# submitted with:\n%s\n%s\n", j.shardPath, j.shard, j.mergePath, j.merge,
			strings.Join(shardCmd, " "), strings.Join(mergeCmd("ARRAY_JOB_ID"), " "))
		return writeErr(w, stderr)
	}
	if err := os.MkdirAll(filepath.Dir(j.shardPath), 0o755); err != nil {
		fmt.Fprintf(stderr, "nbrun: %v\n", err)
		return exitWrite
	}
	for path, text := range map[string]string{j.shardPath: j.shard, j.mergePath: j.merge} {
		if err := os.WriteFile(path, []byte(text), 0o755); err != nil {
			fmt.Fprintf(stderr, "nbrun: %v\n", err)
			return exitWrite
		}
	}
	id, err := sbatch(ctx, shardCmd)
	if err != nil {
		fmt.Fprintf(stderr, "nbrun: -slurm: %v\n", err)
		return exitUsage
	}
	mid, err := sbatch(ctx, mergeCmd(id))
	if err != nil {
		fmt.Fprintf(stderr, "nbrun: -slurm: the array is job %s; the merge job: %v\n", id, err)
		return exitUsage
	}
	fmt.Fprintf(w, "shards\t%s\t%d tasks, into %s\nmerge\t%s\tinto %s\n", id, o.slurm, filepath.Join(j.dir, "shard-K"), mid, filepath.Join(j.dir, "summary.csv"))
	return writeErr(w, stderr)
}

// sbatch runs an sbatch --parsable command and returns the job's id.
func sbatch(ctx context.Context, argv []string) (string, error) {
	var out, errb bytes.Buffer
	cmd := exec.CommandContext(ctx, argv[0], argv[1:]...)
	cmd.Stdout, cmd.Stderr = &out, &errb
	if err := cmd.Run(); err != nil {
		return "", fmt.Errorf("%s: %v: %s", strings.Join(argv, " "), err, strings.TrimSpace(errb.String()))
	}
	id, _, _ := strings.Cut(strings.TrimSpace(out.String()), ";")
	if _, err := strconv.Atoi(id); err != nil {
		return "", fmt.Errorf("%s printed %q, not a job id", strings.Join(argv, " "), out.String())
	}
	return id, nil
}
