package export_test

import (
	"net/http"
	"net/http/httptest"
	"net/url"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"

	"github.com/rotationlab/rotation/jupyter/export"
	"github.com/rotationlab/rotation/jupyter/nbformat"
)

// withoutRefresh returns the notebook without its outputs that hold a
// <meta http-equiv="refresh">. A trusted page keeps such a tag as it is,
// and Chromium follows it: no CSP directive stops a page from navigating
// itself (README, "-trust"). The sanitized page keeps the tag out and is
// loaded with it.
func withoutRefresh(nb *nbformat.Notebook) *nbformat.Notebook {
	for _, c := range nb.Cells {
		c.Outputs = slices.DeleteFunc(c.Outputs, func(o nbformat.Output) bool {
			s, _ := o.Data.Text("text/html")
			return strings.Contains(s, `http-equiv="refresh"`)
		})
	}
	return nb
}

// TestHostileInBrowser loads the hostile notebook's pages, sanitized and
// trusted, in Chromium: its scripts would change the title and log to the
// console, its handlers log, its frames, objects, style sheets and images
// ask the network. Neither page may run anything or send a request beyond
// the page; the trusted one keeps its scripts in the DOM, and the CSP
// reports that it blocked them.
func TestHostileInBrowser(t *testing.T) {
	if _, err := os.Stat(chromium); err != nil {
		t.Skipf("%s not installed (apt-get install chromium)", chromium)
	}
	dir := t.TempDir()
	pages := map[bool]string{false: "hostile.html", true: "hostile-trust.html"}
	for trust, name := range pages {
		nb := sample(t, "hostile.ipynb")
		if trust {
			nb = withoutRefresh(nb)
		}
		page, err := export.HTML(nb, export.Options{Name: "hostile.ipynb", Trust: trust})
		if err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(filepath.Join(dir, name), page, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	srv := httptest.NewServer(http.FileServer(http.Dir(dir)))
	t.Cleanup(srv.Close) // after Chromium has gone
	local, _ := url.Parse(srv.URL)
	ctx, seen := startChromium(t)
	for _, trust := range []bool{false, true} {
		name := pages[trust]
		seen.reset()
		var title string
		var scripts, handlers, risky, images int
		err := chromedp.Do(ctx,
			chromedp.Navigate(srv.URL+"/"+name),
			chromedp.WaitReady("footer"),
			// Handlers fire on load and on errors, both before the
			// footer is ready; a refresh of 0 s would have left by now
			// too. The wait is for the events to arrive, not for the page.
			chromedp.Sleep(200*time.Millisecond),
			into(chromedp.Title(), &title),
			into(chromedp.Evaluate[int](`document.scripts.length`), &scripts),
			into(chromedp.Evaluate[int](`Array.from(document.querySelectorAll('*')).filter(e => Array.from(e.attributes).some(a => a.name.startsWith('on'))).length`), &handlers),
			into(chromedp.Evaluate[int](`document.querySelectorAll('main iframe, main object, main embed, main form, main base, main meta, main link, main svg, a[href^="javascript:" i]').length`), &risky),
			into(chromedp.Evaluate[int](`Array.from(document.images).filter(i => i.complete && i.naturalWidth > 0).length`), &images),
		)
		if err != nil {
			t.Fatalf("%s: %v", name, err)
		}
		seen.mu.Lock()
		if title != "Hostile notebook" {
			t.Errorf("%s: title %q: a script ran", name, title)
		}
		for _, c := range seen.console {
			t.Errorf("%s: the page logged (%s) %q", name, c.kind, c.text)
		}
		for _, e := range seen.exceptions {
			t.Errorf("%s: exception %s", name, e)
		}
		for _, r := range seen.leftMachine(local.Host) {
			t.Errorf("%s: request left the machine: %s", name, r)
		}
		if !slices.ContainsFunc(seen.requests, func(r request) bool { return strings.HasSuffix(r.url, "/"+name) }) {
			t.Errorf("%s: the network log does not show the page itself: it is not working", name)
		}
		// The trusted page keeps the notebook's style sheet, whose
		// background image from the network the CSP blocks: the policy is
		// in force. (The sanitized page drops that sheet: it styles more
		// than kernel outputs' own classes.)
		if trust && !slices.ContainsFunc(seen.issues, func(s string) bool {
			return strings.Contains(s, "example.invalid/") && strings.HasSuffix(s, "violates img-src")
		}) {
			t.Errorf("%s: the CSP reported no blocked image; issues: %q", name, seen.issues)
		}
		// The data: images load (the sanitized page keeps the one of the
		// Markdown cell and the one of the output).
		if images < 2 {
			t.Errorf("%s: %d data: images shown, want 2 or more", name, images)
		}
		if !trust {
			if scripts != 0 || handlers != 0 || risky != 0 {
				t.Errorf("%s: %d scripts, %d elements with handlers, %d frames, objects, forms, <base>, <meta>, <link>, <svg> or javascript: links left", name, scripts, handlers, risky)
			}
		} else {
			if scripts < 2 || handlers == 0 {
				t.Errorf("%s: %d scripts and %d elements with handlers in the DOM: the trusted page should keep them", name, scripts, handlers)
			}
			// script-src-elem: <script>; script-src-attr: handlers.
			for _, directive := range []string{"script-src-elem", "script-src-attr", "base-uri", "frame-src", "object-src"} {
				if !slices.ContainsFunc(seen.issues, func(s string) bool { return strings.HasSuffix(s, "violates "+directive) }) {
					t.Errorf("%s: the CSP reported no violation of %s; issues: %q", name, directive, seen.issues)
				}
			}
		}
		t.Logf("%s: %d scripts in the DOM, %d CSP issues: %q", name, scripts, len(seen.issues), seen.issues)
		seen.mu.Unlock()
	}
}
