package parse

import (
	"strconv"
	"strings"
	"sync/atomic"

	lua "github.com/yuin/gopher-lua"
	"github.com/yuin/gopher-lua/ast"
)

// LuaJIT compiles 123LL and 123ULL to int64_t and uint64_t cdata
// constants. gopher-lua's prototypes hold only numbers and strings as
// constants and the same prototype runs in every worker VM, while a cdata
// belongs to one VM's FFI state. So a 64-bit literal compiles to a method
// call on a string constant naming its value, ("123LL"):<int64Method>(),
// and each VM answers that call with its own cdata, made once per literal
// occurrence: LuaJIT keeps one object per literal among the function's
// constants, so t[1LL] = v; t[1LL] finds nothing (two literals, two keys)
// while a loop evaluating one literal sees one object. The receiver
// string therefore also carries a number unique to the occurrence. The method is found
// through the string library table's metatable (string values index the
// string table, which then falls back to a hidden table), so it does not
// show in pairs(string) and no global name can shadow it.

// int64Method is the hidden method name: a NUL byte keeps it out of reach of
// ordinary field syntax.
const int64Method = "\x00gresty.int64"

// Int64Boxer makes the value of a 64-bit literal: bits is its two's
// complement value, unsigned tells ULL from LL.
type Int64Boxer func(L *lua.LState, bits uint64, unsigned bool) lua.LValue

// literalSerial numbers the 64-bit literals compiled by this process.
var literalSerial atomic.Uint64

// literalText is the receiver string of a 64-bit literal: what tostring
// prints for its cdata ("-1LL", "18446744073709551615ULL"), a NUL and the
// occurrence's serial number.
func literalText(bits uint64, unsigned bool) string {
	var b []byte
	if unsigned {
		b = append(strconv.AppendUint(b, bits, 10), "ULL"...)
	} else {
		b = append(strconv.AppendInt(b, int64(bits), 10), "LL"...)
	}
	b = append(b, 0)
	return string(strconv.AppendUint(b, literalSerial.Add(1), 10))
}

// parseLiteralText reads the value of a literalText string.
func parseLiteralText(s string) (bits uint64, unsigned bool, ok bool) {
	s, _, _ = strings.Cut(s, "\x00")
	if d, found := strings.CutSuffix(s, "ULL"); found {
		v, err := strconv.ParseUint(d, 10, 64)
		return v, true, err == nil
	}
	if d, found := strings.CutSuffix(s, "LL"); found {
		v, err := strconv.ParseInt(d, 10, 64)
		return uint64(v), false, err == nil
	}
	return 0, false, false
}

// int64Expr returns the expression a 64-bit literal compiles to, or nil
// when text is not one.
func int64Expr(text string, line int) ast.Expr {
	if c := text[len(text)-1] | 0x20; c != 'l' && c != 'u' {
		return nil
	}
	lit, ok := scanLiteral(text)
	if !ok || lit.f != fmtI64 && lit.f != fmtU64 {
		return nil
	}
	recv := &ast.StringExpr{Value: literalText(lit.bits, lit.f == fmtU64)}
	recv.SetLine(line)
	// AdjustRet: one value, and "return 1LL" is no tail call (a tail call
	// would drop the returning function from tracebacks).
	call := &ast.FuncCallExpr{Receiver: recv, Method: int64Method, Args: []ast.Expr{}, AdjustRet: true}
	call.SetLine(line)
	return call
}

// int64CmpMethod is the hidden method comparing an operand holding a 64-bit
// literal with another.
const int64CmpMethod = "\x00gresty.int64cmp"

// hasInt64Literal reports whether e is a 64-bit literal or arithmetic
// directly on one, whose value is then a cdata in LuaJIT.
func hasInt64Literal(e ast.Expr) bool {
	switch x := e.(type) {
	case *ast.FuncCallExpr:
		return x.Method == int64Method
	case *ast.UnaryMinusOpExpr:
		return hasInt64Literal(x.Expr)
	case *ast.ArithmeticOpExpr:
		return hasInt64Literal(x.Lhs) || hasInt64Literal(x.Rhs)
	}
	return false
}

// int64Compare compiles "lhs op rhs" where one side holds a 64-bit literal
// and the other may be a Lua number: LuaJIT calls the cdata's comparison
// metamethod for any mix of operand types, gopher-lua only when both
// operands are of the same type, so ("")(<int64CmpMethod>)(lhs, rhs, op)
// decides instead, with the operands evaluated in source order.
func int64Compare(op string, lhs, rhs ast.Expr) ast.Expr {
	recv := &ast.StringExpr{Value: ""}
	recv.SetLine(lhs.Line())
	opx := &ast.StringExpr{Value: op}
	opx.SetLine(lhs.Line())
	call := &ast.FuncCallExpr{Receiver: recv, Method: int64CmpMethod, Args: []ast.Expr{lhs, rhs, opx}, AdjustRet: true}
	call.SetLine(lhs.Line())
	return call
}

