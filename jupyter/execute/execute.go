package execute

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"regexp"
	"strconv"
	"strings"
	"time"

	"github.com/rotationlab/rotation/jupyter/kernel"
	"github.com/rotationlab/rotation/jupyter/nbformat"
)

// Options configure Run.
type Options struct {
	// Timeout limits each cell (0: none); a cell's metadata.nbrun.timeout
	// (seconds) overrides it for that cell. On expiry the kernel is
	// interrupted and the run stops with ErrTimeout.
	Timeout time.Duration
	// NotebookTimeout limits the whole run (0: none); on expiry the running
	// cell is interrupted and the run stops with ErrTimeout.
	NotebookTimeout time.Duration
	// AllowErrors records cell errors and goes on.
	AllowErrors bool
	// NoTiming leaves metadata.execution out, so that regenerated
	// notebooks diff cleanly.
	NoTiming bool
	// Progress, when set, is called after each cell.
	Progress func(CellEvent)
	// Start, when set, is called before each cell is sent to the kernel.
	Start func(index, total int, firstLine string)
	// Stream, when set, gets the cells' stdout and stderr as they arrive.
	Stream func(name nbformat.StreamName, text string)
	// Changed, when set, is told each time the notebook changed in a way
	// worth saving (see Change): a code cell about to be sent to the
	// kernel, a cell ended, an output of the running cell stored. It may
	// read the notebook (write it to a file, say) but must not change it.
	// An error it returns stops the run: the running cell is left to the
	// caller to interrupt and is marked failed (a cell not yet sent goes
	// back to pending), and Run returns an error wrapping it.
	Changed func(Change) error
}

// Change is a change of the notebook during Run, for Options.Changed.
type Change struct {
	// Kind is what changed.
	Kind ChangeKind
	// Index is the cell's.
	Index int
}

// ChangeKind is what changed in the notebook.
type ChangeKind int

// The changes Run reports.
const (
	// ChangeStart: a code cell is about to be sent to the kernel, its
	// metadata.papermill.status "running"; the cells before it are done.
	ChangeStart ChangeKind = iota
	// ChangeEnd: a code cell ran or was skipped; its outputs, count and
	// record are final.
	ChangeEnd
	// ChangeOutput: an output of the running cell was stored, cleared or
	// updated (a display update may change an earlier cell's).
	ChangeOutput
)

// Status is how a cell ended.
type Status string

// The statuses a cell ends with.
const (
	StatusOK            Status = "ok"
	StatusError         Status = "error"
	StatusExpectedError Status = "error (expected)" // in a cell tagged raises-exception
	StatusSkipped       Status = "skipped"          // tagged skip-execution, or empty
	StatusTimeout       Status = "timeout"
	StatusDied          Status = "died" // the kernel died during the cell
	// StatusExited: the cell raised SystemExit with status 0 or none
	// (sys.exit(), sys.exit(0), raise SystemExit), papermill's clean early
	// stop: the cell keeps its error output and is recorded failed, as
	// papermill records it; the cells after it are not run (they stay
	// pending), and the run is no failure.
	StatusExited Status = "stopped early"
)

// CellEvent reports one cell's end.
type CellEvent struct {
	Index, Total int
	// FirstLine is the cell's first non-blank source line.
	FirstLine string
	Duration  time.Duration
	Status    Status
	// Err is the cell's error when it failed (StatusError), or the
	// SystemExit that stopped the run (StatusExited), else nil.
	Err *CellError
}

// CellError is a cell that raised an error.
type CellError struct {
	Index         int
	Ename, Evalue string
	// Stderr holds, for a Go program that failed (GoNB only says "exit
	// status 1"), the program's own last words: the last lines it wrote
	// to standard error, or its panic's line. Empty for other kernels.
	Stderr string
}

func (e *CellError) Error() string {
	return fmt.Sprintf("cell %d %s", e.Index, e.Summary())
}

// Summary says what went wrong without the cell's number, as a Python
// exception reads ("raised ZeroDivisionError: division by zero"), or for
// a failed Go program in its own words ("failed: analysis: threshold
// -0.04 is not a positive number (exit status 1)").
func (e *CellError) Summary() string {
	if e.Stderr != "" {
		return "failed: " + e.Detail()
	}
	return "raised " + e.Detail()
}

