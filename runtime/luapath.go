package runtime

import (
	"os"
	"strings"
)

// packagePaths are the worker VMs' package.path and package.cpath, built as
// ngx_lua builds them on LuaJIT: LuaJIT starts from LUA_PATH and LUA_CPATH
// (each ";;" in them standing for its built-in path) or from its built-in
// paths; the module prepends its own default path (the reference's:
// /usr/share/lua/5.1/?.lua, to package.path only); lua_package_path and
// lua_package_cpath, when set, replace the result, each ";;" in them
// standing for it.
func (e *Engine) packagePaths() (path, cpath string) {
	path, cpath = DefaultLuaPath, DefaultLuaCPath
	if v, ok := os.LookupEnv("LUA_PATH"); ok {
		path = luajitPath(v, DefaultLuaPath)
	}
	if v, ok := os.LookupEnv("LUA_CPATH"); ok {
		cpath = luajitPath(v, DefaultLuaCPath)
	}
	path = strings.TrimSuffix(NoConfLuaPath, DefaultLuaPath) + path
	lm := e.luaMain()
	if lm.PackagePath != "" {
		path = e.expandPath(lm.PackagePath, path)
	}
	if lm.PackageCPath != "" {
		cpath = e.expandPath(lm.PackageCPath, cpath)
	}
	return path, cpath
}

// luajitPath is LuaJIT's setpath for a path from the environment: every ";;"
// becomes the built-in path between separators.
func luajitPath(env, def string) string {
	return strings.ReplaceAll(env, ";;", ";"+def+";")
}
