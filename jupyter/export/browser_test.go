package export_test

import (
	"context"
	"fmt"
	"net/http"
	"net/http/httptest"
	"net/url"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/chromedp/cdproto/audits"
	"github.com/chromedp/cdproto/cdp"
	"github.com/chromedp/cdproto/emulation"
	"github.com/chromedp/cdproto/input"
	"github.com/chromedp/cdproto/log"
	"github.com/chromedp/cdproto/network"
	"github.com/chromedp/cdproto/runtime"
	"github.com/chromedp/chromedp"

	"github.com/rotationlab/rotation/jupyter/export"
	"github.com/rotationlab/rotation/jupyter/nbformat"
)

const chromium = "/usr/bin/chromium"

// TestPagesInBrowser loads exported pages in Debian's headless Chromium from
// a local server and checks that every image decoded, that the console shows
// no error and that no request left the machine.
func TestPagesInBrowser(t *testing.T) {
	if _, err := os.Stat(chromium); err != nil {
		t.Skipf("%s not installed (apt-get install chromium)", chromium)
	}
	dir := t.TempDir()
	sources := []string{filepath.Join("testdata", "sample.ipynb"), filepath.Join("testdata", "gonb-error.ipynb"), filepath.Join("testdata", "blocks.ipynb")}
	committed, _ := filepath.Glob(filepath.Join("..", "..", "notebooks", "0*.ipynb"))
	sources = append(sources, committed...)
	var pages []string
	for _, src := range sources {
		nb, err := nbformat.ReadFile(src)
		if err != nil {
			t.Fatal(err)
		}
		page, err := export.HTML(nb, export.Options{Name: filepath.Base(src)})
		if err != nil {
			t.Fatal(err)
		}
		name := strings.TrimSuffix(filepath.Base(src), ".ipynb") + ".html"
		if err := os.WriteFile(filepath.Join(dir, name), page, 0o644); err != nil {
			t.Fatal(err)
		}
		pages = append(pages, name)
	}
	srv := httptest.NewServer(http.FileServer(http.Dir(dir)))
	defer srv.Close()

	ctx, seen := startChromium(t)

	for _, p := range pages {
		var images, broken int
		var shot []byte
		err := chromedp.Do(ctx,
			chromedp.Navigate(srv.URL+"/"+p),
			chromedp.WaitReady("footer"),
			into(chromedp.Evaluate[int](`document.images.length`), &images),
			into(chromedp.Evaluate[int](`Array.from(document.images).filter(i => !(i.complete && i.naturalWidth > 0)).length`), &broken),
			into(chromedp.FullScreenshot(80), &shot),
		)
		if err != nil {
			t.Fatalf("%s: %v", p, err)
		}
		if broken != 0 {
			t.Errorf("%s: %d of %d images did not decode", p, broken, images)
		}
		if p == "sample.html" && images != 1 {
			t.Errorf("sample.html shows %d images, want 1", images)
		}
		if p == "gonb-error.html" {
			checkGoNBError(t, ctx)
		}
		checkWrap(t, ctx, p)
		if len(shot) == 0 {
			t.Errorf("%s: empty screenshot", p)
		}
		t.Logf("%s: %d images, screenshot %d bytes", p, images, len(shot))
	}
	seen.mu.Lock()
	defer seen.mu.Unlock()
	for _, c := range seen.console {
		if c.kind == runtime.ConsoleAPICalledTypeError {
			t.Errorf("console error: %s", c.text)
		}
	}
	for _, e := range seen.exceptions {
		t.Errorf("exception: %s", e)
	}
	for _, l := range seen.logs {
		if l.level == log.EntryLevelError {
			t.Errorf("log error (%s): %s", l.source, l.text)
		}
	}
	for _, i := range seen.issues {
		t.Errorf("issue: %s", i)
	}
	local, _ := url.Parse(srv.URL)
	for _, r := range seen.leftMachine(local.Host) {
		t.Errorf("request left the machine: %s", r)
	}
	for _, r := range seen.requests {
		if r.blocked != "" {
			t.Errorf("request blocked (%s): %s", r.blocked, r.url)
		}
	}
	if len(seen.requests) < len(pages) {
		t.Errorf("saw %d requests for %d pages: the network log is not working", len(seen.requests), len(pages))
	}
}

