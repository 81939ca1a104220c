package kernel

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net"
	"os"
	"os/exec"
	"path/filepath"
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

// Options configure Start.
type Options struct {
	// Dir is the kernel's working directory.
	Dir string
	// Env holds KEY=VALUE pairs added to this process's environment and
	// the kernelspec's env; later entries win.
	Env []string
	// StartupTimeout bounds the launch and handshake (default 60 s).
	StartupTimeout time.Duration
	// Output receives the kernel process's own stdout and stderr (logs);
	// nil discards them. The last 8 KiB are kept for error messages.
	Output io.Writer
	// HeartbeatInterval (default 1 s) and HeartbeatTimeout (default 5 s):
	// a kernel that answers no heartbeat for HeartbeatTimeout is dead.
	HeartbeatInterval, HeartbeatTimeout time.Duration
}

// Kernel is a running kernel.
type Kernel struct {
	Spec *Spec
	// Info is the content of the kernel_info_reply.
	Info map[string]any

	cmd     *exec.Cmd
	tmp     string
	signer  *Signer
	session string
	ctx     context.Context
	cancel  context.CancelFunc

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
}

// Start launches the kernel described by spec and completes the handshake.
func Start(ctx context.Context, spec *Spec, opt Options) (k *Kernel, err error) {
	if opt.StartupTimeout <= 0 {
		opt.StartupTimeout = 60 * time.Second
	}
	if opt.HeartbeatInterval <= 0 {
		opt.HeartbeatInterval = time.Second
	}
	if opt.HeartbeatTimeout <= 0 {
		opt.HeartbeatTimeout = 5 * time.Second
	}
	tmp, err := os.MkdirTemp("", "nbrun-kernel-")
	if err != nil {
		return nil, fmt.Errorf("kernel: %w", err)
	}
	kctx, cancel := context.WithCancel(context.Background())
	key := []byte(newID(32))
	k = &Kernel{
		Spec: spec, tmp: tmp, signer: NewSigner(key), session: newID(16),
		ctx: kctx, cancel: cancel,
		iopubCh: make(chan *Message, 1024), shellCh: make(chan *Message, 64),
		controlCh: make(chan *Message, 64), stdinCh: make(chan *Message, 16),
		died: make(chan struct{}), exited: make(chan struct{}), logs: &tail{max: 8 << 10},
	}
	defer func() {
		if err != nil {
			k.Shutdown(2 * time.Second)
		}
	}()

	ports, err := freePorts(5)
	if err != nil {
		return k, err
	}
	id := newID(8)
	connFile := filepath.Join(tmp, "kernel-"+id+".json")
	conn := map[string]any{
		"transport": "tcp", "ip": "127.0.0.1", "key": string(key), "signature_scheme": "hmac-sha256",
		"shell_port": ports[0], "iopub_port": ports[1], "stdin_port": ports[2], "control_port": ports[3], "hb_port": ports[4],
		"kernel_name": spec.Name,
	}
	b, _ := json.Marshal(conn)
	if err := os.WriteFile(connFile, b, 0o600); err != nil {
		return k, fmt.Errorf("kernel: %w", err)
	}

	argv := make([]string, len(spec.Argv))
	for i, a := range spec.Argv {
		a = strings.ReplaceAll(a, "{connection_file}", connFile)
		argv[i] = strings.ReplaceAll(a, "{resource_dir}", spec.Dir)
	}
	cmd := exec.Command(argv[0], argv[1:]...)
	cmd.Dir = opt.Dir
	cmd.Env = os.Environ()
	for k, v := range spec.Env {
		cmd.Env = append(cmd.Env, k+"="+v)
	}
	cmd.Env = append(cmd.Env, opt.Env...)
	out := io.Writer(k.logs)
	if opt.Output != nil {
		out = io.MultiWriter(k.logs, opt.Output)
	}
	cmd.Stdout, cmd.Stderr = out, out
	cmd.SysProcAttr = &syscall.SysProcAttr{Setpgid: true, Pdeathsig: syscall.SIGKILL}
	if err := cmd.Start(); err != nil {
		return k, fmt.Errorf("kernel: starting %s: %w", spec.Name, err)
	}
	k.cmd = cmd
	go func() {
		werr := cmd.Wait()
		close(k.exited)
		k.die(fmt.Errorf("%w: process exited (%v)%s", ErrDied, werr, k.logs.String()))
	}()

	sctx, scancel := context.WithTimeout(ctx, opt.StartupTimeout)
	defer scancel()
	go func() {
		select {
		case <-k.died:
			scancel()
		case <-sctx.Done():
		}
	}()
	addr := func(p int) string { return fmt.Sprintf("tcp://127.0.0.1:%d", p) }
	// Sends and receives give up after a while rather than block for ever
	// on a kernel that is gone; the receive loops simply try again.
	sockOpts := []zmq4.Option{zmq4.WithDialerRetry(20 * time.Millisecond), zmq4.WithDialerMaxRetries(-1),
		zmq4.WithTimeout(10 * time.Second)}
	// Sockets live as long as the kernel; dialing stops with the start-up
	// context by closing them.
	k.shell = zmq4.NewDealer(kctx, append(sockOpts, zmq4.WithID(zmq4.SocketIdentity(k.session)))...)
	k.control = zmq4.NewDealer(kctx, append(sockOpts, zmq4.WithID(zmq4.SocketIdentity(k.session+"-c")))...)
	k.stdin = zmq4.NewDealer(kctx, append(sockOpts, zmq4.WithID(zmq4.SocketIdentity(k.session)))...)
	k.iopub = zmq4.NewSub(kctx, sockOpts...)
	k.hb = zmq4.NewReq(kctx, sockOpts...)
	dials := []struct {
		s    zmq4.Socket
		port int
		name string
	}{{k.shell, ports[0], "shell"}, {k.iopub, ports[1], "iopub"}, {k.stdin, ports[2], "stdin"}, {k.control, ports[3], "control"}, {k.hb, ports[4], "hb"}}
	dialErr := make(chan error, len(dials))
	for _, d := range dials {
		go func() {
			if err := d.s.Dial(addr(d.port)); err != nil {
				dialErr <- fmt.Errorf("%s: %w", d.name, err)
				return
			}
			dialErr <- nil
		}()
	}
	for range dials {
		select {
		case err := <-dialErr:
			if err != nil {
				return k, fmt.Errorf("kernel: connecting to %s: %w", spec.Name, err)
			}
		case <-sctx.Done():
			return k, k.startErr(ctx, opt)
		}
	}
	if err := k.iopub.SetOption(zmq4.OptionSubscribe, ""); err != nil {
		return k, fmt.Errorf("kernel: subscribing to iopub: %w", err)
	}
	go k.recvLoop(k.iopub, k.iopubCh)
	go k.recvLoop(k.shell, k.shellCh)
	go k.recvLoop(k.control, k.controlCh)
	go k.recvLoop(k.stdin, k.stdinCh)

	if err := k.handshake(sctx); err != nil {
		if sctx.Err() != nil {
			return k, k.startErr(ctx, opt)
		}
		return k, err
	}
	k.ready.Store(true)
	go k.heartbeat(opt.HeartbeatInterval, opt.HeartbeatTimeout)
	return k, nil
}