// Detail is Summary without its verb: the exception and its value, or the
// program's last lines of standard error (joined by " / ") and its exit.
func (e *CellError) Detail() string {
	if e.Stderr != "" {
		return fmt.Sprintf("%s (%s)", strings.ReplaceAll(e.Stderr, "\n", " / "), e.Evalue)
	}
	return fmt.Sprintf("%s: %s", e.Ename, e.Evalue)
}

// Errors wrapping the kernel's, for errors.Is.
var (
	ErrTimeout = kernel.ErrTimeout
	ErrDied    = kernel.ErrDied
)

// Run executes the notebook's code cells on k, in place. It returns the
// first *CellError (unless AllowErrors), or an error wrapping ErrTimeout,
// ErrDied or ctx's error. Whatever ran before the failure stays in nb.
func Run(ctx context.Context, k *kernel.Kernel, nb *nbformat.Notebook, opt Options) error {
	if li := k.LanguageInfo(); li != nil {
		nb.SetLanguageInfo(li)
	}
	st := &state{nb: nb, displays: map[string][]ref{}, gen: make([]int, len(nb.Cells)), isGo: k.Language() == "go", stream: opt.Stream,
		onChange: opt.Changed}
	if opt.NotebookTimeout > 0 {
		st.deadline = time.Now().Add(opt.NotebookTimeout)
	}
	for _, c := range nb.Cells {
		c.SetPapermill(nbformat.CellPapermill{Status: nbformat.PapermillPending, NoTiming: opt.NoTiming})
	}
	var firstErr error
	for i, c := range nb.Cells {
		if c.Type != nbformat.Code {
			now := time.Now()
			c.SetPapermill(nbformat.CellPapermill{Status: nbformat.PapermillCompleted, Start: now, End: now, NoTiming: opt.NoTiming})
			continue
		}
		ev := CellEvent{Index: i, Total: len(nb.Cells), FirstLine: firstLine(c.Source)}
		if c.HasTag("skip-execution") || strings.TrimSpace(c.Source) == "" {
			ev.Status = StatusSkipped
			c.SetPapermill(nbformat.CellPapermill{Status: nbformat.PapermillSkipped, NoTiming: true})
			if err := st.changed(ChangeEnd, i); err != nil {
				return fmt.Errorf("cell %d: %w", i, err)
			}
			progress(opt, ev)
			continue
		}
		if opt.Changed != nil {
			// What a save shows of the cell from now on is this run's.
			c.Outputs, c.ExecutionCount = nil, nil
			c.SetPapermill(nbformat.CellPapermill{Status: nbformat.PapermillRunning, Start: time.Now(), NoTiming: opt.NoTiming})
			if err := opt.Changed(Change{Kind: ChangeStart, Index: i}); err != nil {
				c.SetPapermill(nbformat.CellPapermill{Status: nbformat.PapermillPending, NoTiming: opt.NoTiming})
				return fmt.Errorf("cell %d: %w", i, err)
			}
		}
		if opt.Start != nil {
			opt.Start(i, len(nb.Cells), ev.FirstLine)
		}
		start := time.Now()
		reply, err := st.execute(ctx, k, i, opt)
		ev.Duration = time.Since(start)
		ev.Status = status(err, reply, c)
		var ce *CellError
		if ev.Status == StatusError {
			ce = &CellError{Index: i, Ename: reply.Ename, Evalue: reply.Evalue}
			if st.isGo {
				ce.Stderr = programError(st.stderr.String())
			}
			ev.Err = ce
			if !st.isGo && cleanExit(reply) {
				ev.Status, ce = StatusExited, nil
			}
		}
		failed := ev.Status != StatusOK && ev.Status != StatusExpectedError
		pm := nbformat.PapermillCompleted
		if failed {
			pm = nbformat.PapermillFailed
		}
		c.SetPapermill(nbformat.CellPapermill{Status: pm, Failed: failed, Start: start, End: start.Add(ev.Duration), NoTiming: opt.NoTiming})
		if err == nil {
			err = st.changed(ChangeEnd, i)
		}
		progress(opt, ev)
		switch {
		case err != nil:
			return fmt.Errorf("cell %d: %w", i, err)
		case ce != nil:
			if !opt.AllowErrors {
				return ce
			}
			if firstErr == nil {
				firstErr = ce
			}
		case ev.Status == StatusExited:
			return firstErr // nil but for an earlier error AllowErrors let by
		}
	}
	if opt.AllowErrors {
		return nil
	}
	return firstErr
}

