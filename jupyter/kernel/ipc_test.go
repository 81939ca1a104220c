package kernel_test

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/rotationlab/rotation/internal/gobin"
	"github.com/rotationlab/rotation/jupyter/kernel"
	"github.com/rotationlab/rotation/jupyter/kernel/kerneltest"
)

// Auto chooses ipc for GoNB and ipykernel, recognised by name or argv,
// tcp for other kernels, and the kernelspec's metadata.nbrun.transport
// when it gives one.
func TestAutoTransport(t *testing.T) {
	tests := []struct {
		name string
		json string
		want kernel.Transport
	}{
		{"gonb", `{"argv": ["go/bin/gonb", "--kernel", "{connection_file}"], "language": "go"}`, kernel.TransportIPC},
		{"go-kernel", `{"argv": ["/opt/bin/gonb", "--kernel", "{connection_file}"], "language": "go"}`, kernel.TransportIPC},
		{"gophernotes", `{"argv": ["gophernotes", "{connection_file}"], "language": "go"}`, kernel.TransportTCP},
		{"python3", `{"argv": ["/usr/bin/python3", "-m", "ipykernel_launcher", "-f", "{connection_file}"], "metadata": {"debugger": true}}`, kernel.TransportIPC},
		{"py-venv", `{"argv": ["/venv/bin/python", "-m", "ipykernel_launcher", "-f", "{connection_file}"]}`, kernel.TransportIPC},
		{"ir", `{"argv": ["R", "--slave", "-e", "IRkernel::main()", "--args", "{connection_file}"], "language": "R"}`, kernel.TransportTCP},
		{"python3-tcp", `{"argv": ["python3", "-m", "ipykernel_launcher", "-f", "{connection_file}"], "metadata": {"nbrun": {"transport": "tcp"}}}`, kernel.TransportTCP},
		{"gonb-auto", `{"argv": ["gonb", "--kernel", "{connection_file}"], "metadata": {"nbrun": {"transport": "auto"}}}`, kernel.TransportIPC},
		{"ir-ipc", `{"argv": ["R", "{connection_file}"], "metadata": {"nbrun": {"transport": "ipc"}}}`, kernel.TransportIPC},
		{"other-metadata", `{"argv": ["R", "{connection_file}"], "metadata": "not an object"}`, kernel.TransportTCP},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			spec, err := findSpec(t, tt.name, tt.json)
			if err != nil {
				t.Fatal(err)
			}
			if got := spec.AutoTransport(); got != tt.want {
				t.Errorf("AutoTransport() = %v, want %v", got, tt.want)
			}
		})
	}
}

// A metadata.nbrun.transport that is not auto, ipc or tcp makes the
// kernelspec unreadable, with the file and the setting named.
func TestTransportMetadataErrors(t *testing.T) {
	for name, js := range map[string]string{
		"udp":    `{"argv": ["k"], "metadata": {"nbrun": {"transport": "udp"}}}`,
		"number": `{"argv": ["k"], "metadata": {"nbrun": {"transport": 5}}}`,
		"nbrun":  `{"argv": ["k"], "metadata": {"nbrun": "ipc"}}`,
	} {
		t.Run(name, func(t *testing.T) {
			_, err := findSpec(t, name, js)
			if err == nil || !strings.Contains(err.Error(), "kernel.json") || !strings.Contains(err.Error(), "metadata.nbrun") {
				t.Errorf("err = %v, want an error naming kernel.json and metadata.nbrun", err)
			}
			t.Log(err)
		})
	}
}

func TestParseTransport(t *testing.T) {
	for in, want := range map[string]kernel.Transport{"": kernel.TransportAuto, "auto": kernel.TransportAuto, "ipc": kernel.TransportIPC, "tcp": kernel.TransportTCP} {
		if got, err := kernel.ParseTransport(in); err != nil || got != want {
			t.Errorf("ParseTransport(%q) = %v, %v; want %v", in, got, err, want)
		}
	}
	for _, in := range []string{"TCP", "unix", "inproc", " ipc"} {
		if _, err := kernel.ParseTransport(in); !errors.Is(err, kernel.ErrTransport) || !strings.Contains(err.Error(), "want auto, ipc or tcp") {
			t.Errorf("ParseTransport(%q): %v, want ErrTransport listing the choices", in, err)
		}
	}
	if _, err := launcher.Start(context.Background(), kerneltest.Spec(kerneltest.Echo), kernel.Options{Transport: "unix"}); !errors.Is(err, kernel.ErrTransport) {
		t.Errorf("Start with Transport unix: %v, want ErrTransport", err)
	}
}

