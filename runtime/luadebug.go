package runtime

import (
	"strconv"

	"gresty/ngxshim"
	"gresty/runtime/config"
)

// ngx_lua logs a debug line each time one of its phase handlers or output
// filters is entered. A handler or filter is installed when some directive
// of the configuration needs it (config.LuaRequires), and then it is entered
// for every request, with Lua code for its phase or not, so the lines show
// which ones a configuration installs.
//
// gresty writes them for main requests only: a subrequest whose main request
// was aborted can still be running after the connection is gone (nginx
// finalizes it with its main request), and its log context would read the
// connection.

// luaPhaseDebug logs the entry of ngx_lua's rewrite, access, content or log
// handler ("lua rewrite handler, uri:"/t" c:1") when the configuration
// installs it; the content handler is installed per location, so the caller
// says when it runs. c is nginx's reference count of the main request, here
// one plus the ngx.location.capture calls it waits for (nginx counts each
// subrequest of a capture_multi).
func (r *request) luaPhaseDebug(phase string) {
	req := r.e.luaRequires()
	switch phase {
	case "rewrite":
		if !req.Rewrite {
			return
		}
	case "access":
		if !req.Access {
			return
		}
	case "log":
		if !req.Log {
			return
		}
	}
	if !r.isMain() || !r.e.log.Enabled(ngxshim.LogDebug) {
		return
	}
	r.logAt(ngxshim.LogDebug, "lua "+phase+" handler, uri:\""+r.uri+"\" c:"+strconv.Itoa(1+r.main.capturing))
}

// luaHeaderFilterDebug logs the entry of ngx_lua's header filters: the one
// running header_filter_by_lua and ngx.location.capture's.
func (r *request) luaHeaderFilterDebug() {
	req := r.e.luaRequires()
	if !req.HeaderFilter && !req.CaptureFilter || !r.isMain() || !r.e.log.Enabled(ngxshim.LogDebug) {
		return
	}
	if req.HeaderFilter {
		r.logAt(ngxshim.LogDebug, "lua header filter for user lua code, uri \""+r.uri+"\"")
	}
	if req.CaptureFilter {
		r.logAt(ngxshim.LogDebug, "lua capture header filter, uri \""+r.uri+"\"")
	}
}

// luaBodyFilterDebug logs the entry of ngx_lua's body filters: the one
// running body_filter_by_lua and ngx.location.capture's.
func (r *request) luaBodyFilterDebug() {
	req := r.e.luaRequires()
	if !req.BodyFilter && !req.CaptureFilter || !r.isMain() || !r.e.log.Enabled(ngxshim.LogDebug) {
		return
	}
	if req.BodyFilter {
		r.logAt(ngxshim.LogDebug, "lua body filter for user lua code, uri \""+r.uri+"\"")
	}
	if req.CaptureFilter {
		r.logAt(ngxshim.LogDebug, "lua capture body filter, uri \""+r.uri+"\"")
	}
}

// noLuaRequires is what a configuration without an http block installs.
var noLuaRequires config.LuaRequires

// luaRequires is what ngx_lua installs for the engine's configuration.
func (e *Engine) luaRequires() *config.LuaRequires {
	if e.cfg.HTTP == nil {
		return &noLuaRequires
	}
	return &e.cfg.HTTP.Lua.Requires
}
