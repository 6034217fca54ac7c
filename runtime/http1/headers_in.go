package http1

import (
	"bytes"
	"fmt"
	"math"
)

// HeaderField is one request header line as received: the name keeps its
// case, duplicates are kept, and the value has its surrounding spaces
// removed as nginx does. Both slices point into the connection's buffer and
// are valid until the request ends.
type HeaderField struct {
	Name  []byte
	Value []byte
}

// Connection header outcomes, as nginx's NGX_HTTP_CONNECTION_*.
const (
	connectionDefault uint8 = iota
	connectionClose
	connectionKeepAlive
)

// headersIn is what nginx's headers_in handlers remember about the headers
// of a request.
type headersIn struct {
	host             int // index into Request.headers, -1 if none
	contentLength    int
	transferEncoding int
	expect           int
	userAgent        int
	unique           [6]int // If-Modified-Since ... Authorization, see uniqueHeaders

	connection uint8
	msie       bool
	msie6      bool
	opera      bool
	gecko      bool
	chrome     bool
	safari     bool
	konqueror  bool
}

func (h *headersIn) reset() {
	*h = headersIn{host: -1, contentLength: -1, transferEncoding: -1, expect: -1, userAgent: -1}
	for i := range h.unique {
		h.unique[i] = -1
	}
}

// uniqueHeaders are the headers besides Content-Length, Transfer-Encoding
// and Expect that nginx 1.22 refuses to see twice.
var uniqueHeaders = [...]string{
	"if-modified-since", "if-unmodified-since", "if-match", "if-none-match",
	"content-range", "if-range",
}

// headerError is a request the front refuses while reading its header: the
// status to answer and the error-log line nginx writes (at info level).
type headerError struct {
	status int
	msg    string
}

// processHeader runs nginx's headers_in handler for the header at index i,
// if its name has one.
func (r *Request) processHeader(i int) *headerError {
	f := &r.headers[i]
	name := f.Name
	switch len(name) {
	case 4:
		if equalFold(name, "host") {
			return r.processHost(i)
		}
	case 6:
		if equalFold(name, "expect") {
			return r.processUnique(&r.in.expect, i)
		}
	case 10:
		if equalFold(name, "connection") {
			if containsFold(f.Value, "close") {
				r.in.connection = connectionClose
			} else if containsFold(f.Value, "keep-alive") {
				r.in.connection = connectionKeepAlive
			}
			return nil
		}
		if equalFold(name, "user-agent") {
			if r.in.userAgent < 0 {
				r.in.userAgent = i
			}
			r.in.detectBrowser(f.Value)
			return nil
		}
	case 13:
		if equalFold(name, "authorization") {
			return r.processUnique(&r.in.unique[5], i)
		}
	case 14:
		if equalFold(name, "content-length") {
			return r.processUnique(&r.in.contentLength, i)
		}
	case 17:
		if equalFold(name, "transfer-encoding") {
			return r.processUnique(&r.in.transferEncoding, i)
		}
	}
	for k, u := range uniqueHeaders {
		if len(name) == len(u) && equalFold(name, u) {
			return r.processUnique(&r.in.unique[k], i)
		}
	}
	return nil
}

func (r *Request) processUnique(slot *int, i int) *headerError {
	if *slot < 0 {
		*slot = i
		return nil
	}
	prev, cur := &r.headers[*slot], &r.headers[i]
	return &headerError{400, fmt.Sprintf("client sent duplicate header line: \"%s: %s\", previous value: \"%s: %s\"",
		cur.Name, cur.Value, prev.Name, prev.Value)}
}

func (r *Request) processHost(i int) *headerError {
	f := &r.headers[i]
	if r.in.host >= 0 {
		prev := &r.headers[r.in.host]
		return &headerError{400, fmt.Sprintf("client sent duplicate host header: \"%s: %s\", previous value: \"%s: %s\"",
			f.Name, f.Value, prev.Name, prev.Value)}
	}
	r.in.host = i
	host, ok := validateHost(f.Value)
	if !ok {
		return &headerError{400, "client sent invalid host header"}
	}
	if r.hostLen == 0 {
		r.setHost(host)
	}
	return nil
}

// detectBrowser sets the flags nginx's ngx_http_process_user_agent derives
// from User-Agent (they decide msie_padding, msie_refresh and
// keepalive_disable).
func (h *headersIn) detectBrowser(ua []byte) {
	if i := bytes.Index(ua, []byte("MSIE ")); i >= 0 && i+7 < len(ua) {
		h.msie = true
		if ua[i+6] == '.' {
			switch ua[i+5] {
			case '4', '5':
				h.msie6 = true
			case '6':
				if !bytes.Contains(ua[i+8:], []byte("SV1")) {
					h.msie6 = true
				}
			}
		}
	}
	if bytes.Contains(ua, []byte("Opera")) {
		h.opera = true
		h.msie = false
		h.msie6 = false
	}
	if h.msie || h.opera {
		return
	}
	switch {
	case bytes.Contains(ua, []byte("Gecko/")):
		h.gecko = true
	case bytes.Contains(ua, []byte("Chrome/")):
		h.chrome = true
	case bytes.Contains(ua, []byte("Safari/")) && bytes.Contains(ua, []byte("Mac OS X")):
		h.safari = true
	case bytes.Contains(ua, []byte("Konqueror")):
		h.konqueror = true
	}
}

// validateHost checks a host as ngx_http_validate_host does and returns it
// without port and trailing dot; the caller lower-cases it.
func validateHost(h []byte) ([]byte, bool) {
	const (
		usual = iota
		literal
		rest
	)
	dot := -2
	hostLen := len(h)
	state := usual
	for i, ch := range h {
		switch ch {
		case '.':
			if dot == i-1 {
				return nil, false
			}
			dot = i
		case ':':
			if state == usual {
				hostLen = i
				state = rest
			}
		case '[':
			if i == 0 {
				state = literal
			}
		case ']':
			if state == literal {
				hostLen = i + 1
				state = rest
			}
		default:
			if ch == '/' || ch <= 0x20 || ch == 0x7f {
				return nil, false
			}
		}
	}
	if dot == hostLen-1 {
		hostLen--
	}
	if hostLen <= 0 {
		return nil, false
	}
	return h[:hostLen], true
}

// parseContentLength is ngx_atoof: decimal digits only, no sign, no
// overflow.
func parseContentLength(v []byte) (int64, bool) {
	if len(v) == 0 {
		return 0, false
	}
	var n int64
	for _, ch := range v {
		if ch < '0' || ch > '9' {
			return 0, false
		}
		d := int64(ch - '0')
		if n > (math.MaxInt64-d)/10 {
			return 0, false
		}
		n = n*10 + d
	}
	return n, true
}

// equalFold compares ASCII case-insensitively; lower must be lower case.
func equalFold[T string | []byte](b T, lower string) bool {
	if len(b) != len(lower) {
		return false
	}
	for i := 0; i < len(b); i++ {
		c := b[i]
		if 'A' <= c && c <= 'Z' {
			c += 'a' - 'A'
		}
		if c != lower[i] {
			return false
		}
	}
	return true
}

// containsFold reports whether lower occurs in b, ASCII case-insensitively,
// as nginx's ngx_strcasestrn.
func containsFold(b []byte, lower string) bool {
	for i := 0; i+len(lower) <= len(b); i++ {
		if equalFold(b[i:i+len(lower)], lower) {
			return true
		}
	}
	return false
}
