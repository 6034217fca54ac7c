package runtime

import (
	"strings"
	"testing"

	"gresty/runtime/http1"
)

// ngx.header, ngx.resp.get_headers, ngx.status and ngx.redirect, with the
// reference's answers.
const headerLocations = `location = /h {
    content_by_lua_block {
        ngx.header.content_type = "text/my"
        ngx.header["X-Multi"] = {"a", "b"}
        ngx.header.x_under = "u"
        ngx.header["Set-Cookie"] = "c=1"
        ngx.header["set-cookie"] = {"c=2", 3}
        ngx.header.x_bool = true
        ngx.header["X-Bad"] = "v\r\nInjected: 1"
        ngx.header["X-Name\r\n"] = "n"
        ngx.header.x_gone = "g"
        ngx.header.x_gone = nil
        ngx.header.x_empty = {}
        ngx.header.content_length = 42
        ngx.header.content_length = nil
        local hs = ngx.resp.get_headers()
        local keys = {}
        for k, v in pairs(hs) do keys[#keys+1] = k .. "=" .. (type(v) == "table" and ("{" .. table.concat(v, ",") .. "}") or tostring(v)) end
        table.sort(keys)
        ngx.say(table.concat(keys, " "))
        ngx.say(ngx.header.x_multi[2], " ", ngx.header["X-UNDER"], " ", ngx.header.content_type, " ", tostring(ngx.header.content_length), " ", hs.X_Multi and "mt" or "nomt")
        local h3, err = ngx.resp.get_headers(3)
        local n = 0 for _ in pairs(h3) do n = n + 1 end
        ngx.say(n, " ", err)
        ngx.say(tostring(ngx.headers_sent), " ", ngx.status)
        ngx.status = 203
        ngx.header.foo = "late"
    }
}
location = /noundr {
    lua_transform_underscores_in_response_headers off;
    content_by_lua_block { ngx.header.foo_bar = "x" ngx.say(ngx.header.foo_bar, " ", tostring(ngx.header["foo-bar"])) }
}
location = /cl { content_by_lua_block { ngx.header.content_length = 3 ngx.print("abc") } }
location = /st { content_by_lua_block { ngx.status = 404 ngx.say("custom") } }
location = /ct { default_type text/html; content_by_lua_block { ngx.header.content_type = nil ngx.say("no type") } }
location = /redir { rewrite_by_lua_block { ngx.redirect("/there", 307) } }
location = /redirabs { content_by_lua_block { ngx.redirect("http://example.com/x?y", 301) } }
`

func TestResponseHeaders(t *testing.T) {
	base, prefix := startLocations(t, "", headerLocations)
	runCases(t, base, prefix, []bodyCase{
		{name: "header table", path: "/h", body: "connection=close content-type=text/my set-cookie={c=2,3} x-bad=v%0D%0AInjected: 1 x-bool=true x-multi={a,b} x-name%0d%0a=n x-under=u\n" +
			"b u text/my nil mt\n" +
			"4 truncated\n" +
			"true 200\n",
			header: []string{"Content-Type: text/my", "X-Multi: a, b", "Set-Cookie: c=2, 3", "X-Gone:", "X-Empty:", "Foo:"}},
		{name: "no underscore transform", path: "/noundr", body: "x nil\n"},
		{name: "content length", path: "/cl", body: "abc", header: []string{"Content-Length: 3"}},
		{name: "status", path: "/st", status: 404, body: "custom\n"},
		{name: "cleared type", path: "/ct", body: "no type\n", header: []string{"Content-Type:"}},
		{name: "relative redirect", path: "/redir", status: 307, body: strings.Replace(notFoundPage, "404 Not Found", "307 Temporary Redirect", 2), header: []string{"Location: /there"}},
	})
	log := errorLog(prefix)
	for _, want := range []string{"attempt to set ngx.status after sending out response headers",
		"attempt to set ngx.header.HEADER after sending out response headers"} {
		if !strings.Contains(log, want) {
			t.Errorf("error.log lacks %q", want)
		}
	}
}

// respHeader keeps nginx's headers_out semantics: an override replaces
// the first line of the name in place and drops the others, an add
// appends, and the special headers live in their slots.
func TestRespHeaderSet(t *testing.T) {
	type op struct {
		name     string
		vals     []string
		override bool
	}
	for _, c := range []struct {
		name   string
		ops    []op
		lines  string
		ctype  string
		length int64
		err    bool
	}{
		{"override keeps the first place", []op{{"A", []string{"1"}, true}, {"B", []string{"2"}, true}, {"a", []string{"3"}, true}}, "A: 3|B: 2", "", -1, false},
		{"add appends", []op{{"A", []string{"1"}, true}, {"B", []string{"2"}, true}, {"A", []string{"3"}, false}}, "A: 1|B: 2|A: 3", "", -1, false},
		{"multi values", []op{{"A", []string{"1", "2"}, true}, {"A", []string{"3"}, true}}, "A: 3", "", -1, false},
		{"clear", []op{{"A", []string{"1", "2"}, true}, {"A", nil, true}}, "", "", -1, false},
		{"builtin name respelled", []op{{"location", []string{"/a"}, true}, {"Location", []string{"/b"}, true}}, "Location: /b", "", -1, false},
		{"plain name kept", []op{{"x-a", []string{"1"}, true}, {"X-A", []string{"2"}, true}}, "x-a: 2", "", -1, false},
		{"content type slot", []op{{"Content-Type", []string{"text/x"}, true}}, "", "text/x", -1, false},
		{"content length", []op{{"Content-Length", []string{"12"}, true}}, "Content-Length: 12", "", 12, false},
		{"bad content length", []op{{"Content-Length", []string{"-1"}, true}}, "", "", -1, true},
	} {
		r := &request{sub: &subState{out: http1.HeadersOut{ContentLength: -1}}}
		h := respHeader{r}
		var err error
		for _, o := range c.ops {
			if e := h.SetHeader(o.name, o.vals, o.override); e != nil {
				err = e
			}
		}
		var lines []string
		for _, f := range r.out().Headers {
			lines = append(lines, f.Name+": "+f.Value)
		}
		out := r.out()
		if got := strings.Join(lines, "|"); got != c.lines || out.ContentType != c.ctype || out.ContentLength != c.length || (err != nil) != c.err {
			t.Errorf("%s: lines %q type %q length %d err %v", c.name, got, out.ContentType, out.ContentLength, err)
		}
	}
}
