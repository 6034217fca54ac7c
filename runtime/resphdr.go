package runtime

import (
	"errors"
	"strconv"
	"strings"

	"gresty/ngxshim"
	"gresty/runtime/http1"
)

// The response header as ngx.header, ngx.resp.get_headers and the
// headers-more module see it: nginx's headers_out list plus the slots it
// keeps apart (Content-Type, Content-Length, Server, Date).

// respHeader is ngx.header over the request's outgoing header.
type respHeader struct{ r *request }

var (
	_ ngxshim.ResponseHeader       = respHeader{}
	_ ngxshim.ResponseHeaderEditor = respHeader{}
)

// builtinOut are the headers nginx keeps a slot for in headers_out: setting
// one replaces its name's spelling too.
var builtinOut = map[string]bool{
	"server": true, "date": true, "content-encoding": true, "location": true, "refresh": true,
	"last-modified": true, "content-range": true, "accept-ranges": true, "www-authenticate": true,
	"expires": true, "e-tag": true, "etag": true, "content-length": true,
}

// Get implements ngxshim.ResponseHeader.
func (h respHeader) Get(name string) []string {
	out := h.r.out()
	switch {
	case strings.EqualFold(name, "Content-Type"):
		if out.ContentType == "" {
			return nil
		}
		return []string{out.ContentType}
	case strings.EqualFold(name, "Content-Length"):
		if out.ContentLength >= 0 && !out.ContentLengthInHeaders {
			return []string{strconv.FormatInt(out.ContentLength, 10)}
		}
	}
	var vals []string
	for _, f := range out.Headers {
		if strings.EqualFold(f.Name, name) {
			vals = append(vals, f.Value)
		}
	}
	return vals
}

// Set implements ngxshim.ResponseHeader.
func (h respHeader) Set(name string, vals []string) {
	h.SetHeader(name, vals, true)
}

// Names implements ngxshim.ResponseHeader.
func (h respHeader) Names() []string {
	out := h.r.out()
	var names []string
	if out.ContentType != "" {
		names = append(names, "Content-Type")
	}
	if out.ContentLength >= 0 && !out.ContentLengthInHeaders {
		names = append(names, "Content-Length")
	}
	for _, f := range out.Headers {
		names = append(names, f.Name)
	}
	return names
}

// SetHeader implements ngxshim.ResponseHeaderEditor: the values replace
// the header's (override) or are added after them, as
// ngx_http_lua_set_output_header does for each.
func (h respHeader) SetHeader(name string, vals []string, override bool) error {
	if len(vals) == 0 {
		return h.setOne(name, "", true)
	}
	for i, v := range vals {
		if err := h.setOne(name, v, override && i == 0); err != nil {
			return err
		}
	}
	return nil
}

// errSetHeader is ngx_lua's failure to set a response header.
var errSetHeader = errors.New("failed to set header")

func (h respHeader) setOne(name, value string, override bool) error {
	out := h.r.out()
	lower := strings.ToLower(name)
	switch lower {
	case "content-type":
		if value == "" {
			h.r.ctypeCleared = true
		}
		out.ContentType = value
		h.r.ctypeSet = true
		return nil
	case "content-length":
		if value == "" {
			out.ContentLength = -1
			out.ContentLengthInHeaders = false
			out.Headers = dropHeader(out.Headers, name)
			return nil
		}
		n, ok := parseOff(value)
		if !ok {
			return errSetHeader
		}
		out.ContentLength = n
		out.ContentLengthInHeaders = true
	case "location":
		h.r.absLocation = false
	case "server":
		out.NoServer = true
	case "date":
		out.NoDate = true
	}
	if !override {
		if value != "" {
			out.Headers = append(out.Headers, http1.Header{Name: name, Value: value})
		}
		return nil
	}
	matched := false
	kept := out.Headers[:0]
	for _, f := range out.Headers {
		if !strings.EqualFold(f.Name, name) {
			kept = append(kept, f)
			continue
		}
		if matched || value == "" {
			continue
		}
		matched = true
		f.Value = value
		if builtinOut[lower] {
			f.Name = name
		}
		kept = append(kept, f)
	}
	clear(out.Headers[len(kept):])
	out.Headers = kept
	if !matched && value != "" {
		out.Headers = append(out.Headers, http1.Header{Name: name, Value: value})
	}
	return nil
}

// List implements ngxshim.ResponseHeaderEditor: the header as
// ngx.resp.get_headers reports it, nginx's own entries first.
func (h respHeader) List() (builtin, lines []ngxshim.HeaderLine) {
	r := h.r
	out := r.out()
	if out.ContentType != "" {
		builtin = append(builtin, ngxshim.HeaderLine{Name: "content-type", Value: out.ContentType})
	}
	if out.ContentLength >= 0 && !out.ContentLengthInHeaders {
		builtin = append(builtin, ngxshim.HeaderLine{Name: "content-length", Value: strconv.FormatInt(out.ContentLength, 10)})
	}
	conn := "close"
	switch {
	case out.Status == 101:
		conn = "upgrade"
	case r.hr.Keepalive():
		conn = "keep-alive"
	}
	builtin = append(builtin, ngxshim.HeaderLine{Name: "connection", Value: conn})
	if r.isMain() && r.hr.HeaderSent() && r.hr.ResponseChunked() {
		builtin = append(builtin, ngxshim.HeaderLine{Name: "transfer-encoding", Value: "chunked"})
	}
	for _, f := range out.Headers {
		lines = append(lines, ngxshim.HeaderLine{Name: f.Name, Value: f.Value})
	}
	return builtin, lines
}

// dropHeader removes the lines named name.
func dropHeader(hs []http1.Header, name string) []http1.Header {
	kept := hs[:0]
	for _, f := range hs {
		if !strings.EqualFold(f.Name, name) {
			kept = append(kept, f)
		}
	}
	clear(hs[len(kept):])
	return kept
}

// parseOff is ngx_atoof: decimal digits only.
func parseOff(s string) (int64, bool) {
	if s == "" {
		return 0, false
	}
	var n int64
	for i := 0; i < len(s); i++ {
		c := s[i]
		if c < '0' || c > '9' {
			return 0, false
		}
		if n > (1<<63-1-int64(c-'0'))/10 {
			return 0, false
		}
		n = n*10 + int64(c-'0')
	}
	return n, true
}

// TransformUnderscores implements ngxshim.ResponseHeaderEditor.
func (h respHeader) TransformUnderscores() bool {
	return h.r.loc.Lua.TransformUnderscoresInResponseHeaders
}
