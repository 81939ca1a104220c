// Package gobin finds where `go install` puts binaries: GoNB runs
// goimports (and starts gopls) from there, so a kernel's PATH must hold it.
package gobin

import (
	"os"
	"os/exec"
	"path/filepath"
	"strings"
)

// Dir returns go env GOBIN, else the first GOPATH entry's bin, or "" when
// the go command cannot be run.
func Dir() string {
	out, err := exec.Command("go", "env", "GOBIN", "GOPATH").Output()
	if err != nil {
		return ""
	}
	lines := strings.Split(strings.TrimRight(string(out), "\n"), "\n")
	if len(lines) >= 1 && strings.TrimSpace(lines[0]) != "" {
		return strings.TrimSpace(lines[0])
	}
	if len(lines) >= 2 && strings.TrimSpace(lines[1]) != "" {
		return filepath.Join(strings.SplitN(strings.TrimSpace(lines[1]), string(os.PathListSeparator), 2)[0], "bin")
	}
	return ""
}

// PathEnv returns "PATH=" with Dir first, before getenv("PATH").
func PathEnv(getenv func(string) string) string {
	if d := Dir(); d != "" {
		return "PATH=" + d + string(os.PathListSeparator) + getenv("PATH")
	}
	return "PATH=" + getenv("PATH")
}
