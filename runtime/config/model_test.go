package config

import (
	"reflect"
	"strings"
	"testing"
	"time"
)

const modelConf = `
worker_processes auto;
env PATH;
env FOO=bar;
error_log logs/main.log warn;
events { worker_connections 100; multi_accept on; }
http {
    lua_package_path "/lib/?.lua;;";
    lua_shared_dict cache 10m;
    lua_shared_dict locks 100k;
    lua_max_pending_timers 10;
    lua_socket_read_timeout 5s;
    init_by_lua_block { x = 1 }
    init_worker_by_lua_file init.lua;
    rewrite_by_lua_block { -- http rewrite
    }
    server_rewrite_by_lua_block { }
    types { text/html html; application/json json; }
    default_type application/octet-stream;
    add_header X-Http 1;
    client_max_body_size 2m;
    keepalive_timeout 10s 5;
    error_page 404 /404.html;
    log_format main '$remote_addr $status';
    access_log logs/a.log main buffer=4k;
    root /var/www/;
    server_tokens build;
    resolver 127.0.0.1 valid=30s ipv6=off;

    server {
        server_name example.com www.example.com;
        location / {
            add_header X-Loc 2 always;
            lua_code_cache off;
            lua_socket_read_timeout 1s;
            content_by_lua_block { ngx.say(1) }
            location /nested {
                internal;
                access_by_lua_file access.lua;
                types { text/plain txt; }
            }
        }
        location /alias/ {
            alias /data/;
            access_log off;
            error_log logs/loc.log debug;
            index a.html b.html;
            proxy_pass http://127.0.0.1:9;
        }
        location /var {
            root $document_uri/x;
        }
    }
    server {
        listen 127.0.0.1:8080 default_server;
        client_header_buffer_size 4k;
        merge_slashes off;
        server_rewrite_by_lua_file srv.lua;
    }
    upstream backend {
        server 127.0.0.1:1;
        balancer_by_lua_block { }
    }
}
`

func TestModelMain(t *testing.T) {
	cfg := loadString(t, modelConf)
	m := cfg.Main
	if !m.WorkerProcessesAuto || !m.Daemon || !m.MasterProcess {
		t.Errorf("main flags: %+v", m)
	}
	if want := []Env{{Name: "PATH"}, {Name: "FOO", Value: "bar", HasValue: true}}; !reflect.DeepEqual(m.Env, want) {
		t.Errorf("env %+v", m.Env)
	}
	if len(m.ErrorLogs) != 1 || m.ErrorLogs[0].Level != LevelWarn || m.ErrorLogs[0].Path != cfg.Prefix+"logs/main.log" {
		t.Errorf("error logs %+v", m.ErrorLogs)
	}
	if m.PID != cfg.Prefix+"logs/nginx.pid" {
		t.Errorf("pid %q", m.PID)
	}
	if cfg.Events.WorkerConnections != 100 || !cfg.Events.MultiAccept {
		t.Errorf("events %+v", cfg.Events)
	}
}

func TestModelHTTP(t *testing.T) {
	cfg := loadString(t, modelConf)
	h := cfg.HTTP
	if want := []SharedDict{{Name: "cache", Size: 10 << 20}, {Name: "locks", Size: 100 << 10}}; len(h.SharedDicts) != 2 ||
		h.SharedDicts[0].Name != want[0].Name || h.SharedDicts[0].Size != want[0].Size || h.SharedDicts[1].Size != want[1].Size {
		t.Errorf("shared dicts %+v", h.SharedDicts)
	}
	if h.Lua.PackagePath != "/lib/?.lua;;" || h.Lua.MaxPendingTimers != 10 || h.Lua.MaxRunningTimers != 256 || !h.Lua.SARestart {
		t.Errorf("lua main %+v", h.Lua)
	}
	if h.InitByLua == nil || h.InitByLua.Source != " x = 1 " || h.InitByLua.Kind != LuaKindBlock {
		t.Errorf("init_by_lua %+v", h.InitByLua)
	}
	if iw := h.InitWorkerByLua; iw == nil || iw.Kind != LuaKindFile || iw.Path != cfg.Prefix+"init.lua" || iw.ChunkName != "@"+cfg.Prefix+"init.lua" {
		t.Errorf("init_worker_by_lua %+v", iw)
	}
	if h.ExitWorkerByLua != nil {
		t.Errorf("exit_worker_by_lua %+v", h.ExitWorkerByLua)
	}
	if lf := h.LogFormats["main"]; lf == nil || lf.Format.Raw != "$remote_addr $status" || h.LogFormats["combined"] == nil {
		t.Errorf("log formats %+v", h.LogFormats)
	}
	if len(h.Upstreams) != 1 || h.Upstreams[0].BalancerByLua == nil {
		t.Errorf("upstreams %+v", h.Upstreams)
	}
}

