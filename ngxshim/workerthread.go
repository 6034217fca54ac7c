package ngxshim

import (
	"errors"
	"strconv"

	lua "github.com/yuin/gopher-lua"

	"gresty/lua51compat"
)

// ngx.run_worker_thread (ngx_http_lua_worker_thread.c): a function of a
// module runs in a Lua VM of its own on a thread of a thread_pool, while the
// calling Lua thread waits. Arguments and results are copied between the
// VMs, so only nil, booleans, numbers, strings, NULL and tables of those
// travel.

// WorkerThreadRunner is a Host that runs worker-thread tasks.
type WorkerThreadRunner interface {
	// HasThreadPool reports whether a thread_pool named name is configured.
	HasThreadPool(name string) bool
	// RunWorkerThread runs module.fn(args...) in a worker-thread VM of pool
	// and waits for it, with the baton released. It returns what
	// ngx.run_worker_thread returns: true and the results, or false and a
	// message.
	RunWorkerThread(L *lua.LState, pool, module, fn string, args []lua.LValue) []lua.LValue
}

func (a *api) openWorkerThread(L *lua.LState) {
	a.ngx.RawSetString("run_worker_thread", L.NewFunction(a.runWorkerThread))
}

func (a *api) runWorkerThread(L *lua.LState) int {
	c := a.h.Current(L)
	if c == nil || c.Phase == PhaseInit {
		raiseC(L, "no request found")
	}
	phaseCheck(L, c, PhasesYieldable)
	n := L.GetTop()
	fail := func(msg string) int {
		L.Push(lua.LFalse)
		L.Push(lua.LString(msg))
		return 2
	}
	if n < 3 {
		return fail("expecting at least 3 arguments")
	}
	pool, ok := toLString(L.Get(1))
	if !ok {
		return fail("threadpool should be a string")
	}
	wt, ok := a.h.(WorkerThreadRunner)
	if !ok || !wt.HasThreadPool(pool) {
		return fail("thread pool " + pool + " not found")
	}
	mod, ok := toLString(L.Get(2))
	if !ok {
		return fail("module name should be a string")
	}
	fn, ok := toLString(L.Get(3))
	if !ok {
		return fail("function name should be a string")
	}
	res := wt.RunWorkerThread(L, pool, mod, fn, argsFrom(L, 4))
	for _, v := range res {
		L.Push(v)
	}
	return len(res)
}

// toLString is lua_tolstring: strings, and numbers as LuaJIT formats them.
func toLString(v lua.LValue) (string, bool) {
	switch v := v.(type) {
	case lua.LString:
		return string(v), true
	case lua.LNumber:
		return lua51compat.ToString(v), true
	}
	return "", false
}

// maxCopyDepth is how deep ngx_lua follows nested tables when it copies a
// value between VMs (LUA_COPY_MAX_DEPTH).
const maxCopyDepth = 100

// ValueCopier copies values from one VM to another as ngx_lua's
// ngx_http_lua_xcopy does.
type ValueCopier struct {
	// To creates the tables of the copy.
	To *lua.LState
	// FromNull and ToNull are the NULL light userdata of each side (ngx.null,
	// cjson.null), which is copied as such.
	FromNull, ToNull lua.LValue
}

// Copy returns a copy of v. A nil is allowed at the top level only (as an
// argument or result, not inside a table).
func (c *ValueCopier) Copy(v lua.LValue, allowNil bool) (lua.LValue, error) {
	return c.copy(v, allowNil, 1)
}

