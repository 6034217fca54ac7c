package http1

import (
	"time"
)

// Request is one HTTP/1.x request on a connection and its response. The
// front reuses it for the next request on the same connection, so neither
// it nor any slice it returns may be used after Handler.ServeHTTP1 returns.
type Request struct {
	// Out is the response status and headers, set before the header is
	// sent (see SendHeader).
	Out HeadersOut

	conn *Conn
	conf *Config

	line    requestLine
	hline   headerLine
	headers []HeaderField
	nuls    []int // where nginx writes NULs into the header: see RawHeaderNginx
	in      headersIn

	// uri is $uri: a slice of the input buffer when the URI needed no
	// normalisation, else of uriBuf.
	uri                []byte
	uriBuf             []byte
	argsStart, argsEnd int
	hostBuf            []byte
	hostLen            int
	// headerStart and hdrEnd delimit the raw header in the input buffer.
	headerStart, hdrEnd int

	start         time.Time
	requestLength int64
	contentLength int64
	chunked       bool
	body          bodyState
	out           responseState

	keepalive bool
	// wantKeepalive is the client's keep-alive choice (Connection header
	// and protocol version), before any location's restrictions; false for
	// a request the front refused.
	wantKeepalive bool
	// configured is set once SetConfig applied a location's directives.
	configured     bool
	lingeringClose bool
	expectTested   bool
	finished       bool
	terminated     bool
	hijacked       bool
	// rejected is the status the front answered with by itself, 0 if none.
	rejected int
}

func (r *Request) reset(c *Conn) {
	r.conn = c
	r.conf = &c.srv.conf
	r.line.reset()
	r.hline = headerLine{nameStart: -1}
	r.headers = r.headers[:0]
	r.nuls = r.nuls[:0]
	r.in.reset()
	r.uri = nil
	r.argsStart, r.argsEnd = -1, -1
	r.hostLen = 0
	r.headerStart, r.hdrEnd = -1, -1
	r.requestLength = 0
	r.contentLength = -1
	r.chunked = false
	r.keepalive = false
	r.wantKeepalive = false
	r.configured = false
	r.lingeringClose = false
	r.expectTested = false
	r.body = bodyState{}
	r.Out.reset()
	r.out = responseState{}
	r.finished = false
	r.terminated = false
	r.hijacked = false
	r.rejected = 0
}

// Conn returns the connection the request arrived on.
func (r *Request) Conn() *Conn { return r.conn }

// Config returns the directives in force for the request.
func (r *Request) Config() *Config { return r.conf }

// SetConfig applies the directives of the location that matched (nginx's
// ngx_http_update_location_config): later body and response handling use c,
// and c's keep-alive limits apply. The first location starts from the
// client's keep-alive choice; after an internal redirect keep-alive can only
// be turned off, as nginx decides it once per request (so a request refused
// by the front, or one whose special response turned keep-alive off before
// its error_page, keeps it off). c must stay unchanged while the request runs.
func (r *Request) SetConfig(c *Config) {
	r.conf = c
	if !r.configured {
		r.configured = true
		r.keepalive = r.wantKeepalive
	}
	r.limitKeepalive()
}

// Method returns the request method as sent (ngx.req.get_method), or ""
// if the request line ended before it.
func (r *Request) Method() string {
	return r.span(r.line.start, r.line.methodEnd)
}

// span returns in[from:to] as a string, "" unless both ends are known.
func (r *Request) span(from, to int) string {
	if from < 0 || to < from || to > len(r.conn.in) {
		return ""
	}
	return string(r.conn.in[from:to])
}

// IsHead reports whether the method is HEAD, for which only the response
// header is sent.
func (r *Request) IsHead() bool { return r.line.method == methodHEAD }

// RequestLine returns $request, the request line without its line break.
// For a request line that failed to parse it is what was received of it, up
// to a line break, as nginx puts it in its error log.
func (r *Request) RequestLine() string {
	if r.line.end >= 0 {
		return r.span(r.line.start, r.line.end)
	}
	if r.line.start < 0 {
		return ""
	}
	end := r.line.start
	for end < r.conn.w && r.conn.in[end] != '\r' && r.conn.in[end] != '\n' {
		end++
	}
	return r.span(r.line.start, end)
}

// RequestURI returns $request_uri: the URI as sent, with its arguments (for
// an absolute URI, from the path on).
func (r *Request) RequestURI() string {
	return r.span(r.line.uriStart, r.line.uriEnd)
}

// URI returns $uri: the path percent-decoded and normalised as nginx does.
func (r *Request) URI() string { return string(r.uri) }

// URIBytes returns $uri without copying; the slice is valid until the
// request ends.
func (r *Request) URIBytes() []byte { return r.uri }

// Args returns $args, "" when the request has none (nginx then reports the
// variable as not found).
func (r *Request) Args() string {
	return r.span(r.argsStart, r.argsEnd)
}

