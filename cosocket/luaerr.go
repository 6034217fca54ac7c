package cosocket

import (
	"strconv"
	"strings"

	lua "github.com/yuin/gopher-lua"

	"gresty/lua51compat"
)

// Lua errors as ngx_lua's C functions raise them on LuaJIT. luaL_error puts
// the calling Lua code's position first (none when a Go function such as
// pcall, or a tail call, invoked the method); luaL_argerror names the
// function as the caller did and counts arguments from the receiver of a
// method call.

// raise raises msg as luaL_error does.
func raise(L *lua.LState, format string, args ...any) {
	msg := format
	if len(args) > 0 {
		msg = sprintf(format, args...)
	}
	L.Error(lua.LString(callerSite(L).where+msg), 0)
}

// argError raises luaL_argerror's "bad argument #n to 'name' (msg)".
func argError(L *lua.LState, n int, msg string) {
	site := callerSite(L)
	if site.method {
		n--
		if n == 0 {
			L.Error(lua.LString(site.where+"calling '"+site.name+"' on bad self ("+msg+")"), 0)
			return
		}
	}
	L.Error(lua.LString(site.where+"bad argument #"+strconv.Itoa(n)+" to '"+site.name+"' ("+msg+")"), 0)
}

// typeError raises "bad argument #n to 'f' (want expected, got T)".
func typeError(L *lua.LState, n int, want string) {
	got := "no value"
	if n <= L.GetTop() {
		got = L.Get(n).Type().String()
	}
	argError(L, n, want+" expected, got "+got)
}

// checkTable is luaL_checktype(L, n, LUA_TTABLE).
func checkTable(L *lua.LState, n int) *lua.LTable {
	if t, ok := L.Get(n).(*lua.LTable); ok && n <= L.GetTop() {
		return t
	}
	typeError(L, n, "table")
	return nil
}

// checkString is luaL_checklstring: strings, and numbers as LuaJIT prints
// them.
func checkString(L *lua.LState, n int) string {
	if n <= L.GetTop() {
		switch v := L.Get(n).(type) {
		case lua.LString:
			return string(v)
		case lua.LNumber:
			return lua51compat.FormatNumber(float64(v))
		}
	}
	typeError(L, n, "string")
	return ""
}

// toNumber is lua_isnumber/lua_tonumber: numbers, and strings holding one.
func toNumber(v lua.LValue) (float64, bool) {
	switch x := v.(type) {
	case lua.LNumber:
		return float64(x), true
	case lua.LString:
		return lua51compat.ParseNumber(strings.TrimSpace(string(x)))
	}
	return 0, false
}

// checkInteger is luaL_checkinteger: a number (or numeric string)
// truncated toward zero.
func checkInteger(L *lua.LState, n int) int64 {
	if n <= L.GetTop() {
		if f, ok := toNumber(L.Get(n)); ok {
			return toInteger(f)
		}
	}
	typeError(L, n, "number")
	return 0
}

// toInteger is lua_tointeger on x64: truncation, 0 for NaN.
func toInteger(f float64) int64 {
	if f != f {
		return 0
	}
	if f >= 9223372036854775807 || f <= -9223372036854775808 {
		return -9223372036854775808
	}
	return int64(f)
}

// toInt32 is a C int conversion of lua_tointeger's result (the port, the
// timeouts ngx_lua keeps in int).
func toInt32(f float64) int32 { return int32(toInteger(f)) }

// site is how the running Go function was called: the name the caller
// used ("?" when unknown), whether as a method, and the "chunk:line: "
// prefix of errors ("" when there is none).
type site struct {
	name   string
	method bool
	where  string
}

// callerSite inspects the calling frame. gopher-lua does not expose the
// caller's pc, so the calls on the caller's current line are examined: the
// call is a method call or a tail call when all of them are.
func callerSite(L *lua.LState) site {
	s := site{name: "?"}
	if dbg, ok := L.GetStack(0); ok {
		if _, err := L.GetInfo("n", dbg, lua.LNil); err == nil {
			s.name = dbg.Name
		}
	}
	raw := s.name
	// gopher-lua names the first function of a state "main chunk" (or
	// "corountine"), which a function run by pcall on a child state is
	if s.name == "" || s.name == "main chunk" || s.name == "corountine" ||
		strings.HasPrefix(s.name, "(") || strings.HasPrefix(s.name, "<") {
		s.name = "?"
	}
	dbg, ok := L.GetStack(1)
	if !ok {
		return s
	}
	fv, err := L.GetInfo("Slf", dbg, lua.LNil)
	fn, isFn := fv.(*lua.LFunction)
	if err != nil || !isFn || fn.IsG || fn.Proto == nil || dbg.CurrentLine <= 0 {
		return s
	}
	s.where = dbg.Source + ":" + strconv.Itoa(dbg.CurrentLine) + ": "
	p := fn.Proto
	n, self, tail := 0, 0, 0
	for _, call := range p.DbgCalls {
		if call.Name != raw || call.Pc >= len(p.Code) || call.Pc >= len(p.DbgSourcePositions) ||
			p.DbgSourcePositions[call.Pc] != dbg.CurrentLine {
			continue
		}
		n++
		if loadedBySelf(p.Code, call.Pc) {
			self++
		}
		if opcodeOf(p.Code[call.Pc]) == lua.OP_TAILCALL {
			tail++
		}
	}
	if n > 0 && tail == n {
		// LuaJIT keeps no caller frame for a tail call.
		return site{name: "?"}
	}
	s.method = n > 0 && self == n && s.name != "?"
	return s
}

// Opcode layout of gopher-lua v1.1.2: a 6-bit opcode in the top bits, then
// the 8-bit A operand.
func opcodeOf(inst uint32) int { return int(inst >> 26) }
func operandA(inst uint32) int { return int(inst>>18) & 0xff }

// loadedBySelf reports whether the last instruction before the call at pc
// that writes the call's function register is OP_SELF.
func loadedBySelf(code []uint32, pc int) bool {
	a := operandA(code[pc])
	for i := pc - 1; i >= 0; i-- {
		inst := code[i]
		if operandA(inst) != a {
			continue
		}
		switch opcodeOf(inst) {
		case lua.OP_SELF:
			return true
		case lua.OP_MOVE, lua.OP_MOVEN, lua.OP_LOADK, lua.OP_LOADBOOL, lua.OP_LOADNIL,
			lua.OP_GETUPVAL, lua.OP_GETGLOBAL, lua.OP_GETTABLE, lua.OP_GETTABLEKS,
			lua.OP_NEWTABLE, lua.OP_ADD, lua.OP_SUB, lua.OP_MUL, lua.OP_DIV, lua.OP_MOD,
			lua.OP_POW, lua.OP_UNM, lua.OP_NOT, lua.OP_LEN, lua.OP_CONCAT, lua.OP_CALL,
			lua.OP_CLOSURE, lua.OP_VARARG, lua.OP_TESTSET:
			return false
		}
	}
	return false
}

// pushNilErr pushes nil and msg and returns 2, the usual failure results.
func pushNilErr(L *lua.LState, msg string) int {
	L.Push(lua.LNil)
	L.Push(lua.LString(msg))
	return 2
}