// events is what Chromium reported while it loaded pages.
type events struct {
	mu         sync.Mutex
	console    []consoleCall
	exceptions []string
	logs       []logEntry
	requests   []request
	// issues are the DevTools issues about the Content-Security-Policy
	// (a blocked script, image, frame, <base>...), one line each.
	issues []string
}

// request is one the page made; blocked says why Chromium did not send
// it ("csp": the Content-Security-Policy), "" if it did.
type request struct {
	id      network.RequestID
	url     string
	blocked network.BlockedReason
}

// leftMachine lists the requests sent to a host other than local's.
func (e *events) leftMachine(local string) []string {
	var out []string
	for _, r := range e.requests {
		u, err := url.Parse(r.url)
		if r.blocked == "" && (err != nil || (u.Scheme != "data" && u.Host != local)) {
			out = append(out, r.url)
		}
	}
	return out
}

type consoleCall struct {
	kind runtime.ConsoleAPICalledType
	text string
}

type logEntry struct {
	source log.EntrySource
	level  log.EntryLevel
	text   string
}

// reset forgets what was seen so far.
func (e *events) reset() {
	e.mu.Lock()
	defer e.mu.Unlock()
	e.console, e.exceptions, e.logs, e.requests, e.issues = nil, nil, nil, nil, nil
}

// startChromium starts Debian's headless Chromium, with a home and a
// temporary directory of its own, and returns the context chromedp runs
// in (cancelled when the test ends) and the events it reports: console
// calls, exceptions, log entries, requests and CSP issues. The test
// fails if Chromium leaves a process or a file behind.
func startChromium(t *testing.T) (context.Context, *events) {
	t.Helper()
	// Chromium writes outside its profile too: org.chromium.Chromium.*
	// in $TMPDIR (/tmp/.org.chromium.Chromium.* without one),
	// ~/.config/chromium/Crash Reports, ~/.cache/dconf. It gets a home
	// and a temporary directory of its own, inside one directory removed
	// after it has gone (cleanups run last first): nothing of it is left elsewhere.
	before := chromiumTraces()
	t.Cleanup(func() {
		for _, p := range chromiumTraces() {
			if !slices.Contains(before, p) {
				t.Errorf("chromium left %s behind", p)
			}
		}
	})
	home := t.TempDir()
	// Chromium's helpers (crashpad, renderers) may outlive the browser
	// for a moment, still writing: wait for them before the removal.
	t.Cleanup(func() {
		if left := waitGone("HOME="+home, 20*time.Second); len(left) > 0 {
			t.Errorf("chromium processes still running: %v", left)
		}
	})
	profile, tmp := filepath.Join(home, "profile"), filepath.Join(home, "tmp")
	for _, d := range []string{profile, tmp} {
		if err := os.Mkdir(d, 0o700); err != nil {
			t.Fatal(err)
		}
	}
	opts := []chromedp.ExecAllocatorOption{
		chromedp.ExecPath(chromium), chromedp.Headless, chromedp.NoSandbox, chromedp.DisableGPU, chromedp.NoFirstRun,
		chromedp.Flag("disable-background-networking", true), chromedp.Flag("disable-component-update", true),
		chromedp.Flag("disable-sync", true), chromedp.UserDataDir(profile), chromedp.WindowSize(1280, 1400),
		chromedp.Env("HOME="+home, "TMPDIR="+tmp, "XDG_CONFIG_HOME="+filepath.Join(home, ".config"),
			"XDG_CACHE_HOME="+filepath.Join(home, ".cache"), "XDG_DATA_HOME="+filepath.Join(home, ".local", "share")),
	}
	seen := &events{}
	// The listener is on the tab from its start; it runs in the loop
	// that reads the browser's messages, so it only records.
	listen := func(ev any) {
		seen.mu.Lock()
		defer seen.mu.Unlock()
		switch e := ev.(type) {
		case *runtime.EventConsoleAPICalled:
			var args []string
			for _, a := range e.Args {
				args = append(args, strings.Trim(string(a.Value), `"`))
			}
			seen.console = append(seen.console, consoleCall{e.Type, strings.Join(args, " ")})
		case *runtime.EventExceptionThrown:
			seen.exceptions = append(seen.exceptions, e.ExceptionDetails.Text)
		case *log.EventEntryAdded:
			seen.logs = append(seen.logs, logEntry{e.Entry.Source, e.Entry.Level, e.Entry.Text})
		case *network.EventRequestWillBeSent:
			seen.requests = append(seen.requests, request{id: e.RequestID, url: e.Request.URL})
		case *network.EventLoadingFailed:
			for i := range seen.requests {
				if seen.requests[i].id == e.RequestID {
					seen.requests[i].blocked = e.BlockedReason
				}
			}
		case *audits.EventIssueAdded:
			if d := e.Issue.Details.ContentSecurityPolicyIssueDetails; d != nil {
				seen.issues = append(seen.issues, fmt.Sprintf("%s: %s violates %s", e.Issue.Code, d.BlockedURL, d.ViolatedDirective))
			}
		}
	}
	actx, cancelAlloc := chromedp.NewExecAllocator(context.Background(), opts...)
	ctx, cancelCtx := chromedp.NewContext(actx, chromedp.WithListener(listen))
	ctx, cancelTimeout := context.WithTimeout(ctx, 2*time.Minute)
	// Registered after the cleanups above, so run before them: Chromium
	// is gone before its processes and traces are looked for.
	t.Cleanup(func() { cancelTimeout(); cancelCtx(); cancelAlloc() })

	if err := chromedp.Do(ctx,
		command(network.Enable, network.EnableParams{}), command(log.Enable, cdp.Empty{}),
		command(runtime.Enable, cdp.Empty{}), command(audits.Enable, cdp.Empty{}),
	); err != nil {
		t.Fatal(err)
	}
	return ctx, seen
}

