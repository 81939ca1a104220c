package execute

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"regexp"
	"strings"
	"time"

	"github.com/rotationlab/rotation/jupyter/kernel"
	"github.com/rotationlab/rotation/jupyter/nbformat"
)

// Options configure Run.
type Options struct {
	// Timeout limits each cell (0: none). On expiry the kernel is
	// interrupted and the run stops with ErrTimeout.
	Timeout time.Duration
	// AllowErrors records cell errors and goes on.
	AllowErrors bool
	// NoTiming leaves metadata.execution out, so that regenerated
	// notebooks diff cleanly.
	NoTiming bool
	// Progress, when set, is called after each cell.
	Progress func(CellEvent)
	// Start, when set, is called before each cell is sent to the kernel.
	Start func(index, total int, firstLine string)
}

// CellEvent reports one cell's end.
type CellEvent struct {
	Index, Total int
	// FirstLine is the cell's first non-blank source line.
	FirstLine string
	Duration  time.Duration
	// Status is "ok", "error", "error (expected)", "skipped", "timeout" or
	// "died".
	Status string
}

// CellError is a cell that raised an error.
type CellError struct {
	Index         int
	Ename, Evalue string
}

func (e *CellError) Error() string {
	return fmt.Sprintf("cell %d raised %s: %s", e.Index, e.Ename, e.Evalue)
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
		if nb.Metadata == nil {
			nb.Metadata = map[string]any{}
		}
		nb.Metadata["language_info"] = li
	}
	st := &state{nb: nb, displays: map[string][]ref{}, gen: make([]int, len(nb.Cells))}
	isGo := false
	if li := k.LanguageInfo(); li != nil {
		isGo = li["name"] == "go"
	}
	var firstErr error
	for i, c := range nb.Cells {
		if c.Type != nbformat.Code {
			continue
		}
		ev := CellEvent{Index: i, Total: len(nb.Cells), FirstLine: firstLine(c.Source)}
		if c.HasTag("skip-execution") || strings.TrimSpace(c.Source) == "" {
			ev.Status = "skipped"
			progress(opt, ev)
			continue
		}
		c.Outputs = nil
		c.ExecutionCount = nil
		st.gen[i]++
		st.cell, st.pendingClear, st.lastStderr = i, false, ""
		if opt.Start != nil {
			opt.Start(i, len(nb.Cells), ev.FirstLine)
		}
		start := time.Now()
		expectError := opt.AllowErrors || c.HasTag("raises-exception")
		res, err := k.Execute(ctx, c.Source, kernel.ExecOptions{Timeout: opt.Timeout, StopOnError: !expectError}, st.handle)
		ev.Duration = time.Since(start)
		if res != nil {
			if res.ExecutionCount > 0 && c.ExecutionCount == nil {
				n := res.ExecutionCount
				c.ExecutionCount = &n
			}
			if opt.NoTiming {
				delete(c.Metadata, "execution")
			} else {
				if c.Metadata == nil {
					c.Metadata = map[string]any{}
				}
				timing := map[string]any{}
				for k, v := range res.Timing {
					timing[k] = v
				}
				c.Metadata["execution"] = timing
			}
		}
		switch {
		case errors.Is(err, kernel.ErrTimeout):
			ev.Status = "timeout"
			progress(opt, ev)
			return fmt.Errorf("cell %d: %w", i, err)
		case errors.Is(err, kernel.ErrDied):
			ev.Status = "died"
			progress(opt, ev)
			return fmt.Errorf("cell %d: %w", i, err)
		case err != nil:
			ev.Status = "error"
			progress(opt, ev)
			return fmt.Errorf("cell %d: %w", i, err)
		}
		if isGo && res.Status == "ok" && programFailed(st.lastStderr) {
			// GoNB (v0.11.4) answers "error" for a cell whose program
			// exits non-zero, but still "ok" for a failed shell command
			// (`!cmd`, `!*cmd`), of which it only writes the exit status
			// to stderr as its last message. Without this check such a
			// cell would pass. A cell GoNB already reports is not counted
			// again.
			res.Status = "error"
			res.Reply["ename"] = "CommandFailed"
			res.Reply["evalue"] = strings.TrimSpace(st.lastStderr)
		}
		if res.Status == "aborted" {
			// The kernel did not run the cell (it was still aborting after
			// an earlier error): never count that as success.
			res.Status = "error"
			res.Reply["ename"] = "Aborted"
			res.Reply["evalue"] = "the kernel aborted the cell without running it"
		}
		if res.Status == "error" {
			ev.Status = "error"
			if c.HasTag("raises-exception") {
				ev.Status = "error (expected)"
				progress(opt, ev)
				continue
			}
			progress(opt, ev)
			ce := &CellError{Index: i}
			ce.Ename, _ = res.Reply["ename"].(string)
			ce.Evalue, _ = res.Reply["evalue"].(string)
			if !opt.AllowErrors {
				return ce
			}
			if firstErr == nil {
				firstErr = ce
			}
			continue
		}
		ev.Status = "ok"
		progress(opt, ev)
	}
	if opt.AllowErrors {
		return nil
	}
	return firstErr
}

