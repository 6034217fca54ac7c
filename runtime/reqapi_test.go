package runtime

import (
	"regexp"
	"strings"
	"testing"
)

// ngx.req.*: what the reference OpenResty answers to the same Lua, its
// output recorded without the chunk positions of errors.
const reqLocations = `location = /req {
    content_by_lua_block {
        local function dump(t)
            local keys = {}
            for k, v in pairs(t) do keys[#keys+1] = k .. "=" .. (type(v) == "table" and ("{" .. table.concat(v, ",") .. "}") or tostring(v)) end
            table.sort(keys)
            return table.concat(keys, " ")
        end
        ngx.say("method ", ngx.req.get_method(), " ver ", ngx.req.http_version(), " internal ", tostring(ngx.req.is_internal()))
        ngx.say("args ", dump(ngx.req.get_uri_args()))
        local args, err = ngx.req.get_uri_args(2)
        ngx.say("args2 ", dump(args), " ", tostring(err))
        ngx.say("args0 ", dump(ngx.req.get_uri_args(0)))
        local h, herr = ngx.req.get_headers()
        ngx.say("hdr ", h["x-foo"], " ", h.X_Foo, " ", tostring(herr))
        local hr = ngx.req.get_headers(2, true)
        ngx.say("raw ", dump(hr))
        ngx.req.set_header("X-Foo", {"a", "b"})
        ngx.req.set_header("X-New", "n\r\nx")
        ngx.req.clear_header("Bar")
        ngx.say("after ", dump(ngx.req.get_headers()))
        ngx.say("var ", ngx.var.http_x_foo, " ", ngx.var.http_bar)
        ngx.req.set_uri_args({ z = 1 })
        ngx.say("set args ", ngx.var.args, " ", ngx.var.query_string)
        ngx.req.set_uri_args("q w")
        ngx.say("set args str ", ngx.var.args)
        ngx.req.set_uri("/new path")
        ngx.say("uri ", ngx.var.uri, " internal ", tostring(ngx.req.is_internal()))
        for _, f in ipairs{
            function() ngx.req.set_method("GET") end,
            function() ngx.req.set_method(12345) end,
            function() ngx.req.set_header(nil, "x") end,
            function() ngx.req.set_uri("") end,
            function() ngx.req.set_uri("/a\nb") end,
            function() ngx.req.set_uri("/a", true) end,
            function() ngx.req.set_uri_args() end,
            function() ngx.req.set_uri_args(true) end,
            function() ngx.req.get_post_args() end,
            function() ngx.req.set_body_data("x") end,
            function() ngx.req.append_body("x") end,
            function() ngx.req.read_body(1) end,
        } do
            local ok, e = pcall(f)
            ngx.say(ok, " ", e)
        end
        ngx.req.set_method(ngx.HTTP_POST)
        ngx.say("method now ", ngx.req.get_method(), " ", ngx.var.request_method, " ", ngx.var.echo_request_method)
        ngx.say("raw header [", ngx.req.raw_header(true), "]")
    }
}
`

var reqWant = "method GET ver 1.1 internal false\n" +
	"args a={1,3} b=2 c=true d= x y\n" +
	"args2 a=1 b=2 truncated\n" +
	"args0 a={1,3} b=2 c=true d= x y\n" +
	"hdr foo foo nil\n" +
	"raw Host=localhost X-Foo=foo\n" +
	"after connection=close host=localhost x-foo={a,b} x-new=n%0D%0Ax\n" +
	"var a nil\n" +
	"set args z=1 z=1\n" +
	"set args str q%20w\n" +
	"uri /new path internal true\n" +
	"false bad method number\n" +
	"false unsupported HTTP method: 12345\n" +
	"false bad 'name' argument: string expected, got nil\n" +
	"false attempt to use zero-length uri\n" +
	"false unsafe byte \"0x0a\" in uri \"/a\\x0Ab\" (maybe you want to set the 'binary' argument?)\n" +
	"false API disabled in the context of content_by_lua*\n" +
	"false expecting 1 argument but seen 0\n" +
	"false bad argument #1 to 'set_uri_args' (string, number, or table expected, but got boolean)\n" +
	"false no request body found; maybe you should turn on lua_need_request_body?\n" +
	"false request body not read yet\n" +
	"false request_body not initialized\n" +
	"false expecting 0 arguments but seen 1\n" +
	"method now POST POST POST\n" +
	"raw header [Host: localhost\r\n" +
	"X-Foo: foo\r\n" +
	"bar: 1\r\n" +
	"Connection: close\r\n" +
	"\r\n" +
	"]\n" +
	""

// errPosition is the "content_by_lua(nginx.conf:N):L: " of an error.
var errPosition = regexp.MustCompile(`content_by_lua\(nginx\.conf:\d+\):\d+: `)

func TestRequestAPI(t *testing.T) {
	base, prefix := startLocations(t, "", reqLocations)
	got := rawRequest(t, base, "GET /req?a=1&b=2&a=3&c&=e&d=%20x+y HTTP/1.1\r\nHost: localhost\r\nX-Foo: foo\r\nbar: 1\r\nConnection: close\r\n\r\n")
	body := errPosition.ReplaceAllString(got.body, "")
	if got.status != 200 || body != reqWant {
		t.Fatalf("got %d:\n%s\nwant:\n%s\n%s", got.status, body, reqWant, errorLog(prefix))
	}
	if !strings.Contains(errorLog(prefix), "lua hit query args limit 2") {
		t.Fatal("no truncation debug line")
	}
}
