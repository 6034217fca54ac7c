package config

import (
	"time"
)

// finishHTTP completes the http block once it is read, in nginx's order:
// merge the settings down to every location, build the location indexes
// (reporting duplicates), check variables, then build the server name
// indexes (warning about conflicts).
func (p *parser) finishHTTP(h *HTTP) error {
	h.LogFormats["combined"] = &LogFormat{Name: "combined", Escape: "default", Format: mustComplex(combinedFormat)}
	resolveLuaMain(h)
	for _, l := range p.allLocations(h) {
		p.resolveLocation(l)
	}
	for _, s := range h.Servers {
		p.resolveServer(s)
	}
	if err := checkSSLMerge(h); err != nil {
		return err
	}
	for _, s := range h.Servers {
		idx, err := buildIndex(s.Locations)
		if err != nil {
			return err
		}
		s.index = idx
	}
	if err := checkSSLListens(h); err != nil {
		return err
	}
	if err := p.vars.check(); err != nil {
		return err
	}
	h.declared = p.vars.declared
	for _, g := range h.addrs {
		for _, a := range g.addrs {
			if len(a.servers) > 1 || a.defaultS.hasRegexCaptures() {
				if err := p.buildNames(a); err != nil {
					return err
				}
			}
		}
	}
	return nil
}

// allLocations lists every location, pseudo ones included, parents first.
func (p *parser) allLocations(h *HTTP) []*Location {
	out := []*Location{h.Location}
	var walk func(l *Location)
	walk = func(l *Location) {
		out = append(out, l)
		for _, st := range scriptStmts(l.Script) {
			walkIfs(st, func(x *Location) { out = append(out, x) })
		}
		if l.LimitExcept != nil {
			out = append(out, l.LimitExcept)
		}
		for _, c := range l.Locations {
			walk(c)
		}
	}
	for _, s := range h.Servers {
		walk(s.Location)
		for _, st := range s.Script.Stmts {
			walkIfs(st, func(x *Location) { out = append(out, x) })
		}
		for _, l := range s.Locations {
			walk(l)
		}
	}
	return out
}

func scriptStmts(s *Script) []Stmt {
	if s == nil {
		return nil
	}
	return s.Stmts
}

func walkIfs(st Stmt, f func(*Location)) {
	if is, ok := st.(*IfStmt); ok {
		if is.Location != nil {
			f(is.Location)
		}
		for _, b := range is.Body {
			walkIfs(b, f)
		}
	}
}

func flagOf(b *Block, name string, def bool) bool {
	if d := b.Lookup(name); d != nil {
		on, _ := parseFlag(d.Args[0])
		return on
	}
	return def
}

func msecOf(b *Block, name string, def time.Duration) time.Duration {
	if d := b.Lookup(name); d != nil {
		ms, _ := ParseMsec(d.Args[0])
		return time.Duration(ms) * time.Millisecond
	}
	return def
}

func secDuration(sec int64) time.Duration { return time.Duration(sec) * time.Second }

func sizeOf(b *Block, name string, def int64) int64 {
	if d := b.Lookup(name); d != nil {
		n, _ := ParseSize(d.Args[0])
		return n
	}
	return def
}

func offsetOf(b *Block, name string, def int64) int64 {
	if d := b.Lookup(name); d != nil {
		n, _ := ParseOffset(d.Args[0])
		return n
	}
	return def
}

func numOf(b *Block, name string, def int) int {
	if d := b.Lookup(name); d != nil {
		return int(atoi(d.Args[0]))
	}
	return def
}

func strOf(b *Block, name, def string) string {
	if d := b.Lookup(name); d != nil {
		return d.Args[0]
	}
	return def
}

// lookupLua returns the nearest handler of a phase (any of its three
// directive forms), following ngx_lua's merge.
func (p *parser) lookupLua(b *Block, tag string) *LuaHandler {
	for x := b; x != nil; x = x.Parent {
		for _, d := range x.Directives {
			if d.Name == tag || d.Name == tag+"_block" || d.Name == tag+"_file" {
				return p.luaHandlers[d]
			}
		}
	}
	return nil
}

// ownLua returns the block's own handler of a phase.
func (p *parser) ownLua(b *Block, tag string) *LuaHandler {
	x := *b
	x.Parent = nil
	return p.lookupLua(&x, tag)
}

func (p *parser) resolveServer(s *Server) {
	b := &s.Block
	s.ServerRewriteByLua = p.lookupLua(b, "server_rewrite_by_lua")
	s.SSLClientHelloByLua = p.lookupLua(b, "ssl_client_hello_by_lua")
	s.SSLCertificateByLua = p.lookupLua(b, "ssl_certificate_by_lua")
	s.SSLSessionStoreByLua = p.lookupLua(b, "ssl_session_store_by_lua")
	s.SSLSessionFetchByLua = p.lookupLua(b, "ssl_session_fetch_by_lua")
	s.ClientHeaderBufferSize = sizeOf(b, "client_header_buffer_size", 1024)
	s.LargeClientHeaderBuffers = LargeBuffers{Num: 4, Size: 8192}
	if d := b.Lookup("large_client_header_buffers"); d != nil {
		n, _ := ParseSize(d.Args[1])
		s.LargeClientHeaderBuffers = LargeBuffers{Num: int(atoi(d.Args[0])), Size: n}
	}
	s.ClientHeaderTimeout = msecOf(b, "client_header_timeout", 60*time.Second)
	s.MergeSlashes = flagOf(b, "merge_slashes", true)
	s.UnderscoresInHeaders = flagOf(b, "underscores_in_headers", false)
	s.IgnoreInvalidHeaders = flagOf(b, "ignore_invalid_headers", true)
	if len(s.Names) == 0 {
		s.Names = []ServerName{{Name: ""}}
	}
	s.Script.Log = s.Location.RewriteLog
}

func resolveLuaMain(h *HTTP) {
	b := &h.Block
	lua := &h.Lua
	lua.PackagePath = strOf(b, "lua_package_path", "")
	lua.PackageCPath = strOf(b, "lua_package_cpath", "")
	lua.MaxPendingTimers = numOf(b, "lua_max_pending_timers", 1024)
	lua.MaxRunningTimers = numOf(b, "lua_max_running_timers", 256)
	lua.RegexCacheMaxEntries = numOf(b, "lua_regex_cache_max_entries", 1024)
	lua.RegexMatchLimit = numOf(b, "lua_regex_match_limit", 0)
	lua.CaptureErrorLog = sizeOf(b, "lua_capture_error_log", 0)
	lua.SARestart = flagOf(b, "lua_sa_restart", true)
	lua.MallocTrim = numOf(b, "lua_malloc_trim", 1000)
	lua.WorkerThreadVMPoolSize = numOf(b, "lua_worker_thread_vm_pool_size", 100)
	lua.ThreadCacheMaxEntries = numOf(b, "lua_thread_cache_max_entries", 1024)
	lua.RewriteNoPostpone = flagOf(b, "rewrite_by_lua_no_postpone", false)
	lua.AccessNoPostpone = flagOf(b, "access_by_lua_no_postpone", false)
	luaRequires(b.Directives, &lua.Requires)
}
