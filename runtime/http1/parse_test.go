package http1

import (
	"strconv"
	"testing"
)

// parseLine runs the request line parser over in, whole or one byte at a
// time, and returns the result with the line and the position reached.
func parseLine(in string, bytewise bool) (parseResult, *requestLine, int) {
	b := []byte(in + "\x00") // the URI parser may look one byte past the line
	var l requestLine
	l.reset()
	end := len(in)
	if !bytewise {
		res, p := l.parse(b, 0, end)
		return res, &l, p
	}
	pos := 0
	for stop := 1; stop <= end; stop++ {
		res, p := l.parse(b, pos, stop)
		if res != parseAgain {
			return res, &l, p
		}
		pos = p
	}
	return parseAgain, &l, pos
}

func TestParseRequestLine(t *testing.T) {
	tests := []struct {
		in                   string
		res                  parseResult
		method, uri, version string
		host, schema         string
		complex, quoted      bool
	}{
		{in: "GET / HTTP/1.1\r\n", res: parseOK, method: "GET", uri: "/", version: "1001"},
		{in: "GET /a?b=c HTTP/1.0\r\n", res: parseOK, method: "GET", uri: "/a?b=c", version: "1000"},
		{in: "POST /a HTTP/1.1\n", res: parseOK, method: "POST", uri: "/a", version: "1001"},
		{in: "\r\n\nGET / HTTP/1.1\r\n", res: parseOK, method: "GET", uri: "/", version: "1001"},
		{in: "GET   /x   HTTP/1.1  \r\n", res: parseOK, method: "GET", uri: "/x", version: "1001"},
		{in: "G_E-T / HTTP/1.1\r\n", res: parseOK, method: "G_E-T", uri: "/", version: "1001"},
		{in: "GET / HTTP/1.99\r\n", res: parseOK, method: "GET", uri: "/", version: "1099"},
		{in: "GET / HTTP/1.999\r\n", res: parseOK, method: "GET", uri: "/", version: "1999"},
		{in: "GET /\r\n", res: parseOK, method: "GET", uri: "/", version: "9"},
		{in: "GET /a/./b HTTP/1.1\r\n", res: parseOK, method: "GET", uri: "/a/./b", version: "1001", complex: true},
		{in: "GET /a%20b HTTP/1.1\r\n", res: parseOK, method: "GET", uri: "/a%20b", version: "1001", quoted: true},
		{in: "GET /a#f HTTP/1.1\r\n", res: parseOK, method: "GET", uri: "/a#f", version: "1001", complex: true},
		{in: "GET http://Ex.com:80/p?q HTTP/1.1\r\n", res: parseOK, method: "GET", uri: "/p?q", version: "1001",
			host: "Ex.com", schema: "http"},
		{in: "GET http://ex.com HTTP/1.1\r\n", res: parseOK, method: "GET", uri: "/", version: "1001",
			host: "ex.com", schema: "http"},
		{in: "GET http://[::1]:8080/ HTTP/1.1\r\n", res: parseOK, method: "GET", uri: "/", version: "1001",
			host: "[::1]", schema: "http"},
		{in: "get / HTTP/1.1\r\n", res: parseInvalidMethod},
		{in: "GE T / HTTP/1.1\r\n", res: parseInvalidRequest},
		{in: "GET1 / HTTP/1.1\r\n", res: parseInvalidMethod},
		{in: "POST /\r\n", res: parseInvalid09Method},
		{in: "GET / HTTP/2.0\r\n", res: parseInvalidVersion},
		{in: "GET / HTTP/10.1\r\n", res: parseInvalidVersion},
		{in: "GET / HTTP/0.9\r\n", res: parseInvalidRequest},
		{in: "GET / HTTP/1.1000\r\n", res: parseInvalidRequest},
		{in: "GET / HTTP/1.\r\n", res: parseInvalidRequest},
		{in: "GET / http/1.1\r\n", res: parseInvalidRequest},
		{in: "GET / HTTP/1.1 x\r\n", res: parseInvalidRequest},
		{in: "GET / HTTP/1.1\rx", res: parseInvalidRequest},
		{in: "GET /a b HTTP/1.1\r\n", res: parseInvalidRequest},
		{in: "GET /a\x01 HTTP/1.1\r\n", res: parseInvalidRequest},
		{in: "GET /a\x7f HTTP/1.1\r\n", res: parseInvalidRequest},
		{in: "GET x HTTP/1.1\r\n", res: parseInvalidRequest},
		{in: "GET http:/x HTTP/1.1\r\n", res: parseInvalidRequest},
		{in: "GET http://a_b/ HTTP/1.1\r\n", res: parseInvalidRequest},
		{in: "GET http://[::1%]/ HTTP/1.1\r\n", res: parseInvalidRequest},
		{in: "GET / HTTP/1.1", res: parseAgain},
		{in: "GET /", res: parseAgain},
	}
	for _, tt := range tests {
		for _, bytewise := range []bool{false, true} {
			res, l, _ := parseLine(tt.in, bytewise)
			if res != tt.res {
				t.Errorf("%q (bytewise %v): result %d, want %d", tt.in, bytewise, res, tt.res)
				continue
			}
			if res != parseOK {
				continue
			}
			b := []byte(tt.in)
			got := func(s, e int) string {
				if s < 0 || e < 0 {
					return ""
				}
				return string(b[s:e])
			}
			if m := got(l.start, l.methodEnd); m != tt.method {
				t.Errorf("%q: method %q, want %q", tt.in, m, tt.method)
			}
			if u := got(l.uriStart, l.uriEnd); u != tt.uri {
				t.Errorf("%q: uri %q, want %q", tt.in, u, tt.uri)
			}
			if v := itoa(l.version()); v != tt.version {
				t.Errorf("%q: version %s, want %s", tt.in, v, tt.version)
			}
			if h := got(l.hostStart, l.hostEnd); h != tt.host {
				t.Errorf("%q: host %q, want %q", tt.in, h, tt.host)
			}
			if s := got(l.schemaStart, l.schemaEnd); s != tt.schema {
				t.Errorf("%q: schema %q, want %q", tt.in, s, tt.schema)
			}
			if l.complexURI != tt.complex || l.quotedURI != tt.quoted {
				t.Errorf("%q: complex %v quoted %v, want %v %v", tt.in, l.complexURI, l.quotedURI, tt.complex, tt.quoted)
			}
		}
	}
}

