package ngxshim

import (
	lua "github.com/yuin/gopher-lua"

	"gresty/cosocket"
)

// SocketHost is what cosockets need from the engine beyond Host; the
// engine's Host implements it. Without it cosockets run with ngx_lua's
// default settings.
type SocketHost interface {
	// SocketConfig returns the cosocket settings in effect where L runs:
	// the location of its request, else the http block's.
	SocketConfig(L *lua.LState) *cosocket.Config
	// CosocketsEverywhere reports whether gresty's lua_cosocket_everywhere
	// lets cosockets run where L runs, in init_by_lua, init_worker_by_lua,
	// set_by_lua, header_filter_by_lua, body_filter_by_lua and log_by_lua.
	CosocketsEverywhere(L *lua.LState) bool
	// LogGlobal writes an error_log line without request context; any
	// goroutine may call it.
	LogGlobal(level int, msg string)
	// LogEnabled reports whether lines of level are written at all.
	LogEnabled(level int) bool
}

// SocketRequest is what ngx.req.socket needs from a request; the engine's
// requests implement it.
type SocketRequest interface {
	cosocket.RequestConn
	// ChunkedBody reports whether the request body is chunked.
	ChunkedBody() bool
}
