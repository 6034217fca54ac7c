// Package cjson provides the lua-cjson modules of OpenResty, "cjson" and
// "cjson.safe", as native Go modules for gopher-lua.
//
// Everything plain lua-cjson 2.1.0 has behaves as Debian's build of it does
// under OpenResty: the bytes encode produces (numbers with "%.14g", "/"
// escaped, control characters as \u00XX), the numbers decode accepts (C's
// strtod), the error messages and the character positions in them, and the
// limits (nesting depth, the 8000-slot Lua C stack). The additions of
// OpenResty's fork (empty_array, array_mt, empty_array_mt,
// encode_empty_table_as_object, decode_array_with_array_mt,
// encode_escape_forward_slash, precision up to 16) follow its
// documentation.
package cjson

import (
	lua "github.com/yuin/gopher-lua"
)

// The module's _NAME and _VERSION. The version is the one Debian's
// lua-cjson reports (its test suite checks it); OpenResty's fork reports
// 2.1.0.x.
const (
	moduleName    = "cjson"
	moduleVersion = "2.1.0"
)

// shared is the state lua-cjson keeps per process (per Lua VM in OpenResty,
// which runs one VM per worker): the sentinels and metatables every module
// table hands out, and the escaping of "/", which the fork switches in a
// process-wide table rather than per configuration.
type shared struct {
	null         lua.LValue
	emptyArray   *lua.LUserData
	arrayMT      *lua.LTable
	emptyArrayMT *lua.LTable
	escapeSlash  bool
}

// emptyArrayTag marks the userdata that is cjson.empty_array.
type emptyArrayTag struct{}

// Preload registers "cjson" and "cjson.safe" in package.preload of L's
// VM. null is the value cjson.null is and JSON null decodes to (ngx.null
// in gresty). Every module table made for this VM, by require or by new(),
// shares empty_array, array_mt and empty_array_mt.
func Preload(L *lua.LState, null lua.LValue) {
	sh := &shared{
		null:         null,
		emptyArray:   L.NewUserData(),
		arrayMT:      L.NewTable(),
		emptyArrayMT: L.NewTable(),
		escapeSlash:  true,
	}
	sh.emptyArray.Value = emptyArrayTag{}
	preload, ok := L.GetField(L.GetGlobal("package"), "preload").(*lua.LTable)
	if !ok {
		return
	}
	preload.RawSetString("cjson", L.NewFunction(func(L *lua.LState) int {
		L.Push(sh.newModule(L, false))
		return 1
	}))
	preload.RawSetString("cjson.safe", L.NewFunction(func(L *lua.LState) int {
		L.Push(sh.newModule(L, true))
		return 1
	}))
}

// newModule builds one module table with a configuration of its own, as
// lua-cjson's new() does. In the safe flavour encode and decode return nil
// and the message instead of raising, and new() makes safe tables too.
func (sh *shared) newModule(L *lua.LState, safe bool) *lua.LTable {
	cfg := newConfig(sh)
	m := L.CreateTable(0, 24)
	if safe {
		m.RawSetString("encode", L.NewFunction(cfg.safeEncode))
		m.RawSetString("decode", L.NewFunction(cfg.safeDecode))
	} else {
		m.RawSetString("encode", L.NewFunction(cfg.luaEncode))
		m.RawSetString("decode", L.NewFunction(cfg.luaDecode))
	}
	for _, f := range cfg.optionFuncs() {
		m.RawSetString(f.name, L.NewFunction(f.fn))
	}
	m.RawSetString("new", L.NewFunction(func(L *lua.LState) int {
		L.Push(sh.newModule(L, safe))
		return 1
	}))
	m.RawSetString("null", sh.null)
	m.RawSetString("empty_array", sh.emptyArray)
	m.RawSetString("array_mt", sh.arrayMT)
	m.RawSetString("empty_array_mt", sh.emptyArrayMT)
	m.RawSetString("_NAME", lua.LString(moduleName))
	m.RawSetString("_VERSION", lua.LString(moduleVersion))
	return m
}
