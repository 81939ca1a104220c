package kernel

import (
	"context"
	"encoding/json"
	"fmt"
	"io"
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

// maxKernelTmp is the longest kernel TMPDIR that leaves room for GoNB's
// gopls socket inside it.
const maxKernelTmp = 107 - 27 - 4

// newKernel makes the private directory and the kernel's identity; l
// hands out its ports.
func newKernel(l *Launcher, spec *Spec) (*Kernel, error) {
	// The directory's name holds its owner's identity, so that the next
	// run removes it when its owner was killed (Launcher.sweep).
	owner := processIdentity(os.Getpid())
	tmp, err := os.MkdirTemp("", dirPrefix+owner+"-")
	if err != nil {
		return nil, fmt.Errorf("kernel: %w", err)
	}
	kctx, cancel := context.WithCancel(context.Background())
	k := &Kernel{
		Spec: spec, launcher: l, tmp: tmp, signer: NewSigner([]byte(newID(32))), session: newID(16),
		cookie: owner + ":" + newID(8),
		ctx:    kctx, cancel: cancel,
		iopubCh: make(chan *Message, 1024), shellCh: make(chan *Message, 64),
		controlCh: make(chan *Message, 64), stdinCh: make(chan *Message, 16),
		died: make(chan struct{}), exited: make(chan struct{}), logs: &tail{max: 8 << 10},
	}
	// The kernel's own temporary files (GoNB's build directory) go inside
	// the private directory and so are removed with it, even when the
	// kernel is killed. Unix socket paths are limited to 107 bytes and
	// GoNB puts gopls' socket there, 27 bytes further down
	// (gonb_XXXXXXXX/gopls_socket): keep TMPDIR as it is when the
	// directory's path is too long for that, with a margin.
	if kt := filepath.Join(tmp, "tmp"); len(kt) <= maxKernelTmp {
		if err := os.Mkdir(kt, 0o700); err == nil {
			k.kernelTmp = kt
		}
	}
	// The watchdog starts before the kernel, so that nothing the kernel
	// starts is ever without one; Shutdown stops it.
	if k.watchdog, err = startWatchdog(MarkerVar+"="+k.cookie, tmp); err != nil {
		os.RemoveAll(tmp)
		return nil, err
	}
	return k, nil
}

// connection is the content of a connection file.
type connection struct {
	Transport       string `json:"transport"`
	IP              string `json:"ip"`
	Key             string `json:"key"`
	SignatureScheme string `json:"signature_scheme"`
	ShellPort       int    `json:"shell_port"`
	IOPubPort       int    `json:"iopub_port"`
	StdinPort       int    `json:"stdin_port"`
	ControlPort     int    `json:"control_port"`
	HBPort          int    `json:"hb_port"`
	KernelName      string `json:"kernel_name"`
	JupyterSession  string `json:"jupyter_session,omitempty"`
}

// writeConnectionFile writes the connection file, readable by this user
// only: for ipc the sockets' path prefix in the private directory and the
// numbers 1 to 5, for tcp five free ports on 127.0.0.1.
func (k *Kernel) writeConnectionFile(opt Options) (string, error) {
	if err := k.chooseTransport(opt.Transport); err != nil {
		return "", err
	}
	ip, ports := k.ipcPrefix, make([]int, ipcPorts)
	for i := range ports {
		ports[i] = i + 1
	}
	if k.transport == TransportTCP {
		var err error
		if ports, err = k.launcher.pickPorts(5); err != nil {
			return "", err
		}
		ip, k.ports = "127.0.0.1", ports
	}
	k.channelPorts = ports
	conn := connection{
		Transport: string(k.transport), IP: ip, Key: string(k.signer.key), SignatureScheme: "hmac-sha256",
		ShellPort: ports[0], IOPubPort: ports[1], StdinPort: ports[2], ControlPort: ports[3], HBPort: ports[4],
		KernelName: k.Spec.Name, JupyterSession: opt.SessionName,
	}
	b, err := json.Marshal(conn)
	if err != nil {
		return "", fmt.Errorf("kernel: %w", err)
	}
	// GoNB takes its kernel id from the name kernel-<id>.json.
	connFile := filepath.Join(k.tmp, "kernel-"+newID(8)+".json")
	if err := os.WriteFile(connFile, b, 0o600); err != nil {
		return "", fmt.Errorf("kernel: %w", err)
	}
	return connFile, nil
}

// launch starts the kernel process and watches for its exit.
func (k *Kernel) launch(connFile string, opt Options) error {
	cmd := k.command(connFile, opt)
	out := io.Writer(k.logs)
	if opt.Output != nil {
		out = io.MultiWriter(k.logs, opt.Output)
	}
	cmd.Stdout, cmd.Stderr = out, out
	if err := cmd.Start(); err != nil {
		return fmt.Errorf("kernel: starting %s: %w", k.Spec.Name, err)
	}
	k.cmd = cmd
	go func() {
		werr := cmd.Wait()
		close(k.exited)
		k.die(fmt.Errorf("%w: process exited (%v)%s", ErrDied, werr, k.logs.String()))
	}()
	return nil
}

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
