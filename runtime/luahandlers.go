package runtime

import (
	"errors"
	"fmt"
	"io/fs"
	"os"
	"strconv"
	"strings"
	"sync"

	lua "github.com/yuin/gopher-lua"

	"gresty/lua51compat"
	"gresty/ngxshim"
	"gresty/runtime/config"
)

// protoCache holds the compiled chunks of the configuration's Lua handlers.
// Prototypes are never written by the VM, so one is shared by every worker.
// As in ngx_lua, inline code is compiled at its first use, and a handler
// that fails to compile fails each request that uses it.
type protoCache struct {
	mu     sync.Mutex
	inline map[*config.LuaHandler]*lua.FunctionProto
	files  map[string]*lua.FunctionProto
}

func newProtoCache() *protoCache {
	return &protoCache{inline: map[*config.LuaHandler]*lua.FunctionProto{}, files: map[string]*lua.FunctionProto{}}
}

// handlerError is a handler that could not be loaded, with ngx_lua's text.
type handlerError struct {
	msg string
	// cause is the compiler's message alone.
	cause string
	// status is what the request fails with: 500, or 404 and 503 for a
	// Lua file that is missing or unreadable, as ngx_lua.
	status int
}

func (e *handlerError) Error() string { return e.msg }

// proto returns the compiled chunk of h; path evaluates the file name of a
// *_by_lua_file handler whose path has variables. cache is lua_code_cache.
func (p *protoCache) proto(h *config.LuaHandler, path func() string, cache bool) (*lua.FunctionProto, error) {
	if h.Kind != config.LuaKindFile {
		p.mu.Lock()
		pr := p.inline[h]
		p.mu.Unlock()
		if pr != nil {
			return pr, nil
		}
		pr, err := lua51compat.Compile([]byte(h.Source), chunkName(h.ChunkName))
		if err != nil {
			return nil, &handlerError{msg: "failed to load inlined Lua code: " + err.Error(), cause: err.Error(), status: 500}
		}
		p.mu.Lock()
		p.inline[h] = pr
		p.mu.Unlock()
		return pr, nil
	}
	file := h.Path
	if h.ChunkName == "" && path != nil {
		file = path()
	}
	if cache {
		p.mu.Lock()
		pr := p.files[file]
		p.mu.Unlock()
		if pr != nil {
			return pr, nil
		}
	}
	pr, err := lua51compat.CompileFile(file)
	if err != nil {
		status := 500
		switch {
		case errors.Is(err, fs.ErrNotExist):
			status = 404
		case errors.Is(err, fs.ErrPermission):
			status = 503
		}
		return nil, &handlerError{msg: fmt.Sprintf("failed to load external Lua file \"%s\": %s", file, err.Error()), cause: err.Error(), status: status}
	}
	if cache {
		p.mu.Lock()
		p.files[file] = pr
		p.mu.Unlock()
	}
	return pr, nil
}

// chunkName makes a handler's chunk name a Lua chunkname ("=name").
func chunkName(name string) string {
	if strings.HasPrefix(name, "=") || strings.HasPrefix(name, "@") {
		return name
	}
	return "=" + name
}

// luaMain returns the http block's Lua settings, or defaults.
func (e *Engine) luaMain() config.LuaMain {
	if e.cfg.HTTP == nil {
		return config.LuaMain{}
	}
	return e.cfg.HTTP.Lua
}

// vmConfig is the configuration of worker i of n.
func (e *Engine) vmConfig(i, n int) VMConfig {
	lm := e.luaMain()
	cfg := VMConfig{
		ID: i, Count: n,
		MaxPendingTimers: lm.MaxPendingTimers,
		MaxRunningTimers: lm.MaxRunningTimers,
		Log:              e.log,
		Prefix:           e.cfg.Prefix,
		SharedDicts:      e.dicts,
		MasterProcess:    e.cfg.Main != nil && e.cfg.Main.MasterProcess,
		RegexMatchLimit:  lm.RegexMatchLimit,
		RegexCacheMaxEntries: func() int {
			if lm.RegexCacheMaxEntries == 0 && e.cfg.HTTP != nil && e.cfg.HTTP.Lookup("lua_regex_cache_max_entries") != nil {
				return -1
			}
			return lm.RegexCacheMaxEntries
		}(),
	}
	cfg.PackagePath, cfg.PackageCPath = e.packagePaths()
	if !e.opts.allEnv {
		cfg.Env = e.workerEnv()
	}
	cfg.WorkerThreadVMPoolSize = lm.WorkerThreadVMPoolSize
	cfg.ThreadCacheMaxEntries = lm.ThreadCacheMaxEntries
	if cfg.ThreadCacheMaxEntries == 0 && e.cfg.HTTP != nil && e.cfg.HTTP.Lookup("lua_thread_cache_max_entries") != nil {
		cfg.ThreadCacheMaxEntries = -1
	}
	cfg.ThreadPools = e.threadPools()
	if e.cfg.HTTP != nil {
		if d := e.cfg.HTTP.Lookup("lua_request_globals"); d != nil && len(d.Args) > 0 && d.Args[0] == "on" {
			cfg.RequestGlobals = true
		}
	}
	return cfg
}

