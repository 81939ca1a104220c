package kernel

import (
	"context"
	"fmt"
	"time"
)

// ExecOptions configure Execute.
type ExecOptions struct {
	// Timeout limits the cell; on expiry the kernel is interrupted and
	// Execute waits up to Grace (default 10 s) for the cell to end, then
	// returns ErrTimeout. Zero means no limit.
	Timeout, Grace time.Duration
	// AllowStdin tells the kernel it may ask for input. Requests that come
	// anyway are answered with an empty line.
	AllowStdin bool
	// StopOnError asks the kernel to abort requests queued behind a cell
	// that fails. Leave it false for a cell whose error is expected:
	// ipykernel otherwise aborts the next request if it arrives within its
	// abort window, and that cell silently does not run.
	StopOnError bool
}

// ReplyStatus is an execute_reply's status.
type ReplyStatus string

// The statuses of an execute_reply.
const (
	StatusOK      ReplyStatus = "ok"
	StatusError   ReplyStatus = "error"
	StatusAborted ReplyStatus = "aborted"
)

// Reply is the content of an execute_reply.
type Reply struct {
	// Status is "ok", "error" or "aborted".
	Status ReplyStatus `json:"status"`
	// ExecutionCount is the kernel's counter for the cell, the number a
	// notebook shows as In [n].
	ExecutionCount int `json:"execution_count"`
	// Ename, Evalue and Traceback describe an error: the exception's
	// name ("ZeroDivisionError"), its message, and the traceback's lines
	// as the kernel formats them (with terminal colour codes).
	Ename     string   `json:"ename"`
	Evalue    string   `json:"evalue"`
	Traceback []string `json:"traceback"`
}

// Result is what an execution ended with.
type Result struct {
	// Reply is the execute_reply's content; Status and ExecutionCount
	// repeat its fields.
	Reply          Reply
	Status         ReplyStatus
	ExecutionCount int
	// Timing holds the header dates nbclient records in
	// metadata.execution: iopub.status.busy, iopub.execute_input,
	// shell.execute_reply, iopub.status.idle.
	Timing map[string]string
	// InputRequests counts stdin requests answered with an empty line.
	InputRequests int
}

// Execute runs code and calls onIOPub for every iopub message that belongs
// to it other than status messages, in order. It returns when both the
// execute_reply and the idle status have arrived, when the kernel dies
// (ErrDied), on timeout (ErrTimeout, after interrupting) or when ctx ends.
func (k *Kernel) Execute(ctx context.Context, code string, opt ExecOptions, onIOPub func(*Message)) (*Result, error) {
	if err := k.Err(); err != nil {
		return nil, err
	}
	if opt.Grace <= 0 {
		opt.Grace = 10 * time.Second
	}
	// Every field, always: GoNB reads them without checking, and a missing
	// one crashes it.
	id, err := k.send(k.shell, ExecuteRequest, executeRequest{Code: code, StoreHistory: true,
		UserExpressions: map[string]string{}, AllowStdin: opt.AllowStdin, StopOnError: opt.StopOnError})
	if err != nil {
		return nil, err
	}
	res := &Result{Timing: map[string]string{}}
	var timeout <-chan time.Time
	if opt.Timeout > 0 {
		t := time.NewTimer(opt.Timeout)
		defer t.Stop()
		timeout = t.C
	}
	var grace <-chan time.Time
	timedOut := false
	gotReply, gotIdle := false, false
	for !gotReply || !gotIdle {
		select {
		case m := <-k.iopubCh:
			if m.ParentID != id {
				continue
			}
			switch m.Header.MsgType {
			case Status:
				var st struct {
					ExecutionState string `json:"execution_state"`
				}
				if m.Decode(&st) == nil {
					switch st.ExecutionState {
					case "busy":
						res.Timing["iopub.status.busy"] = m.Header.Date
					case "idle":
						res.Timing["iopub.status.idle"] = m.Header.Date
						gotIdle = true
					}
				}
				continue
			case ExecuteInput:
				res.Timing["iopub.execute_input"] = m.Header.Date
			}
			if onIOPub != nil {
				onIOPub(m)
			}
		case m := <-k.shellCh:
			if m.ParentID != id || m.Header.MsgType != ExecuteReply {
				continue
			}
			res.Timing["shell.execute_reply"] = m.Header.Date
			if err := m.Decode(&res.Reply); err != nil {
				return nil, err
			}
			res.Status, res.ExecutionCount = res.Reply.Status, res.Reply.ExecutionCount
			gotReply = true
		case m := <-k.stdinCh:
			if m.Header.MsgType == InputRequest {
				res.InputRequests++
				k.sendMsg(k.stdin, InputReply, struct {
					Value string `json:"value"`
				}{}, &m.Header)
			}
		case <-k.died:
			return res, k.dieErr
		case <-ctx.Done():
			return res, ctx.Err()
		case <-timeout:
			timedOut = true
			timeout = nil
			if err := k.Interrupt(); err != nil {
				return res, fmt.Errorf("%w after %v; interrupting failed: %w", ErrTimeout, opt.Timeout, err)
			}
			t := time.NewTimer(opt.Grace)
			defer t.Stop()
			grace = t.C
		case <-grace:
			return res, fmt.Errorf("%w after %v; the kernel did not stop within %v of the interrupt", ErrTimeout, opt.Timeout, opt.Grace)
		}
	}
	if timedOut {
		return res, fmt.Errorf("%w after %v", ErrTimeout, opt.Timeout)
	}
	return res, nil
}

// executeRequest is the content of an execute_request.
type executeRequest struct {
	Code            string            `json:"code"`
	Silent          bool              `json:"silent"`
	StoreHistory    bool              `json:"store_history"`
	UserExpressions map[string]string `json:"user_expressions"`
	AllowStdin      bool              `json:"allow_stdin"`
	StopOnError     bool              `json:"stop_on_error"`
}
