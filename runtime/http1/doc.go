// Package http1 is gresty's HTTP/1.x front: it accepts connections, parses
// requests the way nginx 1.22's ngx_http_parse_request_line,
// ngx_http_parse_header_line and ngx_http_parse_complex_uri do, and writes
// responses with nginx's header filter, chunked filter and special (error)
// responses, byte for byte.
//
// net/http is not used because it cannot keep header names as received, hand
// the raw connection to ngx.req.socket(true), or answer bad requests with
// nginx's exact bytes.
//
// # Serving
//
// One goroutine serves each connection. Requests are parsed in place in a
// per-connection input buffer, so a keep-alive request costs no allocation on
// the hot path; header fields are byte slices into that buffer and stay valid
// until the request ends. nginx's client_header_buffer_size and
// large_client_header_buffers are modelled on top of that buffer, so that 414
// and "Request Header Or Cookie Too Large" come exactly where nginx gives them.
//
// The front answers malformed requests by itself (400, 414, 494 shown as 400,
// 501, 505, and 405 for CONNECT and TRACE), drops a request whose header times
// out (nginx sends nothing then), discards unread request bodies, keeps
// connections alive and closes them as nginx does (lingering close,
// keepalive_timeout, keepalive_requests).
//
// # What the engine does
//
// The engine implements Handler. For each request it typically:
//
//   - matches the location and calls SetConfig with its directives, then
//     CheckBodySize, answering SendSpecial(413) when it fails;
//   - reads the request through Method, URI, Args, Host, Headers, RawHeader...
//     and the connection variables on Conn;
//   - reads the body with ReadBody (ngx.req.read_body), BodyReader
//     (ngx.req.socket()) or DiscardBody, or takes the connection with Hijack
//     (ngx.req.socket(true));
//   - fills Out and calls SendHeader, Write, Flush and Finish, or
//     SendSpecial(status) for nginx's built-in pages and Terminate to close
//     without a response.
//
// What belongs to ngx_lua or to nginx modules rather than to the core stays
// with the engine: default_type and types{}, the HTTP/1.0 buffering that
// gives ngx.say a Content-Length, error_page, the Location of "return 3xx",
// absolute_redirect.
package http1