// findSpec writes kernels/name/kernel.json under a new data directory and
// finds it there.
func findSpec(t *testing.T, name, js string) (*kernel.Spec, error) {
	t.Helper()
	data := t.TempDir()
	dir := filepath.Join(data, "kernels", name)
	if err := os.MkdirAll(dir, 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(dir, "kernel.json"), []byte(js), 0o644); err != nil {
		t.Fatal(err)
	}
	return kernel.Find(name, func(k string) string {
		if k == "JUPYTER_PATH" {
			return data
		}
		return ""
	})
}

// Options.Transport wins over the kernelspec, which wins over auto; the
// connection file says what was chosen, and over ipc the scripted kernel
// listens on the five socket files in the private directory.
func TestTransportPrecedence(t *testing.T) {
	tests := []struct {
		name      string
		spec, opt kernel.Transport
		want      kernel.Transport
	}{
		{"auto for an unknown kernel", kernel.TransportAuto, kernel.TransportAuto, kernel.TransportTCP},
		{"asked ipc", kernel.TransportAuto, kernel.TransportIPC, kernel.TransportIPC},
		{"kernelspec ipc", kernel.TransportIPC, kernel.TransportAuto, kernel.TransportIPC},
		{"asked tcp over kernelspec ipc", kernel.TransportIPC, kernel.TransportTCP, kernel.TransportTCP},
		{"asked ipc over kernelspec tcp", kernel.TransportTCP, kernel.TransportIPC, kernel.TransportIPC},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			tmp := shortTempDir(t)
			t.Setenv("TMPDIR", tmp)
			spec := kerneltest.Spec(kerneltest.Echo)
			spec.Transport = tt.spec
			k, err := launcher.Start(context.Background(), spec, kernel.Options{Dir: t.TempDir(), StartupTimeout: 30 * time.Second, Transport: tt.opt})
			if err != nil {
				t.Fatal(err)
			}
			defer k.Shutdown(time.Second)
			if k.Transport() != tt.want {
				t.Errorf("Transport() = %v, want %v", k.Transport(), tt.want)
			}
			checkListeners(t, k, tmp, "")
			if res, err := k.Execute(context.Background(), "x", kernel.ExecOptions{Timeout: 10 * time.Second}, nil); err != nil || res.Status != "ok" {
				t.Errorf("execute: %v %v", res, err)
			}
			k.Shutdown(time.Second)
			assertNoKernelDirs(t, tmp)
		})
	}
}

// GoNB and ipykernel, as installed, run a cell over ipc by default; while
// they run, the kernel and its helpers (GoNB's gopls) listen on Unix
// sockets in the kernel's private directory and on no TCP port, but for
// the one ipykernel opens itself for forked subprocesses' output (its
// IOPub pipe, whatever the transport); after Shutdown the directory and
// its socket files are gone. -transport tcp still works: the kernel then
// listens on the connection file's ports.
func TestRealKernelsTransport(t *testing.T) {
	kernels := []struct{ name, code, want string }{
		{"gonb", "%%\nfmt.Println(6*7)", "42"},
		{"python3", "print(6*7)", "42"},
	}
	for _, kc := range kernels {
		for _, tr := range []kernel.Transport{kernel.TransportAuto, kernel.TransportTCP} {
			t.Run(kc.name+"/"+tr.String(), func(t *testing.T) {
				kerneltest.Need(t, kc.name)
				spec, err := kernel.Find(kc.name, os.Getenv)
				if err != nil {
					t.Fatal(err)
				}
				tmp := shortTempDir(t)
				t.Setenv("TMPDIR", tmp)
				k, err := launcher.Start(context.Background(), spec, kernel.Options{Dir: t.TempDir(), StartupTimeout: 2 * time.Minute,
					Env: []string{gobin.PathEnv(os.Getenv)}, Transport: tr})
				if err != nil {
					t.Fatal(err)
				}
				defer k.Shutdown(3 * time.Second)
				want := kernel.TransportIPC
				if tr == kernel.TransportTCP {
					want = kernel.TransportTCP
				}
				if k.Transport() != want {
					t.Errorf("Transport() = %v, want %v", k.Transport(), want)
				}
				var out strings.Builder
				res, err := k.Execute(context.Background(), kc.code, kernel.ExecOptions{Timeout: 2 * time.Minute}, func(m *kernel.Message) {
					var c struct{ Text string }
					if m.Header.MsgType == "stream" && json.Unmarshal(m.Content, &c) == nil {
						out.WriteString(c.Text)
					}
				})
				if err != nil || res.Status != "ok" || strings.TrimSpace(out.String()) != kc.want {
					t.Fatalf("cell: %v %v, output %q, want %q", res, err, out.String(), kc.want)
				}
				pipe := ""
				if kc.name == "python3" {
					pipe = pythonPipePort(t, k)
				}
				checkListeners(t, k, tmp, pipe)
				k.Shutdown(3 * time.Second)
				assertNoKernelDirs(t, tmp)
			})
		}
	}
}

