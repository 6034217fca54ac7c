package runtime

import (
	"os"
	"sync"
	"sync/atomic"
	"time"

	lua "github.com/yuin/gopher-lua"

	"gresty/lua51compat"
	"gresty/lua51compat/ffi"
	"gresty/ngxshim"
	"gresty/ngxshim/cjson"
)

// VMConfig is what a worker VM needs from the configuration.
type VMConfig struct {
	// ID and Count are ngx.worker.id() and ngx.worker.count().
	ID, Count int
	// PackagePath and PackageCPath are lua_package_path/cpath, already
	// expanded (";;" replaced by the defaults).
	PackagePath, PackageCPath string
	// RequestGlobals gives each request its own global environment that
	// inherits _G (gresty's lua_request_globals directive), instead of the
	// shared _G with ngx_lua 0.10.23's write guard.
	RequestGlobals bool
	// MaxPendingTimers and MaxRunningTimers are lua_max_pending_timers and
	// lua_max_running_timers.
	MaxPendingTimers, MaxRunningTimers int
	// Log is the error log.
	Log *ErrorLog
	// Prefix is nginx's prefix, as ngx.config.prefix() reports it.
	Prefix string
	// Env is the environment os.getenv sees: nginx removes every variable
	// but TZ and those named by env directives. Nil leaves the process's
	// environment visible (resty).
	Env map[string]string
	// ExitWorker loads exit_worker_by_lua, run when the worker ends (nginx
	// compiles it then); label prefixes its errors.
	ExitWorker      func() (*lua.FunctionProto, error)
	ExitWorkerLabel string
	// RegexCacheMaxEntries and RegexMatchLimit are
	// lua_regex_cache_max_entries (-1 for 0) and lua_regex_match_limit.
	RegexCacheMaxEntries, RegexMatchLimit int
	// MasterProcess is master_process (ngx.process.type answers "worker"
	// instead of "single").
	MasterProcess bool
	// SharedDicts are the lua_shared_dict zones, shared by every worker.
	SharedDicts *ngxshim.SharedDicts
	// Setup, when set, runs on the new VM after the libraries are opened and
	// before any Lua code (the engine registers ngx.shared, modules ...).
	Setup func(w *Worker)
	// ThreadPools are the thread_pool directives by name, and
	// WorkerThreadVMPoolSize is lua_worker_thread_vm_pool_size (the
	// engine fills in its default, 100; 0 allows no VM), for
	// ngx.run_worker_thread.
	ThreadPools            map[string]ThreadPool
	WorkerThreadVMPoolSize int
	// ThreadCacheMaxEntries is lua_thread_cache_max_entries (0: 1024, -1:
	// no cache).
	ThreadCacheMaxEntries int
	// threadVM makes a worker-thread VM: the reduced ngx API of
	// ngx.run_worker_thread's VMs instead of the whole one.
	threadVM bool
}

// Worker is one worker VM: a gopher-lua state and every Lua thread running on
// it, with the baton that lets exactly one of them run at a time.
type Worker struct {
	cfg VMConfig
	// L is the VM's main state. Lua code never runs on it directly: each
	// request, light thread, timer and coroutine gets a thread of its own.
	L *lua.LState
	b baton
	// handlerFns are the handler chunks' functions by proto (guarded by
	// the baton).
	handlerFns map[*lua.FunctionProto]*lua.LFunction

	// Everything below is guarded by the baton.
	threads map[*lua.LState]*thread
	free    []*lua.LState
	loading map[string]*moduleLoad
	protos  map[string]*lua.FunctionProto
	// inner carries a coroutine's frames to the traceback of the error
	// coroutine.wrap re-raises in its resumer.
	inner [][]string
	// sentinel marks a module in package.loaded while it loads.
	sentinel *lua.LUserData
	initCtx  *ngxshim.Ctx
	timers   timerState
	// cachedThreads is how many ended entry threads ngx_lua's thread cache
	// would hold (lua_thread_cache_max_entries).
	cachedThreads int

	// wt holds the VMs and thread pools of ngx.run_worker_thread.
	wt *workerThreads

	exiting  bool
	exitCh   chan struct{}
	exitOnce sync.Once
	// fresh marks a request's own VM (lua_code_cache off); refs counts
	// what holds it, as ngx_lua's vm_state->count: the request and each
	// timer it made. The last release closes it.
	fresh     bool
	refs      atomic.Int32
	pendingWG sync.WaitGroup
	nowCache  time.Time
}

