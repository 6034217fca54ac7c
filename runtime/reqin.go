package runtime

import (
	"strings"
	"time"

	"gresty/ngxshim"
)

// The client request as ngx.req and the variables see it: the front's
// request line and header, with the changes Lua made (ngx.req.set_method,
// set_header, clear_header) and, for a subrequest, its own method and
// header.

// reqIn is what a request changed of the client request; zero values mean
// the front's.
type reqIn struct {
	// method replaces the request method when set.
	method string
	// headers replaces the header list when own is set.
	headers []ngxshim.HeaderLine
	own     bool
	// host is $host as a Host header set by Lua gives it, when hostSet.
	host    string
	hostSet bool
}

var _ ngxshim.RequestIn = (*request)(nil)

// method is the request method ($request_method).
func (r *request) method() string {
	if r.in.method != "" {
		return r.in.method
	}
	return r.hr.Method()
}

// headersIn returns the request header lines in order; the slice must not
// be changed.
func (r *request) headersIn() []ngxshim.HeaderLine {
	if r.in.own {
		return r.in.headers
	}
	hs := r.hr.Headers()
	out := make([]ngxshim.HeaderLine, len(hs))
	for i, h := range hs {
		out[i] = ngxshim.HeaderLine{Name: string(h.Name), Value: string(h.Value)}
	}
	return out
}

// headerIn returns the first request header named name.
func (r *request) headerIn(name string) (string, bool) {
	if r.in.own {
		for _, h := range r.in.headers {
			if strings.EqualFold(h.Name, name) {
				return h.Value, true
			}
		}
		return "", false
	}
	if v := r.hr.Header(name); v != nil {
		return string(v), true
	}
	return "", false
}

// ownHeaders gives the request a header list of its own to change.
func (r *request) ownHeaders() {
	if !r.in.own {
		r.in.headers = r.headersIn()
		r.in.own = true
	}
}

// host is $host: the Host header as Lua set it, else the front's.
func (r *request) host() string {
	if r.in.hostSet {
		return r.in.host
	}
	return r.hr.Host()
}

// ---- ngxshim.RequestIn ----

// Method implements ngxshim.RequestIn.
func (r *request) Method() string { return r.method() }

// SetMethod implements ngxshim.RequestIn.
func (r *request) SetMethod(name string) {
	r.in.method = name
	if r.isMain() {
		r.hr.SetHeadMethod(name == "HEAD")
	}
}

// HeadersIn implements ngxshim.RequestIn.
func (r *request) HeadersIn() []ngxshim.HeaderLine { return r.headersIn() }

// SetRequestHeader implements ngxshim.RequestHeaderEditor: the values
// replace the header's (override) or are added after them, as
// ngx_http_lua_set_input_header does for each; no values removes it.
func (r *request) SetRequestHeader(name string, vals []string, override bool) error {
	if r.hr.HTTPVersion() < 1000 {
		return nil
	}
	r.ownHeaders()
	if len(vals) == 0 {
		r.setHeaderIn(name, "", override)
		return nil
	}
	for i, v := range vals {
		r.setHeaderIn(name, v, override && i == 0)
	}
	return nil
}

// setHeaderIn sets one value.
func (r *request) setHeaderIn(name, value string, override bool) {
	switch {
	case strings.EqualFold(name, "Host"):
		r.in.hostSet = true
		r.in.host = validHost(value)
	case strings.EqualFold(name, "Content-Length") && r.isMain() && override:
		// what nginx reads of the body follows r->headers_in.content_length_n
		n, ok := parseOff(value)
		if !ok {
			n = -1
		}
		r.hr.SetContentLength(n)
	}
	if !override {
		r.in.headers = append(r.in.headers, ngxshim.HeaderLine{Name: name, Value: value})
		return
	}
	matched := false
	kept := r.in.headers[:0]
	for _, h := range r.in.headers {
		if !strings.EqualFold(h.Name, name) {
			kept = append(kept, h)
			continue
		}
		if value == "" || matched {
			continue
		}
		matched = true
		h.Value = value
		kept = append(kept, h)
	}
	clear(r.in.headers[len(kept):])
	r.in.headers = kept
	if !matched && value != "" {
		r.in.headers = append(r.in.headers, ngxshim.HeaderLine{Name: name, Value: value})
	}
}

// validHost is $host from a Host value: lower case, without the port and a
// trailing dot (ngx_http_validate_host).
func validHost(v string) string {
	v = strings.ToLower(v)
	if !strings.HasPrefix(v, "[") {
		if i := strings.LastIndexByte(v, ':'); i >= 0 {
			v = v[:i]
		}
	} else if i := strings.IndexByte(v, ']'); i >= 0 {
		v = v[:i+1]
	}
	return strings.TrimSuffix(v, ".")
}

// RawHeader implements ngxshim.RequestIn.
func (r *request) RawHeader(noRequestLine bool) []byte {
	return r.hr.RawHeaderNginx(noRequestLine)
}

// HTTPVersion implements ngxshim.RequestIn.
func (r *request) HTTPVersion() int { return r.hr.HTTPVersion() }

// StartTime implements ngxshim.RequestIn.
func (r *request) StartTime() time.Time { return r.hr.StartTime() }

// IsSubrequest implements ngxshim.RequestIn.
func (r *request) IsSubrequest() bool { return !r.isMain() }

// URIArgs implements ngxshim.RequestIn: $args.
func (r *request) URIArgs() string { return r.args }

// SetURIArgs implements ngxshim.RequestIn.
func (r *request) SetURIArgs(args string) { r.args = args }

// CurrentURI implements ngxshim.RequestIn: $uri.
func (r *request) CurrentURI() string { return r.uri }

// SetRequestURI implements ngxshim.RequestIn: ngx.req.set_uri. With jump
// the location is searched again once the rewrite handler has unwound.
func (r *request) SetRequestURI(uri string, jump bool) {
	r.uri = uri
	r.internal = true
	if jump {
		r.jump = true
	}
}
