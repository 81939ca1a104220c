package kernel

import (
	"context"
	"errors"
	"io"
	"os/exec"
	"strings"
	"sync"
	"sync/atomic"
	"syscall"
	"time"

	"github.com/go-zeromq/zmq4"
)

// Errors callers may test for with errors.Is.
var (
	ErrDied         = errors.New("kernel: the kernel died")
	ErrStartTimeout = errors.New("kernel: the kernel did not start in time")
	ErrTimeout      = errors.New("kernel: the cell timed out")
	ErrClosed       = errors.New("kernel: the kernel was shut down")
)

// Options configure Launcher.Start.
type Options struct {
	// Dir is the kernel's working directory.
	Dir string
	// Env holds KEY=VALUE pairs added to this process's environment and
	// the kernelspec's env; later entries win.
	Env []string
	// SessionName names the session, as Jupyter's server does with the
	// notebook's path: JPY_SESSION_NAME in the kernel's environment and
	// jupyter_session in the connection file. Empty leaves both out.
	SessionName string
	// StartupTimeout bounds the launch and handshake (default 60 s).
	StartupTimeout time.Duration
	// Output receives the kernel process's own stdout and stderr (logs);
	// nil discards them. The last 8 KiB are kept for error messages.
	Output io.Writer
	// HeartbeatInterval (default 1 s) and HeartbeatTimeout (default 5 s):
	// a kernel that answers no heartbeat for HeartbeatTimeout is dead.
	HeartbeatInterval, HeartbeatTimeout time.Duration
	// Transport is how the client and the kernel connect (see
	// Transport); TransportAuto, the zero value, is ipc for GoNB and
	// ipykernel unless the kernelspec says otherwise.
	Transport Transport
}

func (o Options) withDefaults() Options {
	if o.StartupTimeout <= 0 {
		o.StartupTimeout = 60 * time.Second
	}
	if o.HeartbeatInterval <= 0 {
		o.HeartbeatInterval = time.Second
	}
	if o.HeartbeatTimeout <= 0 {
		o.HeartbeatTimeout = 5 * time.Second
	}
	return o
}

// Kernel is a running kernel, started by Launcher.Start.
type Kernel struct {
	// Spec is the kernelspec the kernel was started from.
	Spec *Spec
	// Info is the content of the kernel_info_reply.
	Info Info

	launcher  *Launcher // it handed out ports; Shutdown gives them back
	cmd       *exec.Cmd
	tmp       string    // the private directory: connection file, kernel's TMPDIR
	kernelTmp string    // TMPDIR for the kernel, inside tmp ("" to leave it)
	cookie    string    // MarkerVar's value for this kernel's processes
	watchdog  *watchdog // ends them if nbrun is killed; nil where there is none
	ports     []int     // the tcp transport's ports, handed out by launcher
	transport Transport // ipc or tcp, settled before the connection file
	ipcPrefix string    // the ipc transport's socket paths, without -N
	// channelPorts are the connection file's ports, shell, iopub, stdin,
	// control, hb: tcp's ports, or ipc's 1 to 5.
	channelPorts []int
	signer       *Signer
	session      string
	ctx          context.Context
	cancel       context.CancelFunc

	shell, control, stdin, iopub, hb zmq4.Socket
	iopubCh, shellCh, controlCh      chan *Message
	stdinCh                          chan *Message

	died     chan struct{}
	dieOnce  sync.Once
	dieErr   error
	exited   chan struct{}
	logs     *tail
	bad      atomic.Int64
	sendMu   sync.Mutex
	shutOnce sync.Once
	ready    atomic.Bool // the handshake completed
	// conflicts are the errors of earlier starts on taken ports.
	conflicts []error
}

// PortConflicts returns why the starts before the one that succeeded
// failed: a port picked for the kernel was taken. It is empty when the
// first start succeeded.
func (k *Kernel) PortConflicts() []error { return k.conflicts }

// LanguageInfo returns language_info from the kernel_info_reply, as sent.
func (k *Kernel) LanguageInfo() map[string]any { return k.Info.LanguageInfo }

// Language returns the name in the kernel's language_info ("go",
// "python"), or "" when it has none or the name is not a string.
func (k *Kernel) Language() string {
	name, _ := k.Info.LanguageInfo["name"].(string)
	return name
}

// BadSignatures counts the messages dropped for a bad signature.
func (k *Kernel) BadSignatures() int64 { return k.bad.Load() }

// Died is closed when the kernel has died; Err then says why.
func (k *Kernel) Died() <-chan struct{} { return k.died }

// Err returns why the kernel died, or nil.
func (k *Kernel) Err() error {
	select {
	case <-k.died:
		return k.dieErr
	default:
		return nil
	}
}

// die records the first reason the kernel died and closes Died.
func (k *Kernel) die(err error) {
	k.dieOnce.Do(func() {
		k.dieErr = err
		close(k.died)
	})
}

// Pid returns the kernel's process id (its process group id too).
func (k *Kernel) Pid() int {
	if k.cmd == nil || k.cmd.Process == nil {
		return 0
	}
	return k.cmd.Process.Pid
}

// Interrupt interrupts the running cell: SIGINT to the kernel's process
// group, or an interrupt_request on the control channel, as the kernelspec
// says.
func (k *Kernel) Interrupt() error {
	if k.Spec.InterruptMode == "message" {
		_, err := k.send(k.control, InterruptRequest, struct{}{})
		return err
	}
	if k.cmd == nil || k.cmd.Process == nil {
		return ErrClosed
	}
	return syscall.Kill(-k.cmd.Process.Pid, syscall.SIGINT)
}

// tail keeps the last bytes written to it: the kernel's own output, for
// error messages.
type tail struct {
	mu  sync.Mutex
	buf []byte
	max int
}

func (t *tail) Write(p []byte) (int, error) {
	t.mu.Lock()
	defer t.mu.Unlock()
	t.buf = append(t.buf, p...)
	if len(t.buf) > t.max {
		t.buf = t.buf[len(t.buf)-t.max:]
	}
	return len(p), nil
}

// String returns the kept output as a suffix for error messages.
func (t *tail) String() string {
	t.mu.Lock()
	defer t.mu.Unlock()
	s := strings.TrimSpace(string(t.buf))
	if s == "" {
		return ""
	}
	return "\nkernel output (last lines):\n" + s
}
