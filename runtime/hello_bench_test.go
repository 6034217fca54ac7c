package runtime

import (
	"bufio"
	"bytes"
	"fmt"
	"net"
	"os"
	"path/filepath"
	"testing"
)

// BenchmarkHelloRequest measures one keep-alive request through the whole
// engine (front, phases, one content_by_lua run), with the allocations the
// server side makes per request.
func BenchmarkHelloRequest(b *testing.B) {
	benchRequests(b, `content_by_lua_block { ngx.say("hello") }`)
}

// BenchmarkPhasesRequest is the bench harness's phases scenario: five Lua
// handlers, ngx.ctx and ngx.var.
func BenchmarkPhasesRequest(b *testing.B) {
	benchRequests(b, `rewrite_by_lua_block { ngx.ctx.a = ngx.var.uri }
access_by_lua_block { ngx.ctx.b = ngx.var.request_method }
content_by_lua_block { ngx.say(ngx.ctx.a, " ", ngx.ctx.b) }
header_filter_by_lua_block { ngx.header["X-A"] = ngx.ctx.a }
log_by_lua_block { local x = ngx.ctx.b .. ngx.var.status }`)
}

func benchRequests(b *testing.B, handlers string) {
	prefix := b.TempDir() + "/"
	for _, d := range []string{"conf", "logs", "html"} {
		os.MkdirAll(filepath.Join(prefix, d), 0o755)
	}
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		b.Fatal(err)
	}
	addr := l.Addr().String()
	l.Close()
	conf := fmt.Sprintf("error_log logs/error.log error;\nevents {}\nhttp { access_log off; keepalive_requests 1000000; server { listen %s; "+
		"location = /b { %s } } }\n", addr, handlers)
	os.WriteFile(filepath.Join(prefix, "conf/nginx.conf"), []byte(conf), 0o644)
	p, err := NewProcess(Options{Prefix: prefix, ConfFile: "conf/nginx.conf"})
	if err != nil {
		b.Fatal(err)
	}
	p.serve(p.cur)
	defer p.Stop(false)
	c, err := net.Dial("tcp", addr)
	if err != nil {
		b.Fatal(err)
	}
	defer c.Close()
	br := bufio.NewReader(c)
	req := []byte("GET /b HTTP/1.1\r\nHost: x\r\n\r\n")
	end := []byte("0\r\n\r\n")
	b.ReportAllocs()
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		if _, err := c.Write(req); err != nil {
			b.Fatal(err)
		}
		for {
			line, err := br.ReadSlice('\n')
			if err != nil {
				logs, _ := os.ReadFile(filepath.Join(prefix, "logs/error.log"))
				b.Fatalf("%v after %q\n%s", err, line, logs)
			}
			if bytes.Equal(line, end[:3]) {
				br.ReadSlice('\n')
				break
			}
		}
	}
}
