package cli_test

import (
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"slices"
	"testing"

	"github.com/rotationlab/rotation/internal/cli"
)

func TestParse(t *testing.T) {
	tests := []struct {
		name      string
		args      []string
		operands  []string
		threshold float64
		json      bool
		wantErr   bool
	}{
		{"flags first", []string{"-threshold", "0.03", "IWM", "QQQ"}, []string{"IWM", "QQQ"}, 0.03, false, false},
		{"flags last", []string{"IWM", "QQQ", "-threshold", "0.03"}, []string{"IWM", "QQQ"}, 0.03, false, false},
		{"flags between", []string{"IWM", "-json", "QQQ", "-threshold=0.05"}, []string{"IWM", "QQQ"}, 0.05, true, false},
		{"double dash ends flags", []string{"-json", "--", "IWM", "-threshold"}, []string{"IWM", "-threshold"}, 0.04, true, false},
		{"double dash after operand", []string{"IWM", "--", "-json"}, []string{"IWM", "-json"}, 0.04, false, false},
		{"lone dash is an operand", []string{"-", "-json"}, []string{"-"}, 0.04, true, false},
		{"no operands", []string{"-json"}, nil, 0.04, true, false},
		{"nothing", nil, nil, 0.04, false, false},
		{"unknown flag after operand", []string{"IWM", "-nope"}, nil, 0.04, false, true},
		{"flag missing its value", []string{"IWM", "-threshold"}, nil, 0.04, false, true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			fs := flag.NewFlagSet("t", flag.ContinueOnError)
			fs.SetOutput(io.Discard)
			threshold := fs.Float64("threshold", 0.04, "")
			json := fs.Bool("json", false, "")
			got, err := cli.Parse(fs, tt.args)
			if (err != nil) != tt.wantErr {
				t.Fatalf("Parse(%q) error = %v, want error %v", tt.args, err, tt.wantErr)
			}
			if tt.wantErr {
				return
			}
			if !slices.Equal(got, tt.operands) || *threshold != tt.threshold || *json != tt.json {
				t.Errorf("Parse(%q) = %q, threshold %v, json %v; want %q, %v, %v",
					tt.args, got, *threshold, *json, tt.operands, tt.threshold, tt.json)
			}
		})
	}
}

func TestParseHelp(t *testing.T) {
	fs := flag.NewFlagSet("t", flag.ContinueOnError)
	fs.SetOutput(io.Discard)
	if _, err := cli.Parse(fs, []string{"IWM", "-h"}); !errors.Is(err, flag.ErrHelp) {
		t.Errorf("Parse(IWM -h) = %v, want flag.ErrHelp", err)
	}
}

func TestWriterFullDisk(t *testing.T) {
	f, err := os.OpenFile("/dev/full", os.O_WRONLY, 0)
	if err != nil {
		t.Skipf("no /dev/full here: %v", err)
	}
	defer f.Close()
	w := cli.NewWriter(f)
	if _, err := io.WriteString(w, "report\n"); err == nil {
		t.Fatal("write to /dev/full succeeded")
	}
	if _, err := io.WriteString(w, "more\n"); err == nil {
		t.Fatal("second write after a failure succeeded")
	}
	err = w.Err("standard output")
	if err == nil || !cli.IsWriteError(err) {
		t.Fatalf("Err = %v, want a *WriteError", err)
	}
	if got, want := err.Error(), "writing standard output: write /dev/full: no space left on device"; got != want {
		t.Errorf("Err = %q, want %q", got, want)
	}
}

type shortWriter struct{}

func (shortWriter) Write(p []byte) (int, error) { return len(p) / 2, nil }

func TestWriterShortWrite(t *testing.T) {
	w := cli.NewWriter(shortWriter{})
	io.WriteString(w, "abcd")
	if err := w.Err("x"); !errors.Is(err, io.ErrShortWrite) {
		t.Errorf("Err = %v, want io.ErrShortWrite", err)
	}
}

func TestWriterOK(t *testing.T) {
	w := cli.NewWriter(io.Discard)
	io.WriteString(w, "fine")
	if err := w.Err("x"); err != nil {
		t.Errorf("Err = %v, want nil", err)
	}
}

func ExampleParse() {
	fs := flag.NewFlagSet("rotation scan", flag.ContinueOnError)
	threshold := fs.Float64("threshold", 0.04, "the spread that makes an event")
	tickers, err := cli.Parse(fs, []string{"IWM", "QQQ", "-threshold", "0.03"})
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Println(tickers, *threshold)
	// Output: [IWM QQQ] 0.03
}
