package runtime

import (
	"errors"
	"fmt"
	"time"

	lua "github.com/yuin/gopher-lua"

	"gresty/lua51compat/ffi"
	"gresty/ngxshim"
)

// runState is one execution of Lua for a request phase handler or a timer:
// the entry thread, the light threads it spawns and the coroutines they
// create. It ends when the entry thread and every light thread have ended, or
// at once when a thread calls ngx.exit or the entry thread fails.
type runState struct {
	w     *Worker
	ctx   *ngxshim.Ctx
	entry *thread
	// users are the light threads not yet ended.
	users      map[*thread]struct{}
	coroutines []*coroutine
	// exited is set when a thread of the run called ngx.exit (or exec,
	// redirect): the handler is over.
	exited bool
	// changed is signalled (never blocking) when a light thread ends.
	changed chan struct{}
	// logContext says where error_log lines written for the run come from.
	logContext func() LogContext
	kind       threadKind
	// errLabel, when set, is how an entry-thread error is logged: phases
	// run with a plain protected call (set, header_filter, body_filter,
	// log) say "failed to run set_by_lua*: msg" with debug.traceback's
	// text.
	errLabel string
}

// RunResult is how a run ended.
type RunResult struct {
	// Results are the entry thread's return values (set_by_lua uses them).
	Results []lua.LValue
	// Err is set when the entry thread failed: the error value and traceback
	// were logged as ngx_lua logs them.
	Err error
	// Exited is set when a thread called ngx.exit, ngx.exec or ngx.redirect.
	Exited bool
}

// errEntryAborted marks a run whose entry thread died with a Lua error.
var errEntryAborted = errors.New("lua entry thread aborted")

// Run runs fn(args...) as the entry thread of a new run with ctx, then waits
// for its light threads. The calling goroutine must not hold the baton; Run
// takes it and gives it back.
func (w *Worker) Run(ctx *ngxshim.Ctx, logContext func() LogContext, fn *lua.LFunction, args ...lua.LValue) RunResult {
	w.b.take()
	defer w.b.give()
	return w.runLocked(ctx, kindEntry, logContext, fn, args)
}

// runLocked is Run for a caller already holding the baton.
func (w *Worker) runLocked(ctx *ngxshim.Ctx, kind threadKind, logContext func() LogContext, fn *lua.LFunction, args []lua.LValue) RunResult {
	return w.runLabeled(ctx, kind, logContext, "", fn, args)
}

// runLabeled is runLocked with the label an error is logged under.
func (w *Worker) runLabeled(ctx *ngxshim.Ctx, kind threadKind, logContext func() LogContext, errLabel string, fn *lua.LFunction, args []lua.LValue) RunResult {
	w.nowCache = time.Now()
	// users and changed are made with the first light thread: most runs
	// have none
	run := &runState{w: w, ctx: ctx, logContext: logContext, kind: kind, errLabel: errLabel}
	t := w.newThread(kind, ctx, nil)
	t.run = run
	run.entry = t
	// ngx_lua runs request handlers and timers on a Lua thread of their own,
	// taken from its cache of lua_thread_cache_max_entries threads when one
	// is there; the plain-call phases (set, filters, log) run on the main
	// thread.
	// A timer took its thread when it was created (Worker.schedule).
	cached := (kind == kindEntry && ctx.Req != nil && errLabel == "") || kind == kindTimer
	if cached && kind != kindTimer {
		w.takeCachedThread(t.L, true)
	}
	results, lerr, sig := callOn(t.L, fn, args)
	t.ended = true
	var res RunResult
	res.Results = results
	switch {
	case sig == sigExit || run.exited:
		res.Exited = true
	case lerr != nil:
		if errLabel != "" {
			w.logPlainError(run, errLabel, lerr)
		} else {
			w.logThreadError(run, "lua entry thread aborted", lerr)
		}
		res.Err = errEntryAborted
		if r, ok := ctx.Req.(*request); ok && kind == kindEntry && r.PendingSubrequests() {
			// ngx_lua ends a request whose entry thread dies while
			// subrequests are pending with NGX_ERROR: no response, the
			// connection closed (ctx->no_abort).
			r.aborted = true
		}
	}
	clean := lerr == nil && sig == 0
	if res.Exited || res.Err != nil {
		run.killAll(nil)
	} else {
		// A handler is done when its entry thread and all its light threads
		// are; a light thread calling ngx.exit ends it at once.
		for len(run.users) > 0 && !run.exited {
			w.b.give()
			<-run.changed
			w.b.take()
		}
		if run.exited {
			res.Exited = true
			run.killAll(nil)
		}
	}
	w.awaitKilled(run)
	for _, co := range run.coroutines {
		w.killCoroutine(co)
	}
	if cached {
		w.cacheThread(t)
	}
	w.forget(t, clean)
	// A run's end is a safe point: ffi.gc finalizers run on this worker,
	// under its baton, never concurrently with Lua.
	if ffi.PendingFinalizers(w.L) > 0 {
		ffi.RunFinalizers(w.L)
	}
	return res
}

