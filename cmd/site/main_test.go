package main

import (
	"bytes"
	"os"
	"path/filepath"
	"strings"
	"syscall"
	"testing"

	"github.com/rotationlab/rotation/analysis/marketdata/marketdatatest"
)

// The index links each notebook's page under its title and shows the
// headline table; the fixtures stand in for IWM and QQQ.
func TestIndex(t *testing.T) {
	data := t.TempDir()
	for from, to := range map[string]string{"AAA.csv": "IWM.csv", "BBB.csv": "QQQ.csv"} {
		b, err := os.ReadFile(marketdatatest.Path(t, "prices", from))
		if err != nil {
			t.Fatal(err)
		}
		os.WriteFile(filepath.Join(data, to), b, 0o644)
	}
	out := filepath.Join(t.TempDir(), "index.html")
	// The page links the notebook's page that nbrun wrote beside it.
	if err := os.WriteFile(filepath.Join(filepath.Dir(out), "sample.html"), nil, 0o644); err != nil {
		t.Fatal(err)
	}
	nb := filepath.Join("..", "..", "jupyter", "export", "testdata", "sample.ipynb")
	var stdout, stderr bytes.Buffer
	if code := run([]string{"-data", data, "-o", out, nb}, &stdout, &stderr, func(string) string { return "" }); code != exitOK {
		t.Fatalf("exit %d: %s", code, stderr.String())
	}
	b, err := os.ReadFile(out)
	if err != nil {
		t.Fatal(err)
	}
	page := string(b)
	for _, want := range []string{`href="sample.html"`, "The headline", "<table", "article"} {
		if !strings.Contains(page, want) {
			t.Errorf("index lacks %q", want)
		}
	}
}

func TestUsageAndFailures(t *testing.T) {
	var stdout, stderr bytes.Buffer
	env := func(string) string { return "" }
	if code := run(nil, &stdout, &stderr, env); code != exitUsage {
		t.Errorf("no notebooks: exit %d", code)
	}
	if code := run([]string{"-data", t.TempDir(), "-o", filepath.Join(t.TempDir(), "i.html"), "absent.ipynb"}, &stdout, &stderr, env); code != exitFail || !strings.Contains(stderr.String(), "absent.ipynb") {
		t.Errorf("missing notebook: exit %d: %s", code, stderr.String())
	}
}

// siteData copies the fixtures in as IWM and QQQ.
func siteData(t *testing.T) string {
	t.Helper()
	data := t.TempDir()
	for from, to := range map[string]string{"AAA.csv": "IWM.csv", "BBB.csv": "QQQ.csv"} {
		b, err := os.ReadFile(marketdatatest.Path(t, "prices", from))
		if err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(filepath.Join(data, to), b, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	return data
}

// failWriter fails every write as a full disk does.
type failWriter struct{}

func (failWriter) Write([]byte) (int, error) { return 0, syscall.ENOSPC }

// Flags after the notebooks work; a page or a line that cannot be written
// is exit 3 naming what failed.
func TestFlagsAfterAndFailedWrites(t *testing.T) {
	data := siteData(t)
	nb := filepath.Join("..", "..", "jupyter", "export", "testdata", "sample.ipynb")
	env := func(string) string { return "" }
	out := filepath.Join(t.TempDir(), "index.html")
	var stdout, stderr bytes.Buffer
	if code := run([]string{nb, "-data", data, "-o", out}, &stdout, &stderr, env); code != exitOK {
		t.Fatalf("flags after the notebook: exit %d: %s", code, stderr.String())
	}
	if _, err := os.Stat(out); err != nil {
		t.Errorf("no page: %v", err)
	}
	stderr.Reset()
	if code := run([]string{"-data", data, "-o", out, nb}, failWriter{}, &stderr, env); code != exitWrite ||
		!strings.Contains(stderr.String(), "site: writing standard output: no space left on device") {
		t.Errorf("failed stdout: exit %d: %s", code, stderr.String())
	}
	file := filepath.Join(t.TempDir(), "file")
	if err := os.WriteFile(file, nil, 0o644); err != nil {
		t.Fatal(err)
	}
	stderr.Reset()
	bad := filepath.Join(file, "index.html")
	if code := run([]string{"-data", data, "-o", bad, nb}, &stdout, &stderr, env); code != exitWrite ||
		!strings.Contains(stderr.String(), "site: writing "+bad) {
		t.Errorf("page under a file: exit %d: %s", code, stderr.String())
	}
}

// Data with every other day missing are refused, as rotation refuses them;
// -allow-gaps writes the page with the warning first.
func TestGapsRefused(t *testing.T) {
	data := t.TempDir()
	for from, to := range map[string]string{"AAA.csv": "IWM.csv", "BBB.csv": "QQQ.csv"} {
		b, err := os.ReadFile(filepath.Join("..", "..", "testdata", "gaps", from))
		if err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(filepath.Join(data, to), b, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	nb := filepath.Join("..", "..", "jupyter", "export", "testdata", "sample.ipynb")
	env := func(string) string { return "" }
	out := filepath.Join(t.TempDir(), "index.html")
	var stdout, stderr bytes.Buffer
	if code := run([]string{"-data", data, "-o", out, nb}, &stdout, &stderr, env); code != exitFail ||
		!strings.Contains(stderr.String(), "IWM lacks 9 of 19 trading days") || !strings.Contains(stderr.String(), "-allow-gaps") {
		t.Errorf("exit %d: %s", code, stderr.String())
	}
	if _, err := os.Stat(out); err == nil {
		t.Error("a refused run wrote the page")
	}
	stderr.Reset()
	if code := run([]string{"-data", data, "-o", out, "-allow-gaps", nb}, &stdout, &stderr, env); code != exitOK {
		t.Fatalf("-allow-gaps: exit %d: %s", code, stderr.String())
	}
	b, err := os.ReadFile(out)
	if err != nil {
		t.Fatal(err)
	}
	page := string(b)
	w, h := strings.Index(page, "warning: -allow-gaps"), strings.Index(page, "The headline")
	if w < 0 || h < 0 || w > h {
		t.Errorf("page lacks the warning before the headline (at %d, %d)", w, h)
	}
}
