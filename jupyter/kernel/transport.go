package kernel

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net"
	"strings"
	"time"

	"github.com/go-zeromq/zmq4"
)

// connect dials the five sockets, subscribes to iopub and starts the
// receive loops.
func (k *Kernel) connect(ctx context.Context) error {
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
	}{{k.shell, k.channelPorts[0], "shell"}, {k.iopub, k.channelPorts[1], "iopub"}, {k.stdin, k.channelPorts[2], "stdin"}, {k.control, k.channelPorts[3], "control"}, {k.hb, k.channelPorts[4], "hb"}}
	dialErr := make(chan error, len(dials))
	for _, d := range dials {
		go func() {
			if err := d.s.Dial(k.endpoint(d.port)); err != nil {
				// Dials retry while nothing listens, so an error here
				// means that something other than the kernel answered:
				// on a tcp port, another program took it; in the private
				// directory nobody else can, so that is no conflict.
				if k.transport == TransportIPC {
					dialErr <- fmt.Errorf("%s socket %s: %w", d.name, k.endpoint(d.port), err)
					return
				}
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

// recvLoop receives from s, drops what is malformed or badly signed
// (counting bad signatures) and passes the rest to ch, until the kernel
// is shut down or the connection closes.
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
