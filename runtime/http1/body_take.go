package http1

import (
	"errors"
	"fmt"
	"io"
	"os"
	"time"
)

// take returns up to len(p) decoded body bytes: the buffered ones, or what
// one read of the socket brings (only if wait is set). It returns io.EOF
// once the body is complete.
func (r *Request) take(p []byte, deadline func() (time.Time, time.Duration), wait bool) (int, error) {
	c := r.conn
	b := &r.body
	if !r.chunked {
		if b.rest == 0 {
			return 0, io.EOF
		}
		if len(p) == 0 {
			return 0, nil
		}
		want := int64(len(p))
		if want > b.rest {
			want = b.rest
		}
		if c.r < c.w {
			n := copy(p[:want], c.in[c.r:c.w])
			c.r += n
			r.tookBody(int64(n), int64(n))
			b.rest -= int64(n)
			return n, nil
		}
		if !wait {
			return 0, errNeedRead
		}
		// read straight into p: it cannot take bytes past the body
		if err := c.flush(); err != nil {
			return 0, &StatusError{Status: 400, Drop: true, Msg: err.Error()}
		}
		c.hb.end = -1
		c.setReadDeadline(deadline())
		for {
			n, err := c.rwc.Read(p[:want])
			if n > 0 {
				r.tookBody(int64(n), int64(n))
				b.rest -= int64(n)
				return n, nil
			}
			if err != nil {
				return 0, readError(err)
			}
		}
	}
	for {
		if b.ckDone {
			return 0, io.EOF
		}
		if len(p) == 0 {
			return 0, nil
		}
		if b.ck.state == ckChunkData && b.ck.size > 0 {
			if c.r < c.w {
				n := int(min(int64(len(p)), b.ck.size, int64(c.w-c.r)))
				copy(p, c.in[c.r:c.r+n])
				c.r += n
				b.ck.size -= int64(n)
				r.tookBody(int64(n), int64(n))
				return n, nil
			}
		} else if c.r < c.w {
			from := c.r
			res, pos := b.ck.parse(c.in, c.r, c.w)
			c.r = pos
			r.requestLength += int64(pos - from)
			switch res {
			case chunkedData:
				if max := r.conf.ClientMaxBodySize; max > 0 && !b.discarding && b.received+b.ck.size > max {
					r.lingeringClose = true
					msg := fmt.Sprintf("client intended to send too large chunked body: %d+%d bytes", b.received, b.ck.size)
					c.logf(LogErr, r, "", msg)
					return 0, &StatusError{Status: 413, Msg: msg}
				}
				continue
			case chunkedDone:
				b.ckDone = true
				return 0, io.EOF
			case chunkedInvalid:
				c.logf(LogErr, r, "", "client sent invalid chunked body")
				return 0, &StatusError{Status: 400, Msg: "client sent invalid chunked body"}
			}
		}
		if !wait {
			return 0, errNeedRead
		}
		c.makeBodyRoom(r.hdrEnd)
		c.hb.end = -1
		if err := c.fill(deadline()); err != nil {
			if c.werr != nil {
				return 0, &StatusError{Status: 400, Drop: true, Msg: err.Error()}
			}
			return 0, readError(err)
		}
	}
}

func (r *Request) tookBody(data, raw int64) {
	r.body.received += data
	r.requestLength += raw
}

// readError maps a failed read of the body to what nginx finalizes with.
func readError(err error) error {
	if errors.Is(err, os.ErrDeadlineExceeded) {
		return &StatusError{Status: 408, Drop: true, Msg: timedOutMsg}
	}
	if errors.Is(err, io.EOF) {
		return &StatusError{Status: 400, Drop: true, Msg: "client prematurely closed connection"}
	}
	return &StatusError{Status: 400, Drop: true, Msg: err.Error()}
}

// makeBodyRoom frees the input buffer past the header for more body bytes.
func (c *Conn) makeBodyRoom(floor int) {
	if c.r == c.w && c.r > floor {
		c.r, c.w = floor, floor
		return
	}
	if c.w == len(c.in) && c.r > floor {
		n := copy(c.in[floor:], c.in[c.r:c.w])
		c.r, c.w = floor, floor+n
	}
}

// bodyBuf returns an empty buffer of capacity n for a body held in memory,
// reusing the connection's when it is large enough.
func (c *Conn) bodyBuf(n int) []byte {
	if cap(c.body) >= n {
		return c.body[:0]
	}
	c.body = make([]byte, 0, n)
	return c.body
}

// scratchBuf is where discarded body bytes and body bytes bound for a file
// pass through.
func (c *Conn) scratchBuf() []byte {
	if c.scratch == nil {
		c.scratch = make([]byte, 16<<10)
	}
	return c.scratch
}
