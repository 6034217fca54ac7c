package runtime

import (
	lua "github.com/yuin/gopher-lua"

	"gresty/ngxshim"
)

// The coroutine library, backed by goroutines. gopher-lua runs a resumed
// coroutine on the resumer's Go stack and treats a yield as "this Go function
// returned -1", which silently misbehaves across pcall, metamethods,
// iterators, table.sort and require. Here each coroutine is a Lua state
// driven by a goroutine of its own: resume hands the baton to it over a
// channel and waits; yield hands it back and waits. Nothing on the Go stack is
// unwound by a yield, so a coroutine may yield from anywhere, and one that
// blocks (ngx.sleep, a cosocket) gives the baton back to the worker like any
// other thread.

type coStatus uint8

const (
	coSuspended coStatus = iota
	coRunning
	coNormal
	coDead
)

var coStatusNames = [...]string{"suspended", "running", "normal", "dead"}

// coroutine is the state of one Lua coroutine.
type coroutine struct {
	t       *thread
	fn      lua.LValue
	status  coStatus
	started bool
	// resumer is the thread that resumed the coroutine, while it runs.
	resumer *thread
	in      chan coMsg // resume values, or a kill
	out     chan coMsg // yielded or returned values, an error, or a signal
	// lastErr is the error the coroutine died with.
	lastErr *luaError
}

// coMsg is one hand-over between a coroutine and its resumer.
type coMsg struct {
	vals []lua.LValue
	err  *luaError
	sig  signal
	done bool
}

// openCoroutine installs the coroutine table as ngx_lua leaves it: a new
// table with running, the standard functions under "_name", ngx_lua's
// request-aware ones under "__name", and create, resume, yield, status and
// wrap choosing between them (isyieldable is not carried over). gresty's
// coroutines behave the same in every context, so both sets are the same
// functions.
func (w *Worker) openCoroutine(L *lua.LState) {
	mod := L.CreateTable(0, 16)
	mod.RawSetString("running", L.NewFunction(w.coRunning))
	for name, fn := range map[string]lua.LGFunction{
		"create": w.coCreate,
		"resume": w.coResume,
		"yield":  w.coYield,
		"status": w.coStatus,
		"wrap":   w.coWrap,
	} {
		mod.RawSetString(name, L.NewFunction(fn))
		mod.RawSetString("_"+name, L.NewFunction(fn))
		mod.RawSetString("__"+name, L.NewFunction(fn))
	}
	L.SetGlobal("coroutine", mod)
	loaded := L.GetField(L.Get(lua.RegistryIndex), "_LOADED")
	if tb, ok := loaded.(*lua.LTable); ok {
		tb.RawSetString("coroutine", mod)
	}
}

// newCoroutine creates a suspended coroutine for fn, owned by the run (request
// or timer) of the creating thread, which kills it if it is still suspended
// when the run ends.
func (w *Worker) newCoroutine(L *lua.LState, fn lua.LValue) *coroutine {
	cur := w.threads[L]
	var run *runState
	var ctx = w.initCtx
	if cur != nil {
		run, ctx = cur.run, cur.ctx
	}
	t := w.newThread(kindCoroutine, ctx, nil)
	t.run = run
	co := &coroutine{t: t, fn: fn, in: make(chan coMsg), out: make(chan coMsg)}
	t.co = co
	if run != nil {
		run.coroutines = append(run.coroutines, co)
	}
	return co
}

func (w *Worker) coCreate(L *lua.LState) int {
	fn := L.CheckFunction(1)
	L.Push(w.newCoroutine(L, fn).t.L)
	return 1
}

// checkCoroutine returns the coroutine behind argument n.
func (w *Worker) checkCoroutine(L *lua.LState, n int) *coroutine {
	th := L.CheckThread(n)
	if t := w.threads[th]; t != nil && t.kind == kindCoroutine {
		return t.co
	}
	return nil
}

// resume runs co until it yields, returns, fails or is unwound by a signal,
// which then propagates to the resumer.
func (w *Worker) resume(L *lua.LState, co *coroutine, args []lua.LValue) (ok bool, vals []lua.LValue, errv lua.LValue) {
	switch co.status {
	case coDead:
		return false, nil, lua.LString("cannot resume dead coroutine")
	case coRunning:
		return false, nil, lua.LString("cannot resume running coroutine")
	case coNormal:
		return false, nil, lua.LString("cannot resume normal coroutine")
	}
	cur := w.threads[L]
	if cur != nil && cur.kind == kindCoroutine {
		cur.co.status = coNormal
	}
	co.resumer = cur
	co.status = coRunning
	if cur != nil {
		cur.resuming++
		defer func() { cur.resuming-- }()
	}
	if !co.started {
		co.started = true
		go w.coMain(co, args)
	} else {
		co.in <- coMsg{vals: args}
	}
	m := <-co.out
	co.resumer = nil
	if cur != nil && cur.root().killed && m.sig == 0 {
		// Something the coroutine ran ended the request (ngx.exit in a
		// light thread it spawned): the resumer is not resumed.
		co.status = coSuspended
		if m.done || m.err != nil {
			co.status = coDead
		}
		panic(sigKill)
	}
	if cur != nil && cur.kind == kindCoroutine {
		cur.co.status = coRunning
	}
	switch {
	case m.sig != 0:
		co.status = coDead
		panic(m.sig)
	case m.err != nil:
		co.status = coDead
		co.lastErr = m.err
		return false, nil, m.err.value
	case m.done:
		co.status = coDead
	default:
		co.status = coSuspended
	}
	return true, m.vals, nil
}