// pythonPipePort asks ipykernel which TCP port its IOPub pipe for forked
// subprocesses listens on.
func pythonPipePort(t *testing.T, k *kernel.Kernel) string {
	t.Helper()
	var out strings.Builder
	_, err := k.Execute(context.Background(), "import sys; print(sys.stdout.pub_thread._pipe_port)", kernel.ExecOptions{Timeout: time.Minute}, func(m *kernel.Message) {
		var c struct{ Text string }
		if m.Header.MsgType == "stream" && json.Unmarshal(m.Content, &c) == nil {
			out.WriteString(c.Text)
		}
	})
	if err != nil {
		t.Fatal(err)
	}
	return strings.TrimSpace(out.String())
}

// checkListeners checks what the running kernel k (its process and its
// descendants) listens on, against its connection file in its private
// directory under tmp: over ipc the five socket files <dir>/k-1 to k-5 and
// other Unix sockets only inside the directory, and no TCP port but
// allowed; over tcp the connection file's five ports, allowed and no other.
func checkListeners(t *testing.T, k *kernel.Kernel, tmp, allowed string) {
	t.Helper()
	dir := kernelDir(t, tmp)
	if fi, err := os.Stat(dir); err != nil {
		t.Error(err)
	} else if fi.Mode().Perm() != 0o700 {
		t.Errorf("kernel directory %s: mode %v, want 0700", dir, fi.Mode().Perm())
	}
	conn := connectionFile(t, dir)
	if conn.Transport != string(k.Transport()) {
		t.Errorf("connection file transport %q, kernel says %v", conn.Transport, k.Transport())
	}
	ports := []int{conn.ShellPort, conn.IOPubPort, conn.StdinPort, conn.ControlPort, conn.HBPort}
	pids := append([]int{k.Pid()}, kernel.Descendants(k.Pid())...)
	// The kernel binds as it starts; ZeroMQ's background threads may take
	// a moment after the handshake: look a few times.
	var tcp, unix []string
	for range 50 {
		tcp, unix = listening(t, pids)
		if k.Transport() == kernel.TransportTCP || len(unix) >= 5 {
			break
		}
		time.Sleep(100 * time.Millisecond)
	}
	t.Logf("%v: the kernel (pids %v) listens on TCP ports %v and Unix sockets %v", k.Transport(), pids, tcp, unix)
	var want []string
	if allowed != "" {
		want = append(want, allowed)
	}
	switch k.Transport() {
	case kernel.TransportIPC:
		if conn.IP != filepath.Join(dir, "k") || !slices.Equal(ports, []int{1, 2, 3, 4, 5}) {
			t.Errorf("connection file ip %q ports %v, want %s and 1 to 5", conn.IP, ports, filepath.Join(dir, "k"))
		}
		for _, p := range ports {
			sock := conn.IP + "-" + strconv.Itoa(p)
			if !slices.Contains(unix, sock) {
				t.Errorf("nothing of the kernel listens on %s; its Unix listeners: %v", sock, unix)
			}
		}
		for _, u := range unix {
			if !strings.HasPrefix(u, dir+"/") {
				t.Errorf("the kernel listens on the Unix socket %q, outside its directory %s", u, dir)
			}
		}
	case kernel.TransportTCP:
		for _, p := range ports {
			want = append(want, strconv.Itoa(p))
		}
	}
	slices.Sort(want)
	slices.Sort(tcp)
	if !slices.Equal(tcp, want) {
		t.Errorf("the kernel (pids %v) listens on TCP ports %v, want %v", pids, tcp, want)
	}
}

// shortTempDir returns a new directory in the temporary directory, with a
// name shorter than t.TempDir's (which holds the test's name), so that
// the kernel directory inside it leaves room for Unix socket paths.
func shortTempDir(t *testing.T) string {
	t.Helper()
	dir, err := os.MkdirTemp("", "kt")
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { os.RemoveAll(dir) })
	return dir
}