// exitLine matches what GoNB writes to stderr when a cell's command fails:
// the *exec.ExitError text ("exit status 2", "signal: killed"), after "^C"
// when interrupted.
var exitLine = regexp.MustCompile(`^(\^C\n)?(exit status [1-9][0-9]*|signal: [a-z ]+)\n$`)

func programFailed(lastStderr string) bool { return exitLine.MatchString(lastStderr) }

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
	lastStderr   string // the text of the last stderr stream message
	cell         int
	pendingClear bool
	displays     map[string][]ref
	gen          []int
}

// handle stores one iopub message into the current cell.
func (st *state) handle(m *kernel.Message) {
	var content map[string]any
	if err := m.Decode(&content); err != nil {
		return
	}
	c := st.nb.Cells[st.cell]
	switch m.Header.MsgType {
	case "execute_input":
		if n, ok := content["execution_count"].(json.Number); ok {
			if v, err := n.Int64(); err == nil {
				x := int(v)
				c.ExecutionCount = &x
			}
		}
		return
	case "clear_output":
		if wait, _ := content["wait"].(bool); wait {
			st.pendingClear = true
		} else {
			st.clear()
		}
		return
	case "update_display_data":
		id := displayID(content)
		for _, r := range st.displays[id] {
			if r.gen != st.gen[r.cell] {
				continue
			}
			o := st.nb.Cells[r.cell].Outputs[r.idx]
			o["data"] = content["data"]
			o["metadata"] = orEmpty(content["metadata"])
		}
		return
	case "stream", "display_data", "execute_result", "error":
	default:
		return // comm messages, debug events and the like are not outputs
	}
	if st.pendingClear {
		st.clear()
	}
	var out nbformat.Output
	switch m.Header.MsgType {
	case "stream":
		name, _ := content["name"].(string)
		text, _ := content["text"].(string)
		if name == "stderr" {
			st.lastStderr = text
		}
		if n := len(c.Outputs); n > 0 && c.Outputs[n-1].Type() == "stream" && c.Outputs[n-1]["name"] == name {
			prev, _ := c.Outputs[n-1]["text"].(string)
			c.Outputs[n-1]["text"] = prev + text
			return
		}
		out = nbformat.Output{"output_type": "stream", "name": name, "text": text}
	case "display_data":
		out = nbformat.Output{"output_type": "display_data", "data": content["data"], "metadata": orEmpty(content["metadata"])}
		if id := displayID(content); id != "" {
			st.displays[id] = append(st.displays[id], ref{cell: st.cell, gen: st.gen[st.cell], idx: len(c.Outputs)})
		}
	case "execute_result":
		out = nbformat.Output{"output_type": "execute_result", "data": content["data"],
			"metadata": orEmpty(content["metadata"]), "execution_count": content["execution_count"]}
		if id := displayID(content); id != "" {
			st.displays[id] = append(st.displays[id], ref{cell: st.cell, gen: st.gen[st.cell], idx: len(c.Outputs)})
		}
	case "error":
		tb, _ := content["traceback"].([]any)
		if tb == nil {
			tb = []any{}
		}
		out = nbformat.Output{"output_type": "error", "ename": content["ename"], "evalue": content["evalue"], "traceback": tb}
	}
	c.Outputs = append(c.Outputs, out)
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

func displayID(content map[string]any) string {
	tr, _ := content["transient"].(map[string]any)
	id, _ := tr["display_id"].(string)
	return id
}

func orEmpty(v any) any {
	if m, ok := v.(map[string]any); ok {
		return m
	}
	return map[string]any{}
}
