package conformance

import (
	"fmt"
	"regexp"
	"strconv"
	"strings"
)

// Response is a parsed HTTP response, shaped like the HTTP::Response
// Test::Nginx compares against.
type Response struct {
	Code       string // "" when the status line has no numeric code
	Headers    []Header
	Body       string
	RawHeaders string // the header part up to (not including) the blank line's CRLF
}

// Header is one response header line.
type Header struct {
	Name, Value string
}

// Header returns the value of the named header, multiple values joined
// by ", " (HTTP::Headers's scalar header()); ok is false when absent.
func (r *Response) Header(name string) (string, bool) {
	var vals []string
	for _, h := range r.Headers {
		if strings.EqualFold(h.Name, name) {
			vals = append(vals, h.Value)
		}
	}
	if len(vals) == 0 {
		return "", false
	}
	return strings.Join(vals, ", "), true
}

var (
	rawHeadersRe = regexp.MustCompile(`(?s)^(.*?\r\n)\r\n`)
	headerLineRe = regexp.MustCompile(`^([^\s:]+)[ \t]*: ?(.*)$`)
	contLineRe   = regexp.MustCompile(`^[ \t]+(.*)$`)
	chunkSizeRe  = regexp.MustCompile(`^[ \t]*([A-Fa-f0-9]+)[ \t]*\r\n`)
	lastChunkRe  = regexp.MustCompile(`^0[ \t]*\r\n\r\n`)
	statusCodeRe = regexp.MustCompile(`^\d{3} `)
	digitsRe     = regexp.MustCompile(`^\d+$`)
)

// parseMessage splits raw bytes into status line, headers and content the
// way HTTP::Response->parse does.
func parseMessage(raw string) *Response {
	res := &Response{}
	status, rest, found := strings.Cut(raw, "\n")
	if !found {
		status, rest = raw, ""
	}
	status = strings.TrimSuffix(status, "\r")
	if statusCodeRe.MatchString(status) {
		res.Code = strings.Fields(status)[0]
	} else {
		f := strings.SplitN(status, " ", 3)
		if len(f) >= 2 {
			res.Code = f[1]
		}
	}
	if res.Code != "" && !digitsRe.MatchString(res.Code) {
		res.Code = ""
	}
	// headers until an empty line
	for rest != "" {
		line, after, hasNL := strings.Cut(rest, "\n")
		l := strings.TrimSuffix(line, "\r")
		if l == "" {
			if hasNL {
				rest = after
			} else {
				rest = ""
			}
			break
		}
		if m := headerLineRe.FindStringSubmatch(l); m != nil {
			res.Headers = append(res.Headers, Header{m[1], m[2]})
		} else if m := contLineRe.FindStringSubmatch(l); m != nil && len(res.Headers) > 0 {
			last := &res.Headers[len(res.Headers)-1]
			last.Value += "\n " + m[1]
		} else {
			break
		}
		if !hasNL {
			rest = ""
			break
		}
		rest = after
	}
	res.Body = rest
	return res
}

// ParseResponse parses one response from raw, decoding a chunked body and
// cutting at Content-Length; left is what follows the response (the next
// pipelined response). A non-nil error is a Test::Nginx failure (invalid
// chunked data).
func ParseResponse(raw string) (res *Response, left string, err error) {
	res = parseMessage(raw)
	if m := rawHeadersRe.FindStringSubmatch(raw); m != nil {
		res.RawHeaders = m[1]
	}
	if res.Code == "304" || res.Code == "101" {
		return res, "", nil
	}
	enc, _ := res.Header("Transfer-Encoding")
	if enc == "chunked" {
		body := res.Body
		var decoded strings.Builder
		for {
			if lastChunkRe.MatchString(body) {
				left = body[len(lastChunkRe.FindString(body)):]
				break
			}
			m := chunkSizeRe.FindStringSubmatch(body)
			if m == nil {
				if body != "" {
					return nil, "", fmt.Errorf("invalid chunked body received: %s", shorten(body, 80))
				}
				return nil, "", fmt.Errorf("no last chunk found - %s", shorten(res.Body, 80))
			}
			size, perr := strconv.ParseInt(m[1], 16, 64)
			if perr != nil {
				return nil, "", fmt.Errorf("invalid chunk size %q", m[1])
			}
			body = body[len(m[0]):]
			if int64(len(body)) < size {
				return nil, "", fmt.Errorf("invalid chunked data received (not enought octets for the data section)")
			}
			decoded.WriteString(body[:size])
			body = body[size:]
			if !strings.HasPrefix(body, "\r\n") {
				return nil, "", fmt.Errorf("invalid chunked data received (expected CRLF).")
			}
			body = body[2:]
		}
		res.Body = decoded.String()
		return res, left, nil
	}
	if cl, ok := res.Header("Content-Length"); ok && cl != "" {
		if n, perr := strconv.Atoi(strings.TrimSpace(cl)); perr == nil && n >= 0 && len(res.Body) > n {
			left = res.Body[n:]
			res.Body = res.Body[:n]
		}
	}
	return res, left, nil
}

func shorten(s string, n int) string {
	if len(s) > n {
		return s[:n] + "..."
	}
	return s
}
