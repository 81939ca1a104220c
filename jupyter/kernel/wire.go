package kernel

import (
	"bytes"
	"crypto/hmac"
	"crypto/rand"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"time"
)

// ProtocolVersion is the messaging protocol version this client speaks.
const ProtocolVersion = "5.3"

// delimiter separates a message's routing identities from its signed
// frames.
const delimiter = "<IDS|MSG>"

// MsgType is a message's msg_type.
type MsgType string

// The message types this client sends or reads.
const (
	KernelInfoRequest MsgType = "kernel_info_request"
	KernelInfoReply   MsgType = "kernel_info_reply"
	ExecuteRequest    MsgType = "execute_request"
	ExecuteReply      MsgType = "execute_reply"
	ExecuteInput      MsgType = "execute_input"
	Status            MsgType = "status"
	StreamMsg         MsgType = "stream"
	DisplayDataMsg    MsgType = "display_data"
	UpdateDisplayData MsgType = "update_display_data"
	ExecuteResultMsg  MsgType = "execute_result"
	ErrorMsg          MsgType = "error"
	ClearOutput       MsgType = "clear_output"
	InputRequest      MsgType = "input_request"
	InputReply        MsgType = "input_reply"
	InterruptRequest  MsgType = "interrupt_request"
	ShutdownRequest   MsgType = "shutdown_request"
	ShutdownReply     MsgType = "shutdown_reply"
)

// Header is a message header.
type Header struct {
	// MsgID identifies the message; replies and iopub messages name it
	// in their parent header.
	MsgID string `json:"msg_id"`
	// Session identifies the client or kernel session that sent it.
	Session string `json:"session"`
	// Username is the sender's user name ("nbrun" for this client).
	Username string `json:"username"`
	// Date is when the message was made, in ISO 8601 (nbclient records
	// these dates in metadata.execution).
	Date string `json:"date"`
	// MsgType is the kind of message.
	MsgType MsgType `json:"msg_type"`
	// Version is the messaging protocol version ("5.3").
	Version string `json:"version"`
}

// Message is one Jupyter message.
type Message struct {
	// Identities are the ZeroMQ routing frames before the delimiter.
	Identities [][]byte
	// Header is the message's own header.
	Header Header
	// Parent is the parent header; ParentID is its msg_id ("" when the
	// parent header is empty).
	Parent   map[string]any
	ParentID string
	// Metadata is the message's metadata dictionary.
	Metadata map[string]any
	// Content is kept as raw JSON; Decode unmarshals it.
	Content json.RawMessage
	// Buffers are the binary frames after the content (widgets use them).
	Buffers [][]byte
}

// Decode unmarshals the content into v. Numbers decoded into interface
// values become json.Number, so that 3 stays 3 and 1.0 stays 1.0 when
// written back.
func (m *Message) Decode(v any) error {
	dec := json.NewDecoder(bytes.NewReader(m.Content))
	dec.UseNumber()
	if err := dec.Decode(v); err != nil {
		return fmt.Errorf("kernel: %s content: %w", m.Header.MsgType, err)
	}
	return nil
}

// Errors from DecodeFrames.
var (
	ErrNoDelimiter  = errors.New("kernel: message has no <IDS|MSG> delimiter")
	ErrShortMessage = errors.New("kernel: message has too few frames")
	ErrSignature    = errors.New("kernel: bad message signature")
)

// Signer signs and verifies messages with HMAC-SHA256. An empty key means
// unsigned messages.
type Signer struct{ key []byte }

// NewSigner returns a signer for the key.
func NewSigner(key []byte) *Signer { return &Signer{key: key} }

func (s *Signer) sign(parts ...[]byte) []byte {
	if len(s.key) == 0 {
		return nil
	}
	mac := hmac.New(sha256.New, s.key)
	for _, p := range parts {
		mac.Write(p)
	}
	out := make([]byte, hex.EncodedLen(mac.Size()))
	hex.Encode(out, mac.Sum(nil))
	return out
}

// EncodeFrames turns a message into ZeroMQ frames: identities, delimiter,
// signature, header, parent header, metadata, content, buffers.
func (s *Signer) EncodeFrames(m *Message) ([][]byte, error) {
	h, err := json.Marshal(m.Header)
	if err != nil {
		return nil, err
	}
	parent := []byte("{}")
	if m.Parent != nil {
		if parent, err = json.Marshal(m.Parent); err != nil {
			return nil, err
		}
	}
	md := []byte("{}")
	if m.Metadata != nil {
		if md, err = json.Marshal(m.Metadata); err != nil {
			return nil, err
		}
	}
	content := []byte(m.Content)
	if len(content) == 0 {
		content = []byte("{}")
	}
	frames := make([][]byte, 0, len(m.Identities)+6+len(m.Buffers))
	frames = append(frames, m.Identities...)
	frames = append(frames, []byte(delimiter), s.sign(h, parent, md, content), h, parent, md, content)
	frames = append(frames, m.Buffers...)
	return frames, nil
}

// DecodeFrames parses and verifies frames. It never panics on malformed
// input.
func (s *Signer) DecodeFrames(frames [][]byte) (*Message, error) {
	i := -1
	for k, f := range frames {
		if string(f) == delimiter {
			i = k
			break
		}
	}
	if i < 0 {
		return nil, ErrNoDelimiter
	}
	if len(frames) < i+6 {
		return nil, fmt.Errorf("%w: %d after the delimiter, want at least 5", ErrShortMessage, len(frames)-i-1)
	}
	sig, h, parent, md, content := frames[i+1], frames[i+2], frames[i+3], frames[i+4], frames[i+5]
	if len(s.key) > 0 {
		want := s.sign(h, parent, md, content)
		if !hmac.Equal(sig, want) {
			return nil, ErrSignature
		}
	}
	m := &Message{Identities: frames[:i], Content: json.RawMessage(content), Buffers: frames[i+6:]}
	if err := json.Unmarshal(h, &m.Header); err != nil {
		return nil, fmt.Errorf("kernel: bad header: %w", err)
	}
	if err := json.Unmarshal(parent, &m.Parent); err != nil {
		return nil, fmt.Errorf("kernel: bad parent header: %w", err)
	}
	if id, ok := m.Parent["msg_id"].(string); ok {
		m.ParentID = id
	}
	if err := json.Unmarshal(md, &m.Metadata); err != nil {
		return nil, fmt.Errorf("kernel: bad metadata: %w", err)
	}
	if !json.Valid(content) {
		return nil, errors.New("kernel: content is not JSON")
	}
	return m, nil
}

// newID returns a random hex id of n bytes.
func newID(n int) string {
	b := make([]byte, n)
	if _, err := rand.Read(b); err != nil {
		panic(err) // crypto/rand never fails on supported systems
	}
	return hex.EncodeToString(b)
}

// now formats the current time as the protocol's ISO 8601 dates.
func now() string { return time.Now().UTC().Format("2006-01-02T15:04:05.000000Z") }
