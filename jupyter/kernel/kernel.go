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
	"slices"
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

// Kernel is a running kernel.
type Kernel struct {
	Spec *Spec
	// Info is the content of the kernel_info_reply.
	Info Info

	cmd       *exec.Cmd
	tmp       string // the private directory: connection file, kernel's TMPDIR
	kernelTmp string // TMPDIR for the kernel, inside tmp ("" to leave it)
	cookie    string // MarkerVar's value for this kernel's processes
	ports     []int
	signer    *Signer
	session   string
	ctx       context.Context
	cancel    context.CancelFunc

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

// Start launches the kernel described by spec and completes the handshake.
// On any error everything it started is ended and its directory removed.
//
// Like Jupyter's launcher, Start picks five free ports and closes them for
// the kernel to bind: another program may take one in between (parallel
// runs on a busy CI machine do). Then the kernel cannot bind, or something
// other than the kernel answers on the port; Start sees either, ends that
// kernel and starts it again on new ports, up to startAttempts times
// within the one StartupTimeout.
func Start(ctx context.Context, spec *Spec, opt Options) (*Kernel, error) {
	opt = opt.withDefaults()
	sweepOrphans()
	sctx, scancel := context.WithTimeout(ctx, opt.StartupTimeout)
	defer scancel()
	var conflicts []error
	for {
		k, err := startOnce(ctx, sctx, spec, opt)
		if err == nil {
			k.conflicts = conflicts
			return k, nil
		}
		conflicts = append(conflicts, err)
		if !errors.Is(err, errPortConflict) || len(conflicts) == startAttempts || sctx.Err() != nil {
			return k, err
		}
	}
}

// PortConflicts returns why the starts before the one that succeeded
// failed: a port picked for the kernel was taken. It is empty when the
// first start succeeded.
func (k *Kernel) PortConflicts() []error { return k.conflicts }

// startAttempts bounds the starts on fresh ports after a port conflict.
const startAttempts = 3

// errPortConflict marks a start that failed because a port picked for the
// kernel was taken by another program before the kernel bound it.
var errPortConflict = errors.New("a port picked for the kernel was taken by another program")

// startOnce makes one start on fresh ports; sctx bounds the whole start-up,
// ctx is the caller's.
func startOnce(ctx, sctx context.Context, spec *Spec, opt Options) (k *Kernel, err error) {
	k, err = newKernel(spec)
	if err != nil {
		return nil, err
	}
	defer func() {
		if err != nil {
			k.Shutdown(2 * time.Second)
			if errors.Is(err, ErrDied) && addressInUse(k.logs.String()) {
				err = fmt.Errorf("%w: %w", errPortConflict, err)
			}
		}
	}()
	connFile, err := k.writeConnectionFile(opt)
	if err != nil {
		return k, err
	}
	if err := k.launch(connFile, opt); err != nil {
		return k, err
	}
	actx, acancel := context.WithCancel(sctx)
	defer acancel()
	go func() { // a kernel that dies ends the start-up at once
		select {
		case <-k.died:
			acancel()
		case <-actx.Done():
		}
	}()
	if err := k.connect(actx); err != nil {
		if actx.Err() != nil {
			return k, k.startErr(ctx, opt)
		}
		return k, err
	}
	if err := k.handshake(actx); err != nil {
		if actx.Err() != nil {
			return k, k.startErr(ctx, opt)
		}
		return k, err
	}
	k.ready.Store(true)
	go k.heartbeat(opt.HeartbeatInterval, opt.HeartbeatTimeout)
	return k, nil
}

// addressInUse reports whether a kernel's log says it could not bind a
// port: ipykernel's ZMQError and Go's net errors both say so in these words.
func addressInUse(log string) bool {
	return strings.Contains(strings.ToLower(log), "address already in use")
}

// newKernel makes the private directory and the kernel's identity.
func newKernel(spec *Spec) (*Kernel, error) {
	// The directory's name holds its owner's identity, so that the next
	// run removes it when its owner was killed (sweepOrphans).
	owner := processIdentity(os.Getpid())
	tmp, err := os.MkdirTemp("", dirPrefix+owner+"-")
	if err != nil {
		return nil, fmt.Errorf("kernel: %w", err)
	}
	kctx, cancel := context.WithCancel(context.Background())
	k := &Kernel{
		Spec: spec, tmp: tmp, signer: NewSigner([]byte(newID(32))), session: newID(16),
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
	return k, nil
}

// writeConnectionFile picks five free ports and writes the connection
// file, readable by this user only.
func (k *Kernel) writeConnectionFile(opt Options) (string, error) {
	ports, err := pickPorts(5)
	if err != nil {
		return "", err
	}
	k.ports = ports
	conn := connection{
		Transport: "tcp", IP: "127.0.0.1", Key: string(k.signer.key), SignatureScheme: "hmac-sha256",
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

// connect dials the five sockets, subscribes to iopub and starts the
// receive loops.
func (k *Kernel) connect(ctx context.Context) error {
	addr := func(p int) string { return fmt.Sprintf("tcp://127.0.0.1:%d", p) }
	// Sends and receives give up after a while rather than block for ever
	// on a kernel that is gone; the receive loops simply try again.
	sockOpts := []zmq4.Option{zmq4.WithDialerRetry(20 * time.Millisecond), zmq4.WithDialerMaxRetries(-1),
		zmq4.WithTimeout(10 * time.Second)}
	// Sockets live as long as the kernel; Shutdown closes them, which also
	// stops a dial still retrying.
	k.shell = zmq4.NewDealer(k.ctx, append(sockOpts, zmq4.WithID(zmq4.SocketIdentity(k.session)))...)
	k.control = zmq4.NewDealer(k.ctx, append(sockOpts, zmq4.WithID(zmq4.SocketIdentity(k.session+"-c")))...)
	k.stdin = zmq4.NewDealer(k.ctx, append(sockOpts, zmq4.WithID(zmq4.SocketIdentity(k.session)))...)
	k.iopub = zmq4.NewSub(k.ctx, sockOpts...)
	k.hb = zmq4.NewReq(k.ctx, sockOpts...)
	dials := []struct {
		s    zmq4.Socket
		port int
		name string
	}{{k.shell, k.ports[0], "shell"}, {k.iopub, k.ports[1], "iopub"}, {k.stdin, k.ports[2], "stdin"}, {k.control, k.ports[3], "control"}, {k.hb, k.ports[4], "hb"}}
	dialErr := make(chan error, len(dials))
	for _, d := range dials {
		go func() {
			if err := d.s.Dial(addr(d.port)); err != nil {
				// Dials retry while nothing listens, so an error here
				// means that something other than the kernel answered.
				dialErr <- fmt.Errorf("%s port %d: %w (%w)", d.name, d.port, errPortConflict, err)
				return
			}
			dialErr <- nil
		}()
	}
	for range dials {
		select {
		case err := <-dialErr:
			if err != nil {
				return fmt.Errorf("kernel: connecting to %s: %w", k.Spec.Name, err)
			}
		case <-ctx.Done():
			return ctx.Err()
		}
	}
	if err := k.iopub.SetOption(zmq4.OptionSubscribe, ""); err != nil {
		return fmt.Errorf("kernel: subscribing to iopub: %w", err)
	}
	go k.recvLoop(k.iopub, k.iopubCh)
	go k.recvLoop(k.shell, k.shellCh)
	go k.recvLoop(k.control, k.controlCh)
	go k.recvLoop(k.stdin, k.stdinCh)
	return nil
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

// handshakeInterval is how often kernel_info_request is sent until the
// handshake completes.
const handshakeInterval = 200 * time.Millisecond

// handshake sends kernel_info_request every handshakeInterval until a reply
// has arrived and iopub has delivered at least one message. It keeps
// asking after the reply: a reply alone does not prove that the SUB socket
// has joined (ZeroMQ drops what a PUB socket sends before a subscription
// takes effect), so the status messages of the requests answered so far
// may be lost for good, and only a new request makes new ones.
func (k *Kernel) handshake(ctx context.Context) error {
	gotIOPub := false
	var reply *Message
	t := time.NewTicker(handshakeInterval)
	defer t.Stop()
	for reply == nil || !gotIOPub {
		if _, err := k.send(k.shell, KernelInfoRequest, struct{}{}); err != nil {
			return err
		}
	wait:
		for reply == nil || !gotIOPub {
			select {
			case m := <-k.shellCh:
				if m.Header.MsgType == KernelInfoReply && reply == nil {
					reply = m
				}
			case <-k.iopubCh:
				gotIOPub = true
			case <-t.C:
				break wait
			case <-ctx.Done():
				return ctx.Err()
			}
		}
	}
	if err := reply.Decode(&k.Info); err != nil {
		return err
	}
	// Drain what the handshake left on iopub (status messages); later
	// ones carry a kernel_info parent and are ignored by Execute.
	for {
		select {
		case <-k.iopubCh:
		default:
			return nil
		}
	}
}

// Info is the content of a kernel_info_reply.
type Info struct {
	Status                ReplyStatus `json:"status"`
	ProtocolVersion       string      `json:"protocol_version"`
	Implementation        string      `json:"implementation"`
	ImplementationVersion string      `json:"implementation_version"`
	Banner                string      `json:"banner"`
	// LanguageInfo is kept as the kernel sent it, to be copied into a
	// notebook's metadata whole; Language reads its name.
	LanguageInfo map[string]any `json:"language_info"`
}

// LanguageInfo returns language_info from the kernel_info_reply, as sent.
func (k *Kernel) LanguageInfo() map[string]any { return k.Info.LanguageInfo }

// Language returns the name in the kernel's language_info ("go",
// "python"), or "".
func (k *Kernel) Language() string {
	var li struct {
		Name string `json:"name"`
	}
	b, _ := json.Marshal(k.Info.LanguageInfo)
	json.Unmarshal(b, &li)
	return li.Name
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
func (k *Kernel) send(s zmq4.Socket, msgType MsgType, content any) (string, error) {
	return k.sendMsg(s, msgType, content, nil)
}

// sendMsg sends a message, as a reply to parent when parent is not nil.
func (k *Kernel) sendMsg(s zmq4.Socket, msgType MsgType, content any, parent *Header) (string, error) {
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
		_, err := k.send(k.control, InterruptRequest, struct{}{})
		return err
	}
	if k.cmd == nil || k.cmd.Process == nil {
		return ErrClosed
	}
	return syscall.Kill(-k.cmd.Process.Pid, syscall.SIGINT)
}

// Shutdown ends the kernel and everything started on its behalf, and
// removes its directory. It is safe to call more than once, and in every
// state: a kernel that never finished starting, one that died, one that
// hangs.
//
// The steps, as jupyter_client's: a shutdown_request on the control
// channel, waiting up to grace for the reply and the exit; then SIGTERM to
// the kernel's process group and to every process that carries the
// kernel's marker (MarkerVar) in its environment or descends from the
// kernel (helpers such as GoNB's gopls run in groups of their own), up to
// grace again for them to go; then SIGKILL to what is left, repeated until
// nothing is. The marker is inherited, so a helper whose parent died and
// which init adopted is still found.
func (k *Kernel) Shutdown(grace time.Duration) error {
	k.shutOnce.Do(func() {
		if grace <= 0 {
			grace = 3 * time.Second
		}
		// The kernel's descendants before it is asked to go: one that
		// cleared its environment is found by nothing else once the kernel
		// has exited.
		before := k.descendants()
		k.requestShutdown(grace)
		k.endProcesses(grace, before)
		if k.cmd != nil {
			<-k.exited
		}
		k.die(ErrClosed)
		k.cancel()
		for _, s := range []zmq4.Socket{k.shell, k.control, k.stdin, k.iopub, k.hb} {
			if s != nil {
				s.Close()
			}
		}
		releasePorts(k.ports)
		os.RemoveAll(k.tmp)
	})
	return nil
}

// requestShutdown asks a live kernel to shut down and waits up to grace
// for it to exit.
func (k *Kernel) requestShutdown(grace time.Duration) {
	if !k.ready.Load() || k.Err() != nil {
		return
	}
	if _, err := k.send(k.control, ShutdownRequest, struct {
		Restart bool `json:"restart"`
	}{}); err != nil {
		return
	}
	t := time.NewTimer(grace)
	defer t.Stop()
	for {
		select {
		case <-k.controlCh: // the reply, or anything else: wait for the exit
		case <-k.exited:
			return
		case <-t.C:
			return
		}
	}
}

// descendants returns the running kernel's descendants with their start
// times.
func (k *Kernel) descendants() map[int]uint64 {
	if k.cmd == nil || k.cmd.Process == nil {
		return nil
	}
	select {
	case <-k.exited:
		return nil
	default:
	}
	out := map[int]uint64{}
	for _, p := range descendants(k.cmd.Process.Pid) {
		if st, ok := startTime(p); ok {
			out[p] = st
		}
	}
	return out
}

// endProcesses sends SIGTERM to the kernel and its helpers, waits up to
// grace, then SIGKILLs whatever is left until nothing is. before lists
// descendants seen earlier, ended too while they are the same processes.
func (k *Kernel) endProcesses(grace time.Duration, before map[int]uint64) {
	if k.cmd == nil || k.cmd.Process == nil {
		return
	}
	pid := k.cmd.Process.Pid
	kernelRunning := func() bool {
		select {
		case <-k.exited:
			return false
		default:
			return true
		}
	}
	targets := func() []int {
		var pids []int
		if kernelRunning() {
			// Only while the kernel is not reaped: its pid cannot have
			// been reused yet.
			pids = append(pids, pid)
			pids = append(pids, descendants(pid)...)
		}
		pids = append(pids, markedProcesses(MarkerVar+"="+k.cookie)...)
		for p, st := range before {
			if now, ok := startTime(p); ok && now == st {
				pids = append(pids, p)
			}
		}
		slices.Sort(pids)
		return slices.Compact(pids)
	}
	send := func(sig syscall.Signal, pids []int) {
		if kernelRunning() {
			syscall.Kill(-pid, sig) // the kernel's process group
		}
		for _, p := range pids {
			signal(p, sig)
		}
	}
	// waitGone polls until none of pids is alive or d has passed.
	waitGone := func(pids []int, d time.Duration) []int {
		deadline := time.Now().Add(d)
		for {
			pids = slices.DeleteFunc(pids, func(p int) bool { return !alive(p) })
			if len(pids) == 0 || time.Now().After(deadline) {
				return pids
			}
			time.Sleep(20 * time.Millisecond)
		}
	}
	pids := targets()
	if len(pids) == 0 {
		return
	}
	send(syscall.SIGTERM, pids)
	waitGone(pids, grace)
	// New helpers may appear while others end: look again each round.
	for range 20 {
		pids = targets()
		if len(pids) == 0 {
			return
		}
		send(syscall.SIGKILL, pids)
		waitGone(pids, time.Second)
	}
}

// maxKernelTmp is the longest kernel TMPDIR that leaves room for GoNB's
// gopls socket inside it.
const maxKernelTmp = 107 - 27 - 4

// dirPrefix begins the name of a kernel's private directory in the
// temporary directory; the owner's processIdentity and a random suffix
// follow, as in nbrun-kernel-4242.81234567-1803321.
const dirPrefix = "nbrun-kernel-"

// sweepOrphans ends what a kernel whose nbrun was itself killed left
// behind (SIGKILL leaves no chance to clean up): the processes whose
// marker names an owner process that no longer runs, then the private
// directories of such owners.
func sweepOrphans() {
	for _, pids := range orphanedCookies(MarkerVar) {
		for _, p := range pids {
			signal(p, syscall.SIGKILL)
		}
	}
	removeOrphanedDirs(os.TempDir())
}

// removeOrphanedDirs removes the kernel directories in dir whose owner no
// longer runs. A directory whose name holds no owner, or whose owner runs
// (a parallel nbrun, this one), is left alone.
func removeOrphanedDirs(dir string) {
	ents, err := os.ReadDir(dir)
	if err != nil {
		return
	}
	for _, e := range ents {
		if owner, ok := dirOwner(e.Name()); ok && e.IsDir() && !ownerAlive(owner) && ownedByMe(filepath.Join(dir, e.Name())) {
			os.RemoveAll(filepath.Join(dir, e.Name()))
		}
	}
}

// dirOwner returns the owner's processIdentity from a kernel directory's
// name.
func dirOwner(name string) (string, bool) {
	rest, ok := strings.CutPrefix(name, dirPrefix)
	if !ok {
		return "", false
	}
	i := strings.LastIndexByte(rest, '-')
	if i <= 0 {
		return "", false
	}
	pid, start, ok := strings.Cut(rest[:i], ".")
	if !ok || !allDigits(pid) || !allDigits(start) {
		return "", false
	}
	return rest[:i], true
}

func allDigits(s string) bool {
	return s != "" && strings.Trim(s, "0123456789") == ""
}

// Pid returns the kernel's process id (its process group id too).
func (k *Kernel) Pid() int {
	if k.cmd == nil || k.cmd.Process == nil {
		return 0
	}
	return k.cmd.Process.Pid
}

// Dir returns the kernel's private directory (connection file, the
// kernel's TMPDIR); Shutdown removes it.
func (k *Kernel) Dir() string { return k.tmp }

// Ports handed to kernels of this process and not yet released: the
// operating system may give a port just closed by one freePorts call to
// the next, so parallel kernels could otherwise be told the same port
// (jupyter_client keeps a LocalPortCache for the same reason).
var (
	portsMu   sync.Mutex
	portsUsed = map[int]bool{}
)

// pickPorts is freePorts; tests replace it to hand out a taken port.
var pickPorts = freePorts

func freePorts(n int) ([]int, error) {
	portsMu.Lock()
	defer portsMu.Unlock()
	ports := make([]int, 0, n)
	var ls []net.Listener
	defer func() {
		for _, l := range ls {
			l.Close()
		}
	}()
	for tries := 0; len(ports) < n; tries++ {
		if tries > 100*n {
			return nil, errors.New("kernel: finding a free port: every port offered is in use by another kernel")
		}
		l, err := net.Listen("tcp", "127.0.0.1:0")
		if err != nil {
			return nil, fmt.Errorf("kernel: finding a free port: %w", err)
		}
		ls = append(ls, l)
		p := l.Addr().(*net.TCPAddr).Port
		if portsUsed[p] {
			continue
		}
		portsUsed[p] = true
		ports = append(ports, p)
	}
	return ports, nil
}

func releasePorts(ports []int) {
	portsMu.Lock()
	defer portsMu.Unlock()
	for _, p := range ports {
		delete(portsUsed, p)
	}
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
