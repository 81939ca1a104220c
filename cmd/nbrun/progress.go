package main

import (
	"fmt"
	"io"
	"strings"
	"sync"
	"time"

	"github.com/rotationlab/rotation/jupyter/execute"
	"github.com/rotationlab/rotation/jupyter/runner"
)

// printer writes the runner's events to standard error as nbrun's
// progress lines ("nbrun: NAME ..."); problems are printed even with -q.
// The runner calls event one at a time.
type printer struct {
	w         io.Writer
	quiet     bool
	logOutput bool
	// prefix marks streamed output with its run's name (-j > 1).
	prefix bool
	// live redraws a line with the running cell's time (a terminal).
	live bool

	mu       sync.Mutex // serialises writes with the live line's redraws
	liveStop func()
}

func (p *printer) printf(format string, args ...any) {
	p.mu.Lock()
	defer p.mu.Unlock()
	fmt.Fprintf(p.w, format, args...)
}

// progress prints a line about a run unless -q.
func (p *printer) progress(j *runner.Job, format string, args ...any) {
	if !p.quiet {
		p.printf("nbrun: %s"+format+"\n", append([]any{j.Label()}, args...)...)
	}
}

// stopLive erases the live line, if any.
func (p *printer) stopLive() {
	if p.liveStop != nil {
		p.liveStop()
		p.liveStop = nil
	}
}

func (p *printer) event(e runner.Event) {
	j := e.Of()
	switch e := e.(type) {
	case *runner.Problem:
		p.stopLive()
		msg := e.Err.Error()
		if !strings.HasSuffix(msg, "\n") {
			msg += "\n"
		}
		p.printf("nbrun: %s", msg)
	case *runner.Note:
		p.progress(j, ": %s", e.Text)
	case *runner.Cached:
		p.progress(j, ": cached (%s)", e.Key[:min(12, len(e.Key))])
	case *runner.KernelStarted:
		p.progress(j, ": kernel %s started in %.2fs", e.Kernel, e.Elapsed.Seconds())
	case *runner.CellStarted:
		if p.live {
			p.liveStop = liveLine(p, fmt.Sprintf("nbrun: %s [%d/%d] %s", j.Label(), e.Index+1, e.Total, clip(e.FirstLine, 40)))
		}
	case *runner.CellFinished:
		p.stopLive()
		p.cell(j, e.Cell)
	case *runner.Output:
		if p.logOutput {
			p.stream(j, e.Text)
		}
	case *runner.Executed:
		p.progress(j, ": done in %.1fs (exit %d)", e.Elapsed.Seconds(), exitCode(e.Err))
	case *runner.Compared:
		switch {
		case e.Current:
			p.progress(j, ": outputs are current")
		case e.Unpaired:
			p.printf("nbrun: %s: ran; outputs not compared: a text notebook's stored outputs are in its paired .ipynb, and there is none: %s\n", j.Notebook, e.Why)
		default:
			p.printf("nbrun: %s: ran; outputs not compared: the data is not what the stored outputs were made from: %s\n", j.Notebook, e.Why)
		}
	}
}

// cell prints a cell's end: its place, first line, time and status.
func (p *printer) cell(j *runner.Job, e execute.CellEvent) {
	status := string(e.Status)
	if e.Err != nil {
		status += ": " + clip(firstLine(e.Err.Detail()), 120)
	}
	p.progress(j, " [%d/%d] %-40s %6.2fs %s", e.Index+1, e.Total, clip(e.FirstLine, 40), e.Duration.Seconds(), status)
}

// stream prints a cell's output as it arrives (-log-output), each line
// marked with its run's name when runs go in parallel.
func (p *printer) stream(j *runner.Job, text string) {
	prefix := ""
	if p.prefix {
		prefix = "[" + j.Label() + "] "
	}
	var b strings.Builder
	for line := range strings.Lines(text) {
		b.WriteString(prefix + line)
		if !strings.HasSuffix(line, "\n") {
			b.WriteString("\n")
		}
	}
	p.printf("%s", b.String())
}

func clip(s string, n int) string {
	r := []rune(s)
	if len(r) <= n {
		return s
	}
	return string(r[:n-1]) + "…"
}

// firstLine is the first line of s, trimmed, with "…" when more follow.
func firstLine(s string) string {
	lines := strings.SplitN(strings.TrimSpace(s), "\n", 2)
	if len(lines) > 1 {
		return lines[0] + " / …"
	}
	return lines[0]
}

// liveLine shows a running cell's elapsed time on a terminal, redrawn
// every 200 ms; the returned function erases it.
func liveLine(p *printer, label string) func() {
	done := make(chan struct{})
	stopped := make(chan struct{})
	start := time.Now()
	go func() {
		defer close(stopped)
		t := time.NewTicker(200 * time.Millisecond)
		defer t.Stop()
		for {
			select {
			case <-t.C:
				p.printf("\r\x1b[K%s %.1fs running", label, time.Since(start).Seconds())
			case <-done:
				p.printf("\r\x1b[K")
				return
			}
		}
	}()
	return func() {
		close(done)
		<-stopped
	}
}
