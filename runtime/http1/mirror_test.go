package http1

import (
	"fmt"
	"sort"
	"strconv"
	"strings"
)

// mirror answers like the locations of testdata/locations.conf, so that
// the same raw requests can be replayed against the front and compared with
// what the real nginx answered (testdata/golden). The few ngx_lua habits it
// copies (HTTP/1.0 buffering, no default type on 304, the rewrite module's
// empty Location) are the engine's to implement, not the front's.
type mirror struct{}

func (mirror) ServeHTTP1(r *Request) {
	o := &output{r: r}
	mirrorServe(r, o)
	o.finish()
}

// output holds ngx.say's buffers: one chunk each, or, as ngx_lua does for
// HTTP/1.0, all of them until the end to send a Content-Length.
type output struct {
	r      *Request
	chunks []string
	used   bool
}

func (o *output) say(parts ...string) {
	o.write(strings.Join(parts, "") + "\n")
}

func (o *output) print(b []byte) {
	o.write(string(b))
}

func (o *output) write(s string) {
	o.used = true
	if o.r.HTTPVersion() == 1000 {
		o.chunks = append(o.chunks, s)
		return
	}
	if o.r.Out.Status != 304 && o.r.Out.ContentType == "" {
		o.r.Out.ContentType = "text/plain"
	}
	o.r.WriteString(s)
}

func (o *output) finish() {
	r := o.r
	if !o.used || r.HTTPVersion() != 1000 || r.HeaderSent() {
		return
	}
	body := strings.Join(o.chunks, "")
	if r.Out.Status != 304 {
		r.Out.ContentType = "text/plain"
	}
	r.Out.ContentLength = int64(len(body))
	r.WriteString(body)
}

func mirrorServe(r *Request, o *output) {
	uri := r.URI()
	if !r.CheckBodySize() {
		r.SendSpecial(413)
		return
	}
	switch {
	case uri == "/hello":
		// nginx's "return 200 text": the body is discarded first
		r.DiscardBody()
		r.Out.Status = 200
		r.Out.ContentType = "text/plain"
		r.Out.ContentLength = 6
		r.WriteString("hello\n")
	case strings.HasPrefix(uri, "/probe"):
		o.say("method=", r.Method(), " uri=", uri, " args=", nilIfEmpty(r.Args()), " request_uri=", r.RequestURI())
		o.say("host=", r.Host(), " http_host=", nilIfEmptyB(r.Header("host")), " ver=", luaVersion(r.HTTPVersion()),
			" proto=", nilIfEmpty(r.Protocol()), " request=", r.RequestLine())
		o.say("len=", strconv.FormatInt(r.RequestLength(), 10))
		o.say(headerDump(r))
		o.print(r.RawHeaderNginx(false))
	case uri == "/body":
		b, err := r.ReadBody()
		if err != nil {
			if se, ok := err.(*StatusError); ok && !se.Drop {
				r.SendSpecial(se.Status)
			}
			return
		}
		data, file := "nil", "nil"
		if b.Data != nil {
			data = strconv.Itoa(len(b.Data))
		}
		if b.Path != "" {
			file = "FILE"
		}
		o.say("data=", data, " file=", file)
	case uri == "/nobody":
		o.say("ok")
	case strings.HasPrefix(uri, "/ret/"):
		// the rewrite module's "return code": below 400, a response of its
		// own unless nginx has a page for the code
		code, _ := strconv.Atoi(uri[len("/ret/"):])
		switch {
		case code >= 301 && code <= 308 && ErrorPage(code, "") != "":
			r.Out.Headers = append(r.Out.Headers, Header{"Location", ""})
			r.SendSpecial(code)
		case code < 400:
			r.DiscardBody()
			r.Out.Status = code
			r.Out.ContentType = "text/plain"
			r.Out.ContentLength = 0
			r.Finish()
		default:
			r.SendSpecial(code)
		}
	case uri == "/status":
		code, _ := strconv.Atoi(strings.TrimPrefix(r.Args(), "s="))
		r.Out.Status = code
		o.say("x")
	default:
		r.SendSpecial(404)
	}
}

func nilIfEmpty(s string) string {
	if s == "" {
		return "nil"
	}
	return s
}

func nilIfEmptyB(b []byte) string {
	if b == nil {
		return "nil"
	}
	return string(b)
}

func luaVersion(v int) string {
	switch v {
	case 9:
		return "0.9"
	case 1000:
		return "1"
	case 1001:
		return "1.1"
	}
	return "nil"
}

// headerDump prints the headers as ngx.req.get_headers(0, true) sees them:
// keys sorted, values of a repeated name in order, bytes outside printable
// ASCII escaped, as the Lua side of testdata/nginx.conf prints them.
func headerDump(r *Request) string {
	m := map[string][]string{}
	for _, h := range r.Headers() {
		k := string(h.Name)
		m[k] = append(m[k], escapeBytes(h.Value))
	}
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	var sb strings.Builder
	sb.WriteString("headers:")
	for _, k := range keys {
		fmt.Fprintf(&sb, " [%s]=%s", escapeBytes([]byte(k)), strings.Join(m[k], "|"))
	}
	return sb.String()
}

func escapeBytes(b []byte) string {
	var sb strings.Builder
	for _, c := range b {
		if c >= 0x20 && c < 0x7f {
			sb.WriteByte(c)
		} else {
			fmt.Fprintf(&sb, "\\x%02x", c)
		}
	}
	return sb.String()
}
