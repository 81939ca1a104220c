package cli

import (
	"errors"
	"flag"
	"fmt"
	"io"
	"sync"
)

// Parse parses args with fs, accepting flags before, between and after the
// operands, and returns the operands in their order. A lone "-" is an
// operand (standard input, by convention); "--" ends the flags. Errors are
// the flag package's own (flag.ErrHelp for -h).
func Parse(fs *flag.FlagSet, args []string) ([]string, error) {
	var operands []string
	for {
		if err := fs.Parse(args); err != nil {
			return nil, err
		}
		rest := fs.Args()
		// fs.Parse stops at the first operand, or after "--", which it
		// consumes: tell the two apart by what preceded rest in args.
		if len(rest) == 0 {
			return operands, nil
		}
		if n := len(args) - len(rest); n > 0 && args[n-1] == "--" {
			return append(operands, rest...), nil
		}
		operands = append(operands, rest[0])
		args = rest[1:]
	}
}

// Writer passes writes on to an io.Writer and remembers the first error, so
// that a command that writes its report in many small calls checks them all
// at once at the end. After a failed write, later writes are not attempted
// and report the same error. It is safe for concurrent use.
type Writer struct {
	mu  sync.Mutex
	w   io.Writer
	err error
}

// NewWriter returns a Writer writing to w.
func NewWriter(w io.Writer) *Writer { return &Writer{w: w} }

// Write implements io.Writer.
func (w *Writer) Write(p []byte) (int, error) {
	w.mu.Lock()
	defer w.mu.Unlock()
	if w.err != nil {
		return 0, w.err
	}
	n, err := w.w.Write(p)
	if err == nil && n < len(p) {
		err = io.ErrShortWrite
	}
	w.err = err
	return n, err
}

// Err returns the first write error, or nil. The error says what was being
// written to: name is how the user knows it ("standard output", a file name).
func (w *Writer) Err(name string) error {
	w.mu.Lock()
	defer w.mu.Unlock()
	if w.err == nil {
		return nil
	}
	return &WriteError{Name: name, Err: w.err}
}

// WriteError is a failed write of a command's output.
type WriteError struct {
	// Name is what was written to, as the user knows it.
	Name string
	// Err is the error of the write.
	Err error
}

func (e *WriteError) Error() string { return fmt.Sprintf("writing %s: %v", e.Name, e.Err) }
func (e *WriteError) Unwrap() error { return e.Err }

// IsWriteError reports whether err is, or wraps, a *WriteError.
func IsWriteError(err error) bool {
	var we *WriteError
	return errors.As(err, &we)
}
