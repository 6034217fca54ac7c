package conformance

import (
	"strings"
	"testing"
)

func runBlockOf(sections map[string]Value) *RunBlock {
	return &RunBlock{Sections: sections, Port: 1984}
}

func re(p, mods string) Value { return Value{Kind: KindRegex, Str: p, Mods: mods} }

func list(vs ...Value) Value { return Value{Kind: KindList, List: vs} }

func TestCheckResponseBody(t *testing.T) {
	ok := &Response{Code: "200", Body: "hello\nworld\n"}
	tests := []struct {
		name     string
		sections map[string]Value
		res      *Response
		idx      int
		multi    bool
		fails    int
	}{
		{"exact match", map[string]Value{"response_body": StringValue("hello\nworld\n")}, ok, 0, false, 0},
		{"exact mismatch", map[string]Value{"response_body": StringValue("hello\n")}, ok, 0, false, 1},
		{"ServerPort is substituted", map[string]Value{"response_body": StringValue("port 1984\n")}, &Response{Body: "port 1984\n"}, 0, false, 0},
		{"qr value", map[string]Value{"response_body": re(`^hello\n`, "")}, ok, 0, false, 0},
		{"like gets /s", map[string]Value{"response_body_like": StringValue("hello.world")}, ok, 0, false, 0},
		{"like fails", map[string]Value{"response_body_like": StringValue("^world")}, ok, 0, false, 1},
		{"unlike", map[string]Value{"response_body_unlike": StringValue("nope")}, ok, 0, false, 0},
		{"list indexed per request", map[string]Value{"response_body": list(StringValue("a"), StringValue("hello\nworld\n"))}, ok, 1, true, 0},
		{"many requests need a list", map[string]Value{"response_body": StringValue("x")}, ok, 1, true, 1},
		{"no response", map[string]Value{"response_body": StringValue("x")}, nil, 0, false, 1},
		{"TE lines are ignored", map[string]Value{"response_body": StringValue("body")}, &Response{Body: "TE: deflate,gzip;q=0.3\r\nbody"}, 0, false, 0},
	}
	for _, tt := range tests {
		c := &Checker{}
		c.CheckResponseBody(runBlockOf(tt.sections), tt.res, tt.idx, tt.multi)
		if len(c.Failures) != tt.fails {
			t.Errorf("%s: %d failures (%+v), want %d", tt.name, len(c.Failures), c.Failures, tt.fails)
		}
	}
}

func TestCheckErrorCodeAndHeaders(t *testing.T) {
	res, _, _ := ParseResponse("HTTP/1.1 404 Not Found\r\nX-Foo: bar\r\nLocation: http://localhost:1984/t/\r\n\r\n")
	tests := []struct {
		name     string
		sections map[string]Value
		fails    int
	}{
		{"default 200 fails on 404", map[string]Value{}, 1},
		{"error_code", map[string]Value{"error_code": StringValue("404")}, 0},
		{"error_code_like", map[string]Value{"error_code_like": StringValue("^4")}, 0},
		{"headers exact", map[string]Value{"error_code": StringValue("404"), "response_headers": StringValue("X-Foo: bar\nLocation: http://localhost:$ServerPort/t/\n")}, 0},
		{"header absent", map[string]Value{"error_code": StringValue("404"), "response_headers": StringValue("!X-Foo\n")}, 1},
		{"header expected empty", map[string]Value{"error_code": StringValue("404"), "response_headers": StringValue("X-Bar:\n!Content-Type\n")}, 0},
		{"headers like", map[string]Value{"error_code": StringValue("404"), "response_headers_like": StringValue("X-Foo: b.r\n")}, 0},
		{"raw headers like", map[string]Value{"error_code": StringValue("404"), "raw_response_headers_like": StringValue(`X-Foo: bar\r\n`)}, 0},
		{"raw headers unlike", map[string]Value{"error_code": StringValue("404"), "raw_response_headers_unlike": StringValue(`X-Foo`)}, 1},
	}
	for _, tt := range tests {
		c := &Checker{}
		rb := runBlockOf(tt.sections)
		c.CheckErrorCode(rb, res, 0, false)
		c.CheckRawResponseHeaders(rb, res.RawHeaders, 0, false)
		c.CheckResponseHeaders(rb, res, 0, false)
		if len(c.Failures) != tt.fails {
			t.Errorf("%s: %d failures (%+v), want %d", tt.name, len(c.Failures), c.Failures, tt.fails)
		}
	}
}