// coMain is the goroutine of a coroutine. It runs holding the baton handed
// over by resume.
func (w *Worker) coMain(co *coroutine, args []lua.LValue) {
	results, lerr, sig := callOn(co.t.L, co.fn, args)
	// The state is not recycled: the coroutine object stays visible to Lua,
	// and Dead tells later calls it has ended.
	w.forget(co.t, false)
	co.t.L.Dead = true
	co.out <- coMsg{vals: results, err: lerr, sig: sig, done: true}
}

func (w *Worker) coResume(L *lua.LState) int {
	co := w.checkCoroutine(L, 1)
	if co == nil {
		// An entry or light thread, or a coroutine that ended.
		msg := "cannot resume non-suspended coroutine"
		switch w.threadStatus(L, L.CheckThread(1)) {
		case "running":
			msg = "cannot resume running coroutine"
		case "dead":
			msg = "cannot resume dead coroutine"
		}
		L.Push(lua.LFalse)
		L.Push(lua.LString(msg))
		return 2
	}
	args := argsFrom(L, 2)
	ok, vals, errv := w.resume(L, co, args)
	if !ok {
		L.Push(lua.LFalse)
		L.Push(errv)
		return 2
	}
	L.Push(lua.LTrue)
	for _, v := range vals {
		L.Push(v)
	}
	return len(vals) + 1
}

func (w *Worker) coWrap(L *lua.LState) int {
	fn := L.CheckFunction(1)
	co := w.newCoroutine(L, fn)
	L.Push(L.NewFunction(func(L *lua.LState) int {
		ok, vals, errv := w.resume(L, co, argsFrom(L, 1))
		if !ok {
			// ngx_lua re-raises a wrapped coroutine's error where the
			// wrapper was called: a message gets that position too.
			if co.lastErr != nil {
				w.inner = co.lastErr.inner
			}
			// In phases that can yield, ngx_lua's own wrap passes the error
			// on as it is; elsewhere LuaJIT's wrap prefixes a message with
			// where the wrapper was called.
			if s, isStr := errv.(lua.LString); isStr {
				if c := w.Current(L); c == nil || c.Phase&ngxshim.PhasesYieldable == 0 {
					L.RaiseError("%s", string(s))
				}
			}
			L.Error(errv, 0)
		}
		for _, v := range vals {
			L.Push(v)
		}
		return len(vals)
	}))
	return 1
}

func (w *Worker) coYield(L *lua.LState) int {
	t := w.threads[L]
	vals := argsFrom(L, 1)
	if t == nil || t.kind != kindCoroutine {
		// The entry thread of a request or timer (or a light thread) yields
		// to the scheduler, which resumes it later with no values, as ngx_lua
		// does.
		w.yieldToScheduler(L)
		return 0
	}
	co := t.co
	co.status = coSuspended
	co.out <- coMsg{vals: vals}
	m := <-co.in
	if m.sig != 0 {
		panic(m.sig)
	}
	for _, v := range m.vals {
		L.Push(v)
	}
	return len(m.vals)
}

func (w *Worker) coStatus(L *lua.LState) int {
	th := L.CheckThread(1)
	L.Push(lua.LString(w.threadStatus(L, th)))
	return 1
}

// threadStatus is coroutine.status for coroutines and for ngx_lua's entry
// and light threads (which add "zombie": ended, not yet waited for).
func (w *Worker) threadStatus(L, th *lua.LState) string {
	t := w.threads[th]
	if t == nil {
		if th.Dead {
			return "dead"
		}
		return "suspended"
	}
	if t.kind == kindCoroutine {
		return coStatusNames[t.co.status]
	}
	if t.ended {
		if t.kind == kindUser && !t.waited {
			return "zombie"
		}
		return "dead"
	}
	// A thread that spawned or resumed the one running is "normal"; ngx_lua
	// keeps entry and light threads "running" while they wait for I/O or a
	// timer.
	if t.spawning > 0 || t.resuming > 0 {
		return "normal"
	}
	for c := w.threads[L]; c != nil && c.kind == kindCoroutine; {
		c = c.co.resumer
		if c == t {
			return "normal"
		}
	}
	return "running"
}

func (w *Worker) coRunning(L *lua.LState) int {
	t := w.threads[L]
	if t == nil {
		L.Push(lua.LNil)
		return 1
	}
	L.Push(t.L)
	return 1
}

// killCoroutine unwinds a suspended coroutine (its run ended). The caller
// holds the baton and lends it to the coroutine until it has unwound.
func (w *Worker) killCoroutine(co *coroutine) {
	if co.status != coSuspended || !co.started {
		co.status = coDead
		if !co.started {
			w.forget(co.t, false)
			co.t.L.Dead = true
		}
		return
	}
	co.status = coDead
	co.in <- coMsg{sig: sigKill}
	<-co.out
}

// argsFrom returns the values on L's stack from index n on.
func argsFrom(L *lua.LState, n int) []lua.LValue {
	top := L.GetTop()
	if top < n {
		return nil
	}
	vals := make([]lua.LValue, top-n+1)
	for i := range vals {
		vals[i] = L.Get(n + i)
	}
	return vals
}