// execute runs cell i and stores its outputs, count and timings; it
// returns the reply, with the failures the kernel did not report as errors
// turned into errors.
func (st *state) execute(ctx context.Context, k *kernel.Kernel, i int, opt Options) (kernel.Reply, error) {
	c := st.nb.Cells[i]
	c.Outputs = nil
	c.ExecutionCount = nil
	st.gen[i]++
	st.cell, st.pendingClear, st.lastStderr = i, false, ""
	st.stderr.reset()
	expectError := opt.AllowErrors || c.HasTag("raises-exception")
	timeout, notebookLimit, err := st.timeout(c, opt)
	if err != nil {
		return kernel.Reply{}, err
	}
	ctx, stop := context.WithCancel(ctx)
	defer stop()
	st.stop, st.stopErr = stop, nil
	res, err := k.Execute(ctx, c.Source, kernel.ExecOptions{Timeout: timeout, StopOnError: !expectError}, st.handle)
	if res != nil {
		st.record(c, res, opt.NoTiming)
	}
	if st.stopErr != nil {
		return kernel.Reply{}, st.stopErr
	}
	if err != nil {
		if notebookLimit && errors.Is(err, kernel.ErrTimeout) {
			return kernel.Reply{}, fmt.Errorf("the notebook's time limit of %v ran out: %w", opt.NotebookTimeout, err)
		}
		return kernel.Reply{}, err
	}
	reply := res.Reply
	reply.Status = res.Status
	if st.isGo && reply.Status == kernel.StatusOK && programFailed(st.lastStderr) {
		// GoNB (v0.11.4) answers "error" for a cell whose program exits
		// non-zero, but still "ok" for a failed shell command (`!cmd`,
		// `!*cmd`), of which it only writes the exit status to stderr as
		// its last message. Without this check such a cell would pass. A
		// cell GoNB already reports is not counted again.
		reply.Status, reply.Ename, reply.Evalue = kernel.StatusError, "CommandFailed", strings.TrimSpace(st.lastStderr)
	}
	if reply.Status == kernel.StatusAborted {
		// The kernel did not run the cell (it was still aborting after an
		// earlier error): never count that as success.
		reply.Status, reply.Ename, reply.Evalue = kernel.StatusError, "Aborted", "the kernel aborted the cell without running it"
	}
	return reply, nil
}

// timeout is the cell's limit: its metadata.nbrun.timeout (seconds), else
// opt.Timeout, cut to what is left of the notebook's limit (notebookLimit
// then tells that the notebook's limit is the one that applies).
func (st *state) timeout(c *nbformat.Cell, opt Options) (d time.Duration, notebookLimit bool, err error) {
	d = opt.Timeout
	if meta, ok := c.Metadata["nbrun"].(map[string]any); ok {
		if v, present := meta["timeout"]; present {
			secs, err := strconv.ParseFloat(fmt.Sprint(v), 64)
			if err != nil || secs < 0 {
				return 0, false, fmt.Errorf("metadata.nbrun.timeout %v is not a number of seconds", v)
			}
			d = time.Duration(secs * float64(time.Second))
		}
	}
	if st.deadline.IsZero() {
		return d, false, nil
	}
	left := time.Until(st.deadline)
	if left <= 0 {
		return 0, true, fmt.Errorf("the notebook's time limit of %v ran out: %w", opt.NotebookTimeout, kernel.ErrTimeout)
	}
	if d == 0 || left < d {
		return left, true, nil
	}
	return d, false, nil
}

// record stores the execution count and, unless noTiming, nbclient's
// metadata.execution timestamps.
func (st *state) record(c *nbformat.Cell, res *kernel.Result, noTiming bool) {
	if res.ExecutionCount > 0 && c.ExecutionCount == nil {
		n := res.ExecutionCount
		c.ExecutionCount = &n
	}
	if noTiming {
		delete(c.Metadata, "execution")
		return
	}
	if c.Metadata == nil {
		c.Metadata = map[string]any{}
	}
	timing := map[string]any{}
	for k, v := range res.Timing {
		timing[k] = v
	}
	c.Metadata["execution"] = timing
}

