package testsummary

import (
	"bufio"
	"encoding/json"
	"fmt"
	"io"
	"regexp"
	"slices"
	"strings"
)

// event is one line of `go test -json` (cmd/test2json).
type event struct {
	Action     string
	Package    string
	ImportPath string // build-output and build-fail events
	Test       string
	Output     string
}

// Skip is one skipped test and the reason it gave.
type Skip struct {
	Package, Test, Reason string
}

// Summary is what a run left: its skipped tests and whether any failed.
type Summary struct {
	Skipped []Skip
	// Failed counts the tests that failed, and the packages that failed
	// without a failing test (a test binary that timed out, crashed or
	// exited in the middle of a test, a failed TestMain).
	Failed int
}

// logLine is a test's log line, "    file_test.go:12: message".
var logLine = regexp.MustCompile(`^\s+[\w.-]+\.go:\d+: (.*)$`)

// Copy reads the events from r and writes plain go test output to w as
// they come. A line that is not an event (go test's own errors before any
// test runs) is written as it is.
func Copy(w io.Writer, r io.Reader) (*Summary, error) {
	type key struct{ pkg, test string }
	buf := map[key][]string{}
	failedTests := map[string]bool{} // packages with a failed test
	s := &Summary{}
	sc := bufio.NewScanner(r)
	sc.Buffer(make([]byte, 0, 64<<10), 16<<20)
	var werr error
	write := func(text string) {
		if werr == nil {
			_, werr = io.WriteString(w, text)
		}
	}
	for sc.Scan() {
		line := sc.Bytes()
		var e event
		if len(line) == 0 || line[0] != '{' || json.Unmarshal(line, &e) != nil {
			write(string(line) + "\n")
			continue
		}
		k := key{e.Package, e.Test}
		// flushPending writes what the package's unfinished tests said: a
		// test that never ends (the binary timed out, panicked or exited)
		// sends no fail of its own, and its output is the cause.
		flushPending := func() {
			var keys []key
			for bk := range buf {
				if bk.pkg == e.Package && bk.test != "" {
					keys = append(keys, bk)
				}
			}
			slices.SortFunc(keys, func(a, b key) int { return strings.Compare(a.test, b.test) })
			for _, bk := range keys {
				write(strings.Join(buf[bk], ""))
				delete(buf, bk)
			}
		}
		switch {
		case e.Action == "build-output":
			write(e.Output)
		case e.Action == "output" && e.Test == "":
			if strings.HasPrefix(e.Output, "FAIL") {
				flushPending()
			}
			if e.Output != "PASS\n" {
				write(e.Output)
			}
		case e.Action == "fail" && e.Test == "":
			flushPending()
			if !failedTests[e.Package] {
				s.Failed++ // the package failed with no failing test to say so
			}
		case e.Action == "output":
			if !strings.HasPrefix(e.Output, "=== ") {
				buf[k] = append(buf[k], e.Output)
			}
		case e.Action == "fail" && e.Test != "":
			s.Failed++
			failedTests[e.Package] = true
			write(strings.Join(buf[k], ""))
			delete(buf, k)
		case e.Action == "skip" && e.Test != "":
			s.Skipped = append(s.Skipped, Skip{Package: e.Package, Test: e.Test, Reason: reason(buf[k])})
			delete(buf, k)
		case e.Action == "pass" && e.Test != "":
			delete(buf, k)
		}
	}
	if err := sc.Err(); err != nil {
		return s, fmt.Errorf("testsummary: reading go test -json: %w", err)
	}
	if werr != nil {
		return s, fmt.Errorf("testsummary: writing: %w", werr)
	}
	return s, nil
}

// reason is the message of a skipped test's last log line (t.Skip's),
// with the lines that continue it.
func reason(lines []string) string {
	msg := ""
	for _, l := range lines {
		l = strings.TrimRight(l, "\n")
		if m := logLine.FindStringSubmatch(l); m != nil {
			msg = m[1]
		} else if msg != "" && strings.HasPrefix(l, "        ") {
			msg += " " + strings.TrimSpace(l)
		}
	}
	if msg == "" {
		return "no reason given"
	}
	return msg
}

// WriteSkips writes the skipped tests grouped by reason, most frequent
// first, naming at most perReason tests of each; module is trimmed from
// package paths.
func (s *Summary) WriteSkips(w io.Writer, module string, perReason int) error {
	if len(s.Skipped) == 0 {
		_, err := fmt.Fprintln(w, "skipped: none")
		return err
	}
	groups := map[string][]string{}
	var reasons []string
	for _, sk := range s.Skipped {
		if _, ok := groups[sk.Reason]; !ok {
			reasons = append(reasons, sk.Reason)
		}
		pkg := strings.TrimPrefix(strings.TrimPrefix(sk.Package, module), "/")
		if pkg == "" {
			pkg = "."
		}
		groups[sk.Reason] = append(groups[sk.Reason], pkg+" "+sk.Test)
	}
	slices.SortStableFunc(reasons, func(a, b string) int { return len(groups[b]) - len(groups[a]) })
	var b strings.Builder
	fmt.Fprintf(&b, "skipped: %d %s, so this run is partial; what they check was not checked:\n", len(s.Skipped), plural(len(s.Skipped), "test", "tests"))
	for _, r := range reasons {
		tests := groups[r]
		fmt.Fprintf(&b, "  %d× %s\n", len(tests), r)
		shown := tests[:min(perReason, len(tests))]
		more := ""
		if len(tests) > len(shown) {
			more = fmt.Sprintf(", and %d more", len(tests)-len(shown))
		}
		fmt.Fprintf(&b, "     %s%s\n", strings.Join(shown, ", "), more)
	}
	_, err := io.WriteString(w, b.String())
	return err
}

func plural(n int, one, many string) string {
	if n == 1 {
		return one
	}
	return many
}
