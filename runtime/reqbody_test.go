package runtime

import (
	"strings"
	"testing"
)

// The request body API (read_body, get_body_data/file, set_body_*,
// init/append/finish_body, discard_body, get_post_args,
// lua_need_request_body, client_body_in_file_only), with the reference's
// answers.
const bodyLocations = `client_body_buffer_size 8;
location = /b {
    content_by_lua_block {
        ngx.say("before ", tostring(ngx.req.get_body_data()), " ", tostring(ngx.req.get_body_file()))
        ngx.req.read_body()
        local f = ngx.req.get_body_file()
        ngx.say("data ", tostring(ngx.req.get_body_data()), " file ", f and "yes" or "no")
        if f then local fh = io.open(f) ngx.say("file has ", fh:read("*a")) fh:close() end
        ngx.say("post ", type(ngx.req.get_post_args()), " ", select(2, ngx.req.get_post_args()))
        ngx.req.set_body_data("k=v&k2=v2")
        local args = ngx.req.get_post_args()
        ngx.say("set ", ngx.req.get_body_data(), " ", args.k, args.k2, " cl ", ngx.var.http_content_length, " ", ngx.var.content_length)
        ngx.req.init_body(4)
        ngx.req.append_body("hel")
        ngx.req.append_body("lo, world")
        ngx.req.finish_body()
        local bf = ngx.req.get_body_file()
        ngx.say("built ", tostring(ngx.req.get_body_data()), " ", bf and io.open(bf):read("*a"), " cl ", ngx.var.http_content_length)
        ngx.req.init_body()
        ngx.req.append_body("small")
        ngx.req.finish_body()
        ngx.say("small ", ngx.req.get_body_data(), " ", tostring(ngx.req.get_body_file()))
        local p = ngx.config.prefix() .. "html/bodyfile"
        local fh = io.open(p, "w") fh:write("from file") fh:close()
        ngx.req.set_body_file(p)
        ngx.say("set file ", tostring(ngx.req.get_body_data()), " ", ngx.req.get_body_file() == p, " cl ", ngx.var.http_content_length)
        ngx.say("var ", tostring(ngx.var.request_body))
    }
}
location = /need {
    lua_need_request_body on;
    content_by_lua_block { ngx.say("need ", ngx.req.get_body_data(), " ", ngx.var.request_body) }
}
location = /discard {
    content_by_lua_block {
        ngx.req.discard_body()
        ngx.say("discarded ", tostring(ngx.req.get_body_data()), " ", next(ngx.req.get_post_args()) == nil)
        local ok, err = pcall(ngx.req.set_body_data, "x")
        ngx.say(ok, " ", err)
    }
}
location = /fileonly {
    client_body_in_file_only clean;
    content_by_lua_block { ngx.req.read_body() local f = ngx.req.get_body_file() ngx.say("fileonly ", tostring(ngx.req.get_body_data()), " ", f and io.open(f):read("*a")) }
}
location = /small {
    content_by_lua_block { ngx.req.read_body() ngx.say("small ", ngx.req.get_body_data(), " ", tostring(ngx.req.get_body_file())) }
}
location = /spill {
    content_by_lua_block {
        ngx.req.read_body()
        local f = ngx.req.get_body_file()
        ngx.say("spill ", tostring(ngx.req.get_body_data()), " ", f and #io.open(f):read("*a"), " ", select(2, ngx.req.get_post_args()))
    }
}
`

func TestRequestBody(t *testing.T) {
	base, prefix := startLocations(t, "", bodyLocations)
	cases := []struct{ path, body, want string }{
		{"/b", "a=1&b=2&c=3456789012345678901x", "before nil nil\n" +
			"data a=1&b=2&c=3456789012345678901x file no\n" +
			"post table \n" +
			"set k=v&k2=v2 vv2 cl 9 9\n" +
			"built nil hello, world cl 12\n" +
			"small small nil\n" +
			"set file nil true cl 9\n" +
			"var nil\n"},
		{"/need", "hello", "need hello hello\n"},
		{"/fileonly", "hello", "fileonly nil hello\n"},
		{"/small", "hello", "small hello nil\n"},
		{"/spill", strings.Repeat("x", 5000), "spill nil 5000 request body in temp file not supported\n"},
	}
	for _, c := range cases {
		got := postPath(t, base, c.path, c.body)
		if got.status != 200 || got.body != c.want {
			t.Fatalf("%s: got %d %q, want %q\n%s", c.path, got.status, got.body, c.want, errorLog(prefix))
		}
	}
	// get_post_args after a body fully discarded: nginx has no body then
	got := postPath(t, base, "/discard", "hello")
	if got.status != 500 || !strings.Contains(errorLog(prefix), "no request body found; maybe you should turn on lua_need_request_body?") {
		t.Fatalf("discard: %d\n%s", got.status, errorLog(prefix))
	}
	if !strings.Contains(errorLog(prefix), "a client request body is buffered to a temporary file") {
		t.Fatal("no warning for the spilled body")
	}
}
