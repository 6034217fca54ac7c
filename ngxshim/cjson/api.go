package cjson

import (
	lua "github.com/yuin/gopher-lua"
)

// luaEncode is cjson.encode(value): the JSON text, or an error.
func (c *config) luaEncode(L *lua.LState) int {
	if L.GetTop() != 1 {
		argError(L, 1, "expected 1 argument")
	}
	s, err := c.enc.encode(L.Get(1))
	if err != nil {
		raise(L, err.Error())
	}
	L.Push(s)
	return 1
}

// luaDecode is cjson.decode(text).
func (c *config) luaDecode(L *lua.LState) int {
	if L.GetTop() != 1 {
		argError(L, 1, "expected 1 argument")
	}
	s, ok := toStringArg(L.Get(1))
	if !ok {
		argError(L, 1, "string expected, got "+typeName(L.Get(1)))
	}
	v, err := c.dec.decode(L, s)
	if err != nil {
		raise(L, err.Error())
	}
	L.Push(v)
	return 1
}

// safeEncode is cjson.safe's encode: nil and the message instead of an
// error. Only a wrong argument count still raises, as there.
func (c *config) safeEncode(L *lua.LState) int {
	if L.GetTop() != 1 {
		argError(L, 1, "expected 1 argument")
	}
	s, err := c.enc.encode(L.Get(1))
	if err != nil {
		return pushFailure(L, err.Error())
	}
	L.Push(s)
	return 1
}

// safeDecode is cjson.safe's decode. cjson.safe runs decode through
// lua_pcall, so a non-string argument comes back as a message naming no
// function.
func (c *config) safeDecode(L *lua.LState) int {
	if L.GetTop() != 1 {
		argError(L, 1, "expected 1 argument")
	}
	s, ok := toStringArg(L.Get(1))
	if !ok {
		return pushFailure(L, protectedArgMessage(1, "string expected, got "+typeName(L.Get(1))))
	}
	v, err := c.dec.decode(L, s)
	if err != nil {
		return pushFailure(L, err.Error())
	}
	L.Push(v)
	return 1
}

// pushFailure returns nil and msg from a Go function.
func pushFailure(L *lua.LState, msg string) int {
	L.Push(lua.LNil)
	L.Push(lua.LString(msg))
	return 2
}
