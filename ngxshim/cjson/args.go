package cjson

import (
	"math"
	"strconv"
	"strings"

	lua "github.com/yuin/gopher-lua"
)

// Argument errors worded as LuaJIT words them for a C function: "bad
// argument #n to 'name' (msg)", prefixed with the position of the calling
// Lua code, or "calling 'name' on bad self (msg)" for the receiver of a
// method call. gopher-lua's own ArgError names functions differently.

// callSite describes how the running Go function was called: the name the
// caller used ("?" when unknown, as under pcall or after a tail call),
// whether it was a method call, and the "chunk:line: " prefix of the
// calling Lua code ("" when a Go function called it).
type callSite struct {
	name   string
	method bool
	where  string
}

// siteOf inspects the frames of the running Go function and its caller.
// gopher-lua does not expose the caller's pc, so the calls on the caller's
// current line stand in for it: the call counts as a method call or a tail
// call when all of them are.
func siteOf(L *lua.LState) callSite {
	s := callSite{name: "?"}
	dbg, ok := L.GetStack(0)
	if !ok {
		return s
	}
	if _, err := L.GetInfo("n", dbg, lua.LNil); err != nil {
		return s
	}
	raw := dbg.Name
	if raw != "" && raw[0] != '(' && raw[0] != '<' && raw != "main chunk" && raw != "corountine" {
		s.name = raw
	}
	caller, ok := L.GetStack(1)
	if !ok {
		return s
	}
	fv, err := L.GetInfo("Slf", caller, lua.LNil)
	fn, isFn := fv.(*lua.LFunction)
	if err != nil || !isFn || fn.IsG || fn.Proto == nil || caller.CurrentLine <= 0 {
		return s
	}
	s.where = whereOf(L, 1)
	p := fn.Proto
	n, self, tail := 0, 0, 0
	for _, call := range p.DbgCalls {
		if call.Name != raw || call.Pc < 0 || call.Pc >= len(p.Code) || call.Pc >= len(p.DbgSourcePositions) ||
			p.DbgSourcePositions[call.Pc] != caller.CurrentLine {
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
		// LuaJIT keeps no frame for a function that made a tail call: the
		// name is unknown and the position is that of the frame below.
		return callSite{name: "?", where: whereBelowTailCaller(L)}
	}
	s.method = n > 0 && self == n && s.name != "?"
	return s
}

// whereOf returns the "chunk:line: " prefix for the function at the given
// stack level, "" when it is a Go function or there is none.
func whereOf(L *lua.LState, level int) string {
	dbg, ok := L.GetStack(level)
	if !ok {
		return ""
	}
	fv, err := L.GetInfo("Slf", dbg, lua.LNil)
	fn, isFn := fv.(*lua.LFunction)
	if err != nil || !isFn || fn.IsG || dbg.CurrentLine <= 0 {
		return ""
	}
	return dbg.Source + ":" + strconv.Itoa(dbg.CurrentLine) + ": "
}

// whereBelowTailCaller returns the position of the function below the one
// at level 1, which called the running function in a tail call. gopher-lua
// reuses the frame for Lua-to-Lua tail calls and GetStack counts every
// call elided so as a level of its own, answering levels that fall among
// them with the thread's bottom frame; so the first level past that frame
// which answers something else is the one below.
func whereBelowTailCaller(L *lua.LState) string {
	dbg, ok := L.GetStack(1)
	if !ok {
		return ""
	}
	if _, err := L.GetInfo("S", dbg, lua.LNil); err != nil || dbg.What == "main" {
		// The bottom frame: nothing called it.
		return ""
	}
	if dbg.What != "tail" {
		return whereOf(L, 2)
	}
	bottom, ok := frameKeyOf(L, 2)
	if !ok {
		return ""
	}
	for level := 3; level < 3+256; level++ {
		key, ok := frameKeyOf(L, level)
		if !ok {
			break
		}
		if key != bottom {
			return whereOf(L, level)
		}
	}
	return whereOf(L, 2)
}

// frameKey identifies a stack frame well enough to tell two apart.
type frameKey struct {
	fn   lua.LValue
	line int
}

// frameKeyOf returns the key of the frame GetStack answers for level.
func frameKeyOf(L *lua.LState, level int) (frameKey, bool) {
	dbg, ok := L.GetStack(level)
	if !ok {
		return frameKey{}, false
	}
	fn, err := L.GetInfo("lf", dbg, lua.LNil)
	if err != nil {
		return frameKey{}, false
	}
	return frameKey{fn: fn, line: dbg.CurrentLine}, true
}

// Instruction layout of gopher-lua v1.1.2: a 6-bit opcode in the top bits,
// then the 8-bit A operand.
func opcodeOf(inst uint32) int { return int(inst >> 26) }
func operandA(inst uint32) int { return int(inst>>18) & 0xff }

// loadedBySelf reports whether the instruction that last wrote the
// function register of the call at pc is OP_SELF, that is, whether the
// call is obj:name(...).
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

// argMessage words a bad-argument error as raised from a Go function with
// the given call site.
func argMessage(s callSite, n int, msg string) string {
	if s.method {
		n--
		if n == 0 {
			return s.where + "calling '" + s.name + "' on bad self (" + msg + ")"
		}
	}
	return s.where + "bad argument #" + strconv.Itoa(n) + " to '" + s.name + "' (" + msg + ")"
}

// raise raises msg as lua-cjson's luaL_error does: prefixed with the
// position of the calling Lua code, if a Lua function called.
func raise(L *lua.LState, msg string) {
	L.Error(lua.LString(siteOf(L).where+msg), 0)
}

// argError raises a bad-argument error for argument n of the running Go
// function.
func argError(L *lua.LState, n int, msg string) {
	L.Error(lua.LString(argMessage(siteOf(L), n, msg)), 0)
}

// protectedArgMessage is the wording of a bad-argument error when the
// function was called by C code through lua_pcall, as cjson.safe calls
// encode and decode: no name and no position.
func protectedArgMessage(n int, msg string) string {
	return argMessage(callSite{name: "?"}, n, msg)
}

// typeName is LuaJIT's name for the type of v.
func typeName(v lua.LValue) string {
	return v.Type().String()
}

// toNumberArg converts an argument as lua_tonumber does: numbers, and
// strings holding a Lua numeral.
func toNumberArg(v lua.LValue) (float64, bool) {
	switch v := v.(type) {
	case lua.LNumber:
		return float64(v), true
	case lua.LString:
		return parseNumeral(string(v))
	}
	return 0, false
}

// parseNumeral parses a string as LuaJIT's string-to-number coercion
// does: surrounding whitespace allowed, decimal or hexadecimal, and inf,
// infinity and nan in any case.
func parseNumeral(s string) (float64, bool) {
	s = strings.Trim(s, " \t\n\v\f\r")
	body := strings.TrimLeft(s, "+-")
	if len(s)-len(body) > 1 || body == "" {
		return 0, false
	}
	if c := body[0] | 0x20; c == 'i' || c == 'n' {
		neg := len(s) > len(body) && s[0] == '-'
		switch strings.ToLower(body) {
		case "inf", "infinity":
			return math.Inf(sign(neg)), true
		case "nan":
			return math.NaN(), true
		}
		return 0, false
	}
	if len(body) > 1 && body[0] == '0' && body[1]|0x20 == 'x' {
		if !strings.ContainsAny(body, "pP") {
			s += "p0"
		}
	} else if strings.ContainsAny(body, "xX_") {
		return 0, false
	}
	f, err := strconv.ParseFloat(s, 64)
	if err != nil && !isRangeError(err) {
		return 0, false
	}
	return f, true
}

// isRangeError reports whether err is strconv's out-of-range error, which
// strtod also reports but still returns the rounded (infinite or zero)
// value for.
func isRangeError(err error) bool {
	ne, ok := err.(*strconv.NumError)
	return ok && ne.Err == strconv.ErrRange
}

// toStringArg converts an argument as luaL_checklstring does: strings, and
// numbers formatted with "%.14g".
func toStringArg(v lua.LValue) (string, bool) {
	switch v := v.(type) {
	case lua.LString:
		return string(v), true
	case lua.LNumber:
		return string(appendNumber(nil, float64(v), 14)), true
	}
	return "", false
}