func TestModelInheritance(t *testing.T) {
	cfg := loadString(t, modelConf)
	s := cfg.HTTP.Servers[0]
	root := s.FindLocation("/")
	nested := s.FindLocation("/nested")
	alias := s.FindLocation("/alias/x")
	if root.Name != "/" || nested.Name != "/nested" || alias.Name != "/alias/" {
		t.Fatalf("locations %q %q %q", root.Name, nested.Name, alias.Name)
	}

	// list settings: a block's own list replaces the inherited one
	if len(root.AddHeaders) != 1 || root.AddHeaders[0].Name != "X-Loc" || !root.AddHeaders[0].Always {
		t.Errorf("root add_header %+v", root.AddHeaders)
	}
	if len(nested.AddHeaders) != 1 || nested.AddHeaders[0].Name != "X-Loc" {
		t.Errorf("nested add_header %+v", nested.AddHeaders)
	}
	if len(alias.AddHeaders) != 1 || alias.AddHeaders[0].Name != "X-Http" {
		t.Errorf("alias add_header %+v", alias.AddHeaders)
	}
	if len(alias.ErrorPages) != 1 || alias.ErrorPages[0].Status != 404 || alias.ErrorPages[0].Overwrite != -1 {
		t.Errorf("error pages %+v", alias.ErrorPages)
	}

	// single values
	if root.ClientMaxBodySize != 2<<20 || root.KeepaliveTimeout != 10*time.Second || root.KeepaliveHeader != 5*time.Second {
		t.Errorf("root values %d %v %v", root.ClientMaxBodySize, root.KeepaliveTimeout, root.KeepaliveHeader)
	}
	if root.ServerTokens != "build" || root.DefaultType != "application/octet-stream" || root.SendTimeout != 60*time.Second {
		t.Errorf("root %q %q %v", root.ServerTokens, root.DefaultType, root.SendTimeout)
	}
	if root.Resolver == nil || !reflect.DeepEqual(root.Resolver.Addresses, []string{"127.0.0.1"}) || root.Resolver.IPv6 || root.Resolver.Valid != 30*time.Second {
		t.Errorf("resolver %+v", root.Resolver)
	}

	// types: the nearest types block
	if root.Types["json"] != "application/json" || nested.Types["txt"] != "text/plain" || nested.Types["json"] != "" {
		t.Errorf("types %v / %v", root.Types, nested.Types)
	}

	// root and alias
	if root.Root.Raw != "/var/www" || root.Alias {
		t.Errorf("root %q %v", root.Root.Raw, root.Alias)
	}
	if alias.Root.Raw != "/data/" || !alias.Alias {
		t.Errorf("alias %q %v", alias.Root.Raw, alias.Alias)
	}
	if v := s.FindLocation("/var"); v.Root.Raw != "$document_uri/x" {
		t.Errorf("variable root %q", v.Root.Raw)
	}
	if idx := alias.Index; len(idx) != 2 || idx[1].Raw != "b.html" {
		t.Errorf("index %v", idx)
	}
	if idx := root.Index; len(idx) != 1 || idx[0].Raw != "index.html" {
		t.Errorf("default index %v", idx)
	}

	// logs
	if len(root.AccessLogs) != 1 || root.AccessLogs[0].Format != "main" || root.AccessLogs[0].Path != cfg.Prefix+"logs/a.log" ||
		!reflect.DeepEqual(root.AccessLogs[0].Params, []string{"buffer=4k"}) {
		t.Errorf("access logs %+v", root.AccessLogs)
	}
	if !alias.AccessLogOff || len(alias.AccessLogs) != 0 {
		t.Errorf("access_log off %+v", alias)
	}
	if len(root.ErrorLogs) != 0 || len(alias.ErrorLogs) != 1 || alias.ErrorLogs[0].Level != LevelDebug {
		t.Errorf("error logs %+v %+v", root.ErrorLogs, alias.ErrorLogs)
	}

	// internal is not inherited
	if root.Internal || !nested.Internal {
		t.Errorf("internal %v %v", root.Internal, nested.Internal)
	}

	// ngx_lua: rewrite is inherited from http, content is not inherited
	// by nested locations
	if root.Lua.Rewrite == nil || !strings.Contains(root.Lua.Rewrite.Source, "http rewrite") || nested.Lua.Rewrite != root.Lua.Rewrite {
		t.Errorf("rewrite handlers %v %v", root.Lua.Rewrite, nested.Lua.Rewrite)
	}
	if root.Lua.Content == nil || nested.Lua.Content != nil || alias.Lua.Content != nil {
		t.Errorf("content handlers %v %v %v", root.Lua.Content, nested.Lua.Content, alias.Lua.Content)
	}
	if nested.Lua.Access == nil || nested.Lua.Access.Path != cfg.Prefix+"access.lua" || root.Lua.Access != nil {
		t.Errorf("access handlers %v %v", nested.Lua.Access, root.Lua.Access)
	}
	if root.Lua.CodeCache || !alias.Lua.CodeCache || nested.Lua.CodeCache {
		t.Errorf("code cache %v %v %v", root.Lua.CodeCache, alias.Lua.CodeCache, nested.Lua.CodeCache)
	}
	if root.Lua.SocketReadTimeout != time.Second || alias.Lua.SocketReadTimeout != 5*time.Second || alias.Lua.SocketConnectTimeout != 60*time.Second {
		t.Errorf("socket timeouts %v %v", root.Lua.SocketReadTimeout, alias.Lua.SocketReadTimeout)
	}
	if alias.Lua.SocketPoolSize != 30 || alias.Lua.SocketBufferSize != 4096 || alias.Lua.SSLCiphers != "DEFAULT" {
		t.Errorf("lua defaults %+v", alias.Lua)
	}

	// kept directives are reachable with inheritance
	if d := alias.Lookup("proxy_pass"); d == nil || d.Args[0] != "http://127.0.0.1:9" {
		t.Errorf("proxy_pass %v", d)
	}
	if d := nested.Lookup("client_max_body_size"); d == nil || d.Args[0] != "2m" {
		t.Errorf("client_max_body_size lookup %v", d)
	}
}