func itoa(n int) string { return strconv.Itoa(n) }

func TestParseHeaderLine(t *testing.T) {
	type line struct {
		name, value string
		invalid     bool
	}
	tests := []struct {
		in          string
		underscores bool
		lines       []line
		res         parseResult // how the block ends
	}{
		{in: "Host: x\r\n\r\n", lines: []line{{"Host", "x", false}}, res: parseHeaderDone},
		{in: "A:  b c  \r\nD:\r\n\r\n", lines: []line{{"A", "b c", false}, {"D", "", false}}, res: parseHeaderDone},
		{in: "A:\tb\t\r\n\n", lines: []line{{"A", "\tb\t", false}}, res: parseHeaderDone},
		{in: "NoColon\r\nX: y\n\n", lines: []line{{"NoColon", "", false}, {"X", "y", false}}, res: parseHeaderDone},
		{in: "A_B: 1\r\n\r\n", lines: []line{{"A_B", "1", true}}, res: parseHeaderDone},
		{in: "A_B: 1\r\n\r\n", underscores: true, lines: []line{{"A_B", "1", false}}, res: parseHeaderDone},
		{in: "A@B: 1\r\n\r\n", lines: []line{{"A@B", "1", true}}, res: parseHeaderDone},
		{in: "A\xc3: 1\r\n\r\n", lines: []line{{"A\xc3", "1", true}}, res: parseHeaderDone},
		{in: "A: b\x01\x7f\r\n\r\n", lines: []line{{"A", "b\x01\x7f", false}}, res: parseHeaderDone},
		{in: "A: b: c\r\n\r\n", lines: []line{{"A", "b: c", false}}, res: parseHeaderDone},
		{in: " A: b\r\n\r\n", res: parseInvalidHeader},
		{in: "\tA: b\r\n\r\n", res: parseInvalidHeader},
		{in: ":A: b\r\n\r\n", res: parseInvalidHeader},
		{in: "A B: c\r\n\r\n", res: parseInvalidHeader},
		{in: "A\x01: c\r\n\r\n", res: parseInvalidHeader},
		{in: "A: b\x00\r\n\r\n", res: parseInvalidHeader},
		{in: "A: b\rc\r\n\r\n", res: parseInvalidHeader},
		{in: "A: b\r\r\n\r\n", lines: []line{{"A", "b", false}}, res: parseHeaderDone},
		{in: "\rX", res: parseInvalidHeader},
		{in: "A: b\r\n", lines: []line{{"A", "b", false}}, res: parseAgain},
	}
	for _, tt := range tests {
		for _, bytewise := range []bool{false, true} {
			b := []byte(tt.in)
			var h headerLine
			var got []line
			pos, res := 0, parseAgain
			stop := len(b)
			if bytewise {
				stop = 0
			}
		loop:
			for {
				if bytewise && stop < len(b) {
					stop++
				}
				var p int
				res, p = h.parse(b, pos, stop, tt.underscores)
				pos = p
				switch res {
				case parseOK:
					got = append(got, line{string(b[h.nameStart:h.nameEnd]), string(b[h.valStart:h.valEnd]), h.invalid})
				case parseAgain:
					if stop == len(b) {
						break loop
					}
				default:
					break loop
				}
			}
			if res != tt.res {
				t.Errorf("%q (bytewise %v): ends with %d, want %d", tt.in, bytewise, res, tt.res)
			}
			if res != parseInvalidHeader && !equalLines(got, tt.lines) {
				t.Errorf("%q (bytewise %v): lines %+v, want %+v", tt.in, bytewise, got, tt.lines)
			}
		}
	}
}