// kernelDir returns the one kernel directory in tmp.
func kernelDir(t *testing.T, tmp string) string {
	t.Helper()
	dirs, _ := filepath.Glob(filepath.Join(tmp, "nbrun-kernel-*"))
	if len(dirs) != 1 {
		t.Fatalf("kernel directories in %s: %v, want one", tmp, dirs)
	}
	return dirs[0]
}

type connInfo struct {
	Transport, IP                                        string
	ShellPort, IOPubPort, StdinPort, ControlPort, HBPort int
}

// connectionFile reads the kernel's connection file in dir.
func connectionFile(t *testing.T, dir string) connInfo {
	t.Helper()
	files, _ := filepath.Glob(filepath.Join(dir, "kernel-*.json"))
	if len(files) != 1 {
		t.Fatalf("connection files in %s: %v, want one", dir, files)
	}
	b, err := os.ReadFile(files[0])
	if err != nil {
		t.Fatal(err)
	}
	var c struct {
		Transport   string `json:"transport"`
		IP          string `json:"ip"`
		ShellPort   int    `json:"shell_port"`
		IOPubPort   int    `json:"iopub_port"`
		StdinPort   int    `json:"stdin_port"`
		ControlPort int    `json:"control_port"`
		HBPort      int    `json:"hb_port"`
	}
	if err := json.Unmarshal(b, &c); err != nil {
		t.Fatal(err)
	}
	return connInfo{c.Transport, c.IP, c.ShellPort, c.IOPubPort, c.StdinPort, c.ControlPort, c.HBPort}
}

// listening returns the TCP ports (IPv4 and IPv6) and the Unix socket
// paths that the processes pids listen on: their file descriptors'
// socket inodes looked up in /proc/net/tcp, tcp6 and unix (the test runs
// in the kernel's network namespace).
func listening(t *testing.T, pids []int) (tcp, unix []string) {
	t.Helper()
	inodes := map[string]bool{}
	for _, pid := range pids {
		fds, _ := os.ReadDir(fmt.Sprintf("/proc/%d/fd", pid))
		for _, fd := range fds {
			link, err := os.Readlink(fmt.Sprintf("/proc/%d/fd/%s", pid, fd.Name()))
			if ino, ok := strings.CutPrefix(link, "socket:["); err == nil && ok {
				inodes[strings.TrimSuffix(ino, "]")] = true
			}
		}
	}
	if len(inodes) == 0 {
		t.Fatalf("no socket among the file descriptors of %v", pids)
	}
	for _, f := range []string{"/proc/net/tcp", "/proc/net/tcp6"} {
		b, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		for _, line := range strings.Split(string(b), "\n")[1:] {
			// sl local_address rem_address st ... uid timeout inode
			fs := strings.Fields(line)
			if len(fs) < 10 || fs[3] != "0A" || !inodes[fs[9]] { // 0A: LISTEN
				continue
			}
			_, hexPort, _ := strings.Cut(fs[1], ":")
			p, err := strconv.ParseInt(hexPort, 16, 32)
			if err != nil {
				t.Fatalf("%s: %q: %v", f, line, err)
			}
			tcp = append(tcp, strconv.FormatInt(p, 10))
		}
	}
	b, err := os.ReadFile("/proc/net/unix")
	if err != nil {
		t.Fatal(err)
	}
	for _, line := range strings.Split(string(b), "\n")[1:] {
		// Num RefCount Protocol Flags Type St Inode Path
		fs := strings.Fields(line)
		if len(fs) < 7 || !inodes[fs[6]] {
			continue
		}
		flags, err := strconv.ParseUint(fs[3], 16, 32)
		if err != nil {
			t.Fatalf("/proc/net/unix: %q: %v", line, err)
		}
		if flags&0x10000 == 0 { // __SO_ACCEPTCON: a listening socket
			continue
		}
		path := ""
		if len(fs) > 7 {
			path = fs[7]
		}
		unix = append(unix, path)
	}
	return tcp, unix
}