func (k *Kernel) startErr(ctx context.Context, opt Options) error {
	select {
	case <-k.died:
		return k.dieErr
	default:
	}
	if ctx.Err() != nil {
		return ctx.Err()
	}
	return fmt.Errorf("%w: no answer from %s within %v%s", ErrStartTimeout, k.Spec.Name, opt.StartupTimeout, k.logs.String())
}

// handshake sends kernel_info_request until a reply arrives and iopub has
// delivered at least one message.
func (k *Kernel) handshake(ctx context.Context) error {
	gotIOPub := false
	var reply *Message
	for reply == nil || !gotIOPub {
		if reply == nil {
			if _, err := k.send(k.shell, "kernel_info_request", map[string]any{}); err != nil {
				return err
			}
		}
		t := time.NewTimer(500 * time.Millisecond)
	wait:
		for {
			select {
			case m := <-k.shellCh:
				if m.Header.MsgType == "kernel_info_reply" && reply == nil {
					reply = m
				}
			case <-k.iopubCh:
				gotIOPub = true
			case <-t.C:
				break wait
			case <-ctx.Done():
				t.Stop()
				return ctx.Err()
			}
			if reply != nil && gotIOPub {
				t.Stop()
				break wait
			}
		}
	}
	if err := reply.Decode(&k.Info); err != nil {
		return err
	}
	// Drain what the handshake left on iopub (status messages).
	for {
		select {
		case <-k.iopubCh:
		default:
			return nil
		}
	}
}