// compareOperands is the int64CmpMethod: it compares arguments 2 and 3 with
// the operator in argument 4 as LuaJIT does, through the comparison
// metamethod of whichever operand is a userdata that has one.
func compareOperands(L *lua.LState) int {
	a, b := L.Get(2), L.Get(3)
	op := L.CheckString(4)
	var r bool
	switch op {
	case "==":
		r = compareWith(L, "__eq", a, b)
	case "~=":
		r = !compareWith(L, "__eq", a, b)
	case "<":
		r = compareWith(L, "__lt", a, b)
	case "<=":
		r = compareWith(L, "__le", a, b)
	case ">":
		r = compareWith(L, "__lt", b, a)
	case ">=":
		r = compareWith(L, "__le", b, a)
	default:
		L.ArgError(4, "bad comparison")
	}
	L.Push(lua.LBool(r))
	return 1
}

// compareWith evaluates a comparison event on a and b.
func compareWith(L *lua.LState, event string, a, b lua.LValue) bool {
	for _, v := range [2]lua.LValue{a, b} {
		if _, ok := v.(*lua.LUserData); !ok {
			continue
		}
		if mm := L.GetMetaField(v, event); mm != lua.LNil {
			L.Push(mm)
			L.Push(a)
			L.Push(b)
			if err := L.PCall(2, 1, nil); err != nil {
				raiseAtCaller(L, mm, err)
			}
			r := L.Get(-1)
			L.Pop(1)
			return lua.LVAsBool(r)
		}
	}
	// No cdata operand (a VM without ffi, where literals are numbers).
	switch event {
	case "__eq":
		return L.Equal(a, b)
	case "__lt":
		return L.LessThan(a, b)
	}
	if x, ok := a.(lua.LNumber); ok {
		if y, ok := b.(lua.LNumber); ok {
			return x <= y
		}
	}
	if x, ok := a.(lua.LString); ok {
		if y, ok := b.(lua.LString); ok {
			return x <= y
		}
	}
	L.RaiseError("attempt to compare %s with %s", a.Type(), b.Type())
	return false
}

// raiseAtCaller re-raises the error of metamethod mm. A Go metamethod (the
// FFI's) places its messages at its caller's line when a Lua function calls
// it, as the VM does for a comparison; called from here it finds no Lua
// caller, so the comparison's position is added to its message.
func raiseAtCaller(L *lua.LState, mm lua.LValue, err error) {
	ae, ok := err.(*lua.ApiError)
	if !ok {
		L.RaiseError("%s", err.Error())
	}
	msg, isStr := ae.Object.(lua.LString)
	if fn, ok := mm.(*lua.LFunction); ok && fn.IsG && isStr {
		if where := callerWhere(L); where != "" && !strings.HasPrefix(string(msg), where) {
			L.Error(lua.LString(where+string(msg)), 0)
		}
	}
	L.Error(ae.Object, 0)
}

// callerWhere is "source:line: " of the Lua function calling the running
// Go function, or "".
func callerWhere(L *lua.LState) string {
	dbg, ok := L.GetStack(1)
	if !ok {
		return ""
	}
	if _, err := L.GetInfo("Sl", dbg, lua.LNil); err != nil || dbg.CurrentLine <= 0 {
		return ""
	}
	return dbg.Source + ":" + strconv.Itoa(dbg.CurrentLine) + ": "
}

// literalCacheMax bounds the per-VM cache of literal values: chunks made
// at run time by loadstring could otherwise grow it without end. Literals
// beyond it get a fresh object at each evaluation.
const literalCacheMax = 4096

// InstallInt64Literals makes L's VM able to run chunks holding 64-bit
// literals: box makes their values (nil gives plain numbers, the nearest
// double, as for a LuaJIT built without FFI support). Call it after the
// string library is opened; a later call replaces the boxer. Values are
// made once per VM and literal occurrence (a 64-bit cdata is immutable).
func InstallInt64Literals(L *lua.LState, box Int64Boxer) {
	smt, ok := L.GetMetatable(lua.LString("")).(*lua.LTable)
	if !ok {
		return
	}
	strlib, ok := smt.RawGetString("__index").(*lua.LTable)
	if !ok {
		return
	}
	if box == nil {
		box = func(_ *lua.LState, bits uint64, unsigned bool) lua.LValue {
			if unsigned {
				return lua.LNumber(float64(bits))
			}
			return lua.LNumber(float64(int64(bits)))
		}
	}
	cache := make(map[string]lua.LValue)
	fn := L.NewFunction(func(L *lua.LState) int {
		s, ok := L.Get(1).(lua.LString)
		if !ok {
			L.RaiseError("bad 64-bit literal")
		}
		if v, ok := cache[string(s)]; ok {
			L.Push(v)
			return 1
		}
		bits, unsigned, ok := parseLiteralText(string(s))
		if !ok {
			L.RaiseError("bad 64-bit literal %q", string(s))
		}
		v := box(L, bits, unsigned)
		if len(cache) < literalCacheMax {
			cache[string(s)] = v
		}
		L.Push(v)
		return 1
	})
	mt, _ := L.GetMetatable(strlib).(*lua.LTable)
	if mt == nil {
		mt = L.NewTable()
		L.SetMetatable(strlib, mt)
	}
	hidden, _ := mt.RawGetString("__index").(*lua.LTable)
	if hidden == nil {
		hidden = L.NewTable()
		mt.RawSetString("__index", hidden)
	}
	hidden.RawSetString(int64Method, fn)
	hidden.RawSetString(int64CmpMethod, L.NewFunction(compareOperands))
}
