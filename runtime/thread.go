package runtime

import (
	"fmt"
	rtdebug "runtime/debug"
	"strings"

	lua "github.com/yuin/gopher-lua"

	"gresty/lua51compat"
	"gresty/ngxshim"
)

// threadKind says what a logical Lua thread is in ngx_lua's words.
type threadKind uint8

const (
	kindEntry     threadKind = iota // a request handler's entry thread
	kindUser                        // a light thread (ngx.thread.spawn)
	kindTimer                       // a timer callback's entry thread
	kindCoroutine                   // a coroutine created by coroutine.create/wrap
	kindInit                        // init_by_lua / init_worker_by_lua / exit_worker
)

// thread is one logical Lua thread of a worker VM. Several gopher-lua states
// may run for one thread: pcall runs the protected function on a child state,
// and every such state maps to the same thread in the worker's registry.
type thread struct {
	L      *lua.LState // the thread's identity: what coroutine.running() returns
	w      *Worker
	kind   threadKind
	ctx    *ngxshim.Ctx
	parent *thread // the spawner of a light thread

	// Light-thread bookkeeping (ngx.thread.spawn / wait / kill).
	children []*thread
	done     chan struct{} // closed when the thread ends
	ended    bool
	waited   bool
	ok       bool
	results  []lua.LValue

	// kill is closed to make the thread unwind at its next blocking point.
	kill   chan struct{}
	killed bool

	// spawning counts the ngx.thread.spawn calls of the thread waiting for
	// their child's first run (coroutine.status says "normal" meanwhile).
	spawning int
	// resuming counts the coroutines the thread resumed that are running.
	resuming int
	// capturing counts the ngx.location.capture calls of the thread waiting
	// for their subrequests (ngx_lua's coctx->pending_subreqs).
	capturing int

	co  *coroutine // set for kindCoroutine
	run *runState  // the request handler or timer run the thread belongs to
}

// root returns the entry, light or timer thread a coroutine currently runs on
// behalf of: the thread whose kill ends it.
func (t *thread) root() *thread {
	for t.kind == kindCoroutine && t.co.resumer != nil {
		t = t.co.resumer
	}
	return t
}

// signal values unwind a Lua thread with a Go panic that only gresty's own
// recovery points catch (a Lua pcall re-raises them).
type signal uint8

const (
	sigExit signal = iota + 1 // ngx.exit, ngx.exec, ngx.redirect ended the handler
	sigKill                   // the thread was killed (request end, ngx.thread.kill)
)

// luaError is a Lua error raised on a thread, with the traceback taken where
// it was raised (when the thread wanted one).
type luaError struct {
	value     lua.LValue
	traceback string
	// errorArgs are error()'s arguments when it raised the error.
	errorArgs []lua.LValue
	// inner are the frames of the coroutines the error came out of.
	inner [][]string
}

func (e *luaError) Error() string { return lua.LVAsString(e.value) }

// protect runs f and turns what unwinds out of it into values: a Lua error, a
// gresty signal, or a Go panic reported as a Lua error (a defect of the VM or
// of a Go builtin must not kill the worker).
func protect(f func()) (lerr *luaError, sig signal) {
	defer func() {
		r := recover()
		if r == nil {
			return
		}
		switch v := r.(type) {
		case *luaError:
			lerr = v
		case signal:
			sig = v
		case *lua.ApiError:
			lerr = &luaError{value: v.Object, traceback: v.StackTrace}
		default:
			lerr = &luaError{value: lua.LString(fmt.Sprintf("runtime error: %v", r)), traceback: string(rtdebug.Stack())}
		}
	}()
	f()
	return nil, 0
}

// raiseWithTraceback is the Panic function of entry, light and timer threads:
// an error that reaches it is uncaught by Lua, so the traceback that the error
// log needs is taken here, while the frames still exist. An error re-raised
// from a coroutine (coroutine.wrap) brings the coroutine's frames, which come
// first, as in ngx_lua's "coroutine 0: ... coroutine 1: ..." tracebacks.
func (w *Worker) raiseWithTraceback(L *lua.LState) {
	e := &luaError{value: lua51compat.LuaJITError(L, L.Get(-1)), errorArgs: errorArgs(L)}
	var b strings.Builder
	b.WriteString("stack traceback:")
	frames := append(w.takeInner(), frameLines(L, 0, -1))
	if t := w.threads[L]; t != nil && t.kind != kindInit && (t.run == nil || t.run.errLabel == "") {
		// A thread ngx_lua runs itself: its own traceback, at most 22
		// frames per coroutine and 5 coroutines.
		for n, lines := range frames {
			if n == threadTracebackCoroutines {
				break
			}
			fmt.Fprintf(&b, "\ncoroutine %d:", n)
			if len(lines) > threadTracebackDepth {
				lines = append(lines[:threadTracebackDepth:threadTracebackDepth], "...")
			}
			writeLines(&b, lines)
		}
	} else {
		// A plain protected call (init, init_worker, exit_worker, set,
		// filters, log): ngx_lua's message handler is debug.traceback,
		// which lists the frames of the failing thread only, unlabelled.
		writeLines(&b, luaJITFrames(frames[len(frames)-1]))
	}
	e.traceback = b.String()
	panic(e)
}

