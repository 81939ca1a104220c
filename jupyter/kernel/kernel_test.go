package kernel_test

import (
	"context"
	"errors"
	"os"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/rotationlab/rotation/jupyter/kernel"
)

// python starts Debian's ipykernel, or skips when it is not installed.
func python(t *testing.T) *kernel.Kernel {
	t.Helper()
	spec, err := kernel.Find("python3", os.Getenv)
	if err != nil {
		t.Skipf("no python3 kernelspec (apt-get install python3-ipykernel): %v", err)
	}
	k, err := launcher.Start(context.Background(), spec, kernel.Options{Dir: t.TempDir(), StartupTimeout: 60 * time.Second})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { k.Shutdown(2 * time.Second) })
	return k
}

func run(t *testing.T, k *kernel.Kernel, code string, opt kernel.ExecOptions) ([]*kernel.Message, *kernel.Result, error) {
	t.Helper()
	var msgs []*kernel.Message
	res, err := k.Execute(context.Background(), code, opt, func(m *kernel.Message) { msgs = append(msgs, m) })
	return msgs, res, err
}

func types(msgs []*kernel.Message) string {
	var s []string
	for _, m := range msgs {
		s = append(s, string(m.Header.MsgType))
	}
	return strings.Join(s, " ")
}

func TestPythonKernel(t *testing.T) {
	k := python(t)
	if li := k.LanguageInfo(); li["name"] != "python" {
		t.Errorf("language_info %v", li)
	}
	msgs, res, err := run(t, k, "print('hi')\n1+1", kernel.ExecOptions{})
	if err != nil {
		t.Fatal(err)
	}
	if res.Status != "ok" || res.ExecutionCount != 1 {
		t.Errorf("status %q count %d", res.Status, res.ExecutionCount)
	}
	if got := types(msgs); got != "execute_input stream execute_result" {
		t.Errorf("messages %q", got)
	}
	for _, key := range []string{"iopub.status.busy", "iopub.execute_input", "shell.execute_reply", "iopub.status.idle"} {
		if res.Timing[key] == "" {
			t.Errorf("timing %s missing: %v", key, res.Timing)
		}
	}
	_, res, err = run(t, k, "1/0", kernel.ExecOptions{})
	if err != nil || res.Status != "error" || res.Reply.Ename != "ZeroDivisionError" {
		t.Errorf("error cell: %v %v", err, res.Reply)
	}
	// stdin is not allowed: input() raises in the kernel.
	msgs, res, err = run(t, k, "input('name? ')", kernel.ExecOptions{})
	if err != nil || res.Status != "error" || !strings.Contains(types(msgs), "error") {
		t.Errorf("input(): %v %v %s", err, res.Reply.Ename, types(msgs))
	}
	if k.BadSignatures() != 0 {
		t.Errorf("%d bad signatures", k.BadSignatures())
	}
}

func TestPythonTimeoutInterrupts(t *testing.T) {
	k := python(t)
	start := time.Now()
	_, res, err := run(t, k, "import time\nwhile True: time.sleep(0.05)", kernel.ExecOptions{Timeout: 500 * time.Millisecond})
	if !errors.Is(err, kernel.ErrTimeout) {
		t.Fatalf("err = %v, want ErrTimeout", err)
	}
	if res.Reply.Ename != "KeyboardInterrupt" {
		t.Errorf("reply %v, want KeyboardInterrupt", res.Reply)
	}
	// Generous: an interrupt that did not work would wait for ever.
	if d := time.Since(start); d > time.Minute {
		t.Errorf("took %v", d)
	}
	// The kernel is still usable after the interrupt.
	if _, res, err := run(t, k, "2+2", kernel.ExecOptions{}); err != nil || res.Status != "ok" {
		t.Errorf("after interrupt: %v %v", err, res)
	}
}

func TestPythonKernelDies(t *testing.T) {
	k := python(t)
	_, _, err := run(t, k, "import os; os._exit(3)", kernel.ExecOptions{})
	if !errors.Is(err, kernel.ErrDied) {
		t.Fatalf("err = %v, want ErrDied", err)
	}
	// Seen from the process's exit at once, not after heartbeats stop.
	if !strings.Contains(err.Error(), "process exited") {
		t.Errorf("err = %v, want the death seen from the process exit", err)
	}
}