// HTTPVersion returns nginx's r->http_version: major*1000+minor, so 9 for
// HTTP/0.9, 1000 for HTTP/1.0 and 1001 for HTTP/1.1.
func (r *Request) HTTPVersion() int { return r.line.version() }

// Protocol returns $server_protocol, such as "HTTP/1.1", or "" for HTTP/0.9.
func (r *Request) Protocol() string {
	return r.span(r.line.protoStart, r.line.end)
}

// Schema returns the schema of an absolute request URI ("http"), or "".
func (r *Request) Schema() string {
	return r.span(r.line.schemaStart, r.line.schemaEnd)
}

// Host returns $host as far as the request gives it: the host of an
// absolute request URI, else the Host header, lower-cased, without port and
// trailing dot. It is "" when the request names no host; nginx then uses the
// server_name, which is the engine's to supply.
func (r *Request) Host() string { return string(r.hostBuf[:r.hostLen]) }

func (r *Request) setHost(h []byte) {
	r.hostBuf = r.hostBuf[:0]
	for _, c := range h {
		if 'A' <= c && c <= 'Z' {
			c += 'a' - 'A'
		}
		r.hostBuf = append(r.hostBuf, c)
	}
	r.hostLen = len(r.hostBuf)
}

// Headers returns the request headers in the order received, ignored
// invalid lines left out. The slice and its fields are valid until the
// request ends and must not be modified.
func (r *Request) Headers() []HeaderField { return r.headers }

// Header returns the value of the first header named name (compared
// ASCII case-insensitively), or nil.
func (r *Request) Header(name string) []byte {
	for i := range r.headers {
		if equalFoldAny(r.headers[i].Name, name) {
			return r.headers[i].Value
		}
	}
	return nil
}

// ContentLength returns the request's Content-Length, or -1 when it has
// none (a chunked body's length is known once read: see BodyLength).
func (r *Request) ContentLength() int64 { return r.contentLength }

// Chunked reports whether the request body uses chunked transfer encoding.
func (r *Request) Chunked() bool { return r.chunked }

// HasBody reports whether the request announces a body (nginx's
// lingering_close condition: a positive Content-Length or chunked).
func (r *Request) HasBody() bool { return r.contentLength > 0 || r.chunked }

// StartTime returns when the first byte of the request was read.
func (r *Request) StartTime() time.Time { return r.start }

// RequestLength returns $request_length: the bytes of the request line,
// headers and the part of the body read so far.
func (r *Request) RequestLength() int64 { return r.requestLength }

// Keepalive reports whether the connection will be kept alive after this
// request, as decided so far.
func (r *Request) Keepalive() bool { return r.keepalive }

// SetKeepalive overrides the keep-alive decision before the header is sent
// (ngx_lua and upstream modules switch it off).
func (r *Request) SetKeepalive(on bool) {
	r.keepalive = on && r.conf.KeepaliveTimeout > 0
}

// MSIE reports whether User-Agent names MSIE (and not Opera), as nginx's
// r->headers_in.msie.
func (r *Request) MSIE() bool { return r.in.msie }

// decideKeepalive is ngx_http_handler's keep-alive choice followed by
// ngx_http_update_location_config's restrictions.
func (r *Request) decideKeepalive() {
	switch r.in.connection {
	case connectionClose:
		r.wantKeepalive = false
	case connectionKeepAlive:
		r.wantKeepalive = true
	default:
		r.wantKeepalive = r.HTTPVersion() > 1000
	}
	r.keepalive = r.wantKeepalive
	r.limitKeepalive()
}

// limitKeepalive turns keep-alive off as the configuration's limits say
// (ngx_http_update_location_config).
func (r *Request) limitKeepalive() {
	if !r.keepalive {
		return
	}
	c := r.conf
	switch {
	case c.KeepaliveTimeout <= 0:
		r.keepalive = false
	case r.conn.requests >= c.KeepaliveRequests:
		r.keepalive = false
	case r.start.Sub(r.conn.accepted) > c.KeepaliveTime:
		r.keepalive = false
	case r.in.msie6 && r.line.method == methodPOST && c.KeepaliveDisableMSIE6:
		r.keepalive = false
	case r.in.safari && c.KeepaliveDisableSafari:
		r.keepalive = false
	}
}

// equalFoldAny compares ASCII case-insensitively.
func equalFoldAny(b []byte, s string) bool {
	if len(b) != len(s) {
		return false
	}
	for i := 0; i < len(b); i++ {
		x, y := b[i], s[i]
		if 'A' <= x && x <= 'Z' {
			x += 'a' - 'A'
		}
		if 'A' <= y && y <= 'Z' {
			y += 'a' - 'A'
		}
		if x != y {
			return false
		}
	}
	return true
}
