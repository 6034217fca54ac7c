package config

import (
	"errors"
	"reflect"
	"strings"
	"testing"
)

const scriptConf = `
events {}
http {
    server {
        listen 127.0.0.1:18080;
        location / {
            content_by_lua_block { ngx.say("loc") }
            if ($arg_a) {
                set $x a;
            }
            if ($arg_b) {
                content_by_lua_block { ngx.say("b") }
                rewrite_by_lua_block { }
            }
        }
        location /lua {
            set_by_lua $v 'return 1' $uri "x$arg_y";
            return 200 $v;
        }
        location /files {
            if (-f /f) { return 200 f; }
            if (-d /d) { return 200 d; }
            if (-x /x) { return 200 x; }
            if (!-e /f) { return 200 not-e; }
            return 200 none;
        }
        location /log {
            rewrite_log on;
            rewrite ^/log/(.*)$ /x/$1?q=$1;
            if ($uri ~ ^/nomatch) { }
        }
        location /brk {
            rewrite ^ /other;
            break;
        }
        location /close { return 444; }
    }
}
`

type recordingRequest struct {
	*fakeRequest
	logs     []string
	luaArgs  []string
	luaError error
}

func (r *recordingRequest) RewriteLog(msg string) { r.logs = append(r.logs, msg) }

func (r *recordingRequest) SetByLua(h *LuaHandler, args []string) (string, error) {
	r.luaArgs = args
	return "lua:" + h.Source, r.luaError
}

func TestScriptIfSwitchesLocation(t *testing.T) {
	cfg := loadString(t, scriptConf)
	loc := cfg.HTTP.Servers[0].FindLocation("/")
	ifs := loc.Script.Stmts
	a, b := ifs[0].(*IfStmt).Location, ifs[1].(*IfStmt).Location
	for _, tt := range []struct {
		args string
		want *Location
	}{{"", nil}, {"a=1", a}, {"b=1", b}, {"a=1&b=1", b}, {"a=0", nil}} {
		out := loc.Script.Run(newFakeRequest("/", tt.args))
		if out.Loc != tt.want || out.Action != ActionContinue {
			t.Errorf("args %q: Loc %v, action %v", tt.args, out.Loc, out.Action)
		}
	}
	// the if blocks inherit from their location, and keep its content
	// handler unless they have their own
	if a.Lua.Content != loc.Lua.Content || a.Kind != LocIf || a.Parent != loc {
		t.Errorf("if a: content %v, parent %v", a.Lua.Content, a.Parent)
	}
	if b.Lua.Content == loc.Lua.Content || !strings.Contains(b.Lua.Content.Source, `"b"`) || b.Lua.Rewrite == nil {
		t.Errorf("if b: content %v, rewrite %v", b.Lua.Content, b.Lua.Rewrite)
	}
	if loc.Lua.Rewrite != nil {
		t.Errorf("the location has no rewrite handler, got %v", loc.Lua.Rewrite)
	}
}

func TestScriptSetByLua(t *testing.T) {
	cfg := loadString(t, scriptConf)
	loc := cfg.HTTP.Servers[0].FindLocation("/lua")
	r := &recordingRequest{fakeRequest: newFakeRequest("/lua", "y=2")}
	out := loc.Script.Run(r)
	if out.Action != ActionReturn || out.Text != "lua:return 1" {
		t.Errorf("outcome %+v", out)
	}
	if want := []string{"/lua", "x2"}; !reflect.DeepEqual(r.luaArgs, want) {
		t.Errorf("args %q, want %q", r.luaArgs, want)
	}
	r = &recordingRequest{fakeRequest: newFakeRequest("/lua", ""), luaError: errors.New("boom")}
	if out := loc.Script.Run(r); out.Action != ActionError || out.Status != 500 || out.Err == nil {
		t.Errorf("failing set_by_lua: %+v", out)
	}
}

func TestScriptFileTests(t *testing.T) {
	cfg := loadString(t, scriptConf)
	loc := cfg.HTTP.Servers[0].FindLocation("/files")
	for _, tt := range []struct {
		files map[string]FileInfo
		want  string
	}{
		{map[string]FileInfo{"/f": {Exists: true}}, "f"},
		{map[string]FileInfo{"/f": {Exists: true, IsDir: true}, "/d": {Exists: true, IsDir: true}}, "d"},
		{map[string]FileInfo{"/f": {Exists: true, IsDir: true}, "/x": {Exists: true, Executable: true}}, "x"},
		{map[string]FileInfo{}, "not-e"},
		{map[string]FileInfo{"/f": {Exists: true, IsDir: true}}, "none"},
	} {
		r := newFakeRequest("/files", "")
		r.files = tt.files
		if out := loc.Script.Run(r); out.Text != tt.want {
			t.Errorf("files %v: got %q, want %q", tt.files, out.Text, tt.want)
		}
	}
}

func TestScriptRewriteLog(t *testing.T) {
	cfg := loadString(t, scriptConf)
	loc := cfg.HTTP.Servers[0].FindLocation("/log/a")
	r := &recordingRequest{fakeRequest: newFakeRequest("/log/a", "z=1")}
	out := loc.Script.Run(r)
	want := []string{
		`"^/log/(.*)$" matches "/log/a"`,
		`rewritten data: "/x/a", args: "q=a&z=1"`,
		`"^/nomatch" does not match "/x/a"`,
	}
	if !reflect.DeepEqual(r.logs, want) {
		t.Errorf("logs %q, want %q", r.logs, want)
	}
	if !out.URIChanged || out.Action != ActionContinue || r.uri != "/x/a" {
		t.Errorf("outcome %+v, uri %q", out, r.uri)
	}
	// without rewrite_log nothing is logged
	other := cfg.HTTP.Servers[0].FindLocation("/brk")
	r = &recordingRequest{fakeRequest: newFakeRequest("/brk", "")}
	out = other.Script.Run(r)
	if len(r.logs) != 0 || out.Action != ActionBreak || out.URIChanged || r.uri != "/other" {
		t.Errorf("break: %+v, logs %q, uri %q", out, r.logs, r.uri)
	}
}

func TestScriptReturn444(t *testing.T) {
	cfg := loadString(t, scriptConf)
	out := cfg.HTTP.Servers[0].FindLocation("/close").Script.Run(newFakeRequest("/close", ""))
	if out.Action != ActionReturn || out.Status != 444 || out.HasText {
		t.Errorf("%+v", out)
	}
}

func TestNilScript(t *testing.T) {
	var s *Script
	if out := s.Run(newFakeRequest("/", "")); out.Action != ActionContinue {
		t.Errorf("%+v", out)
	}
}
