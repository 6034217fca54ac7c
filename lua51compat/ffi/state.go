package ffi

import (
	lua "github.com/yuin/gopher-lua"

	"gresty/lua51compat"
	"gresty/lua51compat/parse"
)

// ffiState is the FFI state of one VM: its C types, address space, cdata
// metatable, metatypes, loaded libraries, errno and finalizer queue. It is
// used only by the goroutine holding the VM, except for the finalizer queue.
type ffiState struct {
	tt        *typeTable
	as        addrSpace
	mt        *lua.LTable
	clibMT    *lua.LTable
	metatypes map[*ctype]*lua.LTable
	clibs     map[string]*lua.LUserData
	cC        *lua.LUserData
	module    *lua.LTable
	errno     int
	fin       finalizerQueue
	typeCache map[string]*ctype
	strCache  map[string]*allocation
}

// registryKey is where Preload keeps the ffiState in the Lua registry.
const registryKey = "gresty.ffi.state"

// Preload registers the ffi module in package.preload, so require "ffi"
// returns it, and prepares the global functions that must know about
// cdata: type (which returns "cdata" for them), tonumber (which converts
// number cdata) and the bit library (which works on 64-bit cdata), and
// makes 123LL/123ULL literals int64_t/uint64_t cdata. Call it
// once per VM, after lua51compat.OpenLibs and lua51compat.Preload.
func Preload(L *lua.LState) {
	s := &ffiState{
		tt:        newTypeTable(),
		metatypes: make(map[*ctype]*lua.LTable),
		clibs:     make(map[string]*lua.LUserData),
		typeCache: make(map[string]*ctype),
		strCache:  make(map[string]*allocation),
	}
	s.fin.init()
	s.mt = s.newCdataMeta(L)
	s.clibMT = s.newClibMeta(L)
	ud := L.NewUserData()
	ud.Value = s
	L.G.Registry.RawSetString(registryKey, ud)
	if ptab, ok := L.GetField(L.GetGlobal("package"), "preload").(*lua.LTable); ok {
		ptab.RawSetString("ffi", L.NewFunction(func(L *lua.LState) int {
			L.Push(s.moduleTable(L))
			return 1
		}))
	}
	s.patchGlobals(L)
	lua51compat.SetCollector(L, collect)
	// 123LL and 123ULL literals are cdata whether or not the chunk
	// required ffi, as in LuaJIT.
	parse.InstallInt64Literals(L, func(L *lua.LState, bits uint64, unsigned bool) lua.LValue {
		if unsigned {
			return s.int64Value(L, s.tt.tUint64, bits)
		}
		return s.int64Value(L, s.tt.tInt64, bits)
	})
}

// stateOf returns the ffiState Preload attached to L's VM, or nil.
func stateOf(L *lua.LState) *ffiState {
	if ud, ok := L.G.Registry.RawGetString(registryKey).(*lua.LUserData); ok {
		if s, ok := ud.Value.(*ffiState); ok {
			return s
		}
	}
	return nil
}

// moduleTable builds the ffi table on first use.
func (s *ffiState) moduleTable(L *lua.LState) *lua.LTable {
	if s.module != nil {
		return s.module
	}
	m := L.NewTable()
	for name, fn := range map[string]lua.LGFunction{
		"cdef":     s.ffiCdef,
		"new":      s.ffiNew,
		"cast":     s.ffiCast,
		"typeof":   s.ffiTypeof,
		"sizeof":   s.ffiSizeof,
		"alignof":  s.ffiAlignof,
		"offsetof": s.ffiOffsetof,
		"istype":   s.ffiIstype,
		"metatype": s.ffiMetatype,
		"gc":       s.ffiGC,
		"string":   s.ffiString,
		"copy":     s.ffiCopy,
		"fill":     s.ffiFill,
		"errno":    s.ffiErrno,
		"abi":      s.ffiAbi,
		"load":     s.ffiLoad,
		"typeinfo": s.ffiTypeinfo,
	} {
		m.RawSetString(name, L.NewFunction(fn))
	}
	s.cC = s.newClib(L, defaultLib)
	m.RawSetString("C", s.cC)
	m.RawSetString("os", lua.LString("Linux"))
	m.RawSetString("arch", lua.LString("x64"))
	s.module = m
	return m
}
