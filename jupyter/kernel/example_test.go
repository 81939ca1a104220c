package kernel_test

import (
	"context"
	"encoding/json"
	"fmt"
	"log"
	"os"
	"path/filepath"
	"time"

	"github.com/rotationlab/rotation/jupyter/kernel"
	"github.com/rotationlab/rotation/jupyter/kernel/kerneltest"
)

// Find looks a kernelspec up along Jupyter's data paths, $JUPYTER_PATH
// first.
func ExampleFind() {
	root, err := os.MkdirTemp("", "jupyter-path-")
	if err != nil {
		log.Fatal(err)
	}
	defer os.RemoveAll(root)
	dir := filepath.Join(root, "kernels", "demo")
	if err := os.MkdirAll(dir, 0o755); err != nil {
		log.Fatal(err)
	}
	spec := `{"argv": ["demo-kernel", "-f", "{connection_file}"], "display_name": "Demo", "language": "demo"}`
	if err := os.WriteFile(filepath.Join(dir, "kernel.json"), []byte(spec), 0o644); err != nil {
		log.Fatal(err)
	}
	getenv := func(name string) string {
		if name == "JUPYTER_PATH" {
			return root
		}
		return ""
	}

	s, err := kernel.Find("demo", getenv)
	if err != nil {
		log.Fatal(err)
	}
	fmt.Println(s.Name, s.DisplayName, s.Language, s.Argv)
	fmt.Println("interrupt by", s.InterruptMode)
	fmt.Println("in JUPYTER_PATH:", s.Dir == dir)
	// Output:
	// demo Demo demo [demo-kernel -f {connection_file}]
	// interrupt by signal
	// in JUPYTER_PATH: true
}

// A Launcher starts a kernel and shakes hands with it; Execute runs code
// and passes the kernel's output on. Here the scripted kernel of package
// kerneltest plays the kernel (it echoes each cell's code); a program
// finds a real one with kernel.Find("python3", os.Getenv).
func ExampleLauncher_Start() {
	ctx := context.Background()
	l := kernel.NewLauncher() // one for the whole process
	k, err := l.Start(ctx, kerneltest.Spec(kerneltest.Echo), kernel.Options{StartupTimeout: time.Minute})
	if err != nil {
		log.Fatal(err)
	}
	defer k.Shutdown(3 * time.Second)
	fmt.Println("language:", k.Language())

	res, err := k.Execute(ctx, "hello", kernel.ExecOptions{Timeout: time.Minute}, func(m *kernel.Message) {
		if m.Header.MsgType == kernel.StreamMsg {
			var s struct{ Name, Text string }
			if err := json.Unmarshal(m.Content, &s); err == nil {
				fmt.Printf("%s: %s", s.Name, s.Text)
			}
		}
	})
	if err != nil {
		log.Fatal(err)
	}
	fmt.Println("status:", res.Status, "count:", res.ExecutionCount)
	// Output:
	// language: scripted
	// stdout: hello
	// status: ok count: 1
}
