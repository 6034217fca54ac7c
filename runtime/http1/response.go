package http1

import (
	"errors"
	"strconv"
	"time"
)

// Header is one response header line, written as set.
type Header struct {
	Name  string
	Value string
}

// HeadersOut is the response status and headers, nginx's r->headers_out.
// The front writes them in nginx's header filter order: status line,
// Server, Date, Content-Type, Content-Length, Transfer-Encoding,
// Connection, Keep-Alive, then Headers in order.
type HeadersOut struct {
	// Status is the response status; 0 sends 200.
	Status int
	// StatusLine replaces the reason-phrase table ("101 Switching
	// Protocols", or a status line from an upstream), without "HTTP/1.1 ".
	StatusLine string
	// ContentType is the Content-Type value; "" writes none.
	ContentType string
	// ContentLength is the body length, -1 when unknown: the body is then
	// sent chunked (HTTP/1.1) or delimited by closing the connection.
	ContentLength int64
	// ContentLengthInHeaders says Headers already holds the Content-Length
	// line (as ngx.header["Content-Length"] puts it there), so the built-in
	// one is left out; ContentLength must still carry the value.
	ContentLengthInHeaders bool
	// NoServer and NoDate leave the built-in Server and Date lines out, as
	// when ngx.header.Server or ngx.header.Date was set or cleared.
	NoServer bool
	NoDate   bool
	// Headers are the other header lines, in order.
	Headers []Header
}

func (h *HeadersOut) reset() {
	h.Status = 0
	h.StatusLine = ""
	h.ContentType = ""
	h.ContentLength = -1
	h.ContentLengthInHeaders = false
	h.NoServer = false
	h.NoDate = false
	clear(h.Headers)
	h.Headers = h.Headers[:0]
}

// responseState is how the response is being sent.
type responseState struct {
	headerSent bool
	headerOnly bool
	chunked    bool
	headerSize int64
	sentBefore int64 // Conn.sent when the request began
}

// ErrHeaderSent is returned by SendHeader when the header is already out.
var ErrHeaderSent = errors.New("http1: response header already sent")

// ErrFinished is returned by writes after Finish.
var ErrFinished = errors.New("http1: response already finished")

// HeaderSent reports whether the response header has been sent.
func (r *Request) HeaderSent() bool { return r.out.headerSent }

// HeaderOnly reports whether the response has no body (HEAD, 204, 304):
// Write drops body bytes then.
func (r *Request) HeaderOnly() bool { return r.out.headerOnly }

// SendHeader writes the response header from Out, as nginx's chunked and
// header filters do: it chooses chunked encoding or closing for a body of
// unknown length, and writes nothing for an HTTP/0.9 request. The bytes are
// buffered until Flush, a large Write or Finish.
func (r *Request) SendHeader() error {
	if r.out.headerSent {
		return ErrHeaderSent
	}
	c := r.conn
	r.out.headerSent = true
	if c.srv.exiting.Load() {
		r.keepalive = false
	}
	o := &r.Out
	status := o.Status
	if status == 0 {
		status = 200
		o.Status = 200
	}
	if r.HTTPVersion() < 1000 {
		return nil
	}
	if r.line.method == methodHEAD {
		r.out.headerOnly = true
	}
	if o.StatusLine == "" {
		switch status {
		case 204:
			r.out.headerOnly = true
			o.ContentType = ""
			o.ContentLength = -1
		case 304:
			r.out.headerOnly = true
		}
	}

	// the chunked filter
	if status != 304 && status != 204 && status >= 200 && r.line.method != methodHEAD && o.ContentLength < 0 {
		if r.HTTPVersion() >= 1001 && r.conf.ChunkedTransferEncoding {
			r.out.chunked = true
		} else {
			r.keepalive = false
		}
	}

	b := c.out
	start := len(b)
	if o.StatusLine != "" {
		b = append(b, "HTTP/1.1 "...)
		b = append(b, o.StatusLine...)
		b = append(b, "\r\n"...)
	} else {
		b = appendStatusLine(b, status)
	}
	if !o.NoServer {
		b = append(b, "Server: "...)
		b = append(b, r.conf.serverTag()...)
		b = append(b, "\r\n"...)
	}
	if !o.NoDate {
		b = append(b, "Date: "...)
		b = append(b, httpDate(c.clock())...)
		b = append(b, "\r\n"...)
	}
	if o.ContentType != "" {
		b = append(b, "Content-Type: "...)
		b = append(b, o.ContentType...)
		b = append(b, "\r\n"...)
	}
	if !o.ContentLengthInHeaders && o.ContentLength >= 0 {
		b = append(b, "Content-Length: "...)
		b = strconv.AppendInt(b, o.ContentLength, 10)
		b = append(b, "\r\n"...)
	}
	if r.out.chunked {
		b = append(b, "Transfer-Encoding: chunked\r\n"...)
	}
	switch {
	case status == 101:
		b = append(b, "Connection: upgrade\r\n"...)
	case r.keepalive:
		b = append(b, "Connection: keep-alive\r\n"...)
		if r.conf.KeepaliveHeader > 0 {
			b = append(b, "Keep-Alive: timeout="...)
			b = strconv.AppendInt(b, int64(r.conf.KeepaliveHeader/time.Second), 10)
			b = append(b, "\r\n"...)
		}
	default:
		b = append(b, "Connection: close\r\n"...)
	}
	for i := range o.Headers {
		h := &o.Headers[i]
		b = append(b, h.Name...)
		b = append(b, ": "...)
		b = append(b, h.Value...)
		b = append(b, "\r\n"...)
	}
	b = append(b, "\r\n"...)
	r.out.headerSize = int64(len(b) - start)
	c.out = b
	return nil
}