// status is how a cell ended, from the error and reply of execute.
func status(err error, reply kernel.Reply, c *nbformat.Cell) Status {
	switch {
	case errors.Is(err, kernel.ErrTimeout):
		return StatusTimeout
	case errors.Is(err, kernel.ErrDied):
		return StatusDied
	case err != nil, reply.Status == kernel.StatusError && !c.HasTag("raises-exception"):
		return StatusError
	case reply.Status == kernel.StatusError:
		return StatusExpectedError
	}
	return StatusOK
}

// cleanExit tells papermill's clean early stop: a reply raising SystemExit
// with status 0 or none (papermill's raise_for_execution_errors: ename
// "SystemExit", evalue "" or "0").
func cleanExit(reply kernel.Reply) bool {
	return reply.Ename == "SystemExit" && (reply.Evalue == "" || reply.Evalue == "0")
}

// exitLine matches what GoNB writes to stderr when a cell's command fails:
// the *exec.ExitError text ("exit status 2", "signal: killed"), after "^C"
// when interrupted.
var exitLine = regexp.MustCompile(`^(\^C\n)?(exit status [1-9][0-9]*|signal: [a-z ]+)\n$`)

func programFailed(lastStderr string) bool { return exitLine.MatchString(lastStderr) }

// programError picks a failed Go program's own error from the end of its
// standard error: the line of a panic, else the last lines (up to
// errorLines) before GoNB's own exit line ("exit status 1"). Blank lines
// are dropped.
func programError(stderr string) string {
	var lines []string
	for line := range strings.Lines(stderr) {
		if l := strings.TrimRight(line, " \t\r\n"); l != "" {
			lines = append(lines, l)
		}
	}
	for len(lines) > 0 && (lines[len(lines)-1] == "^C" || exitLine.MatchString(lines[len(lines)-1]+"\n")) {
		lines = lines[:len(lines)-1]
	}
	for _, l := range lines {
		if strings.HasPrefix(l, "panic: ") {
			return l
		}
	}
	return strings.Join(lines[max(0, len(lines)-errorLines):], "\n")
}

// errorLines is how many of a failed program's last lines of standard
// error make its error.
const errorLines = 3

// tail keeps the last tailMax bytes written to it, from a line's start
// where it can.
type tail struct{ b []byte }

const tailMax = 4 << 10

func (t *tail) reset() { t.b = t.b[:0] }

func (t *tail) write(s string) {
	t.b = append(t.b, s...)
	if n := len(t.b) - tailMax; n > 0 {
		cut := t.b[n:]
		if i := bytes.IndexByte(cut, '\n'); i >= 0 && i < len(cut)-1 {
			cut = cut[i+1:]
		}
		t.b = append(t.b[:0], cut...)
	}
}

func (t *tail) String() string { return string(t.b) }

func progress(opt Options, ev CellEvent) {
	if opt.Progress != nil {
		opt.Progress(ev)
	}
}

// firstLine is the first line of a cell worth showing: not blank and not
// GoNB's "%%" marker.
func firstLine(src string) string {
	for line := range strings.Lines(src) {
		if s := strings.TrimSpace(line); s != "" && s != "%%" {
			return s
		}
	}
	return ""
}

// ref points at an output that carries a display id; gen tells whether the
// cell has been cleared or rerun since.
type ref struct{ cell, gen, idx int }

type state struct {
	nb           *nbformat.Notebook
	deadline     time.Time                         // the notebook's time limit; zero for none
	stream       func(nbformat.StreamName, string) // Options.Stream
	isGo         bool                              // the kernel runs Go (GoNB)
	lastStderr   string                            // the text of the last stderr stream message
	stderr       tail                              // the end of the cell's stderr
	cell         int
	pendingClear bool
	displays     map[string][]ref
	gen          []int
	onChange     func(Change) error // Options.Changed
	stop         func()             // ends the running cell's Execute
	stopErr      error              // onChange's error during the running cell
}

// changed tells onChange, if any, of a change of cell i.
func (st *state) changed(kind ChangeKind, i int) error {
	if st.onChange == nil {
		return nil
	}
	return st.onChange(Change{Kind: kind, Index: i})
}

