// Package ngxshim is the ngx.* namespace and OpenResty's built-in modules on a
// gopher-lua VM. It knows nothing about how requests arrive or how Lua threads
// are scheduled: the engine (package runtime) implements the small interfaces
// defined here, and ngxshim builds the Lua-visible API on top of them, with
// ngx_lua's argument checks, error strings and log lines.
package ngxshim

import (
	"time"

	lua "github.com/yuin/gopher-lua"
)

// Ctx is the context one Lua thread runs in: the phase and, inside a request,
// the request (ngx_http_lua_ctx_t). Every Lua thread of a request (entry
// thread, light threads, coroutines) shares the request's Ctx.
type Ctx struct {
	// Phase is the phase being run; it changes as the request moves on.
	Phase Phase
	// Req is the request, nil in init, init_worker, timer and exit_worker.
	Req Request
	// Table is ngx.ctx, created on first use.
	Table *lua.LTable
	// Arg is ngx.arg: set_by_lua's arguments, or body_filter_by_lua's
	// chunk and eof flag (which the filter may replace).
	Arg []lua.LValue
}

// Host is the engine of one worker VM as the ngx API needs it.
type Host interface {
	// Current returns the context of the Lua thread L runs for, or nil when L
	// runs outside any context.
	Current(L *lua.LState) *Ctx
	// Block runs wait with the worker's baton released, so that other Lua
	// threads of the VM run meanwhile, and takes the baton back before
	// returning. wait must return when cancel is closed (the thread is being
	// killed or the worker exits); Block then unwinds the Lua thread and does
	// not return.
	Block(L *lua.LState, wait func(cancel <-chan struct{}))
	// Threads is the light-thread scheduler (ngx.thread).
	Threads() ThreadScheduler
	// Timers is the timer scheduler (ngx.timer).
	Timers() TimerScheduler
	// Exit ends the Lua handler L runs for (ngx.exit, ngx.exec, ngx.redirect
	// after they did their work): it unwinds L's thread and does not return.
	Exit(L *lua.LState)
	// Log writes msg to the error log at level (ngx.STDERR .. ngx.DEBUG), with
	// the request's context suffix when L runs for a request.
	Log(L *lua.LState, level int, msg string)
	// Worker describes the worker process the VM belongs to.
	Worker() WorkerInfo
	// Now is the cached time of the worker's event loop (ngx.now).
	Now() time.Time
	// UpdateTime refreshes the cached time (ngx.update_time).
	UpdateTime()
}

// WorkerInfo is what ngx.worker.* reports.
type WorkerInfo struct {
	ID, Count, PID int
	Exiting        func() bool
	// Prefix is nginx's -p prefix, with a trailing slash (ngx.config.prefix).
	Prefix string
}

// ThreadScheduler runs light threads (ngx.thread.*).
type ThreadScheduler interface {
	// Spawn starts fn(args...) as a light thread of L's request or timer; the
	// child runs first until it blocks or ends. It returns the thread object.
	Spawn(L *lua.LState, fn *lua.LFunction, args []lua.LValue) (*lua.LState, error)
	// Wait blocks until one of threads ends and returns whether it ended
	// without error and its results (or error value).
	Wait(L *lua.LState, threads []*lua.LState) (ok bool, results []lua.LValue, err error)
	// Kill kills a pending light thread spawned by L's thread.
	Kill(L *lua.LState, th *lua.LState) (bool, error)
	// Capturing tells that L's thread starts (delta 1) or ends (delta -1)
	// waiting for subrequests: ngx.thread.kill refuses to kill a thread
	// with pending subrequests.
	Capturing(L *lua.LState, delta int)
}

// TimerScheduler runs ngx.timer callbacks.
type TimerScheduler interface {
	// At schedules fn(premature, args...) after delay; every repeats it.
	At(L *lua.LState, delay time.Duration, every bool, fn *lua.LFunction, args []lua.LValue) error
	// RunningCount is ngx.timer.running_count().
	RunningCount() int
	// PendingCount is ngx.timer.pending_count().
	PendingCount() int
}
