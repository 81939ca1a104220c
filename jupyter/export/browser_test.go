package export_test

import (
	"context"
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
	sources := []string{filepath.Join("testdata", "sample.ipynb"), filepath.Join("testdata", "gonb-error.ipynb")}
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

	// Chromium writes outside its profile too: org.chromium.Chromium.*
	// in $TMPDIR (/tmp/.org.chromium.Chromium.* without one),
	// ~/.config/chromium/Crash Reports, ~/.cache/dconf. It gets a home
	// and a temporary directory of its own, inside one directory removed
	// after it has gone (the deferred cancels run before the cleanups,
	// which run last first): nothing of it is left elsewhere.
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
		chromedp.Flag("disable-sync", true), chromedp.UserDataDir(profile), chromedp.WindowSize(1000, 1400),
		chromedp.Env("HOME="+home, "TMPDIR="+tmp, "XDG_CONFIG_HOME="+filepath.Join(home, ".config"),
			"XDG_CACHE_HOME="+filepath.Join(home, ".cache"), "XDG_DATA_HOME="+filepath.Join(home, ".local", "share")),
	}
	actx, cancel := chromedp.NewExecAllocator(context.Background(), opts...)
	defer cancel()
	ctx, cancel := chromedp.NewContext(actx)
	defer cancel()
	ctx, cancel = context.WithTimeout(ctx, 2*time.Minute)
	defer cancel()

	var mu sync.Mutex
	var problems, requests []string
	chromedp.ListenTarget(ctx, func(ev any) {
		mu.Lock()
		defer mu.Unlock()
		switch e := ev.(type) {
		case *runtime.EventConsoleAPICalled:
			if e.Type == runtime.APITypeError {
				problems = append(problems, "console error")
			}
		case *runtime.EventExceptionThrown:
			problems = append(problems, "exception: "+e.ExceptionDetails.Text)
		case *log.EventEntryAdded:
			if e.Entry.Level == log.LevelError {
				problems = append(problems, "log error: "+e.Entry.Text)
			}
		case *network.EventRequestWillBeSent:
			requests = append(requests, e.Request.URL)
		}
	})
	if err := chromedp.Run(ctx, network.Enable(), log.Enable(), runtime.Enable()); err != nil {
		t.Fatal(err)
	}
	for _, p := range pages {
		var images, broken int
		var shot []byte
		err := chromedp.Run(ctx,
			chromedp.Navigate(srv.URL+"/"+p),
			chromedp.WaitReady("footer"),
			chromedp.Evaluate(`document.images.length`, &images),
			chromedp.Evaluate(`Array.from(document.images).filter(i => !(i.complete && i.naturalWidth > 0)).length`, &broken),
			chromedp.FullScreenshot(&shot, 80),
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
		if len(shot) == 0 {
			t.Errorf("%s: empty screenshot", p)
		}
		t.Logf("%s: %d images, screenshot %d bytes", p, images, len(shot))
	}
	mu.Lock()
	defer mu.Unlock()
	for _, p := range problems {
		t.Error(p)
	}
	local, _ := url.Parse(srv.URL)
	for _, r := range requests {
		u, err := url.Parse(r)
		if err != nil || (u.Scheme != "data" && u.Host != local.Host) {
			t.Errorf("request left the machine: %s", r)
		}
	}
	if len(requests) < len(pages) {
		t.Errorf("saw %d requests for %d pages: the network log is not working", len(requests), len(pages))
	}
}

// checkGoNBError: GoNB's rich error HTML renders with its styles, all
// defined in the page: the failing line is highlighted, and hovering the
// location shows the code around it.
func checkGoNBError(t *testing.T, ctx context.Context) {
	t.Helper()
	var lineBG, before, after string
	err := chromedp.Run(ctx,
		chromedp.Evaluate(`getComputedStyle(document.querySelector('.gonb-err-line')).backgroundColor`, &lineBG),
		chromedp.Evaluate(`getComputedStyle(document.querySelector('.gonb-err-context')).display`, &before),
		chromedp.ScrollIntoView(`.gonb-err-location`),
	)
	if err != nil {
		t.Fatalf("gonb-error.html: %v", err)
	}
	// Hover the location: the pop-up with the code appears.
	var box []float64
	if err := chromedp.Run(ctx, chromedp.Evaluate(`(() => { const r = document.querySelector('.gonb-err-location').getBoundingClientRect(); return [r.x + r.width/2, r.y + r.height/2]; })()`, &box)); err != nil || len(box) != 2 {
		t.Fatalf("gonb-error.html: locating the error: %v", err)
	}
	err = chromedp.Run(ctx,
		chromedp.ActionFunc(func(ctx context.Context) error {
			return input.DispatchMouseEvent(input.MouseMoved, box[0], box[1]).Do(ctx)
		}),
		chromedp.Sleep(100*time.Millisecond),
		chromedp.Evaluate(`getComputedStyle(document.querySelector('.gonb-err-context')).display`, &after),
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
