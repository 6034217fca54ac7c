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
}
