package kernel

import (
	"errors"
	"fmt"
	"net"
)

// pickPorts picks a kernel's n ports: l.pick when a test set one, else
// freePorts.
func (l *Launcher) pickPorts(n int) ([]int, error) {
	if l.pick != nil {
		return l.pick(n)
	}
	return l.freePorts(n)
}

// freePorts returns n ports on 127.0.0.1 that the operating system offers
// as free and that l has not handed to a live kernel, and records them as
// handed out until releasePorts.
func (l *Launcher) freePorts(n int) ([]int, error) {
	// Every listener stays open until all n are chosen, so that the
	// operating system offers a different port each time.
	var ls []net.Listener
	defer func() {
		for _, lis := range ls {
			lis.Close()
		}
	}()
	return l.reserve(n, func() (int, error) {
		lis, err := net.Listen("tcp", "127.0.0.1:0")
		if err != nil {
			return 0, fmt.Errorf("kernel: finding a free port: %w", err)
		}
		ls = append(ls, lis)
		return lis.Addr().(*net.TCPAddr).Port, nil
	})
}

// reserve takes ports from offer until it has n that l has not handed out,
// and records them as handed out. On an error it records none.
func (l *Launcher) reserve(n int, offer func() (int, error)) ([]int, error) {
	l.mu.Lock()
	defer l.mu.Unlock()
	if l.used == nil {
		l.used = map[int]bool{}
	}
	ports := make([]int, 0, n)
	fail := func(err error) ([]int, error) {
		for _, p := range ports {
			delete(l.used, p)
		}
		return nil, err
	}
	for tries := 0; len(ports) < n; tries++ {
		if tries > 100*n {
			return fail(errors.New("kernel: finding a free port: every port offered is in use by another kernel"))
		}
		p, err := offer()
		if err != nil {
			return fail(err)
		}
		if l.used[p] {
			continue
		}
		l.used[p] = true
		ports = append(ports, p)
	}
	return ports, nil
}

// releasePorts gives a kernel's ports back, to be handed out again.
func (l *Launcher) releasePorts(ports []int) {
	l.mu.Lock()
	defer l.mu.Unlock()
	for _, p := range ports {
		delete(l.used, p)
	}
}
