package ngxshim

import (
	lua "github.com/yuin/gopher-lua"
)

// resty.core.base: what libraries take from lua-resty-core's base module.
// The FFI buffers (get_string_buf, get_size_ptr, get_errmsg_ptr) have no
// meaning without LuaJIT's FFI and fail when called.

// The FFI status codes of ngx_lua (ngx_http_lua_common.h), as base exports
// them.
var restyFFICodes = map[string]int{
	"FFI_OK": 0, "FFI_NO_REQ_CTX": -100, "FFI_BAD_CONTEXT": -101, "FFI_ERROR": -1,
	"FFI_AGAIN": -2, "FFI_BUSY": -3, "FFI_DONE": -4, "FFI_DECLINED": -5,
}

// restyStrBufSize is base's default string buffer size.
const restyStrBufSize = 4096

func (a *api) restyCoreBase(L *lua.LState) *lua.LTable {
	t := L.NewTable()
	t.RawSetString("version", lua.LString(RestyCoreVersion))
	for k, v := range restyFFICodes {
		t.RawSetString(k, lua.LNumber(v))
	}
	// new_tab and clear_tab are table.new and table.clear, as base takes
	// them from LuaJIT.
	for field, mod := range map[string]string{"new_tab": "table.new", "clear_tab": "table.clear"} {
		if f, ok := preloadedValue(L, mod).(*lua.LFunction); ok {
			t.RawSetString(field, f)
		}
	}
	bufSize := restyStrBufSize
	L.SetFuncs(t, map[string]lua.LGFunction{
		"get_request": a.getRequest,
		"allows_subsystem": func(L *lua.LState) int {
			for i := 1; i <= L.GetTop(); i++ {
				if s, ok := L.Get(i).(lua.LString); ok && s == "http" {
					return 0
				}
			}
			raiseCaller(L, "unsupported subsystem: http")
			return 0
		},
		"ref_in_table": refInTable,
		"set_string_buf_size": func(L *lua.LState) int {
			size := checkNumber(L, 1, "set_string_buf_size")
			if size > 0 {
				bufSize = int(size)
				if float64(bufSize) < size {
					bufSize++
				}
			}
			return 0
		},
		"get_string_buf_size": func(L *lua.LState) int {
			L.Push(lua.LNumber(bufSize))
			return 1
		},
		"get_string_buf": unsupportedFunc("resty.core.base.get_string_buf"),
		"get_size_ptr":   unsupportedFunc("resty.core.base.get_size_ptr"),
		"get_errmsg_ptr": unsupportedFunc("resty.core.base.get_errmsg_ptr"),
	})
	return t
}

// requestHandle is what base.get_request returns: a handle on the request
// (or the fake request of a timer, init_worker or exit_worker run) that L
// runs for. Libraries only test it for truth or pass it back.
type requestHandle struct{ ctx *Ctx }

// getRequest is base.get_request: the current request, or nil in
// init_by_lua and outside any context, where ngx_lua has no request either.
func (a *api) getRequest(L *lua.LState) int {
	c := a.h.Current(L)
	if c == nil || c.Phase == PhaseInit {
		L.Push(lua.LNil)
		return 1
	}
	ud := L.NewUserData()
	ud.Value = requestHandle{c}
	L.Push(ud)
	return 1
}

// refInTable is base.ref_in_table(tb, key): stores key in tb under a free
// integer reference (from the free list at tb[0], else #tb+1) and returns
// it; -1 for a nil key.
func refInTable(L *lua.LState) int {
	tb := L.CheckTable(1)
	key := L.Get(2)
	if key == lua.LNil {
		L.Push(lua.LNumber(-1))
		return 1
	}
	freeList := lua.LNumber(0)
	ref := tb.RawGet(freeList)
	if n, isNum := ref.(lua.LNumber); lua.LVAsBool(ref) && (!isNum || n != 0) {
		tb.RawSet(freeList, tb.RawGet(ref))
	} else {
		ref = lua.LNumber(tb.Len() + 1)
	}
	tb.RawSet(ref, key)
	L.Push(ref)
	return 1
}

// preloadedValue returns package.loaded[name] when it is loaded, else what
// the package.preload loader of name returns, or nil.
func preloadedValue(L *lua.LState, name string) lua.LValue {
	if loaded, ok := L.GetField(L.Get(lua.RegistryIndex), "_LOADED").(*lua.LTable); ok {
		if v := loaded.RawGetString(name); v != lua.LNil {
			return v
		}
	}
	loader, ok := L.GetField(L.GetField(L.GetGlobal("package"), "preload"), name).(*lua.LFunction)
	if !ok {
		return lua.LNil
	}
	if err := L.CallByParam(lua.P{Fn: loader, NRet: 1, Protect: true}, lua.LString(name)); err != nil {
		return lua.LNil
	}
	v := L.Get(-1)
	L.Pop(1)
	return v
}
