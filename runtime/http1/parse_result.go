package http1

// parseResult is what a resumable parser step reports, as nginx's NGX_AGAIN,
// NGX_OK and NGX_HTTP_PARSE_* codes.
type parseResult int8

const (
	parseAgain parseResult = iota
	parseOK
	parseHeaderDone
	parseInvalidMethod
	parseInvalidRequest
	parseInvalidVersion
	parseInvalid09Method
	parseInvalidHeader
	parseInvalidChunked
)

// clientError is the error-log text nginx writes for a request line that
// failed to parse (ngx_http_client_errors).
func (p parseResult) clientError() string {
	switch p {
	case parseInvalidMethod:
		return "client sent invalid method"
	case parseInvalidVersion:
		return "client sent invalid version"
	case parseInvalid09Method:
		return "client sent invalid method in HTTP/0.9 request"
	}
	return "client sent invalid request"
}

const (
	cr = '\r'
	lf = '\n'
)

// usual marks the bytes that need no attention inside a URI: everything
// except controls, space, '#', '%', '+', '.', '/', '?' and DEL.
var usual = func() (t [256]bool) {
	for c := 0x21; c < 0x100; c++ {
		t[c] = true
	}
	for _, c := range []byte{'#', '%', '+', '.', '/', '?', 0x7f} {
		t[c] = false
	}
	return t
}()