// expandPath expands ";;", "$prefix" and "${prefix}" in
// lua_package_path/cpath as ngx_lua does: the prefix is nginx's (ending in
// "/", so "${prefix}html/?.lua" works), and it is substituted before the
// default path goes in, so a "$prefix" in LUA_PATH stays as it is.
func (e *Engine) expandPath(p, def string) string {
	const mark = "\x01"
	p = strings.ReplaceAll(p, ";;", ";"+mark+";")
	prefix := e.cfg.Prefix
	if prefix != "" && !strings.HasSuffix(prefix, "/") {
		prefix += "/"
	}
	p = strings.ReplaceAll(p, "$prefix", prefix)
	p = strings.ReplaceAll(p, "${prefix}", prefix)
	return strings.ReplaceAll(p, mark, def)
}

// threadPools are the thread_pool directives: "NAME threads=N
// [max_queue=N]".
func (e *Engine) threadPools() map[string]ThreadPool {
	pools := map[string]ThreadPool{}
	if e.cfg.Main == nil {
		return pools
	}
	for _, d := range e.cfg.Main.Block.Own("thread_pool") {
		tp := ThreadPool{Threads: 32, MaxQueue: 65536}
		for _, a := range d.Args[1:] {
			k, v, _ := strings.Cut(a, "=")
			n, err := strconv.Atoi(v)
			if err != nil {
				continue
			}
			switch k {
			case "threads":
				tp.Threads = n
			case "max_queue":
				tp.MaxQueue = n
			}
		}
		pools[d.Args[0]] = tp
	}
	return pools
}

// workerEnv is the environment of worker VMs: TZ and the env directives.
func (e *Engine) workerEnv() map[string]string {
	env := map[string]string{}
	if tz, ok := os.LookupEnv("TZ"); ok {
		env["TZ"] = tz
	}
	if e.cfg.Main == nil {
		return env
	}
	for _, v := range e.cfg.Main.Env {
		if v.HasValue {
			env[v.Name] = v.Value
		} else if val, ok := os.LookupEnv(v.Name); ok {
			env[v.Name] = val
		}
	}
	return env
}

// newWorker creates worker VM i of n and runs init_by_lua and
// init_worker_by_lua in it. nginx runs init_by_lua once in the master
// before forking, so every worker inherits its results; gresty's workers
// share no memory, so each VM runs it before any request, which gives each
// the same state.
func (e *Engine) newWorker(i, n int) (*Worker, error) {
	cfg := e.vmConfig(i, n)
	if e.cfg.HTTP != nil && e.cfg.HTTP.ExitWorkerByLua != nil {
		h := e.cfg.HTTP.ExitWorkerByLua
		cfg.ExitWorkerLabel = initLabel(h, "exit_worker_by_lua")
		cfg.ExitWorker = func() (*lua.FunctionProto, error) {
			pr, err := e.protos.proto(h, nil, true)
			var he *handlerError
			if errors.As(err, &he) && he.cause != "" {
				return nil, errors.New(he.cause)
			}
			return pr, err
		}
	}
	w := NewWorker(cfg)
	e.adoptCosockets(w)
	if e.cfg.HTTP == nil {
		return w, nil
	}
	if h := e.cfg.HTTP.InitByLua; h != nil {
		if err := e.runInit(w, h, ngxshim.PhaseInit, initLabel(h, "init_by_lua")); err != nil {
			e.log.Write(ngxshim.LogErr, err.Error(), LogContext{})
			w.Close()
			return nil, err
		}
	}
	return w, nil
}

