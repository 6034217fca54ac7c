package lua51compat

import (
	"math"
	"strings"

	lua "github.com/yuin/gopher-lua"
)

// Argument checks with LuaJIT's coercions and error texts. gopher-lua's own
// Check* helpers word their errors differently ("bad argument #1 to rep
// (number expected, got nil)") and format numbers with Go's rules.

// raise raises msg as a Lua error prefixed with the calling Lua code's
// position, like LuaJIT's lj_err_callermsg: no position when a Go function
// (pcall, say) or a tail call invoked the running function.
func raise(L *lua.LState, msg string) {
	L.Error(lua.LString(CallerSite(L).Where+msg), 0)
}

// argError is ArgError.
func argError(L *lua.LState, n int, msg string) { ArgError(L, n, msg) }

// ArgError raises "bad argument #n to 'name' (msg)", naming the function as
// the calling Lua code did, and "calling 'name' on bad self" for the
// receiver of a method call, whose later arguments count from 1
// (luaL_argerror as LuaJIT words it). The ffi module and the cosockets use
// it too.
func ArgError(L *lua.LState, n int, msg string) {
	site := CallerSite(L)
	if site.Method {
		n--
		if n == 0 {
			L.Error(lua.LString(site.Where+"calling '"+site.Name+"' on bad self ("+msg+")"), 0)
			return
		}
	}
	L.Error(lua.LString(site.Where+"bad argument #"+itoa(n)+" to '"+site.Name+"' ("+msg+")"), 0)
}

// typeError raises "bad argument #n to 'f' (want expected, got T)", where
// T is "no value" for a missing argument.
func typeError(L *lua.LState, n int, want string) {
	got := "no value"
	if n <= L.GetTop() {
		got = typeName(L.Get(n))
	}
	argError(L, n, want+" expected, got "+got)
}

// typeName is LuaJIT's name for the type of v.
func typeName(v lua.LValue) string {
	return v.Type().String()
}

// CallSite describes how the running Go function was called: the name the
// caller used ("?" when unknown), whether it was a method call, and the
// "chunk:line: " prefix for errors ("" when there is none).
type CallSite struct {
	Name   string
	Method bool
	Where  string
}

// CallerSite inspects the calling frame. gopher-lua does not expose the
// caller's pc, so the calls on the caller's current line are examined: the
// call is a method call or a tail call when all of them are.
func CallerSite(L *lua.LState) CallSite {
	s := CallSite{Name: "?"}
	if dbg, ok := L.GetStack(0); ok {
		if _, err := L.GetInfo("n", dbg, lua.LNil); err == nil {
			s.Name = dbg.Name
		}
	}
	raw := s.Name
	// gopher-lua names the first function of a state "main chunk" (or
	// "corountine"), which a function run by pcall on a child state is
	if s.Name == "" || s.Name == "main chunk" || s.Name == "corountine" ||
		strings.HasPrefix(s.Name, "(") || strings.HasPrefix(s.Name, "<") {
		s.Name = "?"
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
	s.Where = dbg.Source + ":" + itoa(dbg.CurrentLine) + ": "
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
		return CallSite{Name: "?"}
	}
	s.Method = n > 0 && self == n && s.Name != "?"
	return s
}

// Opcode layout of gopher-lua v1.1.2 (opcode.go): 6-bit opcode in the top
// bits, then the 8-bit A operand.
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

// checkAny returns argument n, raising "value expected" when it is absent.
func checkAny(L *lua.LState, n int) lua.LValue {
	if n > L.GetTop() {
		argError(L, n, "value expected")
	}
	return L.Get(n)
}

// checkTable returns argument n as a table.
func checkTable(L *lua.LState, n int) *lua.LTable {
	if t, ok := L.Get(n).(*lua.LTable); ok && n <= L.GetTop() {
		return t
	}
	typeError(L, n, "table")
	return nil
}

// checkFunction returns argument n as a function.
func checkFunction(L *lua.LState, n int) *lua.LFunction {
	if f, ok := L.Get(n).(*lua.LFunction); ok && n <= L.GetTop() {
		return f
	}
	typeError(L, n, "function")
	return nil
}