// restyCoreCdefs are resty.core.base's FFI declarations.
const restyCoreCdefs = `
typedef unsigned char u_char;
typedef struct { size_t len; const unsigned char *data; } ngx_str_t;
typedef struct ngx_http_request_s ngx_http_request_t;
typedef struct { int len; const unsigned char *data; } ngx_http_lua_ffi_str_t;
`

// vmOptions raise gopher-lua's defaults toward LuaJIT's: LuaJIT allows
// recursion thousands of calls deep and large stacks for unpack and
// table.concat; gopher-lua's defaults stop at 254 calls and 5120 slots.
var vmOptions = lua.Options{
	CallStackSize:       20000,
	RegistrySize:        1024,
	RegistryMaxSize:     1 << 22,
	RegistryGrowStep:    1024,
	MinimizeStackMemory: true,
}

func init() {
	// LuaJIT has no implicit "arg" local in vararg functions (Lua 5.0's
	// compatibility that gopher-lua keeps on by default).
	lua.CompatVarArg = false
}

// NewWorker creates a worker VM with the Lua libraries of OpenResty's LuaJIT
// and the ngx API.
func NewWorker(cfg VMConfig) *Worker {
	if cfg.Count == 0 {
		cfg.Count = 1
	}
	if cfg.MaxPendingTimers == 0 {
		cfg.MaxPendingTimers = 1024
	}
	if cfg.MaxRunningTimers == 0 {
		cfg.MaxRunningTimers = 256
	}
	switch {
	case cfg.ThreadCacheMaxEntries == 0:
		cfg.ThreadCacheMaxEntries = 1024
	case cfg.ThreadCacheMaxEntries < 0:
		cfg.ThreadCacheMaxEntries = 0
	}
	w := &Worker{
		cfg:     cfg,
		threads: make(map[*lua.LState]*thread),
		loading: make(map[string]*moduleLoad),
		protos:  make(map[string]*lua.FunctionProto),
		exitCh:  make(chan struct{}),
		wt:      &workerThreads{pools: map[string]*taskPool{}},
	}
	w.nowCache = time.Now()
	w.initCtx = &ngxshim.Ctx{Phase: ngxshim.PhaseInit}
	L := lua.NewState(vmOptions)
	w.L = L
	// gopher-lua marks the first state that ever calls into the VM as its
	// main thread; do it here so no request thread is taken for it.
	L.Push(L.NewFunction(func(*lua.LState) int { return 0 }))
	L.Call(0, 0)

	lua51compat.OpenLibs(L)
	lua51compat.OpenLoad(L)
	lua51compat.Preload(L)
	ffi.Preload(L)
	// The declarations resty.core makes when OpenResty starts, which some
	// libraries use without declaring them.
	ffi.Cdef(L, restyCoreCdefs)
	L.SetGlobal("pcall", L.NewFunction(w.basePCall))
	L.SetGlobal("xpcall", L.NewFunction(w.baseXPCall))
	w.openCoroutine(L)
	w.openPackage(L)
	if cfg.threadVM {
		ngxshim.OpenWorkerThreadAPI(L, w)
		cjson.Preload(L, ngxshim.WorkerThreadNull(L))
	} else {
		ngxshim.Open(L, w)
		cjson.Preload(L, ngxshim.Null(L))
	}
	if cfg.Env != nil {
		if os, ok := L.GetGlobal("os").(*lua.LTable); ok {
			os.RawSetString("getenv", L.NewFunction(w.getenv))
		}
	}
	if !cfg.RequestGlobals && !cfg.threadVM {
		w.installGlobalGuard()
	}
	if cfg.Setup != nil {
		cfg.Setup(w)
	}
	return w
}

// Lock takes the worker's baton for Go code that must touch the VM from
// outside any Lua thread (configuration, tests).
func (w *Worker) Lock() { w.b.take() }

// Unlock gives the baton back.
func (w *Worker) Unlock() { w.b.give() }

