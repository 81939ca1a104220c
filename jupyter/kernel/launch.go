package kernel

import (
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"slices"
	"strconv"
	"strings"
)

// MarkerVar is the environment variable that marks every process started
// on a kernel's behalf; see Kernel.Shutdown.
const MarkerVar = "NBRUN_KERNEL"

// historyArg is what nbclient passes to IPython kernels, so that parallel
// kernels never contend on one SQLite history file.
const historyArg = "--HistoryManager.hist_file=:memory:"

// command builds the kernel's command line, environment and process
// attributes, as jupyter_client's launcher does.
func (k *Kernel) command(connFile string, opt Options) *exec.Cmd {
	spec := k.Spec
	argv := make([]string, 0, len(spec.Argv)+1)
	for _, a := range spec.Argv {
		a = strings.ReplaceAll(a, "{connection_file}", connFile)
		argv = append(argv, strings.ReplaceAll(a, "{resource_dir}", spec.Dir))
	}
	if spec.IsIPyKernel() && !slices.ContainsFunc(argv, func(a string) bool {
		return strings.HasPrefix(a, "--HistoryManager.hist_file")
	}) {
		argv = append(argv, historyArg)
	}
	cmd := exec.Command(argv[0], argv[1:]...)
	cmd.Dir = opt.Dir
	cmd.Env = k.environment(os.Environ(), opt)
	// A session of its own, as jupyter_client's start_new_session: no
	// controlling terminal, so a Ctrl-C typed at nbrun reaches the kernel
	// only as nbrun decides; the kernel is its process group's leader.
	cmd.SysProcAttr = kernelProcAttr()
	return cmd
}

// environment returns the kernel's environment: this process's, the
// kernelspec's env with $NAME and ${NAME} filled from it (Python's
// string.Template.safe_substitute, as jupyter_client does),
// JPY_PARENT_PID, JPY_SESSION_NAME, opt.Env, the marker and a private
// TMPDIR.
func (k *Kernel) environment(base []string, opt Options) []string {
	lookup := func(name string) (string, bool) {
		for i := len(base) - 1; i >= 0; i-- {
			if v, ok := strings.CutPrefix(base[i], name+"="); ok {
				return v, true
			}
		}
		return "", false
	}
	env := slices.Clone(base)
	names := make([]string, 0, len(k.Spec.Env))
	for name := range k.Spec.Env {
		names = append(names, name)
	}
	slices.Sort(names)
	for _, name := range names {
		env = setEnv(env, name, SubstituteTemplate(k.Spec.Env[name], lookup))
	}
	if strings.HasPrefix(strings.ToLower(k.Spec.Language), "python") {
		env = unsetEnv(env, "PYTHONEXECUTABLE") // as jupyter_client does
	}
	env = setEnv(env, "JPY_PARENT_PID", strconv.Itoa(os.Getpid()))
	if opt.SessionName != "" {
		env = setEnv(env, "JPY_SESSION_NAME", opt.SessionName)
	}
	for _, kv := range opt.Env {
		name, value, _ := strings.Cut(kv, "=")
		env = setEnv(env, name, value)
	}
	env = setEnv(env, MarkerVar, k.cookie)
	if k.kernelTmp != "" {
		env = setEnv(env, "TMPDIR", k.kernelTmp)
	}
	return env
}

// setEnv replaces every entry for name with name=value at the end.
func setEnv(env []string, name, value string) []string {
	return append(unsetEnv(env, name), name+"="+value)
}

// unsetEnv removes every entry for name.
func unsetEnv(env []string, name string) []string {
	return slices.DeleteFunc(env, func(kv string) bool { return strings.HasPrefix(kv, name+"=") })
}

// templateRE is string.Template's pattern: $$, $name, ${name}, or a lone $.
var templateRE = regexp.MustCompile(`(?i)\$(?:(\$)|([_a-z][_a-z0-9]*)|\{([_a-z][_a-z0-9]*)\})`)

// SubstituteTemplate fills $NAME and ${NAME} in s from lookup, writes $$
// as $, and leaves unknown names and lone dollars as they are, like
// Python's string.Template.safe_substitute, which jupyter_client applies
// to a kernelspec's env.
func SubstituteTemplate(s string, lookup func(string) (string, bool)) string {
	return templateRE.ReplaceAllStringFunc(s, func(m string) string {
		sub := templateRE.FindStringSubmatch(m)
		switch {
		case sub[1] != "":
			return "$"
		case sub[2] != "":
			if v, ok := lookup(sub[2]); ok {
				return v
			}
		case sub[3] != "":
			if v, ok := lookup(sub[3]); ok {
				return v
			}
		}
		return m
	})
}

// IsIPyKernel tells whether the spec runs IPython's kernel: jupyter_client
// recognises the names python, python2 and python3; a spec under another
// name that runs ipykernel_launcher counts too.
func (s *Spec) IsIPyKernel() bool {
	switch s.Name {
	case "python", "python2", "python3":
		return true
	}
	return slices.ContainsFunc(s.Argv, func(a string) bool {
		return a == "ipykernel_launcher" || a == "ipykernel" || strings.HasSuffix(filepath.Base(a), "ipykernel_launcher.py")
	})
}
