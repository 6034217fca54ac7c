package runtime

import (
	"strings"
	"testing"
)

// ngx.location.capture and capture_multi: options, results and errors, as
// the reference OpenResty reports them (captureLua's output was recorded
// from it).
const captureLocations = `location = /t {
    set $dog 'hello';
    set $cat '';
    content_by_lua_block {
        local function show(res) return res.status .. " [" .. res.body .. "] " .. tostring(res.truncated) end
        ngx.say(show(ngx.location.capture("/other", { share_all_vars = true })), " main dog=", ngx.var.dog)
        ngx.var.dog = "hello"
        ngx.say(show(ngx.location.capture("/other", { copy_all_vars = true })), " main dog=", ngx.var.dog)
        ngx.say(show(ngx.location.capture("/other")), " main dog=", ngx.var.dog)
        ngx.say(show(ngx.location.capture("/vars", { vars = { dog = "d", cat = 32 } })))
        local ctx = {}
        ngx.location.capture("/ctx", { ctx = ctx })
        ngx.say("ctx.foo=", ctx.foo, " own=", ngx.ctx.foo)
        ngx.say(show(ngx.location.capture("/method", { method = ngx.HTTP_PUT, body = "pb" })))
        ngx.say(show(ngx.location.capture("/method", { method = ngx.HTTP_HEAD })))
        ngx.say(show(ngx.location.capture("/method?a=1", { args = { c = ":" } })))
        ngx.say(show(ngx.location.capture("/method", { args = "x=y" })))
        local r1, r2 = ngx.location.capture_multi{ {"/method"}, {"/other"} }
        ngx.say(show(r1), " | ", show(r2))
        local res = ngx.location.capture("/hdrs")
        local keys = {}
        for k, v in pairs(res.header) do keys[#keys+1] = k .. "=" .. (type(v) == "table" and table.concat(v, ",") or tostring(v)) .. "(" .. type(v) .. ")" end
        table.sort(keys)
        ngx.say(table.concat(keys, " "))
        for _, f in ipairs{
            function() return ngx.location.capture() end,
            function() return ngx.location.capture_multi({}) end,
            function() return ngx.location.capture_multi({ "/x" }) end,
            function() return ngx.location.capture("/x", "y") end,
            function() return ngx.location.capture("/x", { method = "GET" }) end,
            function() return ngx.location.capture("/x", { args = true }) end,
            function() return ngx.location.capture("/x", { vars = 1 }) end,
            function() return ngx.location.capture("/x", { vars = { [1] = 2 } }) end,
            function() return ngx.location.capture("/x", { ctx = 1 }) end,
            function() return ngx.location.capture("/x", { body = {} }) end,
            function() return ngx.location.capture("/x", { share_all_vars = 1 }) end,
            function() return ngx.location.capture("/../x") end,
            function() return ngx.location.capture("/vars", { vars = { nope = 1 } }) end,
            function() return ngx.location.capture("/vars", { vars = { uri = 1 } }) end,
            function() return ngx.location.capture("/x", { method = 12345 }) end,
        } do
            local ok, err = pcall(f)
            ngx.say(ok, " ", err)
        end
    }
}
location = /other { set $dog "$dog world"; echo "$uri dog: $dog"; }
location = /vars { content_by_lua_block { ngx.say("dog=", ngx.var.dog, " cat=", ngx.var.cat) } }
location = /ctx { content_by_lua_block { ngx.ctx.foo = "bar" } }
location = /method { content_by_lua_block { ngx.req.read_body() ngx.say(ngx.req.get_method(), " ", ngx.var.args, " ", ngx.req.get_body_data(), " ", ngx.var.http_content_length) } }
location = /hdrs { content_by_lua_block { ngx.header["X-M"] = {"1", "2"}; ngx.header.content_length = 2; ngx.header.location = "/abs"; ngx.print("ok") } }
`

const captureWant = `200 [/other dog: hello world
] false main dog=hello world
200 [/other dog: hello world
] false main dog=hello
200 [/other dog:  world
] false main dog=hello
200 [dog=d cat=32
] false
ctx.foo=bar own=nil
200 [PUT nil pb 2
] false
200 [] true
200 [GET a=1&c=%3A nil nil
] false
200 [GET x=y nil nil
] false
200 [GET nil nil nil
] false | 200 [/other dog:  world
] false
Content-Type=text/plain(string) X-M=1,2(table) content-length=2(string) location=/abs(string)
false expecting one or two arguments
false at least one subrequest should be specified
false the query argument 0 is not a table, but a string
false expecting table as the 2nd argument for subrequest 0, but got string
false Bad http request method
false Bad args option value
false Bad vars option value
false attempt to use a non-string key in the "vars" option table
false Bad ctx option value type number, expected a Lua table
false Bad http request body
false Bad share_all_vars option value
false unsafe uri in argument #1: /../x
false failed to adjust the subrequest: -1
false failed to adjust the subrequest: 500
false failed to adjust the subrequest: -1
`

