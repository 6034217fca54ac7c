package ffi

import (
	"strconv"
	"strings"

	lua "github.com/yuin/gopher-lua"
)

// Errors raised the way LuaJIT's FFI raises them: lj_err_callerv prefixes
// the position of the calling Lua code ("chunk:line: "), none when the
// FFI function was tail-called or called from Go; argument errors name the
// function as the caller spelled it ("bad argument #2 to 'new' (...)").

// cerr is an FFI error before it is raised. arg > 0 makes it an argument
// error of that argument.
type cerr struct {
	msg string
	arg int
}

func (e *cerr) Error() string { return e.msg }

func errf(msg string) *cerr { return &cerr{msg: msg} }

// convErr is "cannot convert 'from' to 'to'".
func convErr(from, to string) *cerr {
	return &cerr{msg: "cannot convert '" + from + "' to '" + to + "'"}
}

// withArg turns an error into an argument error of argument n, unless it
// already is one.
func withArg(err error, n int) error {
	if ce, ok := err.(*cerr); ok && ce.arg == 0 && n > 0 {
		return &cerr{msg: ce.msg, arg: n}
	}
	return err
}

// raise raises err as a Lua error.
func raise(L *lua.LState, err error) {
	if ce, ok := err.(*cerr); ok && ce.arg > 0 {
		argError(L, ce.arg, ce.msg)
		return
	}
	L.Error(lua.LString(callerSite(L).where+err.Error()), 0)
}

// raiseMsg raises msg with the caller's position.
func raiseMsg(L *lua.LState, msg string) {
	L.Error(lua.LString(callerSite(L).where+msg), 0)
}

// argError raises "bad argument #n to 'name' (msg)".
func argError(L *lua.LState, n int, msg string) {
	s := callerSite(L)
	if s.method {
		n--
		if n == 0 {
			L.Error(lua.LString(s.where+"calling '"+s.name+"' on bad self ("+msg+")"), 0)
			return
		}
	}
	L.Error(lua.LString(s.where+"bad argument #"+strconv.Itoa(n)+" to '"+s.name+"' ("+msg+")"), 0)
}

// typeError raises "bad argument #n to 'f' (want expected, got T)".
func typeError(L *lua.LState, n int, want string) {
	got := "no value"
	if n <= L.GetTop() {
		got = typeNameOf(L.Get(n))
	}
	argError(L, n, want+" expected, got "+got)
}

// typeNameOf is LuaJIT's type name of a value: "cdata" for C data.
func typeNameOf(v lua.LValue) string {
	if _, ok := toCData(v); ok {
		return "cdata"
	}
	return v.Type().String()
}

// site describes how the running Go function was called.
type site struct {
	name   string
	method bool
	where  string
}

// callerSite finds the name the caller used for the running function and
// the caller's position. gopher-lua does not expose the caller's pc, so
// the calls on the caller's current line are examined: the call is a
// method call or a tail call when all of them are.
func callerSite(L *lua.LState) site {
	s := site{name: "?"}
	if dbg, ok := L.GetStack(0); ok {
		if _, err := L.GetInfo("n", dbg, lua.LNil); err == nil {
			s.name = dbg.Name
		}
	}
	raw := s.name
	if s.name == "" || strings.HasPrefix(s.name, "(") || strings.HasPrefix(s.name, "<") {
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
		return site{name: "?"}
	}
	s.method = n > 0 && self == n && s.name != "?"
	return s
}

// Opcode layout of gopher-lua v1.1.2: 6-bit opcode, then the A operand.
func opcodeOf(inst uint32) int { return int(inst >> 26) }
func operandA(inst uint32) int { return int(inst>>18) & 0xff }

// loadedBySelf reports whether the call at pc got its function from
// OP_SELF (a method call).
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
