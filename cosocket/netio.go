package cosocket

import (
	"net"
	"syscall"
	"time"
)

// Attempts that must not block: nginx tries a recv or send first and only
// waits (yields) when the kernel has nothing for it. gresty does the same
// through the connection's raw descriptor, so that a socket operation that
// can complete at once does not give the worker's baton away.

// rawOf returns the raw connection of c, or nil when c has none (TLS).
func rawOf(c net.Conn) syscall.RawConn {
	sc, ok := c.(syscall.Conn)
	if !ok {
		return nil
	}
	rc, err := sc.SyscallConn()
	if err != nil {
		return nil
	}
	return rc
}

// fdOf returns the descriptor number of c for log lines, -1 when unknown.
func fdOf(c net.Conn) int {
	fd := -1
	if rc := rawOf(c); rc != nil {
		_ = rc.Control(func(f uintptr) { fd = int(f) })
	}
	return fd
}

// tryRead reads once without waiting; again is set when nothing is there
// yet. A zero n without error means the peer closed.
func tryRead(rc syscall.RawConn, p []byte) (n int, err error, again bool) {
	var serr error
	cerr := rc.Read(func(fd uintptr) bool {
		for {
			n, serr = syscall.Read(int(fd), p)
			if serr != syscall.EINTR {
				return true
			}
		}
	})
	if cerr != nil {
		return 0, cerr, false
	}
	if serr == syscall.EAGAIN {
		return 0, nil, true
	}
	if serr != nil {
		return 0, serr, false
	}
	return n, nil, false
}

// tryWrite writes what the kernel takes at once; again is set when it took
// nothing.
func tryWrite(rc syscall.RawConn, p []byte) (n int, err error) {
	var serr error
	cerr := rc.Write(func(fd uintptr) bool {
		for {
			n, serr = syscall.Write(int(fd), p)
			if serr != syscall.EINTR {
				return true
			}
		}
	})
	if cerr != nil {
		return 0, cerr
	}
	if serr == syscall.EAGAIN {
		return 0, nil
	}
	if n < 0 {
		n = 0
	}
	return n, serr
}

// onCancel runs interrupt when cancel closes, until the returned stop is
// called; stop reports whether interrupt ran.
func onCancel(cancel <-chan struct{}, interrupt func()) (stop func() bool) {
	if cancel == nil {
		return func() bool { return false }
	}
	done := make(chan struct{})
	fired := make(chan bool, 1)
	go func() {
		select {
		case <-cancel:
			interrupt()
			fired <- true
		case <-done:
			fired <- false
		}
	}()
	return func() bool {
		close(done)
		return <-fired
	}
}

// deadline returns the time d from now, or the zero time (none) for d <= 0.
func deadline(d time.Duration) time.Time {
	if d <= 0 {
		return time.Time{}
	}
	return time.Now().Add(d)
}

// past is a deadline that has passed: setting it wakes a blocked call.
var past = time.Unix(1, 0)
