package runner

import (
	"slices"
	"testing"

	"github.com/rotationlab/rotation/jupyter/kernel"
)

func TestFastGoFlags(t *testing.T) {
	for _, tc := range []struct {
		in, want string
		changed  bool
	}{
		{"", "-ldflags=-w", true},
		{"   ", "-ldflags=-w", true},
		{"-buildvcs=false", "-buildvcs=false -ldflags=-w", true},
		{"-mod=mod -tags=x", "-mod=mod -tags=x -ldflags=-w", true},
		{"-ldflags=-X=main.v=1", "-ldflags=-X=main.v=1", false},
		{"-buildvcs=false --ldflags=-s", "-buildvcs=false --ldflags=-s", false},
		{"'-ldflags=-s -w' -tags=x", "'-ldflags=-s -w' -tags=x", false},
		{"-gcflags=-N", "-gcflags=-N -ldflags=-w", true},
		{"-ldflagsx=1", "-ldflagsx=1 -ldflags=-w", true},
	} {
		got, changed := fastGoFlags(tc.in)
		if got != tc.want || changed != tc.changed {
			t.Errorf("fastGoFlags(%q) = %q, %v; want %q, %v", tc.in, got, changed, tc.want, tc.changed)
		}
	}
}

func TestFastGoProxy(t *testing.T) {
	for _, tc := range []struct {
		proxy, cache, want string
		changed            bool
	}{
		{"https://proxy.golang.org,direct", "/gomodcache", "file:///gomodcache/cache/download,https://proxy.golang.org,direct", true},
		{"direct", "/c", "file:///c/cache/download,direct", true},
		{"https://a.example|https://b.example", "/c", "file:///c/cache/download,https://a.example|https://b.example", true},
		{"off", "/c", "off", false},
		{"file:///mirror,direct", "/c", "file:///mirror,direct", false},
		{"", "/c", "", false},
		{"https://proxy.golang.org", "", "https://proxy.golang.org", false},
		{"https://proxy.golang.org", "relative/dir", "https://proxy.golang.org", false},
		{"https://proxy.golang.org", "/a b/%", "file:///a%20b/%25/cache/download,https://proxy.golang.org", true},
	} {
		got, changed := fastGoProxy(tc.proxy, tc.cache)
		if got != tc.want || changed != tc.changed {
			t.Errorf("fastGoProxy(%q, %q) = %q, %v; want %q, %v", tc.proxy, tc.cache, got, changed, tc.want, tc.changed)
		}
	}
}

// The values extended are those the kernel would get: the runner's
// environment first, then the kernelspec's env, then go env's.
func TestGoNBFastEnvSources(t *testing.T) {
	t.Setenv("NBRUN_TEST_TAGS", "fromspec")
	goEnv := goSettings{flags: "-buildvcs=false", proxy: "https://proxy.golang.org,direct", modCache: "/m"}
	spec := &kernel.Spec{Name: "gonb", Language: "go", Argv: []string{"/bin/gonb", "--kernel", "{connection_file}"}}
	for _, tc := range []struct {
		name    string
		specEnv map[string]string
		env     []string
		want    []string
	}{
		{"go env", nil, []string{"PATH=/bin"},
			[]string{"GOFLAGS=-buildvcs=false -ldflags=-w", "GOPROXY=file:///m/cache/download,https://proxy.golang.org,direct"}},
		{"kernelspec", map[string]string{"GOFLAGS": "-tags=$NBRUN_TEST_TAGS", "GOPROXY": "off"}, nil,
			[]string{"GOFLAGS=-tags=fromspec -ldflags=-w"}},
		{"runner env, last wins", map[string]string{"GOFLAGS": "-tags=spec"}, []string{"GOFLAGS=-tags=a", "GOFLAGS=-tags=b", "GOMODCACHE=/other"},
			[]string{"GOFLAGS=-tags=b -ldflags=-w", "GOPROXY=file:///other/cache/download,https://proxy.golang.org,direct"}},
		{"nothing to add", nil, []string{"GOFLAGS=-ldflags=-s", "GOPROXY=off"}, nil},
	} {
		s := *spec
		s.Env = tc.specEnv
		if got := goNBFastEnv(&s, tc.env, goEnv); !slices.Equal(got, tc.want) {
			t.Errorf("%s: %q, want %q", tc.name, got, tc.want)
		}
	}
}

func TestIsGoNB(t *testing.T) {
	for _, tc := range []struct {
		spec kernel.Spec
		want bool
	}{
		{kernel.Spec{Name: "gonb", Language: "go", Argv: []string{"go/bin/gonb", "--kernel", "{connection_file}"}}, true},
		{kernel.Spec{Name: "go-dev", Language: "go", Argv: []string{"gonb", "--kernel", "{connection_file}"}}, true},
		{kernel.Spec{Name: "gonb", Language: "go", Argv: []string{"/usr/local/bin/wrapper"}}, true},
		{kernel.Spec{Name: "python3", Language: "python", Argv: []string{"python3", "-m", "ipykernel_launcher"}}, false},
		{kernel.Spec{Name: "gophernotes", Language: "go", Argv: []string{"gophernotes", "{connection_file}"}}, false},
	} {
		if got := tc.spec.IsGoNB(); got != tc.want {
			t.Errorf("IsGoNB(%s %q) = %v", tc.spec.Name, tc.spec.Argv, got)
		}
	}
}