// into is an action that runs a and stores its value in *v, so that
// one chromedp.Do can read several values.
func into[T any](a chromedp.Action[T], v *T) chromedp.Action[chromedp.Void] {
	return func(ctx context.Context, t *chromedp.Target) (chromedp.Void, error) {
		var err error
		*v, err = a(ctx, t)
		return chromedp.Void{}, err
	}
}

// command is an action that sends one DevTools command to the tab and
// ignores its result.
func command[P, R any](cmd cdp.Command[P, R], params P) chromedp.Action[chromedp.Void] {
	return chromedp.Func(func(ctx context.Context, t *chromedp.Target) error {
		_, err := cdp.Call(ctx, t, cmd, params)
		return err
	})
}

// checkWrap: no output text runs past its box (it wraps), on this
// 1280 px window and on a 390 px phone; in blocks.html, whose code has a long line,
// the code scrolls sideways instead.
func checkWrap(t *testing.T, ctx context.Context, page string) {
	t.Helper()
	const cut = `Array.from(document.querySelectorAll('.output pre')).filter(p => p.scrollWidth > p.clientWidth + 1).length`
	for _, width := range []int64{0, 390} {
		var cutOff, pres, scrolling int
		acts := []chromedp.Action[chromedp.Void]{}
		if width > 0 {
			acts = append(acts, chromedp.EmulateViewport(width, 844))
		}
		acts = append(acts,
			into(chromedp.Evaluate[int](cut), &cutOff),
			into(chromedp.Evaluate[int](`document.querySelectorAll('.output pre').length`), &pres),
			into(chromedp.Evaluate[int](`Array.from(document.querySelectorAll('.source pre')).filter(p => p.scrollWidth > p.clientWidth + 1).length`), &scrolling),
		)
		if width > 0 {
			acts = append(acts, command(emulation.ClearDeviceMetricsOverride, cdp.Empty{}))
		}
		if err := chromedp.Do(ctx, acts...); err != nil {
			t.Fatalf("%s: %v", page, err)
		}
		on := "the window"
		if width > 0 {
			on = fmt.Sprintf("a %d px screen", width)
		}
		if cutOff != 0 {
			t.Errorf("%s on %s: %d of %d output texts run past their box", page, on, cutOff, pres)
		}
		if page == "blocks.html" && pres == 0 {
			t.Errorf("%s on %s: no output text found: the check looked at nothing", page, on)
		}
		if page == "blocks.html" && scrolling == 0 {
			t.Errorf("%s on %s: the long code line does not scroll", page, on)
		}
	}
}

