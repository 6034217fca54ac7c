package runtime

import (
	"io"
	"net"
	"os"
	"strings"
	"testing"
	"time"
)

func rawExchange(t *testing.T, base, req string) string {
	t.Helper()
	c, err := net.Dial("tcp", strings.TrimPrefix(base, "http://"))
	if err != nil {
		t.Fatal(err)
	}
	defer c.Close()
	io.WriteString(c, req)
	c.SetReadDeadline(time.Now().Add(3 * time.Second))
	resp, _ := io.ReadAll(c)
	return string(resp)
}

// A request the front refuses is finalized as nginx does: the server's
// error_page runs its target's handlers, keep-alive stays off, and the log
// phase runs (log_by_lua, the access log) with or without an error_page.
func TestRejectedRequests(t *testing.T) {
	_, base, prefix := startEngine(t, `
error_log logs/error.log info;
events {}
http {
    access_log logs/access.log;
    log_by_lua_block { ngx.log(ngx.WARN, "logged ", ngx.status, " ", ngx.var.uri) }
    server {
        listen 127.0.0.1:PORT;
        server_name localhost;
        location = /err {
            content_by_lua_block { ngx.req.set_header("Foo", "bar") ngx.say("err page ", ngx.req.get_headers().foo) }
        }
    }
    server {
        listen 127.0.0.1:PORT;
        server_name with-page;
        error_page 400 = /err;
        location = /err {
            content_by_lua_block { ngx.say("err page ", ngx.req.http_version()) }
        }
    }
}
`)
	// no error_page in the default server: nginx's page
	resp := rawExchange(t, base, "GET / HTTP/1.1\r\nHost: localhost\r\nFoo: a\r\n  b\r\n\r\n")
	if !strings.HasPrefix(resp, "HTTP/1.1 400 Bad Request\r\n") || !strings.Contains(resp, "<title>400 Bad Request</title>") {
		t.Errorf("default page: %q", resp)
	}
	// the Host header chose the server whose error_page applies
	resp = rawExchange(t, base, "GET / HTTP/1.1\r\nHost: with-page\r\nConnection: keep-alive\r\nFoo: a\r\n  b\r\n\r\n")
	if !strings.HasPrefix(resp, "HTTP/1.1 200 OK\r\n") || !strings.Contains(resp, "Connection: close\r\n") ||
		!strings.HasSuffix(resp, "\r\n\r\nd\r\nerr page 1.1\n\r\n0\r\n\r\n") {
		t.Errorf("error_page: %q", resp)
	}
	deadline := time.Now().Add(2 * time.Second)
	for {
		errlog, _ := os.ReadFile(prefix + "logs/error.log")
		access, _ := os.ReadFile(prefix + "logs/access.log")
		ok := strings.Contains(string(errlog), "logged 400 / while logging request, client") &&
			strings.Contains(string(errlog), "logged 200 /err while logging request, client") &&
			strings.Count(string(access), `"GET / HTTP/1.1" 400 `) == 1 &&
			strings.Count(string(access), `"GET / HTTP/1.1" 200 `) == 1
		if ok {
			return
		}
		if time.Now().After(deadline) {
			t.Fatalf("error.log:\n%s\naccess.log:\n%s", errlog, access)
		}
		time.Sleep(20 * time.Millisecond)
	}
}

// A request the client abandons mid-header gets no answer, but its log
// phase runs with status 400; a connection closed before any request is
// logged with the listening address for context.
func TestDroppedRequests(t *testing.T) {
	_, base, prefix := startEngine(t, `
error_log logs/error.log info;
events {}
http {
    access_log logs/access.log;
    log_by_lua_block { ngx.log(ngx.WARN, "logged ", ngx.status) }
    server {
        listen 127.0.0.1:PORT;
        server_name localhost;
    }
    server {
        listen 127.0.0.1:PORT;
        server_name other;
    }
}
`)
	addr := strings.TrimPrefix(base, "http://")
	for _, req := range []string{"GET /x HTTP/1.1\r\nHost: other\r\n", ""} {
		c, err := net.Dial("tcp", addr)
		if err != nil {
			t.Fatal(err)
		}
		io.WriteString(c, req)
		time.Sleep(50 * time.Millisecond)
		c.Close()
	}
	deadline := time.Now().Add(2 * time.Second)
	for {
		errlog, _ := os.ReadFile(prefix + "logs/error.log")
		access, _ := os.ReadFile(prefix + "logs/access.log")
		want := []string{
			`client prematurely closed connection while reading client request headers, client: 127.0.0.1, server: other, request: "GET /x HTTP/1.1", host: "other"`,
			`logged 400 while logging request, client: 127.0.0.1, server: other, request: "GET /x HTTP/1.1"`,
			`client closed connection while waiting for request, client: 127.0.0.1, server: ` + addr + "\n",
		}
		ok := strings.Count(string(access), `"GET /x HTTP/1.1" 400 0 `) == 1
		for _, w := range want {
			ok = ok && strings.Contains(string(errlog), w)
		}
		if ok {
			return
		}
		if time.Now().After(deadline) {
			t.Fatalf("error.log:\n%s\naccess.log:\n%s", errlog, access)
		}
		time.Sleep(20 * time.Millisecond)
	}
}