func equalLines[T comparable](a, b []T) bool {
	if len(a) != len(b) {
		return false
	}
	for i := range a {
		if a[i] != b[i] {
			return false
		}
	}
	return true
}

func TestParseComplexURI(t *testing.T) {
	tests := []struct {
		in, uri, args string
		merge, ok     bool
		emptyPath     bool
	}{
		{in: "/a/./b", uri: "/a/b", merge: true, ok: true},
		{in: "/a/../b", uri: "/b", merge: true, ok: true},
		{in: "/a/b/..", uri: "/a/", merge: true, ok: true},
		{in: "/a/b/.", uri: "/a/b/", merge: true, ok: true},
		{in: "//a///b", uri: "/a/b", merge: true, ok: true},
		{in: "//a///b", uri: "//a///b", merge: false, ok: true},
		{in: "/a%2Fb", uri: "/a/b", merge: true, ok: true},
		{in: "/a/%2e%2e/b", uri: "/b", merge: true, ok: true},
		{in: "/a%3Fb?c=d", uri: "/a?b", args: "c=d", merge: true, ok: true},
		{in: "/a?b#c", uri: "/a", args: "b", merge: true, ok: true},
		{in: "/a#b?c", uri: "/a", merge: true, ok: true},
		{in: "/a%23b", uri: "/a#b", merge: true, ok: true},
		{in: "/a%25%32", uri: "/a%2", merge: true, ok: true},
		{in: "/%C3%A9", uri: "/\xc3\xa9", merge: true, ok: true},
		{in: "/a+b", uri: "/a+b", merge: true, ok: true},
		{in: "/...", uri: "/...", merge: true, ok: true},
		{in: "/..x", uri: "/..x", merge: true, ok: true},
		{in: "?x=1", uri: "/", args: "x=1", merge: true, ok: true, emptyPath: true},
		{in: "/..", merge: true},
		{in: "/a/../../b", merge: true},
		{in: "/%2e%2e/", merge: true},
		{in: "/%00", merge: true},
		{in: "/%zz", merge: true},
		{in: "/%4", merge: true},
		{in: "/%", merge: true},
	}
	for _, tt := range tests {
		b := []byte(tt.in + " ")
		uri, as, ae, ok := parseComplexURI(nil, b, 0, len(tt.in), tt.emptyPath, tt.merge)
		if ok != tt.ok {
			t.Errorf("%q: ok %v, want %v", tt.in, ok, tt.ok)
			continue
		}
		if !ok {
			continue
		}
		args := ""
		if as >= 0 {
			args = string(b[as:ae])
		}
		if string(uri) != tt.uri || args != tt.args {
			t.Errorf("%q: uri %q args %q, want %q %q", tt.in, uri, args, tt.uri, tt.args)
		}
	}
}

