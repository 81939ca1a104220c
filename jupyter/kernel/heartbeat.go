package kernel

import (
	"fmt"
	"time"

	"github.com/go-zeromq/zmq4"
)

// heartbeat pings the kernel and declares it dead when no answer comes for
// the timeout.
func (k *Kernel) heartbeat(interval, timeout time.Duration) {
	replies := make(chan struct{}, 1)
	go func() {
		for {
			if err := k.hb.Send(zmq4.NewMsgString("ping")); err != nil {
				return
			}
			if _, err := k.hb.Recv(); err != nil {
				return
			}
			select {
			case replies <- struct{}{}:
			case <-k.ctx.Done():
				return
			}
			select {
			case <-time.After(interval):
			case <-k.ctx.Done():
				return
			}
		}
	}()
	last := time.Now()
	tick := time.NewTicker(interval / 2)
	defer tick.Stop()
	for {
		select {
		case <-replies:
			last = time.Now()
		case <-tick.C:
			if time.Since(last) > timeout {
				k.die(fmt.Errorf("%w: no heartbeat for %v%s", ErrDied, timeout.Round(time.Second), k.logs.String()))
				return
			}
		case <-k.ctx.Done():
			return
		case <-k.died:
			return
		}
	}
}
