package kernel_test

import (
	"context"
	"errors"
	"net"
	"os"
	"testing"
	"time"

	"github.com/go-zeromq/zmq4"

	"github.com/rotationlab/rotation/jupyter/kernel"
	"github.com/rotationlab/rotation/jupyter/kernel/kerneltest"
)

// A port picked for the kernel can be taken by another program before the
// kernel binds it (parallel runs on a busy machine). Start then starts the
// kernel again on fresh ports rather than fail: whether the taker is a
// ZeroMQ socket of the wrong type (the client's dial fails) or a plain
// listener (the kernel cannot bind and exits). Only tcp picks ports: the
// test asks for it.
func TestStartRetriesTakenPort(t *testing.T) {
	router := zmq4.NewRouter(context.Background())
	defer router.Close()
	if err := router.Listen("tcp://127.0.0.1:0"); err != nil {
		t.Fatal(err)
	}
	routerPort := router.Addr().(*net.TCPAddr).Port
	plain, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	defer plain.Close()
	plainPort := plain.Addr().(*net.TCPAddr).Port

	specs := []*kernel.Spec{kerneltest.Spec(kerneltest.Echo)}
	for _, name := range []string{"python3", "gonb"} {
		if spec, err := kernel.Find(name, os.Getenv); err == nil {
			specs = append(specs, spec)
		} else {
			t.Logf("kernelspec %s not installed, not tried: %v", name, err)
		}
	}
	for _, spec := range specs {
		for _, taken := range []struct {
			name     string
			port     int
			position int // 0 shell, 1 iopub, 2 stdin, 3 control, 4 hb
		}{{"router on iopub", routerPort, 1}, {"plain listener on shell", plainPort, 0}} {
			t.Run(spec.Name+"/"+taken.name, func(t *testing.T) {
				tmp := t.TempDir()
				t.Setenv("TMPDIR", tmp)
				first := true
				l := kernel.NewLauncher()
				l.SetPortPicker(func(n int) ([]int, error) {
					ports, err := l.FreePorts(n)
					if err == nil && first {
						ports[taken.position] = taken.port
					}
					first = false
					return ports, err
				})
				k, err := l.Start(context.Background(), spec, kernel.Options{Dir: t.TempDir(), StartupTimeout: 2 * time.Minute, Transport: kernel.TransportTCP})
				if err != nil {
					t.Fatalf("start with port %d taken: %v", taken.port, err)
				}
				k.Shutdown(5 * time.Second)
				if c := k.PortConflicts(); len(c) != 1 || !errors.Is(c[0], kernel.ErrPortConflict) {
					t.Errorf("PortConflicts() = %v, want the one conflict", c)
				}
				assertNoKernelDirs(t, tmp)
			})
		}
	}
}
