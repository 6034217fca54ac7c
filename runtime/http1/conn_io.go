package http1

import (
	"errors"
	"io"
	"os"
	"syscall"
	"time"
)

// compact makes room in the input buffer between requests: unread bytes
// move to its start once the read part is its larger half (so pipelined
// requests are not copied over and over), and a buffer grown for a large
// header is given up for a pooled one when the rest fits.
func (c *Conn) compact() {
	n := c.w - c.r
	switch {
	case len(c.in) > inBufSize && n <= inBufSize:
		nb := getIn()
		copy(nb, c.in[c.r:c.w])
		c.in = nb
	case n == 0 || c.r >= len(c.in)/2:
		copy(c.in, c.in[c.r:c.w])
	default:
		return
	}
	c.hb.end -= c.r
	c.r, c.w = 0, n
}

// waitReadable waits, by deadline, until the client sends something, with
// the connection's buffers given back to their pools meanwhile: an idle
// keep-alive connection then costs its goroutine and little else, as nginx
// frees an idle connection's buffers (ngx_http_set_keepalive). It reads what
// arrives into a fresh input buffer (filled is then set) in the same system
// call that finds it readable.
func (c *Conn) waitReadable(deadline time.Time, timeout time.Duration) (filled bool, err error) {
	sc, ok := c.rwc.(syscall.Conn)
	if !ok || c.r != c.w || cap(c.in) != inBufSize {
		return false, nil
	}
	if len(c.out) > 0 {
		if err := c.flush(); err != nil {
			return false, err
		}
	}
	if c.raw == nil {
		// once per connection: SyscallConn and the method value each
		// allocate
		rc, err := sc.SyscallConn()
		if err != nil {
			return false, nil
		}
		c.raw, c.rawRead = rc, c.readFD
	}
	putIn(c.in)
	putOut(c.out)
	c.in, c.out = nil, nil
	c.r, c.w = 0, 0
	c.setReadDeadline(deadline, timeout)
	c.rawN, c.rawErr = 0, nil
	err = c.raw.Read(c.rawRead)
	if c.in == nil {
		c.in = getIn()
	}
	c.out = getOut()
	switch {
	case err != nil:
		return false, err
	case c.rawErr != nil:
		return false, c.rawErr
	case c.rawN <= 0:
		return false, io.EOF
	}
	c.w = c.rawN
	return true, nil
}

// readFD is waitReadable's read: a buffer is taken only when data (or an
// error) is there, so an idle connection holds none.
func (c *Conn) readFD(fd uintptr) bool {
	buf := getIn()
	m, e := syscall.Read(int(fd), buf)
	if e == syscall.EAGAIN || e == syscall.EINTR {
		putIn(buf)
		return false
	}
	c.in, c.rawN, c.rawErr = buf, m, e
	return true
}

// fill reads at least one more byte into the input buffer, growing it when
// full, by deadline (timeout is what it was computed from). Pending output
// is written first: the client may wait for it.
func (c *Conn) fill(deadline time.Time, timeout time.Duration) error {
	if len(c.out) > 0 {
		if err := c.flush(); err != nil {
			return err
		}
	}
	if c.w == len(c.in) {
		nb := make([]byte, 2*len(c.in))
		// the old buffer may still be referenced by header slices, so it
		// is left to the garbage collector rather than pooled
		copy(nb, c.in[:c.w])
		c.in = nb
	}
	c.setReadDeadline(deadline, timeout)
	for {
		n, err := c.rwc.Read(c.in[c.w:])
		if n > 0 {
			c.w += n
			return nil
		}
		if err != nil {
			return err
		}
	}
}

// clock returns the time now with one read of the monotonic clock, from
// the last reading of the wall clock (see startClock).
func (c *Conn) clock() time.Time {
	c.now = c.now.Add(time.Since(c.now))
	return c.now
}

// startClock is clock for the start of a request: the wall clock is read
// again when the last reading is over a second old, so that a step of the
// system clock shows in Date and the request times within a second, as in
// nginx's cached time, without paying for two clock reads per request.
func (c *Conn) startClock() time.Time {
	now := c.clock()
	if now.Sub(c.wall) > time.Second {
		now = time.Now()
		c.wall, c.now = now, now
	}
	return now
}

// deadlineSlack is how far a deadline already set may be from the one
// wanted and still be kept: setting one reads the clock twice and moves a
// runtime timer, which would otherwise be paid for every request. A timeout
// may so fire up to the slack early, as nginx's own timers are coarse too.
func deadlineSlack(timeout time.Duration) time.Duration {
	return min(timeout/8, time.Second)
}

func (c *Conn) setReadDeadline(t time.Time, timeout time.Duration) {
	if d, s := t.Sub(c.rdl), deadlineSlack(timeout); d > s || d < -s {
		c.rdl = t
		c.rwc.SetReadDeadline(t)
	}
}

func (c *Conn) setWriteDeadline(t time.Time, timeout time.Duration) {
	if d, s := t.Sub(c.wdl), deadlineSlack(timeout); d > s || d < -s {
		c.wdl = t
		c.rwc.SetWriteDeadline(t)
	}
}

// flush writes the pending output, send_timeout allowed for each write.
func (c *Conn) flush() error {
	if c.werr != nil {
		c.out = c.out[:0]
		return c.werr
	}
	if len(c.out) == 0 {
		return nil
	}
	err := c.writeAll(c.out)
	c.out = c.out[:0]
	return err
}

// writeChunk is the most written at once, so that send_timeout bounds the
// time between two writes that make progress, as in nginx.
const writeChunk = 64 << 10

func (c *Conn) writeAll(p []byte) error {
	timeout := c.srv.conf.SendTimeout
	for len(p) > 0 && c.werr == nil {
		n := min(len(p), writeChunk)
		c.setWriteDeadline(c.clock().Add(timeout), timeout)
		m, err := c.rwc.Write(p[:n])
		c.sent += int64(m)
		p = p[m:]
		if err != nil {
			c.writeFailed(err)
		}
	}
	return c.werr
}

// writeFailed records a write error; nginx logs a send timeout as "client
// timed out".
func (c *Conn) writeFailed(err error) {
	c.werr = err
	if errors.Is(err, os.ErrDeadlineExceeded) {
		c.logf(LogInfo, &c.req, "sending to client", timedOutMsg)
		c.closeNow(true)
	}
}
