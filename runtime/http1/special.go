package http1

import (
	"strconv"
	"time"
)

// msiePadding follows an error page sent to MSIE or Chrome, whose "friendly"
// error pages otherwise replace a short one (msie_padding).
const msiePadding = "" +
	"<!-- a padding to disable MSIE and Chrome friendly error page -->\r\n" +
	"<!-- a padding to disable MSIE and Chrome friendly error page -->\r\n" +
	"<!-- a padding to disable MSIE and Chrome friendly error page -->\r\n" +
	"<!-- a padding to disable MSIE and Chrome friendly error page -->\r\n" +
	"<!-- a padding to disable MSIE and Chrome friendly error page -->\r\n" +
	"<!-- a padding to disable MSIE and Chrome friendly error page -->\r\n"

// errorPages holds the head of nginx's built-in page for each status that
// has one; the tail with the product string is added when sending.
var errorPages = func() map[int]string {
	m := make(map[int]string)
	plain := []int{301, 302, 303, 307, 308,
		400, 401, 402, 403, 404, 405, 406, 408, 409, 410, 411, 412, 413, 414, 415, 416, 421, 429,
		500, 501, 502, 503, 504, 505, 507}
	for _, code := range plain {
		m[code] = pageHead(strconv.Itoa(code)+" "+statusReason(code), "")
	}
	// two pages are titled differently from their status lines
	m[302] = pageHead("302 Found", "")
	m[401] = pageHead("401 Authorization Required", "")
	// nginx's own 49x codes are sent with status 400 and say why
	m[494] = pageHead("400 Request Header Or Cookie Too Large", "Request Header Or Cookie Too Large")
	m[495] = pageHead("400 The SSL certificate error", "The SSL certificate error")
	m[496] = pageHead("400 No required SSL certificate was sent", "No required SSL certificate was sent")
	m[497] = pageHead("400 The plain HTTP request was sent to HTTPS port", "The plain HTTP request was sent to HTTPS port")
	m[498] = m[404]
	return m
}()

func pageHead(title, detail string) string {
	h1 := title
	if detail != "" {
		h1 = "400 Bad Request"
	}
	s := "<html>\r\n<head><title>" + title + "</title></head>\r\n<body>\r\n<center><h1>" + h1 + "</h1></center>\r\n"
	if detail != "" {
		s += "<center>" + detail + "</center>\r\n"
	}
	return s
}

// ErrorPage returns nginx's built-in page for status, with product (as
// "nginx/1.22.1" or "nginx") in its footer, or "" when nginx sends none.
func ErrorPage(status int, product string) string {
	head, ok := errorPages[status]
	if !ok {
		return ""
	}
	return head + "<hr><center>" + product + "</center>\r\n</body>\r\n</html>\r\n"
}

// SendSpecial answers with status as nginx's special response handler does
// when a request is finalized with an error code: keep-alive is dropped for
// 400, 413, 414, 495-497, 500 and 501, the unread body is discarded (no 100
// Continue), Out's content type and length become the built-in page's (with
// MSIE padding for MSIE and Chrome), the Content-Length, Accept-Ranges,
// Last-Modified and ETag lines are dropped from Out.Headers as nginx clears
// them, and the response is finished. nginx's 494-497 go out with status 400. error_page handling is the engine's, to do
// before calling this. As ngx_http_finalize_request, 408, 444 and 499 send
// nothing and close the connection.
func (r *Request) SendSpecial(status int) error {
	if r.out.headerSent {
		return ErrHeaderSent
	}
	switch status {
	case 408, 444, 499:
		r.Terminate()
		return nil
	}
	switch status {
	case 400, 413, 414, 495, 496, 497, 500, 501:
		r.keepalive = false
	}
	switch status {
	case 400, 495, 496, 497:
		r.lingeringClose = false
	}
	r.expectTested = true
	if r.body.mode == bodyUnread {
		if err := r.DiscardBody(); err != nil {
			r.keepalive = false
		}
	}

	o := &r.Out
	o.ContentType = ""
	o.StatusLine = ""
	o.Status = status
	switch status {
	case 494, 495, 496, 497:
		o.Status = 400
	}
	o.Headers = removeHeaders(o.Headers, "content-length", "accept-ranges", "last-modified", "etag", "e-tag")
	o.ContentLengthInHeaders = false

	page := ErrorPage(status, r.conf.serverTag())
	padding := ""
	if page != "" {
		if r.conf.MSIEPadding && (r.in.msie || r.in.chrome) && r.HTTPVersion() >= 1000 && status >= 400 {
			padding = msiePadding
		}
		o.ContentType = "text/html"
		o.ContentLength = int64(len(page) + len(padding))
	} else {
		o.ContentLength = 0
	}
	if err := r.SendHeader(); err != nil {
		return err
	}
	if page != "" && !r.out.headerOnly {
		c := r.conn
		c.out = append(c.out, page...)
		c.out = append(c.out, padding...)
	}
	return r.Finish()
}

// removeHeaders drops the lines with the given (lower-case) names, keeping
// the order of the rest.
func removeHeaders(hs []Header, names ...string) []Header {
	out := hs[:0]
	for _, h := range hs {
		drop := false
		for _, n := range names {
			if len(h.Name) == len(n) && equalFold(h.Name, n) {
				drop = true
				break
			}
		}
		if !drop {
			out = append(out, h)
		}
	}
	clear(hs[len(out):])
	return out
}

// Terminate ends the request without a response and closes the connection
// once the handler returns, as nginx's ngx_http_terminate_request.
func (r *Request) Terminate() {
	r.finished = true
	r.terminated = true
	r.keepalive = false
	r.conn.out = r.conn.out[:0]
}

// AbortRead makes a body read waiting in another goroutine return at once
// with a timeout, as closing the connection ends it in nginx; the request
// is to be terminated after that read returned. It is the one call safe
// beside a blocked read (the connection's cached deadline goes stale, which
// does not matter on a connection about to close).
func (r *Request) AbortRead() {
	if r.conn != nil && r.conn.rwc != nil {
		r.conn.rwc.SetReadDeadline(time.Unix(1, 0))
	}
}
