// Package lua51compat gives a gopher-lua state the standard library of
// OpenResty's LuaJIT 2.1: the bit and jit modules, OpenResty's table
// extensions, printf-exact string.format, LuaJIT's number formatting and
// parsing, Lua patterns with %f and %g, and the many small differences of
// the base, string, table, math, os and io functions. It knows nothing
// about ngx; coroutine, pcall, xpcall, require and load* are replaced
// elsewhere.
package lua51compat

import (
	"gresty/lua51compat/parse"
	"io"
	"os"

	lua "github.com/yuin/gopher-lua"
)

// Stdout is where print writes. It is a variable so the runtime can point
// print at nginx's error log (as ngx_lua does) before opening the libraries;
// OpenLibs captures the value current at the time of the call.
var Stdout io.Writer = os.Stdout

// OpenLibs replaces and extends the libraries of a state whose gopher-lua
// libraries are already open, so that they behave as in OpenResty's
// LuaJIT. It is called once per VM; print writes to Stdout.
func OpenLibs(L *lua.LState) {
	OpenLibsWithOutput(L, Stdout)
}

// OpenLibsWithOutput is OpenLibs with print writing to w instead of Stdout.
func OpenLibsWithOutput(L *lua.LState, w io.Writer) {
	openBase(L, w)
	openString(L)
	// LL/ULL literals compile to calls on the string metatable; without
	// the ffi module they read as plain numbers (ffi.Preload installs
	// int64 cdata instead)
	parse.InstallInt64Literals(L, nil)
	openTable(L)
	openMath(L)
	openOS(L)
	openIO(L)
	openBit(L)
	openJIT(L)
	// Lua 5.1 registers the package library in package.loaded too, so
	// require("package") works
	if pkg, ok := L.GetGlobal("package").(*lua.LTable); ok {
		if loaded, ok := pkg.RawGetString("loaded").(*lua.LTable); ok && loaded.RawGetString("package") == lua.LNil {
			loaded.RawSetString("package", pkg)
		}
	}
}

// Preload registers in package.preload the modules LuaJIT and OpenResty
// provide there: bit, jit, and table.new, table.clear, table.nkeys,
// table.isempty, table.isarray and table.clone, each returning its function
// and, like LuaJIT, also storing it in the table library when required.
// Call it after OpenLibs. OpenResty's resty.core requires table.new and
// table.clear at startup, so a runtime imitating OpenResty requires those
// two right away.
func Preload(L *lua.LState) {
	ptab, ok := L.GetField(L.GetGlobal("package"), "preload").(*lua.LTable)
	if !ok {
		return
	}
	ptab.RawSetString("bit", L.NewFunction(func(L *lua.LState) int {
		L.Push(moduleTable(L, "bit", bitFuncs))
		return 1
	}))
	jit := loadedModule(L, "jit")
	ptab.RawSetString("jit", L.NewFunction(func(L *lua.LState) int {
		L.Push(jit)
		return 1
	}))
	for _, name := range tableExtensionNames {
		fn := tableExtensions[name]
		ptab.RawSetString("table."+name, L.NewFunction(func(L *lua.LState) int {
			f := L.NewFunction(fn)
			if tab, ok := L.GetGlobal("table").(*lua.LTable); ok {
				tab.RawSetString(name, f)
			}
			L.Push(f)
			return 1
		}))
	}
}

// loadedModule returns package.loaded[name], or nil.
func loadedModule(L *lua.LState, name string) lua.LValue {
	loaded := L.GetField(L.Get(lua.RegistryIndex), "_LOADED")
	if t, ok := loaded.(*lua.LTable); ok {
		return t.RawGetString(name)
	}
	return lua.LNil
}

// moduleTable returns the already opened library table name, or a new one
// built from funcs when the global has been removed.
func moduleTable(L *lua.LState, name string, funcs map[string]lua.LGFunction) lua.LValue {
	// require marks a module being loaded with a sentinel, so only a
	// table counts.
	if v, ok := loadedModule(L, name).(*lua.LTable); ok {
		return v
	}
	return L.SetFuncs(L.NewTable(), funcs)
}

// register installs funcs into the library table name (creating it when
// missing), sets the global and package.loaded entry, and returns it.
func register(L *lua.LState, name string, funcs map[string]lua.LGFunction) *lua.LTable {
	tab, ok := L.GetGlobal(name).(*lua.LTable)
	if !ok {
		tab = L.NewTable()
		L.SetGlobal(name, tab)
	}
	L.SetFuncs(tab, funcs)
	if loaded, ok := L.GetField(L.Get(lua.RegistryIndex), "_LOADED").(*lua.LTable); ok {
		loaded.RawSetString(name, tab)
	}
	return tab
}
