package cjson

import (
	"math"
	"strconv"

	lua "github.com/yuin/gopher-lua"
)

// encodeError is a message encode raises (or cjson.safe returns).
type encodeError string

func (e encodeError) Error() string { return string(e) }

// cannotSerialise words lua-cjson's errors about a value it cannot write.
func cannotSerialise(v lua.LValue, reason string) error {
	return encodeError("Cannot serialise " + typeName(v) + ": " + reason)
}

// encoder writes Lua values as JSON into a buffer that, with
// encode_keep_buffer on, lives as long as its configuration. encode never
// calls back into Lua (no metamethods, raw table access), so one encoder
// per configuration cannot be re-entered.
type encoder struct {
	cfg *config
	buf []byte
}

// encode returns the JSON text of v.
func (e *encoder) encode(v lua.LValue) (lua.LString, error) {
	buf := e.buf[:0]
	if !e.cfg.encodeKeepBuffer {
		buf = nil
	}
	// One stack slot holds the argument, as in lua-cjson's C function.
	buf, err := e.appendValue(buf, v, 0, 1)
	if e.cfg.encodeKeepBuffer {
		e.buf = buf
	}
	if err != nil {
		return "", err
	}
	return lua.LString(buf), nil
}

// appendValue appends v. depth counts the tables v is inside of, slots the
// Lua stack slots lua-cjson would be using with v on top.
func (e *encoder) appendValue(buf []byte, v lua.LValue, depth, slots int) ([]byte, error) {
	switch v := v.(type) {
	case lua.LString:
		return appendString(buf, string(v), e.cfg.sh.escapeSlash), nil
	case lua.LNumber:
		return e.appendNumber(buf, v)
	case lua.LBool:
		if v {
			return append(buf, "true"...), nil
		}
		return append(buf, "false"...), nil
	case *lua.LTable:
		return e.appendTable(buf, v, depth+1, slots)
	case *lua.LNilType:
		return append(buf, "null"...), nil
	case *lua.LUserData:
		if v == e.cfg.sh.emptyArray {
			return append(buf, '[', ']'), nil
		}
	}
	if v == e.cfg.sh.null {
		return append(buf, "null"...), nil
	}
	return buf, cannotSerialise(v, "type not supported")
}

// appendNumber appends a number as encode_number_precision and
// encode_invalid_numbers say.
func (e *encoder) appendNumber(buf []byte, n lua.LNumber) ([]byte, error) {
	f := float64(n)
	if math.IsInf(f, 0) || f != f {
		switch e.cfg.encodeInvalidNumbers {
		case invalidNumbersOff:
			return buf, cannotSerialise(n, "must not be NaN or Inf")
		case invalidNumbersNull:
			return append(buf, "null"...), nil
		}
		if f != f {
			// Spelled apart from printf, which may write "-nan".
			return append(buf, "nan"...), nil
		}
	}
	return appendNumber(buf, f, e.cfg.encodeNumberPrecision), nil
}

// appendTable appends a table at nesting level depth: as an array when it
// has array_mt, or holds only positive integer keys (not too sparsely), or
// is empty and empty tables are arrays; as "[]" when it has empty_array_mt
// and would otherwise be an object; as an object otherwise.
func (e *encoder) appendTable(buf []byte, t *lua.LTable, depth, slots int) ([]byte, error) {
	// lua-cjson wants three more slots at every level (key, value, error
	// message) and LuaJIT allows a C function luaMaxCStack of them.
	if depth > int(e.cfg.encodeMaxDepth) || slots+3 > luaMaxCStack {
		return buf, encodeError("Cannot serialise, excessive nesting (" + strconv.Itoa(depth) + ")")
	}
	mt := t.Metatable
	if mt == lua.LValue(e.cfg.sh.arrayMT) {
		return e.appendArray(buf, t, t.Len(), depth, slots)
	}
	n, err := e.arrayLength(t)
	if err != nil {
		return buf, err
	}
	if n > 0 || (n == 0 && !e.cfg.encodeEmptyTableAsObject) {
		return e.appendArray(buf, t, n, depth, slots)
	}
	if mt == lua.LValue(e.cfg.sh.emptyArrayMT) {
		return append(buf, '[', ']'), nil
	}
	return e.appendObject(buf, t, depth, slots)
}

// appendArray appends t[1] .. t[n], holes as null.
func (e *encoder) appendArray(buf []byte, t *lua.LTable, n, depth, slots int) ([]byte, error) {
	buf = append(buf, '[')
	var err error
	for i := 1; i <= n; i++ {
		if i > 1 {
			buf = append(buf, ',')
		}
		if buf, err = e.appendValue(buf, rawGetIndex(t, i), depth, slots+1); err != nil {
			return buf, err
		}
	}
	return append(buf, ']'), nil
}

// appendObject appends every key/value pair of t in its iteration order.
func (e *encoder) appendObject(buf []byte, t *lua.LTable, depth, slots int) ([]byte, error) {
	buf = append(buf, '{')
	var err error
	first := true
	for k, v := t.Next(lua.LNil); k != lua.LNil; k, v = t.Next(k) {
		if !first {
			buf = append(buf, ',')
		}
		first = false
		switch k := k.(type) {
		case lua.LString:
			buf = appendString(buf, string(k), e.cfg.sh.escapeSlash)
			buf = append(buf, ':')
		case lua.LNumber:
			buf = append(buf, '"')
			if buf, err = e.appendNumber(buf, k); err != nil {
				return buf, err
			}
			buf = append(buf, '"', ':')
		default:
			return buf, cannotSerialise(k, "table key must be a number or string")
		}
		if buf, err = e.appendValue(buf, v, depth, slots+2); err != nil {
			return buf, err
		}
	}
	return append(buf, '}'), nil
}

// rawGetIndex is t[i] without metamethods. gopher-lua keeps integer keys
// below MaxArrayIndex in the array part and larger ones in the hash part.
func rawGetIndex(t *lua.LTable, i int) lua.LValue {
	if i < lua.MaxArrayIndex {
		return t.RawGetInt(i)
	}
	return t.RawGet(lua.LNumber(i))
}