// Close ends the worker: timers still pending run with premature set, as
// ngx_lua does at worker exit, then the VM is dropped.
func (w *Worker) Close() {
	w.exitOnce.Do(func() {
		w.b.take()
		if load := w.cfg.ExitWorker; load != nil {
			pr, err := load()
			if err != nil {
				w.logf(ngxshim.LogErr, "%s%s", w.cfg.ExitWorkerLabel, err.Error())
			} else {
				ctx := &ngxshim.Ctx{Phase: ngxshim.PhaseExitWorker}
				if res := w.runQuiet(ctx, w.L.NewFunctionFromProto(pr)); res.lerr != nil {
					w.logf(ngxshim.LogErr, "%s%s\n%s", w.cfg.ExitWorkerLabel, errorText(res.lerr.value), res.lerr.traceback)
				}
			}
		}
		w.exiting = true
		if w.timers.watcher {
			// ngx_lua's fake watcher connection, made with the first
			// timer, is closed: the pending timers run prematurely.
			w.logf(ngxshim.LogDebug, "lua abort pending timers")
			if w.timers.pending > 0 {
				w.logf(ngxshim.LogDebug, "lua found %d pending timers to be aborted prematurely", w.timers.pending)
			}
		}
		close(w.exitCh)
		w.b.give()
		w.pendingWG.Wait()
		w.b.take()
		w.closeCosockets()
		w.closeWorkerThreads()
		ffi.Close(w.L)
		w.b.give()
		socketEngines.Delete(w)
	})
}

// getenv is os.getenv over the environment nginx leaves to workers.
func (w *Worker) getenv(L *lua.LState) int {
	name := L.CheckString(1)
	if v, ok := w.cfg.Env[name]; ok {
		L.Push(lua.LString(v))
		return 1
	}
	L.Push(lua.LNil)
	return 1
}

// SharedDicts implements ngxshim.SharedDictHost.
func (w *Worker) SharedDicts() *ngxshim.SharedDicts { return w.cfg.SharedDicts }

// Current implements ngxshim.Host.
func (w *Worker) Current(L *lua.LState) *ngxshim.Ctx {
	if t := w.threads[L]; t != nil {
		return t.ctx
	}
	return nil
}

// Block implements ngxshim.Host: the baton is given back while wait runs.
func (w *Worker) Block(L *lua.LState, wait func(cancel <-chan struct{})) {
	var cancel <-chan struct{}
	var root *thread
	if t := w.threads[L]; t != nil {
		root = t.root()
		cancel = root.kill
	}
	w.b.give()
	wait(cancel)
	w.b.take()
	w.nowCache = time.Now()
	if root != nil && root.killed {
		panic(sigKill)
	}
}

// yieldToScheduler is coroutine.yield in an entry or light thread: ngx_lua
// posts the thread, so the threads posted before it run first, then it goes
// on.
func (w *Worker) yieldToScheduler(L *lua.LState) {
	if len(w.b.posted) == 0 {
		return
	}
	ch := w.b.post()
	w.b.give()
	<-ch
	if t := w.threads[L]; t != nil && t.root().killed {
		panic(sigKill)
	}
}

// Exit implements ngxshim.Host: every other thread of the run is killed and
// L's thread unwinds.
func (w *Worker) Exit(L *lua.LState) {
	t := w.threads[L]
	if t != nil && t.run != nil {
		t.run.exit(t.root())
	}
	panic(sigExit)
}

// Worker implements ngxshim.Host.
func (w *Worker) Worker() ngxshim.WorkerInfo {
	return ngxshim.WorkerInfo{ID: w.cfg.ID, Count: w.cfg.Count, PID: os.Getpid(), Exiting: func() bool { return w.exiting }, Prefix: w.cfg.Prefix}
}

// Now implements ngxshim.Host.
func (w *Worker) Now() time.Time { return w.nowCache }

// UpdateTime implements ngxshim.Host.
func (w *Worker) UpdateTime() { w.nowCache = time.Now() }

// Log implements ngxshim.Host.
func (w *Worker) Log(L *lua.LState, level int, msg string) {
	if w.cfg.Log == nil || !w.cfg.Log.Enabled(level) {
		return
	}
	var lc LogContext
	if t := w.threads[L]; t != nil && t.run != nil && t.run.logContext != nil {
		lc = t.run.logContext()
	}
	w.cfg.Log.Write(level, msg, lc)
}

// LogCycle implements ngxshim.CycleLogger: the error log is safe for any
// goroutine, and the line names no request.
func (w *Worker) LogCycle(level int, msg string) {
	if w.cfg.Log == nil || !w.cfg.Log.Enabled(level) {
		return
	}
	w.cfg.Log.Write(level, msg, LogContext{})
}

var _ ngxshim.Host = (*Worker)(nil)

// releaseFresh drops one reference to a fresh VM, closing it with the last,
// with ngx_lua's debug lines; it is called without the baton.
func (w *Worker) releaseFresh() {
	if !w.fresh {
		return
	}
	n := w.refs.Add(-1)
	w.logf(ngxshim.LogDebug, "lua decrementing the reference count for Lua VM: %d", n+1)
	if n == 0 {
		w.logf(ngxshim.LogDebug, "lua close the global Lua VM %p", w.L)
		w.Close()
	}
}
