package runner

import (
	"strings"

	"github.com/rotationlab/rotation/jupyter/nbcache"
	"github.com/rotationlab/rotation/jupyter/nbformat"
)

// recordInputs writes into the executed notebook the files its declared
// inputs (metadata.nbrun.inputs) resolved to, with sizes and SHA-256, in
// metadata.nbrun.input_files: what its outputs were made from. A notebook
// that declares none is left alone.
func (r *run) recordInputs(nb *nbformat.Notebook) {
	if _, ok := nb.Metadata["nbrun"].(map[string]any); !ok {
		return
	}
	files, err := nbcache.ResolveInputs(nb, r.pj.job.Notebook, r.p.opt.Getenv)
	if err != nil {
		r.note("its inputs are not recorded: %v", err)
		return
	}
	nbcache.Record(nb, files)
}

// otherInputs tells Check whether the fresh run used other input files
// than the stored outputs were made from: then comparing outputs says
// nothing about the code, and why is the list of files that differ. A
// stored notebook without a record is compared as before.
func otherInputs(stored, fresh *nbformat.Notebook) (why string, differ bool) {
	then, ok, err := nbcache.Recorded(stored)
	if err != nil || !ok {
		return "", false
	}
	now, ok, err := nbcache.Recorded(fresh)
	if err != nil || !ok {
		return "", false
	}
	diffs := nbcache.DiffInputs(then, now)
	if len(diffs) == 0 {
		return "", false
	}
	return strings.Join(diffs, "; "), true
}
