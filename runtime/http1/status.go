package http1

// statusLines holds, by status code, the status lines nginx 1.22 (with
// ngx_lua) writes; codes without a reason phrase are written as the bare
// code and a space (see appendStatusLine).
var statusLines = func() (t [600]string) {
	for code, reason := range map[int]string{
		101: "Switching Protocols",
		200: "OK",
		201: "Created",
		202: "Accepted",
		204: "No Content",
		206: "Partial Content",
		301: "Moved Permanently",
		302: "Moved Temporarily",
		303: "See Other",
		304: "Not Modified",
		307: "Temporary Redirect",
		308: "Permanent Redirect",
		400: "Bad Request",
		401: "Unauthorized",
		402: "Payment Required",
		403: "Forbidden",
		404: "Not Found",
		405: "Not Allowed",
		406: "Not Acceptable",
		408: "Request Time-out",
		409: "Conflict",
		410: "Gone",
		411: "Length Required",
		412: "Precondition Failed",
		413: "Request Entity Too Large",
		414: "Request-URI Too Large",
		415: "Unsupported Media Type",
		416: "Requested Range Not Satisfiable",
		421: "Misdirected Request",
		429: "Too Many Requests",
		500: "Internal Server Error",
		501: "Not Implemented",
		502: "Bad Gateway",
		503: "Service Temporarily Unavailable",
		504: "Gateway Time-out",
		505: "HTTP Version Not Supported",
		507: "Insufficient Storage",
	} {
		t[code] = "HTTP/1.1 " + itoa3(code) + " " + reason + "\r\n"
	}
	return t
}()

// statusReason returns nginx's reason phrase for code, or "".
func statusReason(code int) string {
	if code < 0 || code >= len(statusLines) || statusLines[code] == "" {
		return ""
	}
	l := statusLines[code]
	return l[len("HTTP/1.1 000 ") : len(l)-2]
}

func itoa3(n int) string {
	return string([]byte{byte('0' + n/100), byte('0' + n/10%10), byte('0' + n%10)})
}
