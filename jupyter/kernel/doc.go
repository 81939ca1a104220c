// Package kernel starts Jupyter kernels and talks to them over the Jupyter
// messaging protocol (version 5.3), with ZeroMQ from github.com/go-zeromq/zmq4.
//
// Find locates a kernelspec along Jupyter's data paths. A Launcher's
// Start writes a connection file (mode 0600, in a private temporary
// directory of mode 0700, a random key, hmac-sha256), launches the kernel,
// connects the shell, control, stdin, iopub and heartbeat sockets, and
// shakes hands.
//
//	launcher := kernel.NewLauncher() // one for the whole process
//	spec, err := kernel.Find("python3", os.Getenv)
//	k, err := launcher.Start(ctx, spec, kernel.Options{Dir: notebookDir})
//	defer k.Shutdown(3 * time.Second)
//	res, err := k.Execute(ctx, "1+1", kernel.ExecOptions{}, onIOPub)
//
// The Launcher holds what the kernels of a process share, the tcp ports
// handed to live kernels, and sweeps away what killed runs left behind.
// The package itself holds no state, so one process should start all its
// kernels through one Launcher: two Launchers, like two processes, may
// pick the same free port, and are then kept apart only by the retry
// described below.
//
// # Transports: socket files or ports
//
// Options.Transport chooses how the client and the kernel connect, as a
// connection file's "transport" does. TransportIPC is Unix socket files:
// the connection file's "ip" is the path prefix <dir>/k in the kernel's
// private directory and its ports are 1 to 5, each channel's socket
// <dir>/k-N (ipc://<ip>-<port>, as jupyter_client, ipykernel and GoNB
// build it). No port is picked, so none can be taken before the kernel
// binds it, and only this user reaches the sockets, through the 0700
// directory. TransportTCP is five ports on 127.0.0.1. TransportAuto, the
// zero value, is the kernelspec's metadata.nbrun.transport when it gives
// one ("ipc" or "tcp"), else ipc for kernels known to bind ipc endpoints,
// GoNB and ipykernel (Spec.AutoTransport), else tcp. A Unix socket path
// holds at most 107 bytes: where the private directory is too deep for
// <dir>/k-5 (a long TMPDIR), auto uses tcp, and ipc asked for (by the
// options or the kernelspec) fails with ErrSocketPathTooLong, which says
// so. Kernel.Transport tells which one a kernel uses. ipykernel also
// binds one TCP port of its own on 127.0.0.1, whatever the transport, for
// the output of forked subprocesses (its IOPub pipe, which takes only
// messages carrying a random token).
//
// # Launching as Jupyter does
//
// What jupyter_client's launcher and local provisioner, and nbclient, do
// when they start a kernel, and what Start matches:
//
//   - argv: {connection_file} and {resource_dir} substituted; for IPython
//     kernels (kernelspec named python, python2 or python3, as
//     jupyter_client's KernelManager.ipykernel, or one that runs
//     ipykernel_launcher) nbclient's --HistoryManager.hist_file=:memory:
//     is appended unless argv sets a history file, so parallel kernels
//     never contend on one SQLite file.
//   - environment: this process's, then the kernelspec's env with $NAME
//     and ${NAME} filled from it (string.Template.safe_substitute:
//     unknown names stay as written), PYTHONEXECUTABLE removed for Python
//     kernels, JPY_PARENT_PID set to this process's pid (ipykernel exits
//     when that process dies; GoNB takes GONB_JUPYTER_ROOT, the root for
//     %wasm and file links, from its working directory), and
//     JPY_SESSION_NAME set to Options.SessionName (the notebook's path, as
//     Jupyter's server sets it; also jupyter_session in the connection
//     file). Options.Env comes last.
//   - working directory: Options.Dir (nbclient uses the notebook's).
//   - process: a new session (start_new_session), so the kernel leads its
//     own process group and has no controlling terminal; interrupts go to
//     that group (interrupt_mode signal) or as interrupt_request on the
//     control channel (interrupt_mode message).
//   - ports (tcp): five free ports on 127.0.0.1, never handed to two live
//     kernels of one Launcher at once (jupyter_client's LocalPortCache).
//
// Beyond jupyter_client, a tcp start whose port was taken by another program
// between being picked and being bound (the kernel exits with "address
// already in use", or a socket of another kind answers the dial) is
// started again on fresh ports, up to three times within the one
// start-up timeout: parallel runs on a busy CI machine do collide. Two
// nbruns side by side, each with its own Launcher, are kept apart the same
// way: the kernel that binds a port second cannot, exits, and is started
// again.
//
// The kernel's TMPDIR is a directory inside the private one (when its path
// is short enough for the Unix sockets GoNB makes there), so whatever the
// kernel leaves there goes with it, as its ipc socket files do.
//
// # Start-up that always completes
//
// The handshake sends kernel_info_request every 200 ms until a reply has
// arrived and iopub has delivered a message. It keeps asking after the
// reply: ZeroMQ drops what a PUB socket sends before the subscription has
// joined (the slow joiner), so the status messages of the first requests
// may be lost, and only a new request makes new ones.
//
// # Nothing outlives the Kernel
//
// Every process started on the kernel's behalf carries MarkerVar in its
// environment, inherited from the kernel. Shutdown asks politely
// (shutdown_request), then sends SIGTERM to the kernel's group, to every
// process carrying the marker (GoNB's gopls runs in a process group of its
// own and outlives a killed GoNB) and to the kernel's descendants, then
// SIGKILL to what is left, until nothing is; and it removes the private
// directory. It does so after a failed start, a dead kernel, a hung one and
// a cancelled context alike.
//
// If this process is killed with SIGKILL, the kernel dies with it (a
// parent-death signal), and a watchdog started beside the kernel ends the
// rest: /bin/sh in a session of its own, without the marker, reading a
// pipe whose write end only this process holds. When the pipe closes
// (this process gone, or Shutdown done) it SIGKILLs every process whose
// environment holds the kernel's marker, sweeping until a sweep finds
// none, removes the private directory and exits; Shutdown waits for it.
// As a second line of defence, every Start first ends the marked processes of
// a run that was itself killed with SIGKILL (the marker names its owner's
// pid and start time) and removes that run's private directories
// (nbrun-kernel-PID.START-N in the temporary directory: the name names the
// owner too); a directory whose owner still runs is never touched. A helper
// that clears its environment and leaves the kernel's process tree before
// Shutdown is the one case that cannot be found. Without /proc (not Linux)
// only the process group is ended, and there is no watchdog.
//
// Every message sent is signed; every message received is checked and one
// with a bad signature is dropped and counted (Kernel.BadSignatures).
// Frames are decoded defensively: a message without the <IDS|MSG>
// delimiter or with too few frames is an error, never a panic.
//
// Execute sends one execute_request and returns when both its execute_reply
// and an iopub status idle for it have arrived, passing every iopub message
// for it to a callback. A kernel whose process exits, or which stops
// answering heartbeats, ends every wait with ErrDied within seconds.
package kernel