// initWorker runs init_worker_by_lua in w. nginx runs it in each worker
// process after the listening sockets are open, so the engine calls it once
// it listens; a failure is logged and the worker goes on.
func (e *Engine) initWorker(w *Worker) {
	if e.cfg.HTTP == nil || e.cfg.HTTP.InitWorkerByLua == nil {
		return
	}
	h := e.cfg.HTTP.InitWorkerByLua
	if err := e.runInit(w, h, ngxshim.PhaseInitWorker, initLabel(h, "init_worker_by_lua")); err != nil {
		e.log.Write(ngxshim.LogErr, err.Error(), LogContext{})
	}
}

// initLabel is how ngx_lua prefixes an init handler's error:
// "init_by_lua error: " or, for a file, "init_by_lua_file error: ".
func initLabel(h *config.LuaHandler, phase string) string {
	if h.Kind == config.LuaKindFile {
		return phase + "_file error: "
	}
	return phase + " error: "
}

// runInit runs an init or init_worker handler to completion.
func (e *Engine) runInit(w *Worker, h *config.LuaHandler, phase ngxshim.Phase, label string) error {
	pr, err := e.protos.proto(h, nil, true)
	if err != nil {
		var he *handlerError
		if errors.As(err, &he) && he.cause != "" {
			return errors.New(label + he.cause)
		}
		return err
	}
	ctx := &ngxshim.Ctx{Phase: phase}
	w.b.take()
	fn := w.L.NewFunctionFromProto(pr)
	res := w.runQuiet(ctx, fn)
	w.endCosockets(ctx)
	w.b.give()
	if res.lerr != nil {
		return fmt.Errorf("%s%s\n%s", label, errorText(res.lerr.value), res.lerr.traceback)
	}
	return nil
}

// quietResult is a run whose error the caller reports itself.
type quietResult struct {
	lerr *luaError
}

// runQuiet runs fn as the entry thread of a run with ctx, waiting for its
// light threads, without logging its error; the caller holds the baton.
func (w *Worker) runQuiet(ctx *ngxshim.Ctx, fn *lua.LFunction) quietResult {
	run := &runState{w: w, ctx: ctx, kind: kindInit}
	if ctx.Phase == ngxshim.PhaseInitWorker {
		// ngx_lua's init_worker_by_lua logs through its fake connection,
		// whose log handler names the context; exit_worker_by_lua logs
		// through the cycle's log, which adds nothing.
		run.logContext = func() LogContext { return LogContext{Suffix: ", context: init_worker_by_lua*"} }
	}
	t := w.newThread(kindInit, ctx, nil)
	t.run = run
	run.entry = t
	_, lerr, sig := callOn(t.L, fn, nil)
	t.ended = true
	if lerr == nil && sig == 0 {
		for len(run.users) > 0 && !run.exited {
			w.b.give()
			<-run.changed
			w.b.take()
		}
	}
	w.forget(t, lerr == nil && sig == 0)
	return quietResult{lerr: lerr}
}

// errorText is the message ngx_lua shows for an error value.
func errorText(v lua.LValue) string {
	switch v := v.(type) {
	case lua.LString:
		return string(v)
	case lua.LNumber:
		return lua.LVAsString(v)
	}
	return "unknown reason"
}

// handlerFunc returns a fresh function for a handler in worker w (its
// environment is the worker's globals, or the request's own with
// lua_request_globals).
func (w *Worker) handlerFunc(pr *lua.FunctionProto, env *lua.LTable) *lua.LFunction {
	if env == nil {
		// A chunk's function has no upvalues and runs in _G: one per
		// worker serves every request (threads may run it at once).
		if fn := w.handlerFns[pr]; fn != nil {
			return fn
		}
		if w.handlerFns == nil || len(w.handlerFns) >= maxHandlerFns {
			// reloads bring new protos: start over rather than grow
			w.handlerFns = map[*lua.FunctionProto]*lua.LFunction{}
		}
		fn := w.L.NewFunctionFromProto(pr)
		w.handlerFns[pr] = fn
		return fn
	}
	fn := w.L.NewFunctionFromProto(pr)
	fn.Env = env
	return fn
}

// maxHandlerFns bounds a worker's cache of handler functions.
const maxHandlerFns = 4096
