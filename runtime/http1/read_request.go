package http1

import (
	"errors"
	"fmt"
	"os"
)

// readRequest waits for and reads the next request's header. It answers a
// malformed request itself; it returns nil when the connection is done.
func (c *Conn) readRequest() *Request {
	s := c.srv
	r := &c.req
	r.reset(c)
	first := c.requests == 0
	c.compact()

	hb := c.hb
	if c.r < c.w {
		// a pipelined request: nginx goes on parsing in the buffer the last
		// header ended in, if it began there
		if c.r >= hb.end {
			hb = headerBuffers{end: c.r + s.conf.ClientHeaderBufferSize, size: s.conf.ClientHeaderBufferSize}
		} else if hb.large {
			hb.nbusy = 1
		} else {
			hb.nbusy = 0
		}
	} else {
		if !c.waitRequest(first) {
			return nil
		}
		hb = headerBuffers{end: c.r + s.conf.ClientHeaderBufferSize, size: s.conf.ClientHeaderBufferSize}
	}

	r.start = c.startClock()
	r.out.sentBefore = c.sent
	c.requests++
	headerTimeout := s.conf.ClientHeaderTimeout
	deadline := r.start.Add(headerTimeout)
	if first {
		deadline = c.accepted.Add(headerTimeout)
	}

	const lineAction = "reading client request line"
	pos := c.r
	for {
		res, p := r.line.parse(c.in, pos, min(c.w, hb.end))
		pos = p
		if res != parseAgain {
			if res != parseOK {
				c.r = pos
				status := 400
				if res == parseInvalidVersion {
					status = 505
				}
				return c.reject(r, status, res.clientError(), lineAction)
			}
			break
		}
		if pos == hb.end {
			if r.line.state == rlStart {
				// only line breaks so far: nginx empties the buffer
				hb.end = pos + hb.size
				continue
			}
			if !hb.alloc(&s.conf, r.line.start, pos, true) {
				// the rest of the line is likely still coming: linger
				c.r = pos
				r.lingeringClose = true
				return c.reject(r, 414, "client sent too long URI", lineAction)
			}
			continue
		}
		if err := c.fill(deadline, headerTimeout); err != nil {
			return c.dropRequest(r, err, lineAction)
		}
	}

	r.headerStart = r.line.start
	r.requestLength = int64(pos - r.line.start)
	c.r = pos
	if !r.processRequestURI() {
		return c.reject(r, 400, "client sent invalid request", lineAction)
	}
	if r.line.hostEnd >= 0 {
		host, ok := validateHost(c.in[r.line.hostStart:r.line.hostEnd])
		if !ok {
			return c.reject(r, 400, "client sent invalid host in request line", lineAction)
		}
		r.setHost(host)
	}
	if r.line.version() < 1000 {
		r.hdrEnd = pos
		c.hb = hb
		return c.startRequest(r)
	}

	const headersAction = "reading client request headers"
	underscores := s.conf.UnderscoresInHeaders
	for {
		res, p := r.hline.parse(c.in, pos, min(c.w, hb.end), underscores)
		switch res {
		case parseOK:
			r.requestLength += int64(p - r.hline.nameStart)
			pos = p
			c.r = pos
			h := &r.hline
			if h.invalid && s.conf.IgnoreInvalidHeaders {
				c.logf(LogInfo, r, headersAction, fmt.Sprintf("client sent invalid header line: \"%s\"",
					c.in[h.nameStart:h.valEnd]))
				continue
			}
			r.nuls = append(r.nuls, h.nameEnd, h.valEnd)
			r.headers = append(r.headers, HeaderField{
				Name:  c.in[h.nameStart:h.nameEnd:h.nameEnd],
				Value: c.in[h.valStart:h.valEnd:h.valEnd],
			})
			if herr := r.processHeader(len(r.headers) - 1); herr != nil {
				return c.reject(r, herr.status, herr.msg, headersAction)
			}
			continue

		case parseHeaderDone:
			r.requestLength += int64(p - r.hline.nameStart)
			pos = p
			c.r = pos
			r.hdrEnd = pos
			c.hb = hb
			if herr := r.processRequestHeader(); herr != nil {
				return c.reject(r, herr.status, herr.msg, headersAction)
			}
			return c.startRequest(r)

		case parseInvalidHeader:
			h := &r.hline
			c.r = p
			bad := byte(0)
			if h.valEnd < len(c.in) {
				bad = c.in[h.valEnd]
			}
			return c.reject(r, 400, fmt.Sprintf("client sent invalid header line: \"%s\\x%02x...\"",
				c.in[h.nameStart:h.valEnd], bad), headersAction)
		}

		pos = p
		if pos == hb.end {
			old, inLine := pos, r.hline.state != hlStart
			if inLine {
				old = r.hline.nameStart
			}
			if !hb.alloc(&s.conf, old, pos, inLine) {
				c.r = pos
				r.lingeringClose = true
				if !inLine && r.hline.nameStart < 0 {
					return c.reject(r, 494, "client sent too large request", headersAction)
				}
				line := c.in[r.hline.nameStart:pos]
				if len(line) > 1748 { // nginx's NGX_MAX_ERROR_STR - 300
					line = line[:1748]
				}
				return c.reject(r, 494, fmt.Sprintf("client sent too long header line: \"%s...\"", line), headersAction)
			}
			continue
		}
		if err := c.fill(deadline, headerTimeout); err != nil {
			return c.dropRequest(r, err, headersAction)
		}
	}
}

// waitRequest waits for the first byte of a request: client_header_timeout
// counted from the accept for the first request, keepalive_timeout after
// that. It reports false when the connection is to be closed.
func (c *Conn) waitRequest(first bool) bool {
	s := c.srv
	// c.now was read when the last response went out
	timeout := s.conf.KeepaliveTimeout
	deadline := c.now.Add(timeout)
	if first {
		timeout = s.conf.ClientHeaderTimeout
		deadline = c.accepted.Add(timeout)
	}
	c.state.Store(stateIdle)
	if s.exiting.Load() {
		c.rwc.Close()
		return false
	}
	filled, err := c.waitReadable(deadline, timeout)
	if err == nil && !filled {
		err = c.fill(deadline, timeout)
	}
	if !c.state.CompareAndSwap(stateIdle, stateActive) {
		return false // Shutdown closed the idle connection
	}
	if err == nil {
		return true
	}
	switch {
	case first && errors.Is(err, os.ErrDeadlineExceeded):
		c.logf(LogInfo, nil, "waiting for request", timedOutMsg)
		c.closeNow(true)
	case first:
		c.logf(LogInfo, nil, "waiting for request", "client closed connection")
		c.rwc.Close()
	case errors.Is(err, os.ErrDeadlineExceeded):
		c.rwc.Close()
	default:
		c.logf(LogInfo, nil, "", fmt.Sprintf("client %s closed keepalive connection", c.RemoteAddr()))
		c.rwc.Close()
	}
	return false
}

// startRequest ends the header phase as ngx_http_handler begins: keep-alive
// and lingering close are decided, and the request goes to the handler.
func (c *Conn) startRequest(r *Request) *Request {
	r.decideKeepalive()
	r.lingeringClose = r.HasBody()
	return r
}