// Write sends body bytes, sending the header first if needed. With chunked
// encoding each non-empty Write is one chunk, as each output buffer is in
// nginx. Body bytes of a header-only response are dropped.
func (r *Request) Write(p []byte) (int, error) {
	if r.finished {
		return 0, ErrFinished
	}
	if !r.out.headerSent {
		if err := r.SendHeader(); err != nil {
			return 0, err
		}
	}
	c := r.conn
	if c.werr != nil {
		return 0, c.werr
	}
	if r.out.headerOnly || len(p) == 0 {
		return len(p), nil
	}
	if r.out.chunked {
		c.out = strconv.AppendInt(c.out, int64(len(p)), 16)
		c.out = append(c.out, "\r\n"...)
	}
	if len(c.out)+len(p) <= outBufSize {
		c.out = append(c.out, p...)
	} else {
		if err := c.flush(); err != nil {
			return 0, err
		}
		if err := c.writeAll(p); err != nil {
			return 0, err
		}
	}
	if r.out.chunked {
		c.out = append(c.out, "\r\n"...)
	}
	return len(p), nil
}

// WriteString is Write for a string, without converting it when it fits
// the output buffer.
func (r *Request) WriteString(s string) (int, error) {
	if r.finished {
		return 0, ErrFinished
	}
	if !r.out.headerSent {
		if err := r.SendHeader(); err != nil {
			return 0, err
		}
	}
	c := r.conn
	if c.werr != nil {
		return 0, c.werr
	}
	if r.out.headerOnly || len(s) == 0 {
		return len(s), nil
	}
	if len(c.out)+len(s)+24 > outBufSize {
		return r.Write([]byte(s))
	}
	if r.out.chunked {
		c.out = strconv.AppendInt(c.out, int64(len(s)), 16)
		c.out = append(c.out, "\r\n"...)
	}
	c.out = append(c.out, s...)
	if r.out.chunked {
		c.out = append(c.out, "\r\n"...)
	}
	return len(s), nil
}

// Flush writes the header (if not sent) and everything buffered to the
// client now, as ngx.flush(true).
func (r *Request) Flush() error {
	if r.finished {
		return ErrFinished
	}
	if !r.out.headerSent {
		if err := r.SendHeader(); err != nil {
			return err
		}
	}
	return r.conn.flush()
}

// Finish ends the response (nginx's last buffer): the header is sent if it
// was not, the chunked terminator written, an unread request body discarded
// and everything flushed. The front calls it after the handler if the
// handler did not.
func (r *Request) Finish() error {
	if r.finished {
		return nil
	}
	if !r.out.headerSent {
		if err := r.SendHeader(); err != nil {
			return err
		}
	}
	c := r.conn
	if r.body.mode == bodyUnread {
		// ngx_lua gives up the request when the body it discards before the
		// last buffer is malformed: nothing more is sent
		if err := r.DiscardBody(); err != nil {
			r.Terminate()
			return err
		}
	}
	if r.out.chunked && !r.out.headerOnly {
		c.out = append(c.out, "0\r\n\r\n"...)
	}
	r.finished = true
	err := c.flush()
	if err == nil && r.body.discarding {
		if r.finishDiscard() != nil {
			r.keepalive = false
		}
	}
	return err
}

// BytesSent returns $bytes_sent: what was written to the client for this
// request so far, header included.
func (r *Request) BytesSent() int64 { return r.conn.sent - r.out.sentBefore }

// BodyBytesSent returns $body_bytes_sent: BytesSent less the header.
func (r *Request) BodyBytesSent() int64 {
	return max(0, r.BytesSent()-r.out.headerSize)
}

// appendStatusLine appends "HTTP/1.1 " and nginx's status line for code,
// or the bare code and a space when nginx has no reason phrase for it.
func appendStatusLine(b []byte, code int) []byte {
	if code >= 0 && code < len(statusLines) && statusLines[code] != "" {
		return append(b, statusLines[code]...)
	}
	b = append(b, "HTTP/1.1 "...)
	if code >= 0 && code < 100 {
		b = append(b, '0')
		if code < 10 {
			b = append(b, '0')
		}
	}
	b = strconv.AppendInt(b, int64(code), 10)
	return append(b, " \r\n"...)
}