// A kernel directory too deep for Unix socket paths (a long TMPDIR):
// auto falls back to tcp and the kernel runs; ipc asked for, by the
// options or the kernelspec, fails with a clear error, leaving nothing.
func TestIPCLongTMPDIR(t *testing.T) {
	tmp := filepath.Join(t.TempDir(), strings.Repeat("d", 100))
	if err := os.Mkdir(tmp, 0o700); err != nil {
		t.Fatal(err)
	}
	t.Setenv("TMPDIR", tmp)
	gonbLike := kerneltest.Spec(kerneltest.Echo)
	gonbLike.Name, gonbLike.Language = "gonb", "go" // auto chooses ipc for it
	if gonbLike.AutoTransport() != kernel.TransportIPC {
		t.Fatalf("the scripted kernel named gonb: auto chooses %v", gonbLike.AutoTransport())
	}
	specs := []*kernel.Spec{gonbLike}
	if _, err := kernel.Find("python3", os.Getenv); err == nil && !testing.Short() {
		spec, _ := kernel.Find("python3", os.Getenv)
		specs = append(specs, spec)
	}
	for _, spec := range specs {
		t.Run("auto/"+spec.Name, func(t *testing.T) {
			k, err := launcher.Start(context.Background(), spec, kernel.Options{Dir: t.TempDir(), StartupTimeout: time.Minute})
			if err != nil {
				t.Fatal(err)
			}
			defer k.Shutdown(2 * time.Second)
			if k.Transport() != kernel.TransportTCP {
				t.Errorf("Transport() = %v, want the fallback to tcp", k.Transport())
			}
			if res, err := k.Execute(context.Background(), "1", kernel.ExecOptions{Timeout: time.Minute}, nil); err != nil || res.Status != "ok" {
				t.Errorf("execute: %v %v", res, err)
			}
			k.Shutdown(2 * time.Second)
			assertNoKernelDirs(t, tmp)
		})
	}
	kernelspecIPC := kerneltest.Spec(kerneltest.Echo)
	kernelspecIPC.Transport = kernel.TransportIPC
	for name, c := range map[string]struct {
		spec *kernel.Spec
		opt  kernel.Transport
	}{"asked": {gonbLike, kernel.TransportIPC}, "kernelspec": {kernelspecIPC, kernel.TransportAuto}} {
		t.Run(name, func(t *testing.T) {
			k, err := launcher.Start(context.Background(), c.spec, kernel.Options{Dir: t.TempDir(), StartupTimeout: time.Minute, Transport: c.opt})
			if err == nil {
				k.Shutdown(time.Second)
				t.Fatal("started over ipc with socket paths over 107 bytes")
			}
			if !errors.Is(err, kernel.ErrSocketPathTooLong) || !strings.Contains(err.Error(), "TMPDIR") || !strings.Contains(err.Error(), "107") || !strings.Contains(err.Error(), "tcp") {
				t.Errorf("err = %v, want ErrSocketPathTooLong naming TMPDIR, the limit and tcp", err)
			}
			assertNoKernelDirs(t, tmp)
		})
	}
}

// The socket files go with the kernel's directory whatever the end: a
// start that times out, a kernel killed with SIGKILL (it removes nothing
// itself), a normal shutdown.
func TestIPCSocketsRemoved(t *testing.T) {
	for _, end := range []string{"start timeout", "kernel killed", "shutdown"} {
		t.Run(end, func(t *testing.T) {
			tmp := shortTempDir(t)
			t.Setenv("TMPDIR", tmp)
			mode := kerneltest.Echo
			if end == "start timeout" {
				mode = kerneltest.Silent
			}
			k, err := launcher.Start(context.Background(), kerneltest.Spec(mode), kernel.Options{Dir: t.TempDir(), StartupTimeout: 2 * time.Second, Transport: kernel.TransportIPC})
			switch {
			case end == "start timeout":
				if !errors.Is(err, kernel.ErrStartTimeout) {
					t.Errorf("err = %v, want ErrStartTimeout", err)
				}
			case err != nil:
				t.Fatal(err)
			default:
				if n := len(socketFiles(t, tmp)); n != 5 {
					t.Errorf("%d socket files while the kernel runs, want 5", n)
				}
				if end == "kernel killed" {
					syscall.Kill(k.Pid(), syscall.SIGKILL)
					<-k.Died()
					if n := len(socketFiles(t, tmp)); n != 5 {
						t.Errorf("%d socket files after SIGKILL, want the 5 left behind", n)
					}
				}
				k.Shutdown(time.Second)
			}
			if left := socketFiles(t, tmp); len(left) > 0 {
				t.Errorf("socket files left: %v", left)
			}
			assertNoKernelDirs(t, tmp)
		})
	}
}

// socketFiles lists the Unix socket files under dir.
func socketFiles(t *testing.T, dir string) []string {
	t.Helper()
	var socks []string
	err := filepath.WalkDir(dir, func(p string, d os.DirEntry, err error) error {
		if err == nil && d.Type()&os.ModeSocket != 0 {
			socks = append(socks, p)
		}
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	return socks
}
