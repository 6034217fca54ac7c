package http1

import (
	"strings"
	"testing"
	"time"
)

// serveMem serves the raw input on an in-memory connection with h and
// returns what was written, Date lines normalised.
func serveMem(t *testing.T, conf Config, input string, h HandlerFunc) string {
	t.Helper()
	srv, err := NewServer(conf, h)
	if err != nil {
		t.Fatal(err)
	}
	mc := &memConn{in: []byte(input), piece: len(input) + 1, keep: true}
	c := newConn(srv, mc)
	srv.add(c)
	c.serve()
	return string(normalise(mc.wrote))
}

func TestSendHeader(t *testing.T) {
	get := "GET / HTTP/1.1\r\nHost: x\r\n\r\n"
	tests := []struct {
		name  string
		conf  func(*Config)
		input string
		h     HandlerFunc
		want  string
	}{
		{
			name:  "order of the built-in lines",
			input: get,
			conf:  func(c *Config) { c.KeepaliveHeader = 20 * time.Second },
			h: func(r *Request) {
				r.Out.Status = 201
				r.Out.ContentType = "text/x"
				r.Out.ContentLength = 2
				r.Out.Headers = []Header{{"X-B", "1"}, {"x-a", "2"}}
				r.WriteString("ok")
			},
			want: "HTTP/1.1 201 Created\r\nServer: gresty/0.1\r\nDate: <date>\r\nContent-Type: text/x\r\nContent-Length: 2\r\n" +
				"Connection: keep-alive\r\nKeep-Alive: timeout=20\r\nX-B: 1\r\nx-a: 2\r\n\r\nok",
		},
		{
			name:  "Server, Date and Content-Length set by the application",
			input: get,
			h: func(r *Request) {
				r.Out.NoServer, r.Out.NoDate = true, true
				r.Out.ContentLength = 2
				r.Out.ContentLengthInHeaders = true
				r.Out.Headers = []Header{{"content-length", "2"}}
				r.WriteString("ok")
			},
			want: "HTTP/1.1 200 OK\r\nConnection: keep-alive\r\ncontent-length: 2\r\n\r\nok",
		},
		{
			name:  "server_tokens off and a status line of the engine",
			input: get,
			conf:  func(c *Config) { c.ServerTokens = false; c.Product = "nginx/1.22.1" },
			h: func(r *Request) {
				r.Out.Status = 299
				r.Out.StatusLine = "299 Mine"
				r.Out.ContentLength = 0
				r.Finish()
			},
			want: "HTTP/1.1 299 Mine\r\nServer: nginx\r\nDate: <date>\r\nContent-Length: 0\r\nConnection: keep-alive\r\n\r\n",
		},
		{
			name:  "chunks and the last chunk",
			input: get,
			h: func(r *Request) {
				r.WriteString("ab")
				r.Write([]byte("cde"))
				r.WriteString("")
			},
			want: "HTTP/1.1 200 OK\r\nServer: gresty/0.1\r\nDate: <date>\r\nTransfer-Encoding: chunked\r\nConnection: keep-alive\r\n\r\n" +
				"2\r\nab\r\n3\r\ncde\r\n0\r\n\r\n",
		},
		{
			name:  "chunked_transfer_encoding off closes to delimit",
			input: get,
			conf:  func(c *Config) { c.ChunkedTransferEncoding = false },
			h:     func(r *Request) { r.WriteString("ab") },
			want:  "HTTP/1.1 200 OK\r\nServer: gresty/0.1\r\nDate: <date>\r\nConnection: close\r\n\r\nab",
		},
		{
			name:  "204 drops type, length and body",
			input: get,
			h: func(r *Request) {
				r.Out.Status = 204
				r.Out.ContentType = "text/x"
				r.Out.ContentLength = 5
				r.WriteString("hello")
			},
			want: "HTTP/1.1 204 No Content\r\nServer: gresty/0.1\r\nDate: <date>\r\nConnection: keep-alive\r\n\r\n",
		},
		{
			name:  "HEAD keeps the length and drops the body",
			input: "HEAD / HTTP/1.1\r\nHost: x\r\n\r\n",
			h: func(r *Request) {
				r.Out.ContentLength = 5
				r.WriteString("hello")
			},
			want: "HTTP/1.1 200 OK\r\nServer: gresty/0.1\r\nDate: <date>\r\nContent-Length: 5\r\nConnection: keep-alive\r\n\r\n",
		},
		{
			name:  "101 says upgrade",
			input: get,
			h: func(r *Request) {
				r.Out.Status = 101
				r.Out.Headers = []Header{{"Upgrade", "websocket"}}
				r.SendHeader()
				r.Flush()
			},
			want: "HTTP/1.1 101 Switching Protocols\r\nServer: gresty/0.1\r\nDate: <date>\r\nConnection: upgrade\r\nUpgrade: websocket\r\n\r\n",
		},
		{
			name:  "HTTP/0.9 gets the body alone",
			input: "GET /\r\n",
			h:     func(r *Request) { r.WriteString("plain") },
			want:  "plain",
		},
		{
			name:  "special response drops the content headers",
			input: get,
			conf:  func(c *Config) { c.Product = "nginx/1.22.1" },
			h: func(r *Request) {
				r.Out.ContentType = "text/x"
				r.Out.Headers = []Header{{"ETag", "1"}, {"X-Keep", "1"}, {"Last-Modified", "x"}}
				r.SendSpecial(403)
			},
			want: "HTTP/1.1 403 Forbidden\r\nServer: nginx/1.22.1\r\nDate: <date>\r\nContent-Type: text/html\r\nContent-Length: 153\r\n" +
				"Connection: keep-alive\r\nX-Keep: 1\r\n\r\n" + ErrorPage(403, "nginx/1.22.1"),
		},
		{
			name:  "Terminate sends nothing",
			input: get,
			h: func(r *Request) {
				r.WriteString("lost")
				r.Terminate()
			},
			want: "",
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			conf := DefaultConfig()
			conf.ClientBodyTempPath = t.TempDir()
			if tt.conf != nil {
				tt.conf(&conf)
			}
			got := serveMem(t, conf, tt.input, tt.h)
			if got != tt.want {
				t.Errorf("got\n%q\nwant\n%q", got, tt.want)
			}
		})
	}
}

func TestErrorPage(t *testing.T) {
	if got := ErrorPage(200, "x"); got != "" {
		t.Errorf("page for 200: %q", got)
	}
	page := ErrorPage(494, "gresty/0.1")
	for _, want := range []string{"<title>400 Request Header Or Cookie Too Large</title>",
		"<center><h1>400 Bad Request</h1></center>", "<hr><center>gresty/0.1</center>"} {
		if !strings.Contains(page, want) {
			t.Errorf("494 page lacks %q:\n%s", want, page)
		}
	}
}
