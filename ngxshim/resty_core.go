package ngxshim

import (
	"strings"
	"time"

	lua "github.com/yuin/gopher-lua"

	"gresty/lua51compat"
)

// OpenResty's Lua side, native. ngx_lua 0.10.23 loads lua-resty-core at
// start-up, whose modules rebuild the ngx API on LuaJIT's FFI; gresty's ngx
// API is native already and there is no FFI, so the resty.core modules are
// native tables that load (and are loaded, as in OpenResty) without doing
// anything, and the ngx.* modules of lua-resty-core are implemented here.
// All of them are registered in package.preload, which require consults
// first, so a lua-resty-core found on package.path is never loaded over
// them. gluahttp's "http" module (httpmod.go) is registered there too.

// RestyCoreVersion is the lua-resty-core release the modules stand for
// (Debian's, matching ngx_lua 0.10.23).
const RestyCoreVersion = "0.1.25"

// restyCoreLoaded are the resty.core modules OpenResty has loaded when a
// handler runs (package.loaded on the reference nginx).
var restyCoreLoaded = []string{
	"resty.core.base", "resty.core.base64", "resty.core.coroutine", "resty.core.ctx",
	"resty.core.exit", "resty.core.hash", "resty.core.misc", "resty.core.ndk",
	"resty.core.param", "resty.core.phase", "resty.core.regex", "resty.core.request",
	"resty.core.response", "resty.core.shdict", "resty.core.socket", "resty.core.time",
	"resty.core.uri", "resty.core.utils", "resty.core.var", "resty.core.worker",
	"resty.core",
}

// openRestyCore registers the native modules in package.preload and marks
// what OpenResty loads at start-up as loaded: resty.core with all its
// modules, and the table.new and table.clear they require.
func (a *api) openRestyCore(L *lua.LState) {
	pkg, ok := L.GetGlobal("package").(*lua.LTable)
	if !ok {
		return
	}
	preload, ok := pkg.RawGetString("preload").(*lua.LTable)
	if !ok {
		return
	}
	loaded, ok := L.GetField(L.Get(lua.RegistryIndex), "_LOADED").(*lua.LTable)
	if !ok {
		return
	}
	modules := map[string]func(L *lua.LState) *lua.LTable{
		"resty.core":       a.restyCoreModule("version"),
		"resty.core.base":  a.restyCoreBase,
		"resty.core.ctx":   a.restyCoreCtx,
		"resty.core.misc":  a.restyCoreMisc,
		"resty.core.regex": a.restyCoreRegex,
		"resty.core.request": a.restyCoreWith(map[string]lua.LGFunction{
			"set_req_header": a.setReqHeader,
		}),
		"resty.core.response": a.restyCoreWith(map[string]lua.LGFunction{
			"set_resp_header": a.setRespHeader,
		}),
		"resty.core.time": a.restyCoreWith(map[string]lua.LGFunction{
			"monotonic_msec": a.monotonicMsec,
			"monotonic_time": a.monotonicTime,
		}),
		"resty.core.utils": a.restyCoreWith(map[string]lua.LGFunction{
			"str_replace_char": strReplaceChar,
		}),
		"resty.core.worker":   a.restyCoreModule("_VERSION"),
		"ngx.semaphore":       a.semaphoreModule,
		"ngx.process":         a.processModule,
		"ngx.errlog":          a.errlogModule,
		"ngx.base64":          base64Module,
		"ngx.resp":            a.respModule,
		"ngx.req":             a.reqModule,
		"ngx.balancer":        a.balancerModule,
		"ngx.ssl":             a.sslModule,
		"ngx.ssl.session":     unsupportedModule("ngx.ssl.session", sslSessionFuncs, nil),
		"ngx.ssl.clienthello": a.sslClientHelloModule,
		"ngx.ocsp":            unsupportedModule("ngx.ocsp", ocspFuncs, nil),
		"ngx.pipe":            unsupportedModule("ngx.pipe", pipeFuncs, nil),
		// Not OpenResty's: gluahttp, for scripts written for gopher-lua.
		"http": a.httpModule,
	}
	for _, name := range restyCoreLoaded {
		if _, ok := modules[name]; !ok {
			modules[name] = a.restyCoreModule("version")
		}
	}
	for name, build := range modules {
		var mod *lua.LTable
		preload.RawSetString(name, L.NewFunction(func(L *lua.LState) int {
			// One table per VM, however often the module is required
			// after package.loaded forgot it.
			if mod == nil {
				mod = build(L)
			}
			L.Push(mod)
			return 1
		}))
	}
	for _, name := range []string{"table.new", "table.clear"} {
		requirePreloaded(L, preload, loaded, name)
	}
	for _, name := range restyCoreLoaded {
		requirePreloaded(L, preload, loaded, name)
	}
}

