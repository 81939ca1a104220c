package kernel

import (
	"context"
	"time"
)

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
	// Status is the reply's status, "ok" from a working kernel.
	Status ReplyStatus `json:"status"`
	// ProtocolVersion is the messaging protocol version the kernel
	// speaks ("5.3").
	ProtocolVersion string `json:"protocol_version"`
	// Implementation and ImplementationVersion name the kernel's program
	// ("ipython", "gonb") and its version.
	Implementation        string `json:"implementation"`
	ImplementationVersion string `json:"implementation_version"`
	// Banner is the kernel's greeting, as a console shows it.
	Banner string `json:"banner"`
	// LanguageInfo is kept as the kernel sent it, to be copied into a
	// notebook's metadata whole; Language reads its name.
	LanguageInfo map[string]any `json:"language_info"`
}
