package runtime

import (
	"io"
	"net"
	"os"
	"regexp"
	"strings"
	"testing"
	"time"
)

// The front's errors name what the connection was doing (" while reading
// client request headers") before the request's context, as nginx's
// connection log handler writes them.
func TestFrontErrorAction(t *testing.T) {
	_, base, prefix := startEngine(t, `
error_log logs/error.log info;
events {}
http {
    server {
        listen 127.0.0.1:PORT;
        server_name localhost;
        location / { return 200; }
    }
}
`)
	c, err := net.Dial("tcp", strings.TrimPrefix(base, "http://"))
	if err != nil {
		t.Fatal(err)
	}
	defer c.Close()
	io.WriteString(c, "GET /t HTTP/1.1\r\nHost: localhost\r\nFoo: bar\r\n  folded\r\n\r\n")
	c.SetReadDeadline(time.Now().Add(3 * time.Second))
	resp, _ := io.ReadAll(c)
	if !strings.HasPrefix(string(resp), "HTTP/1.1 400 ") {
		t.Fatalf("response: %q", resp)
	}
	want := regexp.MustCompile(`\[info\] \d+#\d+: \*\d+ client sent invalid header line: "\\x20\.\.\." while reading client request headers, client: 127\.0\.0\.1, server: localhost, request: "GET /t HTTP/1\.1", host: "localhost"\n`)
	deadline := time.Now().Add(2 * time.Second)
	for {
		log, _ := os.ReadFile(prefix + "logs/error.log")
		if want.Match(log) {
			return
		}
		if time.Now().After(deadline) {
			t.Fatalf("error.log:\n%s", log)
		}
		time.Sleep(20 * time.Millisecond)
	}
}
