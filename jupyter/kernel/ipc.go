package kernel

import (
	"encoding/json"
	"errors"
	"fmt"
	"path/filepath"
	"strconv"
	"strings"
)

// Transport is how a client and its kernel reach each other: the
// connection file's "transport".
type Transport string

// The transports.
const (
	// TransportAuto is ipc for kernels known to support it (GoNB and
	// ipykernel) and tcp for others; a kernelspec's
	// metadata.nbrun.transport decides instead when it is set. Auto falls
	// back to tcp when the kernel's directory is too deep for Unix socket
	// paths.
	TransportAuto Transport = ""
	// TransportIPC is Unix socket files in the kernel's private 0700
	// directory: no ports, nothing reachable from outside the directory.
	TransportIPC Transport = "ipc"
	// TransportTCP is five ports on 127.0.0.1 picked by the Launcher.
	TransportTCP Transport = "tcp"
)

// String returns the transport's name, "auto" for TransportAuto.
func (t Transport) String() string {
	if t == TransportAuto {
		return "auto"
	}
	return string(t)
}

// ParseTransport reads a transport's name: "auto" (or ""), "ipc" or "tcp".
func ParseTransport(s string) (Transport, error) {
	switch s {
	case "", "auto":
		return TransportAuto, nil
	case "ipc", "tcp":
		return Transport(s), nil
	}
	return "", fmt.Errorf("%w %q (want auto, ipc or tcp)", ErrTransport, s)
}

// Errors of the ipc transport, for errors.Is.
var (
	// ErrTransport is an unknown transport's name.
	ErrTransport = errors.New("kernel: unknown transport")
	// ErrSocketPathTooLong is an ipc transport asked for (by
	// Options.Transport or the kernelspec) where the kernel's directory is
	// too deep for Unix socket paths.
	ErrSocketPathTooLong = errors.New("kernel: socket path too long for the ipc transport")
)

// maxSocketPath is the longest Unix socket path: sun_path holds 108
// bytes with the terminating NUL (Linux; libzmq and Go's net refuse
// longer ones).
const maxSocketPath = 107

// ipcPrefix is the base name of the kernel's sockets in its directory:
// the connection file's "ip", to which each channel adds -1 to -5, as
// jupyter_client does (ipc://<ip>-<port>).
const ipcPrefix = "k"

// ipcPorts is how many "ports" the ipc transport numbers: 1 to 5, small
// distinct integers as jupyter_client counts them, in the order shell,
// iopub, stdin, control, hb.
const ipcPorts = 5

// parseTransportMetadata reads metadata.nbrun.transport of a kernel.json;
// other metadata is left alone, whatever its form.
func parseTransportMetadata(b []byte) (Transport, error) {
	var top struct {
		Metadata map[string]json.RawMessage `json:"metadata"`
	}
	if json.Unmarshal(b, &top) != nil || top.Metadata["nbrun"] == nil {
		return TransportAuto, nil
	}
	var nbrun map[string]json.RawMessage
	if err := json.Unmarshal(top.Metadata["nbrun"], &nbrun); err != nil {
		return "", fmt.Errorf(`metadata.nbrun is %s: want an object such as {"transport": "tcp"}`, top.Metadata["nbrun"])
	}
	raw, ok := nbrun["transport"]
	if !ok {
		return TransportAuto, nil
	}
	var name string
	t, err := TransportAuto, json.Unmarshal(raw, &name)
	if err == nil {
		t, err = ParseTransport(name)
	}
	if err != nil {
		return "", fmt.Errorf(`metadata.nbrun.transport is %s: want "auto", "ipc" or "tcp"`, raw)
	}
	return t, nil
}

// IsGoNB tells whether the spec runs GoNB: its program is gonb, or it is
// named gonb with language go.
func (s *Spec) IsGoNB() bool {
	if len(s.Argv) > 0 && strings.TrimSuffix(filepath.Base(s.Argv[0]), ".exe") == "gonb" {
		return true
	}
	return s.Name == "gonb" && strings.EqualFold(s.Language, "go")
}

// AutoTransport returns the transport TransportAuto chooses for the
// spec: its metadata.nbrun.transport when set, else ipc for GoNB and
// ipykernel (both bind ipc:// endpoints as the connection file says) and
// tcp for any other kernel.
func (s *Spec) AutoTransport() Transport {
	if s.Transport != TransportAuto {
		return s.Transport
	}
	if s.IsGoNB() || s.IsIPyKernel() {
		return TransportIPC
	}
	return TransportTCP
}

// chooseTransport settles the kernel's transport and endpoints: asked is
// Options.Transport. An ipc transport that auto chose falls back to tcp
// when the socket paths would be too long; one asked for is an error.
func (k *Kernel) chooseTransport(asked Transport) error {
	t := asked
	if t == TransportAuto {
		t = k.Spec.AutoTransport()
	}
	if t != TransportIPC {
		k.transport = TransportTCP
		return nil
	}
	prefix := filepath.Join(k.tmp, ipcPrefix)
	longest := prefix + "-" + strconv.Itoa(ipcPorts)
	if len(longest) > maxSocketPath {
		if asked == TransportAuto && k.Spec.Transport == TransportAuto {
			k.transport = TransportTCP
			return nil
		}
		return fmt.Errorf("%w: %s would be %d bytes, over the %d a Unix socket path may have: set TMPDIR to a shorter directory, or use the tcp transport",
			ErrSocketPathTooLong, longest, len(longest), maxSocketPath)
	}
	k.transport = TransportIPC
	k.ipcPrefix = prefix
	return nil
}

// Transport returns the transport the kernel was started with: ipc or
// tcp, never auto.
func (k *Kernel) Transport() Transport { return k.transport }

// endpoint returns the ZeroMQ address of a channel's port.
func (k *Kernel) endpoint(port int) string {
	if k.transport == TransportIPC {
		return "ipc://" + k.ipcPrefix + "-" + strconv.Itoa(port)
	}
	return "tcp://127.0.0.1:" + strconv.Itoa(port)
}