// content is the union of the iopub message contents stored as outputs.
type content struct {
	ExecutionCount *int                `json:"execution_count"`
	Wait           bool                `json:"wait"`
	Name           nbformat.StreamName `json:"name"`
	Text           string              `json:"text"`
	Data           nbformat.MimeBundle `json:"data"`
	Metadata       map[string]any      `json:"metadata"`
	Transient      struct {
		DisplayID string `json:"display_id"`
	} `json:"transient"`
	Ename     string   `json:"ename"`
	Evalue    string   `json:"evalue"`
	Traceback []string `json:"traceback"`
}

// handle stores one iopub message into the current cell and tells of
// the change; a failure to take note of it stops the cell.
func (st *state) handle(m *kernel.Message) {
	if !st.store(m) || st.onChange == nil || st.stopErr != nil {
		return
	}
	if err := st.onChange(Change{Kind: ChangeOutput, Index: st.cell}); err != nil {
		st.stopErr = err
		st.stop()
	}
}

// store stores one iopub message into the current cell; it tells whether
// an output changed.
func (st *state) store(m *kernel.Message) bool {
	var ct content
	if err := m.Decode(&ct); err != nil {
		return false
	}
	c := st.nb.Cells[st.cell]
	switch kernel.MsgType(m.Header.MsgType) {
	case kernel.ExecuteInput:
		if ct.ExecutionCount != nil {
			c.ExecutionCount = ct.ExecutionCount
		}
		return false
	case kernel.ClearOutput:
		if ct.Wait {
			st.pendingClear = true
		} else {
			st.clear()
		}
		return !ct.Wait
	case kernel.UpdateDisplayData:
		for _, r := range st.displays[ct.Transient.DisplayID] {
			if r.gen != st.gen[r.cell] {
				continue
			}
			o := &st.nb.Cells[r.cell].Outputs[r.idx]
			o.Data, o.Metadata = ct.Data, orEmpty(ct.Metadata)
		}
		return true
	case kernel.StreamMsg, kernel.DisplayDataMsg, kernel.ExecuteResultMsg, kernel.ErrorMsg:
	default:
		return false // comm messages, debug events and the like are not outputs
	}
	if st.pendingClear {
		st.clear()
	}
	var out nbformat.Output
	switch kernel.MsgType(m.Header.MsgType) {
	case kernel.StreamMsg:
		if ct.Name == nbformat.Stderr {
			st.lastStderr = ct.Text
			st.stderr.write(ct.Text)
		}
		if st.stream != nil {
			st.stream(ct.Name, ct.Text)
		}
		if n := len(c.Outputs); n > 0 && c.Outputs[n-1].Type == nbformat.Stream && c.Outputs[n-1].Name == ct.Name {
			c.Outputs[n-1].Text += ct.Text
			return true
		}
		out = nbformat.Output{Type: nbformat.Stream, Name: ct.Name, Text: ct.Text}
	case kernel.DisplayDataMsg, kernel.ExecuteResultMsg:
		out = nbformat.Output{Type: nbformat.DisplayData, Data: ct.Data, Metadata: orEmpty(ct.Metadata)}
		if kernel.MsgType(m.Header.MsgType) == kernel.ExecuteResultMsg {
			out.Type, out.ExecutionCount = nbformat.ExecuteResult, ct.ExecutionCount
		}
		if id := ct.Transient.DisplayID; id != "" {
			st.displays[id] = append(st.displays[id], ref{cell: st.cell, gen: st.gen[st.cell], idx: len(c.Outputs)})
		}
	case kernel.ErrorMsg:
		tb := ct.Traceback
		if tb == nil {
			tb = []string{}
		}
		out = nbformat.Output{Type: nbformat.Error, Ename: ct.Ename, Evalue: ct.Evalue, Traceback: tb}
	}
	c.Outputs = append(c.Outputs, out)
	return true
}

// clear empties the current cell's outputs; display ids pointing into them
// are dropped by bumping the cell's generation.
func (st *state) clear() {
	st.nb.Cells[st.cell].Outputs = nil
	st.gen[st.cell]++
	st.pendingClear = false
	for id, refs := range st.displays {
		kept := refs[:0]
		for _, r := range refs {
			if r.gen == st.gen[r.cell] {
				kept = append(kept, r)
			}
		}
		st.displays[id] = kept
	}
}

func orEmpty(m map[string]any) map[string]any {
	if m == nil {
		return map[string]any{}
	}
	return m
}
