package runtime

import (
	"bufio"
	"compress/gzip"
	"io"
	"net"
	"net/http"
	"strings"
	"testing"
)

func TestGzipFilter(t *testing.T) {
	base, _ := startLocations(t, "", `
gzip on;
gzip_types text/plain;
location = /big { content_by_lua_block { ngx.say(string.rep("hello ", 100)) ngx.flush(true) ngx.say("end") } }
location = /small { content_by_lua_block { ngx.header.content_length = 3 ngx.print("abc") } }
location = /html { default_type application/json; content_by_lua_block { ngx.say(string.rep("x", 100)) } }
`)
	get := func(path, ae string) (*http.Response, string) {
		t.Helper()
		c, err := net.Dial("tcp", strings.TrimPrefix(base, "http://"))
		if err != nil {
			t.Fatal(err)
		}
		defer c.Close()
		io.WriteString(c, "GET "+path+" HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n"+ae+"\r\n")
		resp, err := http.ReadResponse(bufio.NewReader(c), nil)
		if err != nil {
			t.Fatal(err)
		}
		body, _ := io.ReadAll(resp.Body)
		return resp, string(body)
	}
	resp, body := get("/big", "Accept-Encoding: deflate, gzip\r\n")
	if resp.Header.Get("Content-Encoding") != "gzip" {
		t.Fatalf("no gzip: %v", resp.Header)
	}
	zr, err := gzip.NewReader(strings.NewReader(body))
	if err != nil {
		t.Fatal(err)
	}
	plain, err := io.ReadAll(zr)
	if err != nil || string(plain) != strings.Repeat("hello ", 100)+"\nend\n" {
		t.Errorf("gunzipped %q, %v", plain, err)
	}
	for _, c := range []struct{ path, ae string }{
		{"/big", ""}, // the client does not take gzip
		{"/big", "Accept-Encoding: gzip;q=0\r\n"}, // refused
		{"/small", "Accept-Encoding: gzip\r\n"},   // below gzip_min_length
		{"/html", "Accept-Encoding: gzip\r\n"},    // a type not in gzip_types
	} {
		if resp, _ := get(c.path, c.ae); resp.Header.Get("Content-Encoding") != "" {
			t.Errorf("%s %q: compressed", c.path, c.ae)
		}
	}
}
