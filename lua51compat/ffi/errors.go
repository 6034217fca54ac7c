package ffi

import (
	lua "github.com/yuin/gopher-lua"

	"gresty/lua51compat"
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
	L.Error(lua.LString(lua51compat.CallerSite(L).Where+err.Error()), 0)
}

// raiseMsg raises msg with the caller's position.
func raiseMsg(L *lua.LState, msg string) {
	L.Error(lua.LString(lua51compat.CallerSite(L).Where+msg), 0)
}

// argError raises "bad argument #n to 'name' (msg)".
func argError(L *lua.LState, n int, msg string) { lua51compat.ArgError(L, n, msg) }

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
