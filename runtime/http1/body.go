package http1

import (
	"errors"
	"fmt"
	"io"
	"os"
	"time"
)

// Request body states.
const (
	bodyUnread  uint8 = iota // nothing taken yet
	bodyReading              // being read, streamed or discarded
	bodyDone                 // all of it taken, or there is none
	bodyFailed               // reading it failed
)

type bodyState struct {
	mode       uint8
	rest       int64 // Content-Length bytes not yet taken
	ck         chunked
	ckDone     bool
	received   int64 // body bytes taken so far (decoded)
	discarding bool
	result     Body
	tempPath   string
	err        error
	reader     bodyReader
}

// Body is a request body read whole by ReadBody, as nginx keeps it for
// ngx.req.get_body_data and ngx.req.get_body_file.
type Body struct {
	// Data is the body when it is held in memory; nil when it is empty or
	// in a file. It is valid until the request ends.
	Data []byte
	// Path names the temporary file holding the body when it was larger
	// than client_body_buffer_size; the front removes it when the request
	// ends.
	Path string
	// Length is the body's size.
	Length int64
}

// StatusError is a request body that could not be read: Status is what
// nginx finalizes the request with (400 for a malformed chunked body or a
// client that went away, 408 for client_body_timeout, 413 for a body over
// client_max_body_size). When Drop is set the connection is unusable and
// nginx sends nothing; otherwise the engine answers with SendSpecial(Status).
type StatusError struct {
	Status int
	Drop   bool
	Msg    string
}

// Error returns the nginx error-log text with the status.
func (e *StatusError) Error() string {
	return fmt.Sprintf("http1: %s (status %d)", e.Msg, e.Status)
}

// errNeedRead stops a discard that may not wait for the client.
var errNeedRead = errors.New("http1: would block")

// continue100 is what nginx sends when a body is first read and the client
// asked with "Expect: 100-continue".
const continue100 = "HTTP/1.1 100 Continue\r\n\r\n"

// testExpect is ngx_http_test_expect: "HTTP/1.1 100 Continue" once, written
// to the socket at once (ahead of any response bytes still buffered, as in
// nginx).
func (r *Request) testExpect() error {
	if r.expectTested || r.in.expect < 0 || r.HTTPVersion() < 1001 {
		return nil
	}
	r.expectTested = true
	if !equalFold(r.headers[r.in.expect].Value, "100-continue") {
		return nil
	}
	c := r.conn
	if c.werr != nil {
		return &StatusError{Status: 500, Drop: true, Msg: c.werr.Error()}
	}
	timeout := c.srv.conf.SendTimeout
	c.setWriteDeadline(c.clock().Add(timeout), timeout)
	n, err := c.rwc.Write([]byte(continue100))
	c.sent += int64(n)
	if err != nil {
		c.writeFailed(err)
		return &StatusError{Status: 500, Drop: true, Msg: err.Error()}
	}
	return nil
}

// CheckBodySize is nginx's client_max_body_size test made when the location
// is found: it reports false when Content-Length exceeds the limit in force
// (see SetConfig), and the engine then answers SendSpecial(413).
func (r *Request) CheckBodySize() bool {
	max := r.conf.ClientMaxBodySize
	if max > 0 && r.contentLength > max {
		r.conn.logf(LogErr, r, "", fmt.Sprintf("client intended to send too large body: %d bytes", r.contentLength))
		return false
	}
	return true
}

// ReadBody reads the whole request body, as ngx.req.read_body: into memory,
// or into a temporary file when it does not fit client_body_buffer_size the
// way nginx decides it. "100 Continue" is sent first if the client expects
// it. Calling it again returns the same body; after DiscardBody or a
// BodyReader it returns an empty one.
func (r *Request) ReadBody() (*Body, error) {
	b := &r.body
	switch b.mode {
	case bodyDone:
		return &b.result, nil
	case bodyFailed:
		return nil, b.err
	case bodyReading:
		return &Body{}, nil
	}
	if !r.CheckBodySize() {
		// the body stays unread, for SendSpecial(413) to discard
		return nil, r.tooLarge()
	}
	if err := r.testExpect(); err != nil {
		return nil, r.failBody(err)
	}
	if !r.HasBody() {
		b.mode = bodyDone
		return &b.result, nil
	}
	b.mode = bodyReading
	c := r.conn
	size := int64(r.conf.ClientBodyBufferSize)
	preread := int64(max(0, min(c.w, c.hb.end)-c.r))
	startLen := r.requestLength

	var data []byte
	toFile := false
	if r.chunked {
		data = r.conn.bodyBuf(int(size))
	} else {
		// nginx keeps the body in one buffer when what is left after the
		// header buffer's share fits a quarter more than the buffer size
		toFile = r.contentLength-min(preread, r.contentLength) >= size+size/4
		if !toFile {
			data = r.conn.bodyBuf(int(r.contentLength))
		}
	}

	var f *os.File
	if toFile {
		var err error
		if f, err = r.createTempFile(); err != nil {
			return nil, r.failBody(&StatusError{Status: 500, Msg: err.Error()})
		}
	}
	scratch := c.scratchBuf()
	deadline := r.bodyDeadline
	for {
		var p []byte
		switch {
		case f != nil:
			p = scratch
		case r.chunked:
			if len(data) == cap(data) {
				data = append(data, 0)[:len(data)]
			}
			p = data[len(data):cap(data)]
		default:
			p = data[len(data):cap(data)]
		}
		n, err := r.take(p, deadline, true)
		if n > 0 {
			if f != nil {
				if _, werr := f.Write(p[:n]); werr != nil {
					f.Close()
					return nil, r.failBody(&StatusError{Status: 500, Msg: werr.Error()})
				}
			} else {
				data = data[:len(data)+n]
			}
		}
		if err == io.EOF {
			break
		}
		if err != nil {
			if f != nil {
				f.Close()
			}
			return nil, r.failBody(err)
		}
		// a chunked body spills to a file once it outgrows the buffer
		if r.chunked && f == nil && r.requestLength-startLen-preread > size {
			var ferr error
			if f, ferr = r.createTempFile(); ferr == nil {
				_, ferr = f.Write(data)
			}
			if ferr != nil {
				if f != nil {
					f.Close()
				}
				return nil, r.failBody(&StatusError{Status: 500, Msg: ferr.Error()})
			}
			data = data[:0]
		}
	}
	b.mode = bodyDone
	b.result.Length = b.received
	if f != nil {
		if err := f.Close(); err != nil {
			return nil, r.failBody(&StatusError{Status: 500, Msg: err.Error()})
		}
		b.result.Path = b.tempPath
	} else if len(data) > 0 {
		b.result.Data = data
	}
	return &b.result, nil
}