func TestModelServers(t *testing.T) {
	cfg := loadString(t, modelConf)
	s0, s1 := cfg.HTTP.Servers[0], cfg.HTTP.Servers[1]
	if l := s0.Listens; len(l) != 1 || !l[0].Implicit || !l[0].Wildcard || l[0].Port != defaultListenPort() {
		t.Errorf("implicit listen %+v", l)
	}
	if len(s0.Names) != 2 || s0.Names[0].Name != "example.com" {
		t.Errorf("names %+v", s0.Names)
	}
	if len(s1.Names) != 1 || s1.Names[0].Name != "" {
		t.Errorf("default name %+v", s1.Names)
	}
	if s0.ServerRewriteByLua == nil || s0.ServerRewriteByLua.Kind != LuaKindBlock {
		t.Errorf("inherited server_rewrite_by_lua %+v", s0.ServerRewriteByLua)
	}
	if s1.ServerRewriteByLua == nil || s1.ServerRewriteByLua.Kind != LuaKindFile {
		t.Errorf("own server_rewrite_by_lua %+v", s1.ServerRewriteByLua)
	}
	if s0.ClientHeaderBufferSize != 1024 || s1.ClientHeaderBufferSize != 4096 || s1.MergeSlashes || !s0.MergeSlashes {
		t.Errorf("server values %d %d %v", s0.ClientHeaderBufferSize, s1.ClientHeaderBufferSize, s1.MergeSlashes)
	}
	if s0.LargeClientHeaderBuffers != (LargeBuffers{Num: 4, Size: 8192}) {
		t.Errorf("large buffers %+v", s0.LargeClientHeaderBuffers)
	}
	if got := cfg.HTTP.FindServer("127.0.0.1:8080", "example.com"); got != s1 {
		t.Errorf("8080 goes to the only server there")
	}
	// no location matches: the server's own settings apply
	if l := s1.FindLocation("/x"); l != s1.Location || l.Kind != LocServer {
		t.Errorf("no location: %+v", l)
	}
}
