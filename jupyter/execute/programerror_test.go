package execute

import (
	"slices"
	"strings"
	"testing"
)

// programError finds a failed Go program's own words at the end of its
// standard error, after which GoNB writes the exit status.
func TestProgramError(t *testing.T) {
	tests := []struct {
		name, stderr, want string
	}{
		{"log.Fatal", "analysis: threshold -0.04 is not a positive number\nexit status 1\n", "analysis: threshold -0.04 is not a positive number"},
		{"the last lines", "one\ntwo\n\nthree\nfour\nexit status 1\n", "two\nthree\nfour"},
		{"a panic", "panic: boom\n\ngoroutine 1 [running]:\nmain.main()\n\t/x/main.go:9 +0x18\nexit status 2\n", "panic: boom"},
		{"interrupted", "working\n^C\nsignal: interrupt\n", "working"},
		{"only the exit", "exit status 1\n", ""},
		{"nothing", "", ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := programError(tt.stderr); got != tt.want {
				t.Errorf("programError(%q) = %q, want %q", tt.stderr, got, tt.want)
			}
		})
	}
}

// tail keeps the end of what is written, from a line's start.
func TestTail(t *testing.T) {
	var tl tail
	long := make([]byte, tailMax)
	for i := range long {
		long[i] = 'x'
	}
	tl.write(string(long))
	tl.write("\nlast line\n")
	if got := tl.String(); got != "last line\n" {
		t.Errorf("tail %q, want the last line", got)
	}
	tl.reset()
	if tl.String() != "" {
		t.Error("reset left text")
	}
}

// FuzzProgramError: whatever a program writes, its error is made of its
// own lines, in order, at most errorLines of them, never a GoNB exit line
// at the end; never a panic.
func FuzzProgramError(f *testing.F) {
	f.Add("analysis: threshold -0.04 is not a positive number\nexit status 1\n")
	f.Add("panic: boom\n\ngoroutine 1 [running]:\nexit status 2\n")
	f.Add("^C\nsignal: interrupt\n")
	f.Add("\n\n\r\n")
	f.Fuzz(func(t *testing.T, stderr string) {
		got := programError(stderr)
		if got == "" {
			return
		}
		lines := strings.Split(got, "\n")
		if len(lines) > errorLines {
			t.Fatalf("%d lines, want at most %d: %q", len(lines), errorLines, got)
		}
		var in []string
		for line := range strings.Lines(stderr) {
			in = append(in, strings.TrimRight(line, " \t\r\n"))
		}
		at := 0
		for _, l := range lines {
			i := slices.Index(in[at:], l)
			if l == "" || i < 0 {
				t.Fatalf("line %q of %q is not one of the input's, in order: %q", l, got, stderr)
			}
			at += i + 1
		}
		if last := lines[len(lines)-1]; !strings.HasPrefix(got, "panic: ") && (last == "^C" || exitLine.MatchString(last+"\n")) {
			t.Fatalf("ends in GoNB's exit line: %q", got)
		}
	})
}
