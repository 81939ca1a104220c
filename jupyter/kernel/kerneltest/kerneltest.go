package kerneltest

import (
	"context"
	"encoding/json"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"syscall"
	"testing"
	"time"

	"github.com/go-zeromq/zmq4"

	"github.com/rotationlab/rotation/jupyter/kernel"
)

// EnvVar names the environment variable that makes the test binary the
// kernel; its value is the Mode.
const EnvVar = "KERNELTEST_KERNEL"

// Mode is how the scripted kernel behaves.
type Mode string

// The modes.
const (
	// Echo answers as a kernel does: each cell's code comes back on
	// stdout.
	Echo Mode = "echo"
	// LoseFirstIOPub publishes nothing for the first kernel_info_request,
	// as when the client's SUB socket had not yet joined.
	LoseFirstIOPub Mode = "lose-first-iopub"
	// Silent binds its sockets and never answers.
	Silent Mode = "silent"
	// Garbage sends malformed and badly signed frames before each answer.
	Garbage Mode = "garbage"
	// Helpers starts two processes that ignore SIGTERM, one in a session
	// of its own (found by its environment) and one with a cleared
	// environment (found as a descendant), and writes their pids to
	// helpers.pid in its working directory; then it answers as Echo.
	Helpers Mode = "helpers"
)

// Spec returns a kernelspec that runs the scripted kernel in mode: this
// test binary again, with EnvVar set. Its interrupt mode is "message".
func Spec(mode Mode) *kernel.Spec {
	return &kernel.Spec{Name: "scripted-" + string(mode), DisplayName: "Scripted (" + string(mode) + ")",
		Language: "scripted", Argv: []string{os.Args[0], "{connection_file}"},
		InterruptMode: "message", Env: map[string]string{EnvVar: string(mode)}}
}

// Main serves as the kernel and exits when EnvVar is set; otherwise it
// returns at once. Call it first in TestMain.
func Main() {
	mode := os.Getenv(EnvVar)
	if mode == "" {
		return
	}
	if err := Serve(context.Background(), Mode(mode), os.Args[len(os.Args)-1]); err != nil {
		fmt.Fprintln(os.Stderr, "scripted kernel:", err)
		os.Exit(1)
	}
	os.Exit(0)
}

// connection is the part of a connection file the kernel reads.
type connection struct {
	Transport   string `json:"transport"`
	Key         string `json:"key"`
	IP          string `json:"ip"`
	ShellPort   int    `json:"shell_port"`
	IOPubPort   int    `json:"iopub_port"`
	StdinPort   int    `json:"stdin_port"`
	ControlPort int    `json:"control_port"`
	HBPort      int    `json:"hb_port"`
}