// requirePreloaded does what require does for a module found in
// package.preload, from Go, while the VM is being built.
func requirePreloaded(L *lua.LState, preload, loaded *lua.LTable, name string) {
	if loaded.RawGetString(name) != lua.LNil {
		return
	}
	loader, ok := preload.RawGetString(name).(*lua.LFunction)
	if !ok {
		return
	}
	if err := L.CallByParam(lua.P{Fn: loader, NRet: 1, Protect: true}, lua.LString(name)); err != nil {
		return
	}
	v := L.Get(-1)
	L.Pop(1)
	if v == lua.LNil {
		v = lua.LTrue
	}
	loaded.RawSetString(name, v)
}

// raiseCaller raises msg at the position of the Lua code calling the
// running function, as error(msg, 2) in a lua-resty-core function does.
func raiseCaller(L *lua.LState, msg string) {
	L.Error(lua.LString(lua51compat.CallerWhere(L)+msg), 0)
}

// raisePlain raises msg without a position: lua-resty-core raises it with
// error(msg) inside its own file, whose name and line gresty does not have.
func raisePlain(L *lua.LState, msg string) {
	L.Error(lua.LString(msg), 0)
}

// restyCoreModule returns a builder of a module table holding only the
// version, under the key the real module uses.
func (a *api) restyCoreModule(versionKey string) func(L *lua.LState) *lua.LTable {
	return func(L *lua.LState) *lua.LTable {
		t := L.NewTable()
		t.RawSetString(versionKey, lua.LString(RestyCoreVersion))
		return t
	}
}

// restyCoreWith returns a builder of a module table with the version and
// funcs.
func (a *api) restyCoreWith(funcs map[string]lua.LGFunction) func(L *lua.LState) *lua.LTable {
	return func(L *lua.LState) *lua.LTable {
		t := L.NewTable()
		t.RawSetString("version", lua.LString(RestyCoreVersion))
		L.SetFuncs(t, funcs)
		return t
	}
}

// restyCoreCtx is resty.core.ctx: get_ctx_table returns the request's
// ngx.ctx, installing the given table when there is none yet.
func (a *api) restyCoreCtx(L *lua.LState) *lua.LTable {
	t := L.NewTable()
	t.RawSetString("_VERSION", lua.LString(RestyCoreVersion))
	t.RawSetString("get_ctx_table", L.NewFunction(func(L *lua.LState) int {
		c := a.h.Current(L)
		if c == nil {
			raisePlain(L, "no request found")
		}
		if c.Table == nil {
			if tb, ok := L.Get(1).(*lua.LTable); ok {
				c.Table = tb
			} else {
				c.Table = L.NewTable()
			}
		}
		L.Push(c.Table)
		return 1
	}))
	return t
}

// restyCoreMisc is resty.core.misc, whose hooks into the ngx table's
// computed fields have no native counterpart.
func (a *api) restyCoreMisc(L *lua.LState) *lua.LTable {
	t := L.NewTable()
	t.RawSetString("_VERSION", lua.LString(RestyCoreVersion))
	for _, fn := range []string{"register_ngx_magic_key_getter", "register_ngx_magic_key_setter"} {
		t.RawSetString(fn, L.NewFunction(unsupportedFunc("resty.core.misc."+fn)))
	}
	return t
}

// restyCoreRegex is resty.core.regex: its exports are the internals of
// lua-resty-core's ngx.re over PCRE through the FFI; gresty's ngx.re is
// native.
func (a *api) restyCoreRegex(L *lua.LState) *lua.LTable {
	t := L.NewTable()
	t.RawSetString("version", lua.LString(RestyCoreVersion))
	for _, fn := range []string{"check_buf_size", "collect_captures", "destroy_compiled_regex",
		"is_regex_cache_empty", "re_match_compile", "re_sub_compile", "set_buf_grow_ratio"} {
		t.RawSetString(fn, L.NewFunction(unsupportedFunc("resty.core.regex."+fn)))
	}
	return t
}

// monotonicBase is the origin of the monotonic clock.
var monotonicBase = time.Now()

// monotonicMsec is resty.core.time.monotonic_msec: milliseconds of a
// monotonic clock, as of the worker's cached time.
func (a *api) monotonicMsec(L *lua.LState) int {
	L.Push(lua.LNumber(a.h.Now().Sub(monotonicBase).Milliseconds()))
	return 1
}

// monotonicTime is resty.core.time.monotonic_time: monotonic_msec in
// seconds.
func (a *api) monotonicTime(L *lua.LState) int {
	L.Push(lua.LNumber(float64(a.h.Now().Sub(monotonicBase).Milliseconds()) / 1000))
	return 1
}

// strReplaceChar is resty.core.utils.str_replace_char(str, find, replace):
// every byte find[1] of str replaced by replace[1].
func strReplaceChar(L *lua.LState) int {
	s := L.CheckString(1)
	find := L.CheckString(2)
	repl := L.CheckString(3)
	if find == "" || !strings.Contains(s, find) {
		L.Push(lua.LString(s))
		return 1
	}
	if repl == "" {
		argError(L, 3, "str_replace_char", "non-empty string expected")
	}
	L.Push(lua.LString(strings.ReplaceAll(s, find[:1], repl[:1])))
	return 1
}