// A kernel that stops answering (SIGSTOP) is dead by heartbeat.
func TestHeartbeat(t *testing.T) {
	spec, err := kernel.Find("python3", os.Getenv)
	if err != nil {
		t.Skip("no python3 kernelspec")
	}
	k, err := launcher.Start(context.Background(), spec, kernel.Options{Dir: t.TempDir(), HeartbeatInterval: 200 * time.Millisecond, HeartbeatTimeout: time.Second})
	if err != nil {
		t.Fatal(err)
	}
	defer k.Shutdown(time.Second)
	syscall.Kill(k.Pid(), syscall.SIGSTOP)
	defer syscall.Kill(k.Pid(), syscall.SIGCONT)
	select {
	case <-k.Died():
		if !strings.Contains(k.Err().Error(), "no heartbeat") {
			t.Errorf("err = %v", k.Err())
		}
	case <-time.After(5 * time.Second):
		t.Fatal("a stopped kernel was not declared dead")
	}
}

func TestShutdownLeavesNoProcess(t *testing.T) {
	k := python(t)
	pid := k.Pid()
	k.Shutdown(2 * time.Second)
	if err := syscall.Kill(pid, 0); err == nil {
		t.Errorf("kernel process %d still exists", pid)
	}
	k.Shutdown(time.Second) // twice is fine
}

func TestStartFailures(t *testing.T) {
	spec := &kernel.Spec{Name: "false", Argv: []string{"/bin/false"}, InterruptMode: "signal"}
	_, err := launcher.Start(context.Background(), spec, kernel.Options{StartupTimeout: 10 * time.Second})
	if !errors.Is(err, kernel.ErrDied) {
		t.Errorf("exiting kernel: err = %v, want ErrDied", err)
	}
	spec = &kernel.Spec{Name: "sleepy", Argv: []string{"/bin/sleep", "30"}, InterruptMode: "signal"}
	start := time.Now()
	_, err = launcher.Start(context.Background(), spec, kernel.Options{StartupTimeout: 500 * time.Millisecond})
	if !errors.Is(err, kernel.ErrStartTimeout) || time.Since(start) > time.Minute {
		t.Errorf("silent kernel: err = %v after %v, want ErrStartTimeout", err, time.Since(start))
	}
	spec = &kernel.Spec{Name: "missing", Argv: []string{"/nonexistent/kernel"}}
	if _, err := launcher.Start(context.Background(), spec, kernel.Options{}); err == nil {
		t.Error("missing binary started")
	}
}

// A kernel that does not answer the shutdown request is killed after the
// grace period, and nothing is left behind.
func TestShutdownHungKernel(t *testing.T) {
	k := python(t)
	pid := k.Pid()
	syscall.Kill(pid, syscall.SIGSTOP)
	start := time.Now()
	k.Shutdown(500 * time.Millisecond)
	if err := syscall.Kill(pid, 0); err == nil {
		t.Errorf("hung kernel %d still exists", pid)
	}
	if d := time.Since(start); d > time.Minute {
		t.Errorf("shutdown took %v", d)
	}
}

// Language is the name in language_info as the kernel_info_reply carries
// it, decoded as the handshake decodes it, and "" when there is no name
// or it is not a string.
func TestLanguage(t *testing.T) {
	tests := []struct {
		reply, want string
	}{
		{`{"language_info": {"name": "go", "version": "go1.26"}}`, "go"},
		{`{"language_info": {"name": "python", "codemirror_mode": {"name": "ipython", "version": 3}}}`, "python"},
		{`{"language_info": {"version": "3.13"}}`, ""},
		{`{"language_info": {"name": 3}}`, ""},
		{`{"language_info": {"name": null}}`, ""},
		{`{"status": "ok"}`, ""},
	}
	for _, tt := range tests {
		var k kernel.Kernel
		m := &kernel.Message{Header: kernel.Header{MsgType: kernel.KernelInfoReply}, Content: []byte(tt.reply)}
		if err := m.Decode(&k.Info); err != nil {
			t.Fatalf("%s: %v", tt.reply, err)
		}
		if got := k.Language(); got != tt.want {
			t.Errorf("%s: Language() = %q, want %q", tt.reply, got, tt.want)
		}
	}
}