// checkGoNBError: GoNB's rich error HTML renders with its styles, all
// defined in the page: the failing line is highlighted, and hovering the
// location shows the code around it.
func checkGoNBError(t *testing.T, ctx context.Context) {
	t.Helper()
	var lineBG, before, after string
	err := chromedp.Do(ctx,
		into(chromedp.Evaluate[string](`getComputedStyle(document.querySelector('.gonb-err-line')).backgroundColor`), &lineBG),
		into(chromedp.Evaluate[string](`getComputedStyle(document.querySelector('.gonb-err-context')).display`), &before),
		chromedp.ScrollIntoView(`.gonb-err-location`),
	)
	if err != nil {
		t.Fatalf("gonb-error.html: %v", err)
	}
	// Hover the location: the pop-up with the code appears.
	box, err := chromedp.Run(ctx, chromedp.Evaluate[[]float64](`(() => { const r = document.querySelector('.gonb-err-location').getBoundingClientRect(); return [r.x + r.width/2, r.y + r.height/2]; })()`))
	if err != nil || len(box) != 2 {
		t.Fatalf("gonb-error.html: locating the error: %v", err)
	}
	err = chromedp.Do(ctx,
		command(input.DispatchMouseEvent, input.DispatchMouseEventParams{Type: input.DispatchMouseEventTypeMouseMoved, X: box[0], Y: box[1]}),
		chromedp.Sleep(100*time.Millisecond),
		into(chromedp.Evaluate[string](`getComputedStyle(document.querySelector('.gonb-err-context')).display`), &after),
	)
	if err != nil {
		t.Fatalf("gonb-error.html: hovering: %v", err)
	}
	if lineBG == "" || lineBG == "rgba(0, 0, 0, 0)" {
		t.Errorf("gonb-error.html: the failing line has no background (%q): a theme variable is missing", lineBG)
	}
	if before != "none" || after != "block" {
		t.Errorf("gonb-error.html: code pop-up display %q before hovering and %q after, want none and block", before, after)
	}
}

// chromiumTraces lists what Chromium leaves outside its profile when it
// is not told otherwise: its entries in the temporary directory (and in
// /tmp, where it writes without $TMPDIR), and its directories in $HOME.
func chromiumTraces() []string {
	var out []string
	dirs := []string{os.TempDir()}
	if dirs[0] != "/tmp" {
		dirs = append(dirs, "/tmp")
	}
	for _, dir := range dirs {
		ents, _ := os.ReadDir(dir)
		for _, e := range ents {
			if strings.Contains(strings.ToLower(e.Name()), "chrom") {
				out = append(out, filepath.Join(dir, e.Name()))
			}
		}
	}
	if home, err := os.UserHomeDir(); err == nil {
		for _, p := range []string{".config/chromium", ".cache/chromium", ".cache/dconf", ".pki/nssdb"} {
			if _, err := os.Lstat(filepath.Join(home, p)); err == nil {
				out = append(out, filepath.Join(home, p))
			}
		}
	}
	return out
}

// waitGone waits up to d until no process has env (NAME=value) in its
// environment, read from /proc, and returns those still running.
func waitGone(env string, d time.Duration) []int {
	deadline := time.Now().Add(d)
	for {
		var left []int
		ents, _ := os.ReadDir("/proc")
		for _, e := range ents {
			pid, err := strconv.Atoi(e.Name())
			if err != nil {
				continue
			}
			b, err := os.ReadFile(filepath.Join("/proc", e.Name(), "environ"))
			if err == nil && slices.Contains(strings.Split(string(b), "\x00"), env) {
				left = append(left, pid)
			}
		}
		if len(left) == 0 || time.Now().After(deadline) {
			return left
		}
		time.Sleep(50 * time.Millisecond)
	}
}
