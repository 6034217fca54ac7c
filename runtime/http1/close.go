package http1

import (
	"errors"
	"net"
	"os"
)

// reject answers a request the front refuses, as nginx's
// ngx_http_finalize_request with a special response (the handler's, when it
// is a RejectHandler), and closes the connection. It always returns nil.
func (c *Conn) reject(r *Request, status int, msg, action string) *Request {
	c.logf(LogInfo, r, action, msg)
	r.rejected = status
	if rh, ok := c.srv.handler.(RejectHandler); ok {
		rh.ServeRejected(r, status)
		if !r.finished {
			r.Finish()
		}
	} else {
		r.SendSpecial(status)
		if lr, ok := c.srv.handler.(RejectLogger); ok {
			lr.LogRejected(r, r.rejected)
		}
	}
	if c.werr != nil || r.terminated {
		c.rwc.Close()
		return nil
	}
	c.closeAfter(r)
	return nil
}

// dropRequest closes the connection of a request whose header could not be
// read: nginx answers nothing and logs 408 (timeout) or 400.
func (c *Conn) dropRequest(r *Request, err error, action string) *Request {
	status := 400
	timedOut := errors.Is(err, os.ErrDeadlineExceeded)
	switch {
	case timedOut:
		status = 408
		c.logf(LogInfo, r, action, timedOutMsg)
	case c.werr == nil:
		c.logf(LogInfo, r, action, "client prematurely closed connection")
	}
	r.rejected = status
	if lr, ok := c.srv.handler.(RejectLogger); ok {
		lr.LogRejected(r, status)
	}
	c.closeNow(timedOut)
	return nil
}

// closeNow closes the connection, with a TCP reset for a timed out one when
// reset_timedout_connection is on.
func (c *Conn) closeNow(timedOut bool) {
	if timedOut && c.srv.conf.ResetTimedoutConnection {
		if tc, ok := c.rwc.(*net.TCPConn); ok {
			tc.SetLinger(0)
		}
	}
	c.rwc.Close()
}

// closeAfter closes the connection after a response, lingering as nginx's
// ngx_http_set_lingering_close when the client may still be sending.
func (c *Conn) closeAfter(r *Request) {
	conf := r.conf
	switch conf.LingeringClose {
	case LingeringAlways:
	case LingeringOn:
		if !r.lingeringClose && c.r >= c.w {
			c.rwc.Close()
			return
		}
	default:
		c.rwc.Close()
		return
	}
	c.linger(conf)
}

// linger half-closes the connection and reads and drops what the client
// still sends, for lingering_timeout at a time and lingering_time in all.
func (c *Conn) linger(conf *Config) {
	if cw, ok := c.rwc.(interface{ CloseWrite() error }); ok {
		cw.CloseWrite()
	}
	c.state.Store(stateIdle)
	until := c.clock().Add(conf.LingeringTime)
	buf := c.in[:cap(c.in)]
	for {
		now := c.clock()
		if !now.Before(until) {
			break
		}
		d := now.Add(conf.LingeringTimeout)
		if d.After(until) {
			d = until
		}
		c.rwc.SetReadDeadline(d)
		if _, err := c.rwc.Read(buf); err != nil {
			break
		}
	}
	if c.state.CompareAndSwap(stateIdle, stateClosing) {
		c.rwc.Close()
	}
}
