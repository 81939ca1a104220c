package kernel

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"sync"
	"time"
)

// A Launcher starts kernels. It holds what the kernels it starts share,
// the ports handed to them and not yet released, so that no two live
// kernels of one Launcher are told the same port (jupyter_client keeps a
// LocalPortCache for the same reason: the operating system may offer a
// port just closed for one kernel to the next); and before each start it
// sweeps away what runs killed with SIGKILL left behind.
//
// One process should start all its kernels through one Launcher (nbrun
// makes one for all its parallel jobs): two Launchers, like two
// processes, do not see each other's ports. Kernels of two Launchers or
// two nbruns are kept apart all the same, only later: the kernel that
// loses the race cannot bind its port and exits with "address already in
// use", or its client's dial reaches a socket of another kind, and Start
// starts it again on fresh ports.
//
// The zero value is ready to use. A Launcher is safe for concurrent use
// and must not be copied after first use.
type Launcher struct {
	mu sync.Mutex
	// used holds the ports handed to kernels and not yet released.
	used map[int]bool
	// pick picks a kernel's n ports; nil is freePorts. Tests replace it
	// to hand out a taken port.
	pick func(n int) ([]int, error)
}

// NewLauncher returns a Launcher that has handed out no port.
func NewLauncher() *Launcher { return &Launcher{} }

// Start launches the kernel described by spec and completes the handshake.
// On any error everything it started is ended and its directory removed.
// Before it starts anything it ends what kernels of killed runs left
// behind (see the package's documentation).
//
// Over ipc (Options.Transport, TransportAuto for GoNB and ipykernel) the
// kernel binds Unix socket files in its private directory, which nothing
// else can take. Over tcp, like Jupyter's launcher, Start picks five free
// ports and closes them for the kernel to bind: another program may take
// one in between (parallel runs on a busy CI machine do). Then the kernel
// cannot bind, or something other than the kernel answers on the port;
// Start sees either, ends that kernel and starts it again on new ports, up
// to startAttempts times within the one StartupTimeout.
func (l *Launcher) Start(ctx context.Context, spec *Spec, opt Options) (*Kernel, error) {
	opt = opt.withDefaults()
	switch opt.Transport {
	case TransportAuto, TransportIPC, TransportTCP:
	default:
		return nil, fmt.Errorf("%w %q in Options.Transport (want \"\", ipc or tcp)", ErrTransport, string(opt.Transport))
	}
	l.sweep()
	sctx, scancel := context.WithTimeout(ctx, opt.StartupTimeout)
	defer scancel()
	var conflicts []error
	for {
		k, err := l.startOnce(ctx, sctx, spec, opt)
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

// startAttempts bounds the starts on fresh ports after a port conflict.
const startAttempts = 3

// errPortConflict marks a start that failed because a port picked for the
// kernel was taken by another program before the kernel bound it.
var errPortConflict = errors.New("a port picked for the kernel was taken by another program")

// startOnce makes one start on fresh ports; sctx bounds the whole start-up,
// ctx is the caller's.
func (l *Launcher) startOnce(ctx, sctx context.Context, spec *Spec, opt Options) (k *Kernel, err error) {
	k, err = newKernel(l, spec)
	if err != nil {
		return nil, err
	}
	defer func() {
		if err != nil {
			k.Shutdown(2 * time.Second)
			if k.transport == TransportTCP && errors.Is(err, ErrDied) && addressInUse(k.logs.String()) {
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

// startErr says why a start-up whose context ended failed: the kernel
// died, the caller gave up, or the start-up timed out.
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
