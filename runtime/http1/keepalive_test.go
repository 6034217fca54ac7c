package http1

import (
	"testing"
	"time"
)

func TestDecideKeepalive(t *testing.T) {
	ua6 := "Mozilla/4.0 (compatible; MSIE 6.0; Windows NT 5.1)"
	safari := "Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15) AppleWebKit/605 Version/17 Safari/605"
	tests := []struct {
		name     string
		req      string
		requests int
		age      time.Duration
		conf     func(*Config)
		want     bool
	}{
		{name: "HTTP/1.1", req: "GET / HTTP/1.1\r\nHost: x\r\n\r\n", want: true},
		{name: "HTTP/1.0", req: "GET / HTTP/1.0\r\n\r\n", want: false},
		{name: "HTTP/1.0 keep-alive", req: "GET / HTTP/1.0\r\nConnection: Keep-Alive\r\n\r\n", want: true},
		{name: "close", req: "GET / HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n", want: false},
		{name: "keepalive_timeout 0", req: "GET / HTTP/1.1\r\nHost: x\r\n\r\n",
			conf: func(c *Config) { c.KeepaliveTimeout = 0 }, want: false},
		{name: "last of keepalive_requests", req: "GET / HTTP/1.1\r\nHost: x\r\n\r\n", requests: 999, want: false},
		{name: "before the last", req: "GET / HTTP/1.1\r\nHost: x\r\n\r\n", requests: 998, want: true},
		{name: "keepalive_time passed", req: "GET / HTTP/1.1\r\nHost: x\r\n\r\n", age: 2 * time.Hour, want: false},
		{name: "MSIE 6 POST", req: "POST / HTTP/1.1\r\nHost: x\r\nUser-Agent: " + ua6 + "\r\n\r\n", want: false},
		{name: "MSIE 6 GET", req: "GET / HTTP/1.1\r\nHost: x\r\nUser-Agent: " + ua6 + "\r\n\r\n", want: true},
		{name: "Safari", req: "GET / HTTP/1.1\r\nHost: x\r\nUser-Agent: " + safari + "\r\n\r\n", want: true},
		{name: "Safari disabled", req: "GET / HTTP/1.1\r\nHost: x\r\nUser-Agent: " + safari + "\r\n\r\n",
			conf: func(c *Config) { c.KeepaliveDisableSafari = true }, want: false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			conf := DefaultConfig()
			if tt.conf != nil {
				tt.conf(&conf)
			}
			srv, err := NewServer(conf, HandlerFunc(hello))
			if err != nil {
				t.Fatal(err)
			}
			var got bool
			srv.handler = HandlerFunc(func(r *Request) { got = r.Keepalive() })
			mc := &memConn{in: []byte(tt.req), piece: len(tt.req)}
			c := newConn(srv, mc)
			c.requests = tt.requests
			c.accepted = c.accepted.Add(-tt.age)
			srv.add(c)
			c.serve()
			if got != tt.want {
				t.Errorf("keep-alive %v, want %v", got, tt.want)
			}
		})
	}
}
