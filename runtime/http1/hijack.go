package http1

import (
	"errors"
	"net"
	"time"
)

// ErrHijacked is returned by Hijack when the connection was already taken.
var ErrHijacked = errors.New("http1: connection already hijacked")

// Hijack hands the raw connection to the caller, as ngx.req.socket(true)
// needs: buffered response bytes are written first, deadlines are cleared,
// and the bytes already read but not taken as body come back with it. The
// server forgets the connection: Shutdown does not wait for it and Close
// does not close it. The caller closes it. The request must still return
// from ServeHTTP1, after which the front does nothing more with it.
func (r *Request) Hijack() (net.Conn, []byte, error) {
	c := r.conn
	if r.hijacked {
		return nil, nil, ErrHijacked
	}
	if err := c.flush(); err != nil {
		return nil, nil, err
	}
	buffered := append([]byte(nil), c.in[c.r:c.w]...)
	c.r = c.w
	r.hijacked = true
	r.keepalive = false
	r.finished = true
	c.state.Store(stateHijacked)
	c.rwc.SetDeadline(time.Time{})
	c.srv.forget(c)
	return c.rwc, buffered, nil
}