// takeCachedThread notes that a new Lua thread L (a run's entry thread,
// or a timer's when the timer is created) comes from the thread cache, or
// is a new one when the cache is empty. inRequest says whether ngx_lua logs
// the reuse with the request's context.
func (w *Worker) takeCachedThread(L *lua.LState, inRequest bool) {
	ref := len(w.threads) + 1
	if w.cachedThreads > 0 {
		w.cachedThreads--
		if !inRequest {
			w.logf(ngxshim.LogDebug, "lua reusing cached lua thread %p (ref %d)", L, ref)
		} else if w.cfg.Log.Enabled(ngxshim.LogDebug) {
			w.Log(L, ngxshim.LogDebug, fmt.Sprintf("lua reusing cached lua thread %p (ref %d)", L, ref))
		}
		return
	}
	// ngx_lua logs this one on the cycle's log, without the request.
	w.logf(ngxshim.LogDebug, "lua ref lua thread %p (ref %d)", L, ref)
}

// cacheThread puts the ended entry thread t of a run back in the thread
// cache, or drops it when the cache is full.
func (w *Worker) cacheThread(t *thread) {
	ref := len(w.threads) + 1
	max := w.cfg.ThreadCacheMaxEntries
	if w.cachedThreads < max {
		w.cachedThreads++
		if w.cfg.Log.Enabled(ngxshim.LogDebug) {
			w.Log(t.L, ngxshim.LogDebug, fmt.Sprintf("lua caching unused lua thread %p (ref %d)", t.L, ref))
		}
		return
	}
	if w.cfg.Log.Enabled(ngxshim.LogDebug) {
		w.Log(t.L, ngxshim.LogDebug, fmt.Sprintf("http lua unref thread %p: %d", t.L, ref))
	}
}

// awaitKilled waits until the killed light threads of run have unwound.
// ngx_lua drops the threads of a finished handler at once; here each one
// unwinds on its own goroutine, which needs the baton, so the run gives it
// until they are gone: nothing of the handler runs or stays reachable after
// it. A thread waiting for a subrequest cannot unwind before the subrequest
// ends and is not waited for.
func (w *Worker) awaitKilled(run *runState) {
	for {
		pending := false
		for u := range run.users {
			if u.killed && u.capturing == 0 {
				pending = true
				break
			}
		}
		if !pending {
			return
		}
		w.b.give()
		<-run.changed
		w.b.take()
	}
}

// addUser registers a light thread of the run.
func (r *runState) addUser(t *thread) {
	if r.users == nil {
		r.users = map[*thread]struct{}{}
		r.changed = make(chan struct{}, 1)
	}
	r.users[t] = struct{}{}
}

// exit ends the run on behalf of the thread from (ngx.exit): every other
// thread is killed.
func (r *runState) exit(from *thread) {
	r.exited = true
	r.killAll(from)
	select {
	case r.changed <- struct{}{}:
	default:
	}
}

// killAll kills every light thread of the run and the entry thread, except
// keep.
func (r *runState) killAll(keep *thread) {
	for u := range r.users {
		if u != keep {
			u.killNow()
		}
	}
	if r.entry != nil && r.entry != keep && !r.entry.ended {
		r.entry.killNow()
	}
}

// logThreadError writes ngx_lua's line for a thread that died with an error.
func (w *Worker) logThreadError(run *runState, label string, lerr *luaError) {
	msg := "unknown reason"
	switch v := lerr.value.(type) {
	case lua.LString:
		msg = string(v)
	case lua.LNumber:
		msg = lua.LVAsString(v)
	}
	text := label + ": runtime error: " + msg + "\n" + lerr.traceback
	if w.cfg.Log == nil || !w.cfg.Log.Enabled(ngxshim.LogErr) {
		return
	}
	var lc LogContext
	if run != nil && run.logContext != nil {
		lc = run.logContext()
	}
	w.cfg.Log.Write(ngxshim.LogErr, text, lc)
}

// logPlainError logs an error of a handler run with a plain protected call:
// "failed to run header_filter_by_lua*: msg" and debug.traceback's text.
func (w *Worker) logPlainError(run *runState, label string, lerr *luaError) {
	if w.cfg.Log == nil || !w.cfg.Log.Enabled(ngxshim.LogErr) {
		return
	}
	var lc LogContext
	if run != nil && run.logContext != nil {
		lc = run.logContext()
	}
	w.cfg.Log.Write(ngxshim.LogErr, label+": "+errorText(lerr.value)+"\n"+lerr.traceback, lc)
}