// LanguageInfo returns language_info from the kernel_info_reply.
func (k *Kernel) LanguageInfo() map[string]any {
	li, _ := k.Info["language_info"].(map[string]any)
	return li
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

func (k *Kernel) die(err error) {
	k.dieOnce.Do(func() {
		k.dieErr = err
		close(k.died)
	})
}

func (k *Kernel) recvLoop(s zmq4.Socket, ch chan<- *Message) {
	for {
		msg, err := s.Recv()
		if err != nil {
			if k.ctx.Err() != nil {
				return
			}
			// A closed connection ends the loop; the process watcher or
			// the heartbeat reports the death.
			if errors.Is(err, io.EOF) || errors.Is(err, net.ErrClosed) || strings.Contains(err.Error(), "closed") {
				return
			}
			continue
		}
		m, err := k.signer.DecodeFrames(msg.Frames)
		if err != nil {
			if errors.Is(err, ErrSignature) {
				k.bad.Add(1)
			}
			continue
		}
		select {
		case ch <- m:
		case <-k.ctx.Done():
			return
		}
	}
}

// send signs and sends a request; it returns the msg_id.
func (k *Kernel) send(s zmq4.Socket, msgType string, content any) (string, error) {
	return k.sendMsg(s, msgType, content, nil)
}

// sendMsg sends a message, as a reply to parent when parent is not nil.
func (k *Kernel) sendMsg(s zmq4.Socket, msgType string, content any, parent *Header) (string, error) {
	c, err := json.Marshal(content)
	if err != nil {
		return "", err
	}
	m := &Message{Header: Header{MsgID: newID(16), Session: k.session, Username: "nbrun", Date: now(),
		MsgType: msgType, Version: ProtocolVersion}, Content: c}
	if parent != nil {
		pb, _ := json.Marshal(parent)
		json.Unmarshal(pb, &m.Parent)
	}
	frames, err := k.signer.EncodeFrames(m)
	if err != nil {
		return "", err
	}
	k.sendMu.Lock()
	defer k.sendMu.Unlock()
	if err := s.Send(zmq4.NewMsgFrom(frames...)); err != nil {
		return "", fmt.Errorf("kernel: sending %s: %w", msgType, err)
	}
	return m.Header.MsgID, nil
}

// heartbeat pings the kernel and declares it dead when no answer comes for
// the timeout.
func (k *Kernel) heartbeat(interval, timeout time.Duration) {
	replies := make(chan struct{}, 1)
	go func() {
		for {
			if err := k.hb.Send(zmq4.NewMsgString("ping")); err != nil {
				return
			}
			if _, err := k.hb.Recv(); err != nil {
				return
			}
			select {
			case replies <- struct{}{}:
			case <-k.ctx.Done():
				return
			}
			select {
			case <-time.After(interval):
			case <-k.ctx.Done():
				return
			}
		}
	}()
	last := time.Now()
	tick := time.NewTicker(interval / 2)
	defer tick.Stop()
	for {
		select {
		case <-replies:
			last = time.Now()
		case <-tick.C:
			if time.Since(last) > timeout {
				k.die(fmt.Errorf("%w: no heartbeat for %v%s", ErrDied, timeout.Round(time.Second), k.logs.String()))
				return
			}
		case <-k.ctx.Done():
			return
		case <-k.died:
			return
		}
	}
}

// Interrupt interrupts the running cell: SIGINT to the kernel's process
// group, or an interrupt_request on the control channel, as the kernelspec
// says.
func (k *Kernel) Interrupt() error {
	if k.Spec.InterruptMode == "message" {
		_, err := k.send(k.control, "interrupt_request", map[string]any{})
		return err
	}
	if k.cmd == nil || k.cmd.Process == nil {
		return ErrClosed
	}
	return syscall.Kill(-k.cmd.Process.Pid, syscall.SIGINT)
}

// Shutdown asks the kernel to shut down, waits up to grace for it to exit,
// then kills its process group, closes the sockets and removes the
// connection file. It is safe to call more than once.
func (k *Kernel) Shutdown(grace time.Duration) error {
	k.shutOnce.Do(func() {
		if k.ready.Load() && k.Err() == nil {
			if _, err := k.send(k.control, "shutdown_request", map[string]any{"restart": false}); err == nil {
				t := time.NewTimer(grace)
			wait:
				for {
					select {
					case m := <-k.controlCh:
						if m.Header.MsgType == "shutdown_reply" {
							break wait
						}
					case <-k.exited:
						break wait
					case <-t.C:
						break wait
					}
				}
				t.Stop()
			}
		}
		if k.cmd != nil && k.cmd.Process != nil {
			select {
			case <-k.exited:
			case <-time.After(grace):
			}
			// The whole group: the kernel and whatever it started.
			syscall.Kill(-k.cmd.Process.Pid, syscall.SIGKILL)
			<-k.exited
		}
		k.die(ErrClosed)
		k.cancel()
		for _, s := range []zmq4.Socket{k.shell, k.control, k.stdin, k.iopub, k.hb} {
			if s != nil {
				s.Close()
			}
		}
		os.RemoveAll(k.tmp)
	})
	return nil
}

// Pid returns the kernel's process id (its process group id too).
func (k *Kernel) Pid() int {
	if k.cmd == nil || k.cmd.Process == nil {
		return 0
	}
	return k.cmd.Process.Pid
}

func freePorts(n int) ([]int, error) {
	ports := make([]int, n)
	ls := make([]net.Listener, n)
	for i := range n {
		l, err := net.Listen("tcp", "127.0.0.1:0")
		if err != nil {
			return nil, fmt.Errorf("kernel: finding a free port: %w", err)
		}
		ls[i] = l
		ports[i] = l.Addr().(*net.TCPAddr).Port
	}
	for _, l := range ls {
		l.Close()
	}
	return ports, nil
}

// tail keeps the last bytes written to it.
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
