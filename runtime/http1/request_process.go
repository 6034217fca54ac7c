package http1

import "fmt"

// processRequestURI sets $uri and $args as ngx_http_process_request_uri
// does; it reports false for a URI nginx refuses.
func (r *Request) processRequestURI() bool {
	l := &r.line
	b := r.conn.in
	if l.complexURI || l.quotedURI || l.emptyPathInURI {
		uri, as, ae, ok := parseComplexURI(r.uriBuf, b, l.uriStart, l.uriEnd, l.emptyPathInURI, r.conn.srv.conf.MergeSlashes)
		if !ok {
			r.uri = nil
			return false
		}
		r.uriBuf = uri
		r.uri = uri
		r.argsStart, r.argsEnd = as, ae
		return true
	}
	end := l.uriEnd
	if l.argsStart >= 0 {
		end = l.argsStart - 1
		r.argsStart, r.argsEnd = l.argsStart, l.uriEnd
	}
	r.uri = b[l.uriStart:end:end]
	return true
}

// processRequestHeader is ngx_http_process_request_header: the checks made
// once the whole header is read.
func (r *Request) processRequestHeader() *headerError {
	v := r.line.version()
	if r.in.host < 0 && v > 1000 {
		return &headerError{400, "client sent HTTP/1.1 request without \"Host\" header"}
	}
	if r.in.contentLength >= 0 {
		n, ok := parseContentLength(r.headers[r.in.contentLength].Value)
		if !ok {
			return &headerError{400, "client sent invalid \"Content-Length\" header"}
		}
		r.contentLength = n
		r.body.rest = n
	}
	if r.in.transferEncoding >= 0 {
		if v < 1001 {
			return &headerError{400, "client sent HTTP/1.0 request with \"Transfer-Encoding\" header"}
		}
		te := r.headers[r.in.transferEncoding].Value
		if !equalFold(te, "chunked") {
			return &headerError{501, fmt.Sprintf("client sent unknown \"Transfer-Encoding\": \"%s\"", te)}
		}
		if r.in.contentLength >= 0 {
			return &headerError{400, "client sent \"Content-Length\" and \"Transfer-Encoding\" headers at the same time"}
		}
		r.chunked = true
	}
	switch r.line.method {
	case methodCONNECT:
		return &headerError{405, "client sent CONNECT method"}
	case methodTRACE:
		return &headerError{405, "client sent TRACE method"}
	}
	return nil
}
