package runtime

import (
	"io"
	"net"
	"strings"
	"testing"
	"time"
)

// A light thread waiting in ngx.req.read_body must not hold the request
// once the entry thread ends it with ngx.exit(444): the connection closes
// at once, as nginx's does.
func TestReadBodyKilledByExit(t *testing.T) {
	base, _ := startLocations(t, "", `
location = /t {
    content_by_lua_block {
        ngx.thread.spawn(function() ngx.req.read_body() end)
        ngx.sleep(0.01)
        ngx.exit(444)
    }
}`)
	c, err := net.Dial("tcp", strings.TrimPrefix(base, "http://"))
	if err != nil {
		t.Fatal(err)
	}
	defer c.Close()
	io.WriteString(c, "POST /t HTTP/1.1\r\nHost: x\r\nContent-Length: 5\r\n\r\nhell")
	c.SetReadDeadline(time.Now().Add(3 * time.Second))
	start := time.Now()
	n, err := c.Read(make([]byte, 10))
	if err != io.EOF || n != 0 {
		t.Fatalf("got %d bytes, %v; want the connection closed", n, err)
	}
	if d := time.Since(start); d > time.Second {
		t.Errorf("closed after %v", d)
	}
}
