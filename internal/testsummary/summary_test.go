package testsummary_test

import (
	"strings"
	"testing"

	"github.com/rotationlab/rotation/internal/testsummary"
)

// A stream as `go test -json` writes it: a passing package with a skipped
// test and a skipped subtest, a failing package, a build failure.
const stream = `{"Action":"start","Package":"m/a"}
{"Action":"run","Package":"m/a","Test":"TestReal"}
{"Action":"output","Package":"m/a","Test":"TestReal","Output":"=== RUN   TestReal\n"}
{"Action":"output","Package":"m/a","Test":"TestReal","Output":"    real_test.go:12: real price data not found: set $ROTATION_DATA\n"}
{"Action":"output","Package":"m/a","Test":"TestReal","Output":"--- SKIP: TestReal (0.00s)\n"}
{"Action":"skip","Package":"m/a","Test":"TestReal"}
{"Action":"run","Package":"m/a","Test":"TestNB/outputs"}
{"Action":"output","Package":"m/a","Test":"TestNB/outputs","Output":"    nb_test.go:40: outputs not compared: the data is not the archive's:\n"}
{"Action":"output","Package":"m/a","Test":"TestNB/outputs","Output":"        IWM.csv: 10 bytes here\n"}
{"Action":"skip","Package":"m/a","Test":"TestNB/outputs"}
{"Action":"run","Package":"m/a","Test":"TestOK"}
{"Action":"output","Package":"m/a","Test":"TestOK","Output":"    ok_test.go:3: a log line of a passing test\n"}
{"Action":"pass","Package":"m/a","Test":"TestOK"}
{"Action":"output","Package":"m/a","Output":"PASS\n"}
{"Action":"output","Package":"m/a","Output":"ok  \tm/a\t0.01s\n"}
{"Action":"pass","Package":"m/a"}
{"Action":"run","Package":"m/b","Test":"TestOther"}
{"Action":"output","Package":"m/b","Test":"TestOther","Output":"    b_test.go:9: real price data not found: set $ROTATION_DATA\n"}
{"Action":"skip","Package":"m/b","Test":"TestOther"}
{"Action":"run","Package":"m/b","Test":"TestBad"}
{"Action":"output","Package":"m/b","Test":"TestBad","Output":"=== RUN   TestBad\n"}
{"Action":"output","Package":"m/b","Test":"TestBad","Output":"    b_test.go:5: got 1, want 2\n"}
{"Action":"output","Package":"m/b","Test":"TestBad","Output":"--- FAIL: TestBad (0.00s)\n"}
{"Action":"fail","Package":"m/b","Test":"TestBad"}
{"Action":"output","Package":"m/b","Output":"FAIL\n"}
{"Action":"output","Package":"m/b","Output":"FAIL\tm/b\t0.02s\n"}
{"Action":"fail","Package":"m/b"}
{"ImportPath":"m/c","Action":"build-output","Output":"c/c.go:3:1: syntax error\n"}
{"ImportPath":"m/c","Action":"build-fail"}
{"Action":"output","Package":"m/c","Output":"FAIL\tm/c [build failed]\n"}
go: warning: a line that is not an event
`

func TestCopyAndSkips(t *testing.T) {
	var out strings.Builder
	s, err := testsummary.Copy(&out, strings.NewReader(stream))
	if err != nil {
		t.Fatal(err)
	}
	if err := s.WriteSkips(&out, "m", 6); err != nil {
		t.Fatal(err)
	}
	want := "ok  \tm/a\t0.01s\n" +
		"    b_test.go:5: got 1, want 2\n--- FAIL: TestBad (0.00s)\nFAIL\nFAIL\tm/b\t0.02s\n" +
		"c/c.go:3:1: syntax error\nFAIL\tm/c [build failed]\n" +
		"go: warning: a line that is not an event\n" +
		"skipped: 3 tests, so this run is partial; what they check was not checked:\n" +
		"  2× real price data not found: set $ROTATION_DATA\n" +
		"     a TestReal, b TestOther\n" +
		"  1× outputs not compared: the data is not the archive's: IWM.csv: 10 bytes here\n" +
		"     a TestNB/outputs\n"
	if out.String() != want {
		t.Errorf("got\n%s\nwant\n%s", out.String(), want)
	}
	if s.Failed != 1 {
		t.Errorf("failed %d, want 1", s.Failed)
	}
}

func TestNoSkips(t *testing.T) {
	var out strings.Builder
	s, err := testsummary.Copy(&out, strings.NewReader(`{"Action":"output","Package":"m/a","Output":"ok  \tm/a\t0.01s\n"}`+"\n"))
	if err != nil {
		t.Fatal(err)
	}
	if err := s.WriteSkips(&out, "m", 6); err != nil {
		t.Fatal(err)
	}
	if got := out.String(); got != "ok  \tm/a\t0.01s\nskipped: none\n" {
		t.Errorf("got %q", got)
	}
}

// Whatever go test writes, Copy neither panics nor loses a line that is
// not an event.
func FuzzCopy(f *testing.F) {
	f.Add(stream)
	f.Add("{\"Action\":\"skip\",\"Test\":\"T\"}\n{")
	f.Fuzz(func(t *testing.T, in string) {
		var out strings.Builder
		s, err := testsummary.Copy(&out, strings.NewReader(in))
		if err != nil {
			return
		}
		if err := s.WriteSkips(&out, "m", 2); err != nil {
			t.Fatal(err)
		}
		for _, line := range strings.Split(in, "\n") {
			if line != "" && !strings.HasPrefix(line, "{") && !strings.Contains(out.String(), line) {
				t.Fatalf("line %q lost", line)
			}
		}
	})
}

// A test binary that times out sends no fail for the running test, only
// its output and the package's fail (the stream is go test -json's, from a
// test that slept past -timeout 1s, its stack trimmed): that output is the
// cause and must be shown, before the package's FAIL line, and the run
// counts as failed.
func TestTimedOutTestShowsItsOutput(t *testing.T) {
	const hung = `{"Action":"start","Package":"m/hang"}
{"Action":"run","Package":"m/hang","Test":"TestHang"}
{"Action":"output","Package":"m/hang","Test":"TestHang","Output":"=== RUN   TestHang\n"}
{"Action":"output","Package":"m/hang","Test":"TestHang","Output":"    h_test.go:3: waiting for the kernel\n"}
{"Action":"output","Package":"m/hang","Test":"TestHang","Output":"panic: test timed out after 1s\n"}
{"Action":"output","Package":"m/hang","Test":"TestHang","Output":"m/hang.TestHang(0x30bffe8b26c8?)\n"}
{"Action":"output","Package":"m/hang","Output":"FAIL\tm/hang\t1.004s\n"}
{"Action":"fail","Package":"m/hang","Elapsed":1.005}
`
	var out strings.Builder
	s, err := testsummary.Copy(&out, strings.NewReader(hung))
	if err != nil {
		t.Fatal(err)
	}
	got := out.String()
	for _, want := range []string{"waiting for the kernel", "panic: test timed out after 1s", "m/hang.TestHang"} {
		if !strings.Contains(got, want) {
			t.Errorf("output lacks %q:\n%s", want, got)
		}
	}
	if i, j := strings.Index(got, "panic: test timed out"), strings.Index(got, "FAIL\tm/hang"); i < 0 || j < i {
		t.Errorf("the cause does not come before the package's FAIL line:\n%s", got)
	}
	if s.Failed != 1 {
		t.Errorf("Failed = %d, want 1", s.Failed)
	}
}
