package config

import (
	"strconv"
	"strings"
)

// LuaKind says where a Lua handler's code comes from.
type LuaKind int

// The Lua handler kinds.
const (
	// LuaKindBlock is code written in a *_by_lua_block { ... }.
	LuaKindBlock LuaKind = iota
	// LuaKindString is code written as the quoted argument of *_by_lua.
	LuaKindString
	// LuaKindFile is code read from a file (*_by_lua_file).
	LuaKindFile
)

// String names the kind.
func (k LuaKind) String() string {
	switch k {
	case LuaKindBlock:
		return "block"
	case LuaKindString:
		return "string"
	case LuaKindFile:
		return "file"
	}
	return "unknown"
}

// LuaHandler is the Lua code one *_by_lua* directive attaches to a phase.
type LuaHandler struct {
	// Phase is the handler's phase in ngx_lua's words: "init_by_lua",
	// "init_worker_by_lua", "exit_worker_by_lua", "set_by_lua",
	// "server_rewrite_by_lua", "rewrite_by_lua", "access_by_lua",
	// "content_by_lua", "header_filter_by_lua", "body_filter_by_lua",
	// "log_by_lua", "balancer_by_lua", "ssl_client_hello_by_lua",
	// "ssl_certificate_by_lua", "ssl_session_store_by_lua" or
	// "ssl_session_fetch_by_lua".
	Phase string
	// Directive is the directive as written, e.g. "content_by_lua_block".
	Directive string
	Kind      LuaKind
	// Source is the Lua code of block and string handlers, verbatim.
	Source string
	// File is the path of a file handler as written; it may contain
	// variables, which the engine evaluates per request.
	File *ComplexValue
	// Path is the file handler's path rebased on the prefix as ngx_lua
	// does, when File has no variables.
	Path string
	// ChunkName is the name to load the code under, as ngx_lua names
	// it: "=content_by_lua(nginx.conf:12)" for inline code (the "="
	// means "use verbatim"), "@" + Path for a file, and empty when the
	// path has variables (the engine then uses "@" + the evaluated path).
	ChunkName string
	// Line is the configuration line ChunkName refers to: the line of
	// the block's "{", or of the ";" ending a string or file directive.
	Line int
	// ConfFile is the configuration file the directive is in.
	ConfFile string
	// Var is set_by_lua's target variable, without "$".
	Var string
	// Args are set_by_lua's extra arguments, evaluated per request and
	// passed to the code as ngx.arg.
	Args []*ComplexValue
}

// ljChunkNameMax is LJ_CHUNKNAME_MAX_LEN: ngx_lua shortens the file part of
// a chunk name so that the whole name fits LuaJIT's error messages.
const ljChunkNameMax = 56

// luaChunkName builds the chunk name of inline Lua code as
// ngx_http_lua_gen_chunk_name does: "=tag(file:line)", where file is
// "nginx.conf" for any file of that name, the path relative to the conf
// prefix for files under it, and the full path otherwise, shortened from
// the left with "..." when too long.
func luaChunkName(tag string, tagLen int, file, confPrefix string, line int) string {
	lineStr := strconv.Itoa(line)
	reserve := tagLen + len(lineStr)
	name, pre := file, ""
	switch {
	case len(file) >= 11 && strings.HasSuffix(file, "/nginx.conf"):
		name = "nginx.conf"
	case len(confPrefix) < len(file) && strings.HasPrefix(file, confPrefix):
		name = file[len(confPrefix):]
		if len(name)+reserve > ljChunkNameMax {
			name = file[len(file)-(ljChunkNameMax-reserve-3):]
			pre = "..."
		}
	case len(file)+reserve > ljChunkNameMax:
		name = file[len(file)-(ljChunkNameMax-reserve-3):]
		pre = "..."
	}
	// ngx_lua prints tagLen bytes of the tag; where tagLen overshoots
	// (ssl_client_hello_by_lua) it copies the tag's terminating NUL,
	// which ends the name there once it is used as a C string.
	if tagLen > len(tag) {
		return "=" + tag
	}
	return "=" + tag + "(" + pre + name + ":" + lineStr + ")"
}

// luaTagLen is the tag length ngx_lua passes for each phase; it is the tag's
// own length except for ssl_client_hello_by_lua, where a typo in ngx_lua
// 0.10.23 makes it one longer.
func luaTagLen(tag string) int {
	if tag == "ssl_client_hello_by_lua" {
		return len(tag) + 1
	}
	return len(tag)
}

// rebasePath resolves a relative path against the prefix as
// ngx_get_full_name does.
func rebasePath(prefix, p string) string {
	if strings.HasPrefix(p, "/") {
		return p
	}
	return prefix + p
}
