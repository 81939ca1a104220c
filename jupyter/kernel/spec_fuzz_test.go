package kernel

import (
	"strings"
	"testing"
)

// FuzzParseSpec: any kernel.json gives a spec with a command and a known
// interrupt mode, or an error naming the file; never a panic.
func FuzzParseSpec(f *testing.F) {
	f.Add([]byte(`{"argv": ["python3", "-m", "ipykernel_launcher", "-f", "{connection_file}"], "display_name": "Python 3", "language": "python"}`))
	f.Add([]byte(`{"argv": ["gonb", "--kernel", "{connection_file}"], "interrupt_mode": "message", "env": {"A": "$HOME/x"}}`))
	f.Add([]byte(`{"argv": []}`))
	f.Add([]byte(`{"argv": ["x"], "interrupt_mode": "poke"}`))
	f.Add([]byte(`[`))
	f.Fuzz(func(t *testing.T, b []byte) {
		s, err := parseSpec(b, "fuzz", "/specs/fuzz")
		if err != nil {
			if !strings.Contains(err.Error(), "kernel.json") {
				t.Fatalf("error does not name the file: %v", err)
			}
			return
		}
		if len(s.Argv) == 0 || (s.InterruptMode != "signal" && s.InterruptMode != "message") {
			t.Fatalf("accepted %+v", s)
		}
	})
}

// FuzzSubstituteTemplate checks SubstituteTemplate against a plain reading
// of string.Template.safe_substitute: with every name unknown, only $$
// changes, to $, scanning left to right; with every name known as "", the
// text never grows.
func FuzzSubstituteTemplate(f *testing.F) {
	for _, s := range []string{"$HOME/bin", "${PATH}:x", "$$", "a$", "${unclosed", "$1x", "$_a_1"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		none := func(string) (string, bool) { return "", false }
		got := SubstituteTemplate(s, none)
		if want := strings.ReplaceAll(s, "$$", "$"); got != want {
			t.Fatalf("with no names known, %q became %q, want %q", s, got, want)
		}
		x := SubstituteTemplate(s, func(string) (string, bool) { return "", true })
		if len(x) > len(s) {
			t.Fatalf("empty values made %q longer: %q", s, x)
		}
	})
}
