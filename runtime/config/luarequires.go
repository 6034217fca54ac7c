package config

import (
	"strconv"
	"strings"
)

// LuaRequires says which of ngx_lua's request handlers and output filters
// the configuration installs. ngx_lua registers a phase handler or filter
// only when a directive needing it appears somewhere in the http block, and
// then it runs for every request (logging its debug line) whether or not the
// request's location has Lua code for it.
type LuaRequires struct {
	// Rewrite and Access: rewrite_by_lua* and access_by_lua*.
	Rewrite bool
	Access  bool
	// Log: log_by_lua*, or a lua_malloc_trim with a non-zero count.
	Log bool
	// HeaderFilter: header_filter_by_lua* or body_filter_by_lua*;
	// BodyFilter: body_filter_by_lua*.
	HeaderFilter bool
	BodyFilter   bool
	// CaptureFilter: ngx.location.capture's filters, installed with any
	// of server_rewrite_by_lua*, rewrite_by_lua*, access_by_lua* and
	// content_by_lua*.
	CaptureFilter bool
}

// luaRequires walks the http block's directives, nested blocks included.
func luaRequires(ds []*Directive, req *LuaRequires) {
	for _, d := range ds {
		kind, form, isLua := strings.Cut(d.Name, "_by_lua")
		if form != "" && form != "_block" && form != "_file" {
			isLua = false // rewrite_by_lua_no_postpone and the like
		}
		switch {
		case !isLua:
			if d.Name == "lua_malloc_trim" && len(d.Args) == 1 {
				if n, err := strconv.Atoi(d.Args[0]); err == nil && n > 0 {
					req.Log = true
				}
			}
		case kind == "rewrite":
			req.Rewrite, req.CaptureFilter = true, true
		case kind == "access":
			req.Access, req.CaptureFilter = true, true
		case kind == "server_rewrite" || kind == "content":
			req.CaptureFilter = true
		case kind == "log":
			req.Log = true
		case kind == "header_filter":
			req.HeaderFilter = true
		case kind == "body_filter":
			req.BodyFilter, req.HeaderFilter = true, true
		}
		luaRequires(d.Block, req)
	}
}
