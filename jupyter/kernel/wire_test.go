package kernel

import (
	"bytes"
	"encoding/json"
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

func TestFramesRoundTrip(t *testing.T) {
	s := NewSigner([]byte("secret"))
	m := &Message{Identities: [][]byte{[]byte("id1")}, Header: Header{MsgID: "m1", MsgType: "execute_request", Version: ProtocolVersion},
		Parent: map[string]any{"msg_id": "p1"}, Content: json.RawMessage(`{"code":"1+1"}`), Buffers: [][]byte{{1, 2}}}
	frames, err := s.EncodeFrames(m)
	if err != nil {
		t.Fatal(err)
	}
	if string(frames[1]) != delimiter || len(frames) != 8 {
		t.Fatalf("frames %q", frames)
	}
	got, err := s.DecodeFrames(frames)
	if err != nil {
		t.Fatal(err)
	}
	if got.Header.MsgID != "m1" || got.ParentID != "p1" || string(got.Content) != `{"code":"1+1"}` || len(got.Buffers) != 1 || string(got.Identities[0]) != "id1" {
		t.Errorf("decoded %+v", got)
	}
	// A changed content byte breaks the signature.
	frames[7-1] = []byte(`{"code":"2+2"}`)
	if _, err := s.DecodeFrames(frames); !errors.Is(err, ErrSignature) {
		t.Errorf("tampered: err = %v, want ErrSignature", err)
	}
	// Another key does not verify.
	if _, err := NewSigner([]byte("other")).DecodeFrames(frames); !errors.Is(err, ErrSignature) {
		t.Errorf("other key: err = %v", err)
	}
}

func TestDecodeMalformed(t *testing.T) {
	s := NewSigner(nil)
	tests := []struct {
		frames [][]byte
		want   error
	}{
		{nil, ErrNoDelimiter},
		{[][]byte{[]byte("x")}, ErrNoDelimiter},
		{[][]byte{[]byte(delimiter), []byte(""), []byte("{}")}, ErrShortMessage},
	}
	for _, tt := range tests {
		if _, err := s.DecodeFrames(tt.frames); !errors.Is(err, tt.want) {
			t.Errorf("%q: err = %v, want %v", tt.frames, err, tt.want)
		}
	}
	if _, err := s.DecodeFrames([][]byte{[]byte(delimiter), nil, []byte("{"), []byte("{}"), []byte("{}"), []byte("{}")}); err == nil {
		t.Error("bad header JSON accepted")
	}
}

// FuzzDecodeFrames: any frames decode to a message or an error, never a
// panic; a message that decodes encodes again to frames that decode to the
// same message (a round trip through the wire format).
func FuzzDecodeFrames(f *testing.F) {
	s := NewSigner([]byte("k"))
	good, _ := s.EncodeFrames(&Message{Header: Header{MsgID: "a", MsgType: ExecuteReply}, Parent: map[string]any{"msg_id": "p"},
		Content: json.RawMessage(`{"status":"ok"}`), Buffers: [][]byte{[]byte("buf")}})
	f.Add(bytes.Join(good, []byte{0}), uint8(0))
	f.Add([]byte("<IDS|MSG>"), uint8(1))
	f.Add([]byte("id\x00<IDS|MSG>\x00\x00{}\x00{}\x00{}\x00{}"), uint8(1))
	f.Fuzz(func(t *testing.T, data []byte, key uint8) {
		frames := bytes.Split(data, []byte{0})
		signer := s
		if key%2 == 1 {
			signer = NewSigner(nil)
		}
		m, err := signer.DecodeFrames(frames)
		if err != nil {
			return
		}
		if m == nil {
			t.Fatal("nil message without error")
		}
		again, err := signer.EncodeFrames(m)
		if err != nil {
			t.Fatalf("re-encoding a decoded message: %v", err)
		}
		m2, err := signer.DecodeFrames(again)
		if err != nil {
			t.Fatalf("a re-encoded message does not decode: %v", err)
		}
		if m2.Header != m.Header || m2.ParentID != m.ParentID || !bytes.Equal(m2.Content, m.Content) ||
			len(m2.Buffers) != len(m.Buffers) || len(m2.Identities) != len(m.Identities) {
			t.Fatalf("round trip changed the message:\n%+v\n%+v", m, m2)
		}
	})
}

func TestFind(t *testing.T) {
	dir := t.TempDir()
	k := filepath.Join(dir, "kernels", "mine")
	os.MkdirAll(k, 0o755)
	os.WriteFile(filepath.Join(k, "kernel.json"), []byte(`{"argv": ["x", "{connection_file}"], "display_name": "Mine", "language": "go", "interrupt_mode": "message"}`), 0o644)
	bad := filepath.Join(dir, "kernels", "bad")
	os.MkdirAll(bad, 0o755)
	os.WriteFile(filepath.Join(bad, "kernel.json"), []byte(`{"argv": []}`), 0o644)
	env := func(key string) string {
		if key == "JUPYTER_PATH" {
			return dir
		}
		return ""
	}
	s, err := Find("mine", env)
	if err != nil {
		t.Fatal(err)
	}
	if s.Dir != k || s.InterruptMode != "message" || s.Language != "go" {
		t.Errorf("spec %+v", s)
	}
	if _, err := Find("bad", env); err == nil || !strings.Contains(err.Error(), "empty argv") {
		t.Errorf("bad spec: %v", err)
	}
	_, err = Find("nope", env)
	if !errors.Is(err, ErrNoSpec) || !strings.Contains(err.Error(), "mine") {
		t.Errorf("missing spec: %v (should list installed ones)", err)
	}
}

func TestSubstituteTemplate(t *testing.T) {
	env := map[string]string{"HOME": "home-of-q", "PATH": "/bin", "_x1": "u"}
	look := func(k string) (string, bool) { v, ok := env[k]; return v, ok }
	for in, want := range map[string]string{
		"$HOME/go":          "home-of-q/go",
		"${PATH}:/extra":    "/bin:/extra",
		"$$HOME":            "$HOME",
		"$NOPE and ${NOPE}": "$NOPE and ${NOPE}",
		"cost $5":           "cost $5",
		"a$":                "a$",
		"$_x1$_x1":          "uu",
		"${HOME":            "${HOME",
	} {
		if got := SubstituteTemplate(in, look); got != want {
			t.Errorf("SubstituteTemplate(%q) = %q, want %q", in, got, want)
		}
	}
}
