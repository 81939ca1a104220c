package kernel_test

import (
	"context"
	"encoding/json"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/go-zeromq/zmq4"

	"github.com/rotationlab/rotation/jupyter/kernel"
)

// The scripted kernel: this test binary, started again with
// $SCRIPTED_KERNEL naming a behaviour, plays a kernel that misbehaves in
// ways real kernels cannot be made to on demand. Real-kernel tests stand
// beside these, never replaced by them.
const scriptedVar = "SCRIPTED_KERNEL"

// launcher starts the tests' kernels: one for the process, as the
// package's documentation asks.
var launcher = kernel.NewLauncher()

func TestMain(m *testing.M) {
	if mode := os.Getenv(scriptedVar); mode != "" {
		if err := scriptedKernel(mode, os.Args[len(os.Args)-1]); err != nil {
			fmt.Fprintln(os.Stderr, "scripted kernel:", err)
			os.Exit(1)
		}
		os.Exit(0)
	}
	os.Exit(m.Run())
}

// scriptedSpec is a kernelspec that runs the scripted kernel in mode.
func scriptedSpec(mode string) *kernel.Spec {
	return &kernel.Spec{Name: "scripted-" + mode, Argv: []string{os.Args[0], "{connection_file}"},
		InterruptMode: "message", Env: map[string]string{scriptedVar: mode}}
}