func (c *ValueCopier) copy(v lua.LValue, allowNil bool, depth int) (lua.LValue, error) {
	switch v := v.(type) {
	case lua.LBool, lua.LNumber, lua.LString:
		return v, nil
	case *lua.LNilType:
		if allowNil {
			return lua.LNil, nil
		}
		return nil, errors.New("unsupported Lua type: LUA_TNIL")
	case *lua.LTable:
		if depth >= maxCopyDepth {
			return nil, errors.New("suspicious circular references, table depth exceed max depth: " + strconv.Itoa(maxCopyDepth))
		}
		t := c.To.NewTable()
		var err error
		v.ForEach(func(k, val lua.LValue) {
			if err != nil {
				return
			}
			var ck, cv lua.LValue
			if ck, err = c.copy(k, false, depth+1); err != nil {
				return
			}
			if cv, err = c.copy(val, false, depth+1); err != nil {
				return
			}
			t.RawSet(ck, cv)
		})
		if err != nil {
			return nil, err
		}
		return t, nil
	case *lua.LFunction:
		return nil, errors.New("unsupported Lua type: LUA_TFUNCTION")
	case *lua.LUserData:
		if c.FromNull != nil && lua.LValue(v) == c.FromNull && c.ToNull != nil {
			return c.ToNull, nil
		}
		return nil, errors.New("unsupported Lua type: LUA_TUSERDATA")
	case *lua.LState:
		return nil, errors.New("unsupported Lua type: LUA_TTHREAD")
	}
	return nil, errors.New("unsupported Lua type")
}

// OpenWorkerThreadAPI installs the ngx table of a worker-thread VM. ngx_lua
// gives such a VM its C string, config and shared-dict APIs, then requires
// lua-resty-core's regex, hash, base64 and shdict modules, which bring in
// resty.core.time and resty.core.phase; so the VM has the codecs but not
// escape_uri and unescape_uri (resty.core.uri), the time functions,
// get_phase, ngx.config, ngx.shared and ngx.re, and nothing that needs a
// request.
func OpenWorkerThreadAPI(L *lua.LState, h Host) {
	a := &api{h: h, ngx: L.NewTable()}
	a.null = WorkerThreadNull(L).(*lua.LUserData)
	a.openCodec(L)
	a.ngx.RawSetString("escape_uri", lua.LNil)
	a.ngx.RawSetString("unescape_uri", lua.LNil)
	L.SetFuncs(a.ngx, a.timeFuncs())
	a.ngx.RawSetString("get_phase", L.NewFunction(a.getPhase))
	a.ngx.RawSetString("get_raw_phase", L.NewFunction(a.getRawPhase))
	a.openConfig(L)
	a.openShdict(L, hostSharedDicts(h))
	L.SetGlobal("ngx", a.ngx)
	openRegex(L, a.ngx, hostRegexConfig(a))
	a.openWorkerThreadRestyCore(L)
}

// workerThreadRestyCore are the lua-resty-core modules a worker-thread VM
// of ngx_lua has loaded: the four it requires and what they require.
var workerThreadRestyCore = map[string]bool{
	"resty.core.base": true, "resty.core.base64": true, "resty.core.hash": true,
	"resty.core.phase": true, "resty.core.regex": true, "resty.core.shdict": true,
	"resty.core.time": true,
}

// openWorkerThreadRestyCore registers the native resty.core modules as the
// main VMs do, leaves loaded only those ngx_lua's worker-thread VM has
// loaded (the others load on require), and loads resty.lrucache, which
// resty.core.regex requires.
func (a *api) openWorkerThreadRestyCore(L *lua.LState) {
	a.openRestyCore(L)
	loaded, ok := L.GetField(L.Get(lua.RegistryIndex), "_LOADED").(*lua.LTable)
	if !ok {
		return
	}
	for _, name := range restyCoreLoaded {
		if !workerThreadRestyCore[name] {
			loaded.RawSetString(name, lua.LNil)
		}
	}
	// A missing lua-resty-lrucache fails resty.core.regex in ngx_lua, and
	// with it the VM; here ngx.re does not need it, so the VM stays.
	_ = L.CallByParam(lua.P{Fn: L.GetGlobal("require"), NRet: 0, Protect: true}, lua.LString("resty.lrucache"))
}

// WorkerThreadNull returns the NULL light userdata of a worker-thread VM
// (what its cjson.null is).
func WorkerThreadNull(L *lua.LState) lua.LValue {
	if v, ok := L.GetField(L.Get(lua.RegistryIndex), workerThreadNullKey).(*lua.LUserData); ok {
		return v
	}
	ud := L.NewUserData()
	L.SetField(L.Get(lua.RegistryIndex), workerThreadNullKey, ud)
	return ud
}

const workerThreadNullKey = "gresty.worker_thread.null"