// Serve plays the kernel of connFile in mode until it is asked to shut
// down (it then exits the process, as kernels do) or a socket fails.
func Serve(ctx context.Context, mode Mode, connFile string) error {
	b, err := os.ReadFile(connFile)
	if err != nil {
		return err
	}
	var c connection
	if err := json.Unmarshal(b, &c); err != nil {
		return fmt.Errorf("%s: %w", connFile, err)
	}
	if c.IP == "" {
		c.IP = "127.0.0.1"
	}
	addr := func(p int) string { return "tcp://" + c.IP + ":" + strconv.Itoa(p) }
	if c.Transport == "ipc" { // as jupyter_client: ipc://<ip>-<port>
		addr = func(p int) string { return "ipc://" + c.IP + "-" + strconv.Itoa(p) }
	}
	shell, control, iopub, hb, stdin := zmq4.NewRouter(ctx), zmq4.NewRouter(ctx), zmq4.NewPub(ctx), zmq4.NewRep(ctx), zmq4.NewRouter(ctx)
	for _, l := range []struct {
		s zmq4.Socket
		p int
	}{{shell, c.ShellPort}, {control, c.ControlPort}, {iopub, c.IOPubPort}, {hb, c.HBPort}, {stdin, c.StdinPort}} {
		if err := l.s.Listen(addr(l.p)); err != nil {
			return err
		}
	}
	go func() {
		for {
			m, err := hb.Recv()
			if err != nil {
				return
			}
			hb.Send(m)
		}
	}()
	if mode == Helpers {
		if err := startHelpers(); err != nil {
			return err
		}
	}
	if mode == Silent {
		<-ctx.Done()
		return ctx.Err()
	}
	signer := kernel.NewSigner([]byte(c.Key))
	send := func(s zmq4.Socket, ids [][]byte, parent kernel.Header, msgType string, content any) {
		body, _ := json.Marshal(content)
		var p map[string]any
		pb, _ := json.Marshal(parent)
		json.Unmarshal(pb, &p)
		m := &kernel.Message{Identities: ids, Header: kernel.Header{MsgID: strconv.FormatInt(time.Now().UnixNano(), 36),
			MsgType: kernel.MsgType(msgType), Version: kernel.ProtocolVersion, Date: time.Now().UTC().Format(time.RFC3339Nano)},
			Parent: p, Content: body}
		frames, _ := signer.EncodeFrames(m)
		s.Send(zmq4.NewMsgFrom(frames...))
	}
	status := func(parent kernel.Header, state string) {
		send(iopub, nil, parent, "status", map[string]string{"execution_state": state})
	}
	if mode == Garbage {
		bad := kernel.NewSigner([]byte("not the key"))
		frames, _ := bad.EncodeFrames(&kernel.Message{Header: kernel.Header{MsgType: "status"}, Content: []byte(`{}`)})
		for range 50 {
			iopub.Send(zmq4.NewMsgFrom([]byte("no delimiter"), []byte{0xff}))
			iopub.Send(zmq4.NewMsgFrom(frames...))
			time.Sleep(5 * time.Millisecond)
		}
	}
	go func() { // control: shutdown
		for {
			raw, err := control.Recv()
			if err != nil {
				return
			}
			m, err := signer.DecodeFrames(raw.Frames)
			if err != nil {
				continue
			}
			if m.Header.MsgType == "shutdown_request" {
				send(control, m.Identities, m.Header, "shutdown_reply", map[string]any{"status": "ok", "restart": false})
				time.Sleep(50 * time.Millisecond)
				os.Exit(0)
			}
		}
	}()
	infoRequests := 0
	for count := 1; ; {
		raw, err := shell.Recv()
		if err != nil {
			return err
		}
		if mode == Garbage {
			shell.Send(zmq4.NewMsgFrom(raw.Frames[0], []byte("<IDS|MSG>"), []byte("short")))
		}
		m, err := signer.DecodeFrames(raw.Frames)
		if err != nil {
			continue
		}
		switch m.Header.MsgType {
		case "kernel_info_request":
			infoRequests++
			publish := !(mode == LoseFirstIOPub && infoRequests == 1)
			if publish {
				status(m.Header, "busy")
			}
			send(shell, m.Identities, m.Header, "kernel_info_reply", map[string]any{"status": "ok",
				"protocol_version": kernel.ProtocolVersion, "implementation": "scripted",
				"language_info": map[string]string{"name": "scripted"}, "banner": strconv.Itoa(infoRequests)})
			if publish {
				status(m.Header, "idle")
			}
		case "execute_request":
			var req struct {
				Code string `json:"code"`
			}
			json.Unmarshal(m.Content, &req)
			status(m.Header, "busy")
			send(iopub, nil, m.Header, "execute_input", map[string]any{"code": req.Code, "execution_count": count})
			send(iopub, nil, m.Header, "stream", map[string]string{"name": "stdout", "text": req.Code + "\n"})
			send(shell, m.Identities, m.Header, "execute_reply", map[string]any{"status": "ok", "execution_count": count})
			status(m.Header, "idle")
			count++
		}
	}
}

// startHelpers starts two processes that ignore SIGTERM and writes their
// pids to helpers.pid.
func startHelpers() error {
	marked := exec.Command("/bin/sh", "-c", `trap "" TERM; sleep 600`)
	marked.SysProcAttr = &syscall.SysProcAttr{Setsid: true}
	cleared := exec.Command("/bin/sh", "-c", `trap "" TERM; sleep 600`)
	cleared.Env = []string{}
	cleared.SysProcAttr = &syscall.SysProcAttr{Setpgid: true}
	for _, c := range []*exec.Cmd{marked, cleared} {
		if err := c.Start(); err != nil {
			return err
		}
	}
	return os.WriteFile("helpers.pid", fmt.Appendf(nil, "%d %d\n", marked.Process.Pid, cleared.Process.Pid), 0o644)
}

// Need skips the test when the kernelspec name is not installed, or when
// the tests run with -short (a real kernel takes seconds to start).
func Need(tb testing.TB, name string) {
	tb.Helper()
	if testing.Short() {
		tb.Skip("starts a kernel (-short)")
	}
	if _, err := kernel.Find(name, os.Getenv); err != nil {
		tb.Skipf("kernelspec %s not installed (python3-ipykernel, or make tools for gonb): %v", name, err)
	}
}

// Copy copies the file at path (a test notebook) into a new temporary
// directory and returns the copy's path, so that a run may write beside it.
func Copy(tb testing.TB, path string) string {
	tb.Helper()
	b, err := os.ReadFile(path)
	if err != nil {
		tb.Fatal(err)
	}
	p := filepath.Join(tb.TempDir(), filepath.Base(path))
	if err := os.WriteFile(p, b, 0o644); err != nil {
		tb.Fatal(err)
	}
	return p
}