// toNumber converts v as LuaJIT's lj_strscan_numberobj does: numbers as
// they are, strings when they hold a whole number literal.
func toNumber(v lua.LValue) (float64, bool) {
	switch x := v.(type) {
	case lua.LNumber:
		return float64(x), true
	case lua.LString:
		return ParseNumber(string(x))
	}
	return 0, false
}

// checkNumber returns argument n as a number, coercing numeric strings.
func checkNumber(L *lua.LState, n int) float64 {
	if n <= L.GetTop() {
		if f, ok := toNumber(L.Get(n)); ok {
			return f
		}
	}
	typeError(L, n, "number")
	return 0
}

// optNumber is checkNumber with a default for an absent or nil argument.
func optNumber(L *lua.LState, n int, def float64) float64 {
	if n > L.GetTop() || L.Get(n) == lua.LNil {
		return def
	}
	return checkNumber(L, n)
}

// numToInt converts like LuaJIT's lj_num2int on x64 (cvttsd2si): truncation
// toward zero, and INT32_MIN for NaN and values out of range.
func numToInt(f float64) int32 {
	if f != f || f >= 2147483648 || f <= -2147483649 {
		return math.MinInt32
	}
	return int32(f)
}

// numToInt64 converts like a C (int64_t) cast on x64: truncation toward
// zero, and INT64_MIN for NaN and values out of range.
func numToInt64(f float64) int64 {
	if f != f || f >= 9223372036854775808.0 || f < -9223372036854775808.0 {
		return math.MinInt64
	}
	return int64(f)
}

// checkInt returns argument n converted like lj_lib_checkint.
func checkInt(L *lua.LState, n int) int {
	return int(numToInt(checkNumber(L, n)))
}

// optInt is checkInt with a default for an absent or nil argument.
func optInt(L *lua.LState, n int, def int) int {
	if n > L.GetTop() || L.Get(n) == lua.LNil {
		return def
	}
	return checkInt(L, n)
}

// toStringArg converts v as lj_lib_checkstr does: strings as they are,
// numbers formatted as LuaJIT prints them.
func toStringArg(v lua.LValue) (string, bool) {
	switch x := v.(type) {
	case lua.LString:
		return string(x), true
	case lua.LNumber:
		return FormatNumber(float64(x)), true
	}
	return "", false
}

// checkString returns argument n as a string, coercing numbers.
func checkString(L *lua.LState, n int) string {
	if n <= L.GetTop() {
		if s, ok := toStringArg(L.Get(n)); ok {
			return s
		}
	}
	typeError(L, n, "string")
	return ""
}

// optString is checkString for an argument that may be absent or nil.
func optString(L *lua.LState, n int) (string, bool) {
	if n > L.GetTop() || L.Get(n) == lua.LNil {
		return "", false
	}
	return checkString(L, n), true
}

// checkOption returns the index of argument n in opts; def is used when
// the argument is absent or nil and def >= 0.
func checkOption(L *lua.LState, n int, def int, opts []string) int {
	var s string
	if def >= 0 {
		var ok bool
		if s, ok = optString(L, n); !ok {
			return def
		}
	} else {
		s = checkString(L, n)
	}
	for i, o := range opts {
		if o == s {
			return i
		}
	}
	argError(L, n, "invalid option '"+s+"'")
	return 0
}

// itoa formats a small integer without fmt.
func itoa(n int) string {
	return string(appendInt(nil, int64(n)))
}

// appendInt appends the decimal form of n.
func appendInt(dst []byte, n int64) []byte {
	var buf [20]byte
	i := len(buf)
	u := uint64(n)
	if n < 0 {
		u = uint64(-n)
	}
	for {
		i--
		buf[i] = byte('0' + u%10)
		u /= 10
		if u == 0 {
			break
		}
	}
	if n < 0 {
		dst = append(dst, '-')
	}
	return append(dst, buf[i:]...)
}