func TestCheckErrorLog(t *testing.T) {
	lines := []string{
		"2024/01/01 00:00:00 [notice] 1#1: start\n",
		"2024/01/01 00:00:00 [error] 1#1: *1 lua entry thread aborted: runtime error: content_by_lua(nginx.conf:40):2: bad\n",
		"2024/01/01 00:00:00 [debug] 1#1: *1 lua tcp socket read timed out\n",
		"2024/01/01 00:00:00 [info] 1#1: n=1\n",
		"2024/01/01 00:00:00 [info] 1#1: n=2\n",
	}
	tests := []struct {
		name     string
		sections map[string]Value
		fails    int
	}{
		{"strings, one per line", map[string]Value{"error_log": StringValue("start\nread timed out\n")}, 0},
		{"missing string", map[string]Value{"error_log": StringValue("start\nnot there\n")}, 1},
		{"regex", map[string]Value{"error_log": re(`content_by_lua\(nginx\.conf:\d+\):2: bad`, "")}, 0},
		{"list of both", map[string]Value{"error_log": list(StringValue("start"), re(`n=\d`, ""))}, 0},
		{"no_error_log hit", map[string]Value{"no_error_log": StringValue("[error]\n")}, 1},
		{"no_error_log miss", map[string]Value{"no_error_log": StringValue("[alert]\n[crit]\n")}, 0},
		{"grep out", map[string]Value{"grep_error_log": re(`n=\d`, ""), "grep_error_log_out": StringValue("n=1\nn=2\n")}, 0},
		{"grep out mismatch", map[string]Value{"grep_error_log": StringValue("n="), "grep_error_log_out": StringValue("n=\n")}, 1},
		{"grep out per repeat", map[string]Value{"grep_error_log": re(`n=\d`, ""), "grep_error_log_out": list(StringValue("x\n"), StringValue("n=1\nn=2\n"))}, 0},
		{"empty error_log checks nothing", map[string]Value{"error_log": StringValue("")}, 0},
	}
	for _, tt := range tests {
		c := &Checker{}
		rep := 0
		if strings.Contains(tt.name, "per repeat") {
			rep = 1
		}
		c.CheckErrorLog(runBlockOf(tt.sections), lines, rep)
		if len(c.Failures) != tt.fails {
			t.Errorf("%s: %d failures (%+v), want %d", tt.name, len(c.Failures), c.Failures, tt.fails)
		}
	}
	c := &Checker{}
	c.CheckErrorLog(runBlockOf(nil), []string{"nginx: ngx_foo.c:12: Assertion `x' failed.\n"}, 0)
	if len(c.Failures) != 1 {
		t.Errorf("an assertion line must fail the block")
	}
}

func TestPerlRegexTranslation(t *testing.T) {
	tests := []struct {
		pat, mods, subject string
		want               bool
	}{
		{`(?^:abc)`, "", "xabcx", true},
		{`(?^i:ABC)`, "", "abc", true},
		{`(?^:a.c)`, "s", "a\nc", false}, // the inner group resets /s
		{`a.c`, "s", "a\nc", true},
		{`^foo$`, "m", "x\nfoo\ny", true},
		{`\xe4`, "", "\xe4", true}, // bytes, not UTF-8
		{`^.$`, "", "\xc3\xa4", false},
		{`\z`, "", "", true},
	}
	for _, tt := range tests {
		r, err := CompilePerl(tt.pat, tt.mods)
		if err != nil {
			t.Errorf("%q: %v", tt.pat, err)
			continue
		}
		if got := r.Match(tt.subject); got != tt.want {
			t.Errorf("%q/%s on %q = %v, want %v", tt.pat, tt.mods, tt.subject, got, tt.want)
		}
	}
}

func TestShortDiff(t *testing.T) {
	tests := []struct{ e, a, want string }{
		{"a\nb\n", "a\nb\n", ""},
		{"a\nb\n", "a\nc\n", `line 2: expected "b\n", got "c\n"`},
		{"a\n", "a\nmore\n", `line 2: expected "", got "more\n"`},
	}
	for _, tt := range tests {
		if got := ShortDiff(tt.e, tt.a); got != tt.want {
			t.Errorf("ShortDiff(%q, %q) = %q, want %q", tt.e, tt.a, got, tt.want)
		}
	}
}