func TestCapture(t *testing.T) {
	base, prefix := startLocations(t, "", captureLocations)
	got := getPath(t, base, "/t")
	if got.status != 200 || got.body != captureWant {
		t.Fatalf("got %d:\n%s\nwant:\n%s\n%s", got.status, got.body, captureWant, errorLog(prefix))
	}
	log := errorLog(prefix)
	for _, want := range []string{
		`lua http subrequest "/method?a=1&c=%3A"`,
		`variable "nope" cannot be assigned a value (maybe you forgot to define it first?)`,
		`variable "uri" not changeable`,
		`unsupported HTTP method: 12345`,
	} {
		if !strings.Contains(log, want) {
			t.Errorf("error.log lacks %q", want)
		}
	}
}

// What a captured subrequest's status, body and truncated flag are when it
// fails, as the reference reports them.
func TestCaptureStatuses(t *testing.T) {
	base, prefix := startLocations(t, "", `
location = /t {
    content_by_lua_block {
        for _, uri in ipairs{"/nope", "/err", "/err2", "/ret", "/exit404", "/st", "/echo"} do
            local res = ngx.location.capture(uri)
            ngx.say(uri, " ", res.status, " [", res.body, "] ", tostring(res.truncated), " ", tostring(res.header["Content-Type"]))
        end
    }
}
location = /err { content_by_lua_block { ngx.say("hi") error("x") } }
location = /err2 { content_by_lua_block { error("x") } }
location = /ret { return 403; }
location = /exit404 { content_by_lua_block { ngx.exit(404) } }
location = /st { content_by_lua_block { ngx.status = 201 ngx.say("c") } }
location = /echo { echo hello; }
`)
	want := "/nope 404 [] true text/plain\n" +
		"/err 200 [hi\n] true text/plain\n" +
		"/err2 500 [] true text/plain\n" +
		"/ret 403 [] true text/plain\n" +
		"/exit404 404 [] true text/plain\n" +
		"/st 201 [c\n] false text/plain\n" +
		"/echo 200 [hello\n] false text/plain\n"
	if got := getPath(t, base, "/t"); got.body != want {
		t.Fatalf("got:\n%s\nwant:\n%s\n%s", got.body, want, errorLog(prefix))
	}
}

// capture_multi runs its subrequests side by side.
func TestCaptureMultiParallel(t *testing.T) {
	base, prefix := startLocations(t, "", `
location = /t {
    content_by_lua_block {
        local t0 = ngx.now()
        local a, b, c = ngx.location.capture_multi{ {"/s", {args = "0.2"}}, {"/s", {args = "0.2"}}, {"/s", {args = "0.2"}} }
        ngx.update_time()
        ngx.say(a.body, b.body, c.body, ngx.now() - t0 < 0.35)
    }
}
location = /s { content_by_lua_block { ngx.sleep(tonumber(ngx.var.args)) ngx.print("s") } }
`)
	if got := getPath(t, base, "/t"); got.body != "ssstrue\n" {
		t.Fatalf("got %q\n%s", got.body, errorLog(prefix))
	}
}

// Subrequests nest at most 50 deep past the main request.
func TestSubrequestDepth(t *testing.T) {
	base, prefix := startLocations(t, "", `
location = /r {
    content_by_lua_block {
        local n = tonumber(ngx.var.arg_n)
        local ok, res = pcall(ngx.location.capture, "/r", { args = { n = n + 1 } })
        if not ok then ngx.print("stop at ", n, ": ", res) return end
        ngx.print(res.body)
    }
}
`)
	got := getPath(t, base, "/r?n=0")
	if got.body != "stop at 51: failed to issue subrequest: -1" {
		t.Fatalf("got %q", got.body)
	}
	if !strings.Contains(errorLog(prefix), `lua subrequests cycle while processing "/r"`) {
		t.Fatal("no cycle error logged")
	}
}
