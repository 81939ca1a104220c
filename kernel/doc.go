// Package kernel starts Jupyter kernels and talks to them over the Jupyter
// messaging protocol (version 5.3), with ZeroMQ from github.com/go-zeromq/zmq4.
//
// Find locates a kernelspec along Jupyter's data paths. Start writes a
// connection file (mode 0600, in a private temporary directory, 127.0.0.1,
// a random key, hmac-sha256), launches the kernel in its own process group
// in the given directory, connects the shell, control, stdin, iopub and
// heartbeat sockets, and shakes hands: it sends kernel_info_request until
// the reply arrives and iopub has delivered a message.
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
// Interrupt follows the kernelspec's interrupt_mode; Shutdown asks politely
// on the control channel and then kills the process group, so no kernel
// process outlives the Kernel.
package kernel
