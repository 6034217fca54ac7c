package config

import "testing"

func TestLuaRequires(t *testing.T) {
	for _, c := range []struct {
		http string
		want LuaRequires
	}{
		{`rewrite_by_lua_no_postpone on; server { location / { set_by_lua $x 'return 1'; } }`, LuaRequires{}},
		{`server { location / { if ($arg_a) { rewrite_by_lua return; } } }`, LuaRequires{Rewrite: true, CaptureFilter: true}},
		{`access_by_lua_block { } server { }`, LuaRequires{Access: true, CaptureFilter: true}},
		{`server { server_rewrite_by_lua_block { } location / { content_by_lua_file a.lua; } }`, LuaRequires{CaptureFilter: true}},
		{`server { location / { body_filter_by_lua return; } }`, LuaRequires{BodyFilter: true, HeaderFilter: true}},
		{`server { location / { header_filter_by_lua_block { } } }`, LuaRequires{HeaderFilter: true}},
		{`lua_malloc_trim 0; server { location / { log_by_lua_file l.lua; } }`, LuaRequires{Log: true}},
		{`lua_malloc_trim 10; server { }`, LuaRequires{Log: true}},
		{`lua_malloc_trim 0; server { }`, LuaRequires{}},
	} {
		cfg := loadString(t, "events {}\nhttp {\n"+c.http+"\n}\n")
		if got := cfg.HTTP.Lua.Requires; got != c.want {
			t.Errorf("%s:\n got %+v\nwant %+v", c.http, got, c.want)
		}
	}
}