// raiseBare is the Panic function of protected calls: the error is caught by
// Lua code, so no traceback is built (gopher-lua's own PCall builds one on
// every error, quadratic in the stack depth).
func (w *Worker) raiseBare(L *lua.LState) {
	w.inner = nil
	panic(&luaError{value: lua51compat.LuaJITError(L, L.Get(-1))})
}

// raiseInCoroutine is the Panic function of coroutines: the error goes back
// to the resumer, with the coroutine's frames for a traceback if the
// resumer re-raises it (coroutine.wrap).
func (w *Worker) raiseInCoroutine(L *lua.LState) {
	panic(&luaError{value: lua51compat.LuaJITError(L, L.Get(-1)), inner: append(w.takeInner(), frameLines(L, 0, -1))})
}

// takeInner returns and forgets the frames of the coroutines an error being
// re-raised came through.
func (w *Worker) takeInner() [][]string {
	in := w.inner
	w.inner = nil
	return in
}

// errorArgs returns the arguments of error() when it raised the error: a
// thread that dies that way leaves them on its stack, and ngx.thread.wait
// returns them (before the message with its position).
func errorArgs(L *lua.LState) []lua.LValue {
	dbg, ok := L.GetStack(0)
	if !ok {
		return nil
	}
	fn, err := L.GetInfo("nf", dbg, nil)
	if err != nil {
		return nil
	}
	if f, ok := fn.(*lua.LFunction); !ok || !f.IsG || dbg.Name != "error" {
		return nil
	}
	n := L.GetTop() - 1
	args := make([]lua.LValue, 0, n)
	for i := 1; i <= n; i++ {
		args = append(args, L.Get(i))
	}
	return args
}

// callOn calls fn(args...) on L (which must have an empty stack) and returns
// its results.
func callOn(L *lua.LState, fn lua.LValue, args []lua.LValue) (results []lua.LValue, lerr *luaError, sig signal) {
	L.Push(fn)
	for _, a := range args {
		L.Push(a)
	}
	lerr, sig = callStack(L, len(args))
	if lerr == nil && sig == 0 {
		if n := L.GetTop(); n > 0 {
			results = make([]lua.LValue, n)
			for i := range results {
				results[i] = L.Get(i + 1)
			}
			L.SetTop(0)
		}
	}
	return results, lerr, sig
}

// callStack calls the function below the nargs arguments on L's otherwise
// empty stack, leaving its results there. It is the one entry into the VM for
// threads: everything that unwinds is turned into a value by protect.
func callStack(L *lua.LState, nargs int) (lerr *luaError, sig signal) {
	return protect(func() { L.Call(nargs, lua.MultRet) })
}

// newLuaThread returns a gopher-lua state for a new Lua thread of the VM,
// reusing one left clean by an earlier thread when possible.
func (w *Worker) newLuaThread() *lua.LState {
	if n := len(w.free); n > 0 {
		L := w.free[n-1]
		w.free = w.free[:n-1]
		L.Env = w.L.Env
		L.Dead = false
		return L
	}
	L, _ := w.L.NewThread()
	return L
}

// recycle keeps a state whose last call ended normally (its stacks are empty)
// for a later thread. States unwound by an error or a signal are dropped: their
// frames were abandoned mid-call.
func (w *Worker) recycle(L *lua.LState) {
	if L.GetTop() != 0 || len(w.free) >= maxFreeThreads {
		return
	}
	L.Panic = nil
	w.free = append(w.free, L)
}

const maxFreeThreads = 256

// newThread registers a new logical thread running on a fresh state.
func (w *Worker) newThread(kind threadKind, ctx *ngxshim.Ctx, parent *thread) *thread {
	L := w.newLuaThread()
	t := &thread{L: L, w: w, kind: kind, ctx: ctx, parent: parent, kill: make(chan struct{})}
	w.threads[L] = t
	if kind == kindCoroutine {
		L.Panic = w.raiseInCoroutine
	} else {
		L.Panic = w.raiseWithTraceback
	}
	return t
}

// forget removes a thread from the registry once nothing can run on it.
func (w *Worker) forget(t *thread, clean bool) {
	delete(w.threads, t.L)
	if t.kind == kindUser {
		// A waited or killed light thread reads as "dead" from now on.
		t.L.Dead = true
		clean = false
	}
	if clean {
		w.recycle(t.L)
	}
}

// current returns the logical thread L runs for, or nil.
func (w *Worker) current(L *lua.LState) *thread {
	return w.threads[L]
}

// killThread makes t unwind at its next blocking point (or now, if it is
// suspended in a coroutine yield).
func (t *thread) killNow() {
	if t.killed {
		return
	}
	t.killed = true
	close(t.kill)
}
