package runtime

import (
	"strings"
	"testing"
)

func TestAccessRules(t *testing.T) {
	base, prefix := startLocations(t, "", `
location = /deny { deny all; content_by_lua_block { ngx.say("in") } }
location = /allow { allow 127.0.0.0/8; deny all; content_by_lua_block { ngx.say("in") } }
location = /other { deny 10.0.0.1; allow 192.168.0.0/16; deny all; content_by_lua_block { ngx.say("in") } }
location = /any-lua-ok { satisfy any; deny all; access_by_lua_block { return } content_by_lua_block { ngx.say("in") } }
location = /any-lua-403 { satisfy any; deny all; access_by_lua_block { ngx.exit(403) } content_by_lua_block { ngx.say("in") } }
location = /any-allowed { satisfy any; allow all; access_by_lua_block { ngx.exit(403) } content_by_lua_block { ngx.say("in") } }
location = /auth { content_by_lua_block { if ngx.var.user == "ok" then ngx.exit(204) elseif ngx.var.user == "basic" then ngx.header["WWW-Authenticate"] = "Basic" ngx.exit(401) elseif ngx.var.user == "odd" then ngx.exit(302) end ngx.exit(403) } }
location = /guarded { set $user $arg_user; auth_request /auth; content_by_lua_block { ngx.say("in") } }
location = /any-declined { satisfy any; deny all; access_by_lua_block { ngx.exit(ngx.DECLINED) } content_by_lua_block { ngx.say("in") } }
`)
	for _, c := range []struct {
		path   string
		status int
	}{
		{"/deny", 403}, {"/allow", 200}, {"/other", 403},
		{"/any-lua-ok", 200}, {"/any-lua-403", 403}, {"/any-allowed", 200}, {"/any-declined", 403},
		{"/guarded?user=ok", 200}, {"/guarded?user=no", 403}, {"/guarded?user=basic", 401}, {"/guarded?user=odd", 500},
	} {
		got := getPath(t, base, c.path)
		if got.status != c.status {
			t.Errorf("%s: got %d, want %d", c.path, got.status, c.status)
		}
	}
	if n := strings.Count(errorLog(prefix), "access forbidden by rule"); n != 4 {
		t.Errorf("%d \"access forbidden by rule\" lines, want 4:\n%s", n, errorLog(prefix))
	}
	if !strings.Contains(errorLog(prefix), "auth request unexpected status: 302") {
		t.Errorf("no unexpected status line:\n%s", errorLog(prefix))
	}
}
