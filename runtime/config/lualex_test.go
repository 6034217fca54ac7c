package config

import (
	"encoding/json"
	"fmt"
	"os"
	"strings"
	"testing"
)

// testdata/lualex.json was recorded from lua-nginx-module's generated lexer
// (ngx_http_lua_lex.c, compiled on its own): for each input, the tokens it
// finds from the start, one "kind from to" line each, and "nomatch pos"
// where nothing more matches.
func TestLuaLexRecorded(t *testing.T) {
	data, err := os.ReadFile("testdata/lualex.json")
	if err != nil {
		t.Fatal(err)
	}
	var cases []struct{ In, Tokens string }
	if err := json.Unmarshal(data, &cases); err != nil {
		t.Fatal(err)
	}
	for _, c := range cases {
		var b strings.Builder
		in := []byte(c.In)
		for pos := 0; pos < len(in); {
			kind, from, to := luaLex(in[pos:])
			if kind == luaNoMatch {
				fmt.Fprintf(&b, "nomatch %d\n", pos)
				break
			}
			fmt.Fprintf(&b, "%d %d %d\n", kind, pos+from, pos+to)
			pos += to
		}
		if b.String() != c.Tokens {
			t.Errorf("luaLex(%q):\n%s\nngx_lua:\n%s", c.In, b.String(), c.Tokens)
		}
	}
}

// captureLua reads a *_by_lua_block body as the parser does after "{".
func captureLua(text string) (string, string) {
	s := newFileSource("/t/nginx.conf", []byte(text))
	code, err := s.readLuaBlock()
	if err != nil {
		return "", err.Error()
	}
	return code, ""
}

func TestReadLuaBlock(t *testing.T) {
	tests := []struct {
		name, in, code, err string
	}{
		{"simple", " ngx.say(1) }", " ngx.say(1) ", ""},
		{"nested braces", " local t = { a = { } } }", " local t = { a = { } } ", ""},
		{"brace in double quotes", ` s = "}" }`, ` s = "}" `, ""},
		{"brace in single quotes", ` s = '{' }`, ` s = '{' `, ""},
		{"escaped quote", ` s = "\"}" }`, ` s = "\"}" `, ""},
		{"long string", " s = [[ } ]] }", " s = [[ } ]] ", ""},
		{"long string with level", " s = [==[ ]] } ]=] ]==] }", " s = [==[ ]] } ]=] ]==] ", ""},
		{"line comment", " -- } {\n x = 1 }", " -- } {\n x = 1 ", ""},
		{"long comment", " --[[ } \n { ]] }", " --[[ } \n { ]] ", ""},
		{"long comment with level", " --[=[ ]] } ]=] }", " --[=[ ]] } ]=] ", ""},
		{"not a long comment", " --[= } \n}", " --[= } \n", ""},
		{"stray closing bracket", " a = b[c[1]] }", " a = b[c[1]] ", ""},
		{"string cut by newline is not a string", " s = \"a\n} \"", " s = \"a\n", ""},
		{"backslash newline ends the string", " s = \"a\\\nb\" }", " s = \"a\\\nb\" ", ""},
		{"empty", "}", "", ""},
		{"newline only", "\n}", "\n", ""},
		{"eof", " x = {\n y = 1\n", "", "unexpected end of file, expecting terminating characters for lua code block in /t/nginx.conf:1"},
		{"eof after nested open", " x = 1\n t = {\n y = 1\n", "", "unexpected end of file, expecting terminating characters for lua code block in /t/nginx.conf:2"},
		{"missing long bracket", " s = [==[ abc ]] }\n", "", `Lua code block missing the closing long bracket "]==]", the inlined Lua code may be too long in /t/nginx.conf:1`},
		{"long bracket beyond the window", " --[[" + strings.Repeat("x\n", 3000) + "]] }", "", `Lua code block missing the closing long bracket "]]", the inlined Lua code may be too long in /t/nginx.conf:1`},
		{"long bracket within the window", " --[[" + strings.Repeat("x\n", 900) + "]] }", " --[[" + strings.Repeat("x\n", 900) + "]] ", ""},
		{"too long code", strings.Repeat("a = 1\n", 800) + "}", "", "too long lua code block, probably missing terminating characters in /t/nginx.conf:1"},
		{"long code with tokens", strings.Repeat("a = {}\n", 800) + "}", strings.Repeat("a = {}\n", 800), ""},
	}
	for _, tt := range tests {
		code, err := captureLua(tt.in)
		if code != tt.code || err != tt.err {
			t.Errorf("%s:\ngot  %q, %q\nwant %q, %q", tt.name, code, err, tt.code, tt.err)
		}
	}
}

func TestLuaBlockInParam(t *testing.T) {
	s := newParamSource("x")
	if _, err := s.readLuaBlock(); err == nil || err.Error() != "block directives are not supported in -g option in command line" {
		t.Errorf("got %v", err)
	}
}

func TestLuaChunkName(t *testing.T) {
	const prefix = "/srv/app/conf/"
	long := prefix + "sites/" + strings.Repeat("d", 40) + "/file.conf"
	outside := "/etc/" + strings.Repeat("e", 60) + "/x.conf"
	tests := []struct {
		tag, file string
		line      int
		want      string
	}{
		{"content_by_lua", prefix + "nginx.conf", 12, "=content_by_lua(nginx.conf:12)"},
		{"content_by_lua", "/elsewhere/nginx.conf", 3, "=content_by_lua(nginx.conf:3)"},
		{"rewrite_by_lua", prefix + "sites/app.conf", 7, "=rewrite_by_lua(sites/app.conf:7)"},
		{"log_by_lua", "/other/app.conf", 1, "=log_by_lua(/other/app.conf:1)"},
		{"content_by_lua", long, 100, "=content_by_lua(..." + long[len(long)-(ljChunkNameMax-len("content_by_lua")-3-3):] + ":100)"},
		{"init_by_lua", outside, 5, "=init_by_lua(..." + outside[len(outside)-(ljChunkNameMax-len("init_by_lua")-1-3):] + ":5)"},
		{"ssl_client_hello_by_lua", prefix + "nginx.conf", 9, "=ssl_client_hello_by_lua"},
	}
	for _, tt := range tests {
		if got := luaChunkName(tt.tag, luaTagLen(tt.tag), tt.file, prefix, tt.line); got != tt.want {
			t.Errorf("luaChunkName(%s, %s, %d) = %q, want %q", tt.tag, tt.file, tt.line, got, tt.want)
		}
	}
}
