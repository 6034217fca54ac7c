package conformance

import (
	"testing"
)

func TestParseResponse(t *testing.T) {
	tests := []struct {
		name      string
		raw       string
		code      string
		body      string
		left      string
		rawHeader string
		wantErr   bool
	}{
		{
			name: "content-length cuts the body and keeps the rest",
			raw:  "HTTP/1.1 200 OK\r\nContent-Length: 3\r\n\r\nabcHTTP/1.1 404",
			code: "200", body: "abc", left: "HTTP/1.1 404", rawHeader: "HTTP/1.1 200 OK\r\nContent-Length: 3\r\n",
		},
		{
			name: "chunked body is decoded",
			raw:  "HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n5\r\nhello\r\n1\r\n!\r\n0\r\n\r\nNEXT",
			code: "200", body: "hello!", left: "NEXT",
		},
		{
			name:    "chunk shorter than announced",
			raw:     "HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n9\r\nhello\r\n",
			wantErr: true,
		},
		{
			name:    "no last chunk",
			raw:     "HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n5\r\nhello\r\n",
			wantErr: true,
		},
		{
			name: "304 keeps its body untouched",
			raw:  "HTTP/1.1 304 Not Modified\r\nContent-Length: 10\r\n\r\n",
			code: "304", body: "",
		},
		{
			name: "garbage has no code",
			raw:  "hello world",
			code: "", body: "",
		},
		{
			name: "connection closed before the body ends",
			raw:  "HTTP/1.1 500 Internal Server Error\r\nContent-Length: 100\r\n\r\nshort",
			code: "500", body: "short",
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			res, left, err := ParseResponse(tt.raw)
			if tt.wantErr {
				if err == nil {
					t.Fatalf("want an error, got %+v", res)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			if res.Code != tt.code || res.Body != tt.body || left != tt.left {
				t.Errorf("got code %q body %q left %q; want %q %q %q", res.Code, res.Body, left, tt.code, tt.body, tt.left)
			}
			if tt.rawHeader != "" && res.RawHeaders != tt.rawHeader {
				t.Errorf("raw headers %q, want %q", res.RawHeaders, tt.rawHeader)
			}
		})
	}
}

func TestResponseHeaderJoinsRepeats(t *testing.T) {
	res, _, err := ParseResponse("HTTP/1.1 200 OK\r\nSet-Cookie: a=1\r\nset-cookie: b=2\r\nX-Long: one\r\n two\r\n\r\n")
	if err != nil {
		t.Fatal(err)
	}
	if v, _ := res.Header("Set-Cookie"); v != "a=1, b=2" {
		t.Errorf("Set-Cookie = %q", v)
	}
	if v, _ := res.Header("x-long"); v != "one\n two" {
		t.Errorf("X-Long = %q", v)
	}
	if _, ok := res.Header("X-Missing"); ok {
		t.Error("X-Missing should be absent")
	}
}

func TestBuildRequest(t *testing.T) {
	tests := []struct {
		name, raw, more, conn, want string
	}{
		{"defaults", "GET /t\n", "", "close", "GET /t HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n"},
		{"bare method", "GET", "", "close", "GET / HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n"},
		{"body is trimmed and measured", "POST /t HTTP/1.0\n  hello world \n", "", "close",
			"POST /t HTTP/1.0\r\nHost: localhost\r\nConnection: close\r\nContent-Length: 11\r\n\r\nhello world"},
		{"own Host and Connection", "GET /t\n", "Host: foo\r\nConnection: keep-alive\r\n", "close",
			"GET /t HTTP/1.1\r\nHost: foo\r\nConnection: keep-alive\r\n\r\n"},
		{"own Content-Length keeps the body as is", "POST /t\n abc \n", "Content-Length: 2\r\n", "close",
			"POST /t HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\nContent-Length: 2\r\n\r\n abc \n"},
	}
	for _, tt := range tests {
		got, err := buildRequest(tt.raw, tt.more, false, tt.conn, "localhost")
		if err != nil {
			t.Fatalf("%s: %v", tt.name, err)
		}
		if got != tt.want {
			t.Errorf("%s:\n got %q\nwant %q", tt.name, got, tt.want)
		}
	}
}

func TestParseMoreHeaders(t *testing.T) {
	got, chunked := parseMoreHeaders("X-Foo: bar\n# comment\n\nTransfer-Encoding: chunked\nNoValue")
	if got != "X-Foo: bar\r\nTransfer-Encoding: chunked\r\nNoValue: \r\n" || !chunked {
		t.Fatalf("got %q chunked=%v", got, chunked)
	}
}

func TestStripRequestComments(t *testing.T) {
	if got := stripRequestComments("  # a comment\n  # another\nGET /t\n"); got != "GET /t\n" {
		t.Fatalf("got %q", got)
	}
}