func TestParseChunked(t *testing.T) {
	tests := []struct {
		in   string
		data string
		res  chunkedResult // how the body ends
	}{
		{in: "5\r\nhello\r\n0\r\n\r\n", data: "hello", res: chunkedDone},
		{in: "5\nhello\n0\n\n", data: "hello", res: chunkedDone},
		{in: "5;a=b\r\nhello\r\n6 ;x\r\n world\r\n0;y\r\n\r\n", data: "hello world", res: chunkedDone},
		{in: "A\r\n0123456789\r\n0\r\nX: 1\r\nY: 2\r\n\r\n", data: "0123456789", res: chunkedDone},
		{in: "0005\r\nhello\r\n000\r\n\r\n", data: "hello", res: chunkedDone},
		{in: "0\r\n\r\n", data: "", res: chunkedDone},
		{in: "5\r\nhel", data: "hel", res: chunkedAgain},
		{in: "x\r\n", res: chunkedInvalid},
		{in: "-5\r\n", res: chunkedInvalid},
		{in: " 5\r\n", res: chunkedInvalid},
		{in: "5\r\nhelloX", data: "hello", res: chunkedInvalid},
		{in: "5\rX", res: chunkedInvalid},
		{in: "fffffffffffffffff\r\n", res: chunkedInvalid},
		{in: "0\r\n\rX", res: chunkedInvalid},
	}
	for _, tt := range tests {
		for _, bytewise := range []bool{false, true} {
			b := []byte(tt.in)
			var c chunked
			var data []byte
			pos, stop := 0, len(b)
			if bytewise {
				stop = 1
			}
			var res chunkedResult
			for {
				var p int
				res, p = c.parse(b, pos, stop)
				pos = p
				if res == chunkedData {
					n := int(min(c.size, int64(stop-pos)))
					data = append(data, b[pos:pos+n]...)
					pos += n
					c.size -= int64(n)
					if pos == stop && stop < len(b) {
						stop++
					}
					continue
				}
				if res == chunkedAgain && stop < len(b) {
					stop++
					continue
				}
				break
			}
			if res != tt.res || string(data) != tt.data {
				t.Errorf("%q (bytewise %v): %d %q, want %d %q", tt.in, bytewise, res, data, tt.res, tt.data)
			}
		}
	}
}

func TestValidateHost(t *testing.T) {
	tests := []struct{ in, out string }{
		{"ex.com", "ex.com"},
		{"ex.com:80", "ex.com"},
		{"ex.com.", "ex.com"},
		{"[::1]:80", "[::1]"},
		{"a_b", "a_b"},
		{".a", ".a"},
		{"a..b", "!"},
		{"a/b", "!"},
		{"", "!"},
		{":80", "!"},
		{".", "!"},
		{"a b", "!"},
		{"a\x7f", "!"},
	}
	for _, tt := range tests {
		h, ok := validateHost([]byte(tt.in))
		got := string(h)
		if !ok {
			got = "!"
		}
		if got != tt.out {
			t.Errorf("validateHost(%q) = %q, want %q", tt.in, got, tt.out)
		}
	}
}

func TestParseContentLength(t *testing.T) {
	tests := []struct {
		in string
		n  int64
		ok bool
	}{
		{"0", 0, true}, {"003", 3, true}, {"9223372036854775807", 9223372036854775807, true},
		{"9223372036854775808", 0, false}, {"", 0, false}, {"-1", 0, false}, {"+1", 0, false},
		{"1 ", 0, false}, {"0x1", 0, false},
	}
	for _, tt := range tests {
		n, ok := parseContentLength([]byte(tt.in))
		if n != tt.n || ok != tt.ok {
			t.Errorf("parseContentLength(%q) = %d %v, want %d %v", tt.in, n, ok, tt.n, tt.ok)
		}
	}
}
