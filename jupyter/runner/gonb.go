package runner

import (
	"net/url"
	"os"
	"os/exec"
	"path/filepath"
	"strings"

	"github.com/rotationlab/rotation/jupyter/kernel"
)

// GoNB's fast settings: see the package documentation.

// goNBFastLDFlags is what the fast settings append to GOFLAGS.
const goNBFastLDFlags = "-ldflags=-w"

// goSettings are the go command's settings the kernels would see
// without the fast ones.
type goSettings struct {
	flags, proxy, modCache string
}

// readGoSettings runs go env, which reads this process's environment
// and the go env -w file; ok is false when go cannot be run.
func readGoSettings() (goSettings, bool) {
	out, err := exec.Command("go", "env", "GOFLAGS", "GOPROXY", "GOMODCACHE").Output()
	if err != nil {
		return goSettings{}, false
	}
	lines := strings.Split(strings.TrimRight(string(out), "\n"), "\n")
	if len(lines) != 3 {
		return goSettings{}, false
	}
	return goSettings{flags: strings.TrimSpace(lines[0]), proxy: strings.TrimSpace(lines[1]), modCache: strings.TrimSpace(lines[2])}, true
}

// goNBFastEnv returns the entries to add to env, the environment the
// runner gives spec's kernel, for GoNB's fast settings; goEnv holds go
// env's answers. The values extended are those the kernel would get: env's
// (the last entry of a name), else the kernelspec's env, else go env's.
func goNBFastEnv(spec *kernel.Spec, env []string, goEnv goSettings) []string {
	current := func(name, fromGo string) string {
		for i := len(env) - 1; i >= 0; i-- {
			if v, ok := strings.CutPrefix(env[i], name+"="); ok {
				return v
			}
		}
		if v, ok := spec.Env[name]; ok {
			return kernel.SubstituteTemplate(v, os.LookupEnv)
		}
		return fromGo
	}
	var add []string
	if flags, changed := fastGoFlags(current("GOFLAGS", goEnv.flags)); changed {
		add = append(add, "GOFLAGS="+flags)
	}
	if proxy, changed := fastGoProxy(current("GOPROXY", goEnv.proxy), current("GOMODCACHE", goEnv.modCache)); changed {
		add = append(add, "GOPROXY="+proxy)
	}
	return add
}

// fastGoFlags appends -ldflags=-w to the GOFLAGS value flags, unless it
// already sets -ldflags (the last one given would win).
func fastGoFlags(flags string) (string, bool) {
	for _, f := range strings.Fields(flags) {
		name := strings.TrimLeft(strings.Trim(f, `'"`), "-")
		if name == "ldflags" || strings.HasPrefix(name, "ldflags=") {
			return flags, false
		}
	}
	if strings.TrimSpace(flags) == "" {
		return goNBFastLDFlags, true
	}
	return flags + " " + goNBFastLDFlags, true
}

// fastGoProxy puts the module cache's download directory (modCache is
// GOMODCACHE, absolute) before the GOPROXY list proxy, unless the list is
// empty, starts with off, or already starts with a file:// proxy.
func fastGoProxy(proxy, modCache string) (string, bool) {
	p := strings.TrimSpace(proxy)
	if p == "" || modCache == "" || !filepath.IsAbs(modCache) {
		return proxy, false
	}
	first := strings.FieldsFunc(p, func(r rune) bool { return r == ',' || r == '|' })
	if len(first) == 0 || first[0] == "off" || strings.HasPrefix(first[0], "file://") {
		return proxy, false
	}
	u := url.URL{Scheme: "file", Path: filepath.ToSlash(filepath.Join(modCache, "cache", "download"))}
	return u.String() + "," + p, true
}

// kernelEnv returns the environment for a kernel of spec: env, and for
// GoNB the fast settings unless NoGoNBFast; goEnv is read once per Run.
func (p *Plan) kernelEnv(env []string, spec *kernel.Spec, goEnv func() (goSettings, bool)) []string {
	if p.opt.NoGoNBFast || !spec.IsGoNB() {
		return env
	}
	g, ok := goEnv()
	if !ok {
		return env
	}
	return append(env[:len(env):len(env)], goNBFastEnv(spec, env, g)...)
}
