package ngxshim

import (
	"math"

	lua "github.com/yuin/gopher-lua"

	"gresty/lua51compat"
)

// Response body output: ngx.say, ngx.print, ngx.flush, ngx.eof,
// ngx.send_headers (ngx_http_lua_output.c).

func (a *api) outputFuncs() map[string]lua.LGFunction {
	return map[string]lua.LGFunction{
		"say":          func(L *lua.LState) int { return a.output(L, "say", true) },
		"print":        func(L *lua.LState) int { return a.output(L, "print", false) },
		"flush":        a.flush,
		"eof":          a.eof,
		"send_headers": a.sendHeaders,
	}
}

func (a *api) output(L *lua.LState, fname string, newline bool) int {
	c, r := a.request(L)
	phaseCheck(L, c, PhasesOutput)
	if r.SeenEOF() {
		L.Push(lua.LNil)
		L.Push(lua.LString("seen eof"))
		return 2
	}
	n := L.GetTop()
	buf := make([]byte, 0, 64)
	for i := 1; i <= n; i++ {
		v := L.Get(i)
		switch v := v.(type) {
		case *lua.LTable:
			buf = appendTable(L, buf, v, i, fname, a.null)
		case *lua.LUserData:
			if v == a.null {
				buf = append(buf, "null"...)
				continue
			}
			argError(L, i, fname, "string, number, boolean, nil, ngx.null, or array table expected, but got userdata")
		default:
			var ok bool
			if buf, ok = appendScalar(buf, v); !ok {
				argError(L, i, fname, "string, number, boolean, nil, ngx.null, or array table expected, but got "+v.Type().String())
			}
		}
	}
	if newline {
		buf = append(buf, '\n')
	}
	if err := r.Print(buf); err != nil {
		L.Push(lua.LNil)
		L.Push(lua.LString(err.Error()))
		return 2
	}
	L.Push(lua.LNumber(1))
	return 1
}

// appendScalar renders a string, number, boolean or nil as ngx.say does.
func appendScalar(buf []byte, v lua.LValue) ([]byte, bool) {
	switch v := v.(type) {
	case lua.LString:
		return append(buf, v...), true
	case lua.LNumber:
		return appendNumber(buf, float64(v)), true
	case lua.LBool:
		if v {
			return append(buf, "true"...), true
		}
		return append(buf, "false"...), true
	case *lua.LNilType:
		return append(buf, "nil"...), true
	}
	return buf, false
}

// appendNumber renders a number as LuaJIT's "%.14g", integers without a
// fraction.
func appendNumber(buf []byte, f float64) []byte {
	if f == math.Trunc(f) && math.Abs(f) < 1e15 {
		return appendInt(buf, int64(f))
	}
	return append(buf, lua51compat.FormatNumber(f)...)
}

func appendInt(buf []byte, n int64) []byte {
	if n == 0 {
		return append(buf, '0')
	}
	var tmp [20]byte
	i := len(tmp)
	neg := n < 0
	if neg {
		n = -n
	}
	for n > 0 {
		i--
		tmp[i] = byte('0' + n%10)
		n /= 10
	}
	if neg {
		i--
		tmp[i] = '-'
	}
	return append(buf, tmp[i:]...)
}

// appendTable renders an array table (recursively) as ngx.say does: its
// elements 1..max in order; a key that is not a positive integer is an
// error.
func appendTable(L *lua.LState, buf []byte, t *lua.LTable, argi int, fname string, null *lua.LUserData) []byte {
	max := 0
	t.ForEach(func(k, _ lua.LValue) {
		if n, ok := k.(lua.LNumber); ok && float64(n) == math.Floor(float64(n)) && n >= 1 {
			if int(n) > max {
				max = int(n)
			}
			return
		}
		max = -1 << 30
	})
	if max < 0 {
		argError(L, argi, fname, "non-array table found")
	}
	for i := 1; i <= max; i++ {
		v := t.RawGetInt(i)
		switch v := v.(type) {
		case *lua.LTable:
			buf = appendTable(L, buf, v, argi, fname, null)
		case *lua.LUserData:
			if v == null {
				buf = append(buf, "null"...)
				continue
			}
			argError(L, argi, fname, "bad data type userdata found")
		default:
			var ok bool
			if buf, ok = appendScalar(buf, v); !ok {
				argError(L, argi, fname, "bad data type "+v.Type().String()+" found")
			}
		}
	}
	return buf
}

func (a *api) flush(L *lua.LState) int {
	n := L.GetTop()
	if n > 1 {
		raiseC(L, "attempt to pass %d arguments, but accepted 0 or 1", n)
	}
	c, r := a.request(L)
	wait := false
	if n == 1 {
		if in, ok := r.(RequestIn); !ok || !in.IsSubrequest() {
			if L.Get(1).Type() != lua.LTBool {
				cArgTypeError(L, 1, "boolean")
			}
			wait = lua.LVAsBool(L.Get(1))
		}
	}
	phaseCheck(L, c, PhasesOutput)
	if err := r.Flush(wait); err != nil {
		L.Push(lua.LNil)
		L.Push(lua.LString(err.Error()))
		return 2
	}
	L.Push(lua.LNumber(1))
	return 1
}

func (a *api) eof(L *lua.LState) int {
	c, r := a.request(L)
	if L.GetTop() != 0 {
		raiseC(L, "no argument is expected")
	}
	phaseCheck(L, c, PhasesOutput)
	if r.SeenEOF() {
		L.Push(lua.LNil)
		L.Push(lua.LString("seen eof"))
		return 2
	}
	if err := r.EOF(); err != nil {
		L.Push(lua.LNil)
		L.Push(lua.LString(err.Error()))
		return 2
	}
	L.Push(lua.LNumber(1))
	return 1
}

func (a *api) sendHeaders(L *lua.LState) int {
	c, r := a.request(L)
	phaseCheck(L, c, PhasesOutput)
	if !r.HeadersSent() {
		if err := r.SendHeaders(); err != nil {
			L.Push(lua.LNil)
			L.Push(lua.LString(err.Error()))
			return 2
		}
	}
	L.Push(lua.LNumber(1))
	return 1
}
