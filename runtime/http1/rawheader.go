package http1

import "bytes"

// RawHeader returns the request line and header exactly as received, line
// breaks and the closing empty line included. It is valid until the request
// ends.
func (r *Request) RawHeader() []byte {
	if r.headerStart < 0 || r.hdrEnd < r.headerStart {
		return nil
	}
	return r.conn.in[r.headerStart:r.hdrEnd]
}

// RawHeaderNginx returns what ngx.req.raw_header(noRequestLine) returns in
// OpenResty for a header that fit nginx's first header buffer. nginx writes
// a NUL after each header name and value in place; ngx_lua turns each NUL
// back into CR (before an LF), ':' (odd ones) or LF (even ones), appends a
// NUL and cuts the result after the first empty line it can find. So a value
// followed by spaces, a line without a colon or an HTTP/0.9 request come out
// altered, as they do in OpenResty.
func (r *Request) RawHeaderNginx(noRequestLine bool) []byte {
	raw := r.RawHeader()
	if raw == nil {
		return []byte{}
	}
	data := append(make([]byte, 0, len(raw)+1), raw...)
	for _, p := range r.nuls {
		data[p-r.headerStart] = 0
	}
	if noRequestLine {
		skip := r.line.end - r.headerStart + 1
		if r.conn.in[r.line.end] == '\r' {
			skip++
		}
		data = data[min(skip, len(data)):]
	}
	n := 0
	for i, ch := range data {
		if ch != 0 {
			continue
		}
		n++
		switch {
		case i+1 < len(data) && data[i+1] == '\n':
			data[i] = '\r'
		case n%2 == 1:
			data[i] = ':'
		default:
			data[i] = '\n'
		}
	}
	data = append(data, 0)
	// ngx_lua searches a NUL-terminated string: nothing past a NUL counts
	str := data
	if i := bytes.IndexByte(str, 0); i >= 0 {
		str = str[:i]
	}
	for _, end := range []string{"\r\n\r\n", "\r\n\n", "\n\r\n"} {
		if i := bytes.Index(str, []byte(end)); i >= 0 {
			return data[:i+len(end)]
		}
	}
	for p := len(data) - 1; p >= 2; p-- {
		if data[p] == '\n' && data[p-1] == '\r' {
			data[p-1] = '\n'
			return data[:p+1]
		}
		if data[p] == '\n' && data[p-1] == '\n' {
			return data[:p+1]
		}
	}
	return data
}
