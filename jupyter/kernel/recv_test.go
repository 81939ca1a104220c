package kernel

import (
	"context"
	"encoding/json"
	"net"
	"testing"
	"time"

	"github.com/go-zeromq/zmq4"
)

// Messages signed with another key are dropped and counted; good ones are
// delivered. A real PUB socket plays the kernel's iopub.
func TestBadSignaturesDroppedAndCounted(t *testing.T) {
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	k := &Kernel{signer: NewSigner([]byte("right")), ctx: ctx}
	pub := zmq4.NewPub(ctx)
	defer pub.Close()
	if err := pub.Listen("tcp://127.0.0.1:0"); err != nil {
		t.Fatal(err)
	}
	addr := pub.Addr().(*net.TCPAddr)
	sub := zmq4.NewSub(ctx)
	defer sub.Close()
	if err := sub.Dial("tcp://" + addr.String()); err != nil {
		t.Fatal(err)
	}
	sub.SetOption(zmq4.OptionSubscribe, "")
	ch := make(chan *Message, 100)
	go k.recvLoop(sub, ch)

	frames := func(s *Signer, id string) zmq4.Msg {
		f, err := s.EncodeFrames(&Message{Header: Header{MsgID: id, MsgType: "stream"}, Content: json.RawMessage(`{}`)})
		if err != nil {
			t.Fatal(err)
		}
		return zmq4.NewMsgFrom(f...)
	}
	wrong := NewSigner([]byte("wrong"))
	// PUB drops messages until the subscription has joined: send pairs of
	// bad and good messages until a good one arrives.
	deadline := time.After(10 * time.Second)
	sent := 0
	for got := false; !got; {
		pub.Send(frames(wrong, "bad"))
		pub.Send(frames(k.signer, "good"))
		sent++
		select {
		case m := <-ch:
			if m.Header.MsgID != "good" {
				t.Fatalf("delivered %q", m.Header.MsgID)
			}
			got = true
		case <-time.After(50 * time.Millisecond):
		case <-deadline:
			t.Fatal("no message arrived")
		}
	}
	// Now that the subscription is up, one more pair: the bad one surely
	// arrives (and is dropped) before the good one.
	pub.Send(frames(wrong, "bad"))
	pub.Send(frames(k.signer, "good"))
	sent++
	select {
	case m := <-ch:
		if m.Header.MsgID != "good" {
			t.Fatalf("delivered %q", m.Header.MsgID)
		}
	case <-deadline:
		t.Fatal("the last good message did not arrive")
	}
	if n := k.BadSignatures(); n < 1 || n > int64(sent) {
		t.Errorf("counted %d bad signatures after sending %d", n, sent)
	}
	select {
	case m := <-ch:
		if m.Header.MsgID == "bad" {
			t.Error("a badly signed message was delivered")
		}
	default:
	}
}