// scriptedKernel serves the connection file's sockets. Modes:
//
//	normal            answers as a kernel does
//	lose-first-iopub  publishes nothing for the first kernel_info_request,
//	                  as when the client's SUB socket had not yet joined
//	silent            never answers
//	garbage           sends malformed and badly signed frames first
//	helpers           starts two helpers that ignore SIGTERM: one in a
//	                  session of its own (found by its environment) and one
//	                  with a cleared environment (found as a descendant);
//	                  their pids go to helpers.pid in the working directory
func scriptedKernel(mode, connFile string) error {
	b, err := os.ReadFile(connFile)
	if err != nil {
		return err
	}
	var c struct {
		Key                                                  string
		ShellPort, IOPubPort, StdinPort, ControlPort, HBPort int
	}
	c.Key = jsonString(b, "key")
	for name, p := range map[string]*int{"shell_port": &c.ShellPort, "iopub_port": &c.IOPubPort,
		"stdin_port": &c.StdinPort, "control_port": &c.ControlPort, "hb_port": &c.HBPort} {
		*p = jsonInt(b, name)
	}
	ctx := context.Background()
	addr := func(p int) string { return "tcp://127.0.0.1:" + strconv.Itoa(p) }
	shell, control, iopub, hb := zmq4.NewRouter(ctx), zmq4.NewRouter(ctx), zmq4.NewPub(ctx), zmq4.NewRep(ctx)
	for _, l := range []struct {
		s zmq4.Socket
		p int
	}{{shell, c.ShellPort}, {control, c.ControlPort}, {iopub, c.IOPubPort}, {hb, c.HBPort}} {
		if err := l.s.Listen(addr(l.p)); err != nil {
			return err
		}
	}
	stdin := zmq4.NewRouter(ctx)
	if err := stdin.Listen(addr(c.StdinPort)); err != nil {
		return err
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
	if mode == "helpers" {
		if err := startHelpers(); err != nil {
			return err
		}
	}
	if mode == "silent" {
		select {}
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
	if mode == "garbage" {
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
		if mode == "garbage" {
			shell.Send(zmq4.NewMsgFrom(raw.Frames[0], []byte("<IDS|MSG>"), []byte("short")))
		}
		m, err := signer.DecodeFrames(raw.Frames)
		if err != nil {
			continue
		}
		switch m.Header.MsgType {
		case "kernel_info_request":
			infoRequests++
			publish := !(mode == "lose-first-iopub" && infoRequests == 1)
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
			status(m.Header, "busy")
			send(iopub, nil, m.Header, "execute_input", map[string]any{"code": "", "execution_count": count})
			send(iopub, nil, m.Header, "stream", map[string]string{"name": "stdout", "text": "scripted\n"})
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

func jsonString(b []byte, key string) string {
	var m map[string]any
	json.Unmarshal(b, &m)
	s, _ := m[key].(string)
	return s
}

func jsonInt(b []byte, key string) int {
	var m map[string]any
	json.Unmarshal(b, &m)
	f, _ := m[key].(float64)
	return int(f)
}

// ZeroMQ drops what a PUB socket sends before the subscriber has joined. A
// handshake that stops asking once the kernel_info_reply has come then
// waits for an iopub message that will never arrive.
func TestHandshakeSurvivesLostIOPub(t *testing.T) {
	spec := scriptedSpec("lose-first-iopub")
	k, err := launcher.Start(context.Background(), spec, kernel.Options{Dir: t.TempDir(), StartupTimeout: 10 * time.Second})
	if err != nil {
		t.Fatalf("start: %v", err)
	}
	defer k.Shutdown(time.Second)
	if n := k.Info.Banner; n != "1" {
		t.Errorf("handshake kept the reply to request %v, want the first", n)
	}
	res, err := k.Execute(context.Background(), "x", kernel.ExecOptions{Timeout: 10 * time.Second}, nil)
	if err != nil || res.Status != "ok" {
		t.Errorf("execute after the handshake: %v %v", res, err)
	}
}

// Malformed and badly signed frames are dropped and counted; the kernel is
// still usable.
func TestGarbageFrames(t *testing.T) {
	k, err := launcher.Start(context.Background(), scriptedSpec("garbage"), kernel.Options{Dir: t.TempDir(), StartupTimeout: 10 * time.Second})
	if err != nil {
		t.Fatalf("start: %v", err)
	}
	defer k.Shutdown(time.Second)
	var out []string
	res, err := k.Execute(context.Background(), "x", kernel.ExecOptions{Timeout: 10 * time.Second}, func(m *kernel.Message) {
		out = append(out, string(m.Header.MsgType))
	})
	if err != nil || res.Status != "ok" || strings.Join(out, " ") != "execute_input stream" {
		t.Errorf("execute: %v %v, messages %v", res, err, out)
	}
}

// A kernel whose reply never comes ends in ErrStartTimeout, and nothing of
// it is left: process, helpers, directory.
func TestSilentKernelCleanedUp(t *testing.T) {
	tmp := t.TempDir()
	t.Setenv("TMPDIR", tmp)
	dir := t.TempDir()
	spec := scriptedSpec("silent")
	_, err := launcher.Start(context.Background(), spec, kernel.Options{Dir: dir, StartupTimeout: 300 * time.Millisecond})
	if err == nil || !strings.Contains(err.Error(), "did not start in time") {
		t.Fatalf("err = %v, want a start-up timeout", err)
	}
	assertNoKernelDirs(t, tmp)
}

// Helpers that left the kernel's process group, that ignore SIGTERM, one
// of them with its environment cleared, all end with Shutdown, whether
// the kernel is alive or died first.
func TestShutdownEndsHelpers(t *testing.T) {
	for _, kernelDies := range []bool{false, true} {
		t.Run(fmt.Sprintf("kernel dies first=%v", kernelDies), func(t *testing.T) {
			tmp := t.TempDir()
			t.Setenv("TMPDIR", tmp)
			dir := t.TempDir()
			k, err := launcher.Start(context.Background(), scriptedSpec("helpers"), kernel.Options{Dir: dir, StartupTimeout: 10 * time.Second})
			if err != nil {
				t.Fatalf("start: %v", err)
			}
			b, err := os.ReadFile(filepath.Join(dir, "helpers.pid"))
			if err != nil {
				k.Shutdown(time.Second)
				t.Fatal(err)
			}
			var marked, cleared int
			fmt.Sscan(string(b), &marked, &cleared)
			if kernelDies {
				syscall.Kill(k.Pid(), syscall.SIGKILL)
				<-k.Died()
				// The cleared helper is now an orphan without the marker:
				// nothing can find it. Only the marked one is checked.
				defer syscall.Kill(cleared, syscall.SIGKILL)
			}
			start := time.Now()
			k.Shutdown(300 * time.Millisecond)
			if running(marked) {
				syscall.Kill(marked, syscall.SIGKILL)
				t.Errorf("the helper in its own session (%d) outlived Shutdown", marked)
			}
			if !kernelDies && running(cleared) {
				syscall.Kill(cleared, syscall.SIGKILL)
				t.Errorf("the helper with a cleared environment (%d) outlived Shutdown", cleared)
			}
			if d := time.Since(start); d > time.Minute {
				t.Errorf("shutdown took %v", d)
			}
			assertNoKernelDirs(t, tmp)
		})
	}
}

// running tells whether pid is a live process (a zombie is not).
func running(pid int) bool {
	for range 50 { // a killed process takes a moment to go
		b, err := os.ReadFile("/proc/" + strconv.Itoa(pid) + "/stat")
		if err != nil {
			return false
		}
		if i := strings.LastIndexByte(string(b), ')'); i > 0 && len(b) > i+2 && (b[i+2] == 'Z' || b[i+2] == 'X') {
			return false
		}
		time.Sleep(20 * time.Millisecond)
	}
	return true
}

func assertNoKernelDirs(t *testing.T, tmp string) {
	t.Helper()
	ents, _ := os.ReadDir(tmp)
	for _, e := range ents {
		if strings.HasPrefix(e.Name(), "nbrun-kernel-") {
			t.Errorf("kernel directory %s left behind", e.Name())
		}
	}
}
