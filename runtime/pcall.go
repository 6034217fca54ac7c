package runtime

import (
	lua "github.com/yuin/gopher-lua"

	"gresty/lua51compat"
)

// pcall and xpcall replace gopher-lua's. Its PCall closes every open upvalue
// of the calling state on error (closures and their enclosing function stop
// sharing locals), its xpcall closes none of the unwound frames' upvalues,
// and both build a traceback string on every caught error, quadratic in the
// stack depth. Here the protected function runs on a child state of its own:
// an error closes only the child's upvalues, which are exactly the ones of
// the frames being unwound; no traceback is built unless the handler asks;
// and the child is reused only after a call that ended normally.
//
// The child maps to the caller's logical thread, so ngx.* functions and
// coroutine.running() see the same thread inside the protected call, and a
// blocking call (ngx.sleep, a cosocket) inside it simply blocks the
// goroutine: pcall needs no yield across a C boundary.

// basePCall is pcall(f, ...).
func (w *Worker) basePCall(L *lua.LState) int {
	if L.GetTop() == 0 {
		L.ArgError(1, "value expected")
	}
	return w.protectedCall(L, 1, nil)
}

// baseXPCall is xpcall(f, handler, ...), with LuaJIT's extra arguments.
func (w *Worker) baseXPCall(L *lua.LState) int {
	handler := L.Get(2)
	if L.GetTop() < 2 {
		L.ArgError(2, "value expected")
	}
	L.Remove(2)
	return w.protectedCall(L, 1, handler)
}

// protectedCall calls the function at stack index fnIdx with the values above
// it as arguments, replaces them with true and its results, or false and the
// error value (passed through handler when there is one).
func (w *Worker) protectedCall(L *lua.LState, fnIdx int, handler lua.LValue) int {
	owner := w.threads[L]
	child := w.newLuaThread()
	child.Env = L.Env
	if owner != nil {
		w.threads[child] = owner
	}
	var handlerErr bool
	if handler == nil {
		child.Panic = w.raiseBare
	} else {
		child.Panic = func(c *lua.LState) {
			// Called where the error was raised: the handler sees the frames
			// (debug.traceback inside it shows them), as in Lua.
			if handlerErr {
				panic(&luaError{value: lua.LString("error in error handling")})
			}
			handlerErr = true
			v := lua51compat.LuaJITError(c, c.Get(-1))
			c.Push(handler)
			c.Push(v)
			c.Call(1, 1)
			panic(&luaError{value: c.Get(-1)})
		}
	}
	nargs := L.GetTop() - fnIdx
	L.XMoveTo(child, nargs+1)
	lerr, sig := callStack(child, nargs)
	if owner != nil {
		delete(w.threads, child)
	}
	if sig != 0 {
		// ngx.exit and kills go through pcall untouched.
		panic(sig)
	}
	if lerr != nil {
		L.Push(lua.LFalse)
		L.Push(lerr.value)
		return 2
	}
	n := child.GetTop()
	L.Push(lua.LTrue)
	child.XMoveTo(L, n)
	w.recycle(child)
	return n + 1
}