// BodyLength returns the bytes of request body taken so far (all of it
// once read).
func (r *Request) BodyLength() int64 { return r.body.received }

// BodyReader returns a reader of the request body as it arrives, decoded if
// chunked, for ngx.req.socket(): it sends "100 Continue" on first use and
// applies client_body_timeout to each read. It returns io.EOF at the end,
// and a *StatusError on failure.
func (r *Request) BodyReader() io.Reader {
	r.body.reader.r = r
	return &r.body.reader
}

type bodyReader struct{ r *Request }

// Read returns the next body bytes; see Request.BodyReader.
func (br *bodyReader) Read(p []byte) (int, error) {
	r := br.r
	b := &r.body
	switch b.mode {
	case bodyDone:
		return 0, io.EOF
	case bodyFailed:
		return 0, b.err
	case bodyUnread:
		if !r.CheckBodySize() {
			return 0, r.tooLarge()
		}
		if err := r.testExpect(); err != nil {
			return 0, r.failBody(err)
		}
		if !r.HasBody() {
			b.mode = bodyDone
			return 0, io.EOF
		}
		b.mode = bodyReading
	}
	if b.discarding {
		return 0, io.EOF
	}
	n, err := r.take(p, r.bodyDeadline, true)
	switch {
	case err == io.EOF:
		b.mode = bodyDone
	case err != nil:
		return n, r.failBody(err)
	}
	return n, err
}

// DiscardBody drops the request body, as ngx_http_discard_request_body:
// "100 Continue" is sent if expected, what has arrived is dropped now, and
// the rest after the response, within lingering_timeout and lingering_time
// (the connection is then kept alive if the response allows it).
func (r *Request) DiscardBody() error {
	b := &r.body
	if b.mode != bodyUnread {
		return nil
	}
	if err := r.testExpect(); err != nil {
		return r.failBody(err)
	}
	if !r.HasBody() {
		b.mode = bodyDone
		return nil
	}
	b.mode = bodyReading
	b.discarding = true
	scratch := r.conn.scratchBuf()
	for {
		_, err := r.take(scratch, nil, false)
		switch {
		case err == io.EOF:
			b.mode = bodyDone
			b.discarding = false
			r.lingeringClose = false
			return nil
		case err == errNeedRead:
			return nil
		case err != nil:
			return r.failBody(err)
		}
	}
}

// finishDiscard reads and drops the rest of a discarded body after the
// response has gone out.
func (r *Request) finishDiscard() error {
	conf := r.conf
	c := r.conn
	until := c.clock().Add(conf.LingeringTime)
	deadline := func() (time.Time, time.Duration) {
		d := c.clock().Add(conf.LingeringTimeout)
		if d.After(until) {
			d = until
		}
		return d, conf.LingeringTimeout
	}
	scratch := c.scratchBuf()
	for {
		_, err := r.take(scratch, deadline, true)
		if err == io.EOF {
			r.body.mode = bodyDone
			r.body.discarding = false
			r.lingeringClose = false
			return nil
		}
		if err != nil {
			return r.failBody(err)
		}
		if !c.clock().Before(until) {
			return r.failBody(&StatusError{Status: 400, Drop: true, Msg: "lingering time expired"})
		}
	}
}

func (r *Request) tooLarge() error {
	return &StatusError{Status: 413,
		Msg: fmt.Sprintf("client intended to send too large body: %d bytes", r.contentLength)}
}

func (r *Request) bodyDeadline() (time.Time, time.Duration) {
	return r.conn.clock().Add(r.conf.ClientBodyTimeout), r.conf.ClientBodyTimeout
}

// failBody records a failed body; a client that timed out or went away
// gets no response, as in nginx.
func (r *Request) failBody(err error) error {
	r.body.mode = bodyFailed
	r.body.err = err
	r.keepalive = false
	if se, ok := err.(*StatusError); ok && se.Drop {
		r.Terminate()
	}
	return err
}

// BufferedBody returns how many body bytes are already read into the
// connection's buffer and not yet taken (ngx.req.socket serves them first),
// or -1 for a chunked body.
func (r *Request) BufferedBody() int {
	if r.chunked {
		return -1
	}
	c := r.conn
	n := int64(c.w - c.r)
	if r.body.rest < n {
		n = r.body.rest
	}
	return int(n)
}
