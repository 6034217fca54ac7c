package runtime

import (
	"fmt"
	"sync"

	lua "github.com/yuin/gopher-lua"

	"gresty/lua51compat"
	"gresty/ngxshim"
)

// Worker threads (ngx.run_worker_thread). As in ngx_lua, each worker keeps
// a pool of at most lua_worker_thread_vm_pool_size separate Lua VMs with a
// reduced ngx API; a task borrows one, runs module.fn there on a thread of
// the named thread_pool (a goroutine, at most "threads" of them at once per
// pool), and gives the VM back when the function returns, even if the
// caller was killed meanwhile.

// ThreadPool is one thread_pool directive.
type ThreadPool struct {
	// Threads is how many tasks of the pool run at once; MaxQueue how many
	// may wait for a thread before posting fails.
	Threads, MaxQueue int
}

// workerThreads is a worker's pool of worker-thread VMs and its thread
// pools.
type workerThreads struct {
	mu    sync.Mutex
	free  []*Worker
	count int
	pools map[string]*taskPool
}

// taskPool limits how many tasks of one thread_pool run at once.
type taskPool struct {
	slots  chan struct{}
	mu     sync.Mutex
	queued int
	max    int
}

// HasThreadPool implements ngxshim.WorkerThreadRunner.
func (w *Worker) HasThreadPool(name string) bool {
	_, ok := w.cfg.ThreadPools[name]
	return ok
}

// pool returns the task pool of a configured thread_pool.
func (wt *workerThreads) pool(name string, tp ThreadPool) *taskPool {
	wt.mu.Lock()
	defer wt.mu.Unlock()
	p := wt.pools[name]
	if p == nil {
		threads := tp.Threads
		if threads < 1 {
			threads = 32
		}
		// max_queue=0 is valid: every task waits, so every post fails.
		p = &taskPool{slots: make(chan struct{}, threads), max: tp.MaxQueue}
		wt.pools[name] = p
	}
	return p
}

// takeVM returns an idle worker-thread VM, creating one while the pool is
// below its size; nil when every VM is busy.
func (w *Worker) takeVM(L *lua.LState) *Worker {
	wt := w.wt
	wt.mu.Lock()
	if n := len(wt.free); n > 0 {
		vm := wt.free[n-1]
		wt.free = wt.free[:n-1]
		wt.mu.Unlock()
		return vm
	}
	if wt.count >= w.cfg.WorkerThreadVMPoolSize {
		wt.mu.Unlock()
		return nil
	}
	wt.count++
	wt.mu.Unlock()
	// The new VM's package.path and cpath are the caller's current ones.
	cfg := VMConfig{ID: w.cfg.ID, Count: w.cfg.Count, Log: w.cfg.Log, Prefix: w.cfg.Prefix,
		SharedDicts: w.cfg.SharedDicts, Env: w.cfg.Env, RegexMatchLimit: w.cfg.RegexMatchLimit,
		RegexCacheMaxEntries: w.cfg.RegexCacheMaxEntries, threadVM: true}
	if pkg, ok := L.GetGlobal("package").(*lua.LTable); ok {
		cfg.PackagePath = lua.LVAsString(pkg.RawGetString("path"))
		cfg.PackageCPath = lua.LVAsString(pkg.RawGetString("cpath"))
	}
	return NewWorker(cfg)
}

// giveVM puts a worker-thread VM back in the pool.
func (w *Worker) giveVM(vm *Worker) {
	w.wt.mu.Lock()
	w.wt.free = append(w.wt.free, vm)
	w.wt.mu.Unlock()
}

// workerTask is one ngx.run_worker_thread call on its way.
type workerTask struct {
	vm   *Worker
	t    *thread
	fn   lua.LValue
	args []lua.LValue

	mu        sync.Mutex
	done      chan struct{}
	finished  bool
	abandoned bool
	// returned is set once the VM went back to the pool.
	returned bool
	results  []lua.LValue
	lerr     *luaError
}

// release gives the task's VM back to the pool once the task has finished,
// exactly once.
func (w *Worker) release(task *workerTask) {
	task.mu.Lock()
	give := task.finished && !task.returned
	if give {
		task.returned = true
	}
	task.mu.Unlock()
	if give {
		w.giveVM(task.vm)
	}
}

// RunWorkerThread implements ngxshim.WorkerThreadRunner. The caller holds
// the baton.
func (w *Worker) RunWorkerThread(L *lua.LState, pool, module, fn string, args []lua.LValue) []lua.LValue {
	fail := func(msg string) []lua.LValue { return []lua.LValue{lua.LFalse, lua.LString(msg)} }
	vm := w.takeVM(L)
	if vm == nil {
		return fail("no available Lua vm")
	}
	vm.Lock()
	t := vm.newThread(kindInit, vm.initCtx, nil)
	res, lerr, sig := callOn(t.L, vm.L.GetGlobal("require"), []lua.LValue{lua.LString(module)})
	var mod *lua.LTable
	var f *lua.LFunction
	msg := ""
	switch {
	case lerr != nil:
		msg = errorString(lerr.value)
	case sig != 0:
		msg = "unknown reason"
	default:
		var ok bool
		if len(res) > 0 {
			mod, ok = res[0].(*lua.LTable)
		}
		if !ok {
			msg = "invalid lua module"
			break
		}
		if f, ok = mod.RawGetString(fn).(*lua.LFunction); !ok {
			if v := vm.L.GetField(mod, fn); v != lua.LNil {
				f, ok = v.(*lua.LFunction)
			}
			if !ok {
				msg = "invalid function"
			}
		}
	}
	var vmArgs []lua.LValue
	if msg == "" {
		cp := &ngxshim.ValueCopier{To: vm.L, FromNull: ngxshim.Null(L), ToNull: ngxshim.WorkerThreadNull(vm.L)}
		for _, a := range args {
			v, err := cp.Copy(a, true)
			if err != nil {
				msg = err.Error() + " in the argument"
				break
			}
			vmArgs = append(vmArgs, v)
		}
	}
	if msg != "" {
		vm.forget(t, false)
		vm.Unlock()
		w.giveVM(vm)
		return fail(msg)
	}
	vm.Unlock()

	tp := w.wt.pool(pool, w.cfg.ThreadPools[pool])
	tp.mu.Lock()
	if tp.queued >= tp.max {
		waiting := tp.queued
		tp.mu.Unlock()
		// nginx's ngx_thread_task_post logs the overflow on the cycle's
		// log. (ngx_lua 0.10.23 then frees the task at a wrong address and
		// the worker dies; gresty only returns the error.)
		w.LogGlobal(ngxshim.LogErr, fmt.Sprintf("thread pool \"%s\" queue overflow: %d tasks waiting", pool, waiting))
		vm.Lock()
		vm.forget(t, false)
		vm.Unlock()
		w.giveVM(vm)
		return fail("ngx_thread_task_post failed")
	}
	tp.queued++
	tp.mu.Unlock()

	task := &workerTask{vm: vm, t: t, fn: f, args: vmArgs, done: make(chan struct{})}
	go w.runTask(tp, task)
	// A killed caller (ngx.thread.kill, ngx.exit) unwinds out of Block: the
	// VM goes back now if the task is over, else when it ends.
	defer w.release(task)
	w.Block(L, func(cancel <-chan struct{}) {
		select {
		case <-task.done:
		case <-cancel:
			task.mu.Lock()
			task.abandoned = true
			task.mu.Unlock()
		}
	})
	if task.lerr != nil {
		return fail(errorString(task.lerr.value))
	}
	out := []lua.LValue{lua.LTrue}
	cp := &ngxshim.ValueCopier{To: L, FromNull: ngxshim.WorkerThreadNull(vm.L), ToNull: ngxshim.Null(L)}
	for _, v := range task.results {
		c, err := cp.Copy(v, true)
		if err != nil {
			return fail(err.Error() + " in the return value")
		}
		out = append(out, c)
	}
	return out
}

// runTask is a thread of the pool running one task.
func (w *Worker) runTask(tp *taskPool, task *workerTask) {
	tp.slots <- struct{}{}
	tp.mu.Lock()
	tp.queued--
	tp.mu.Unlock()
	vm := task.vm
	vm.Lock()
	vm.UpdateTime()
	results, lerr, sig := callOn(task.t.L, task.fn, task.args)
	if sig != 0 && lerr == nil {
		lerr = &luaError{value: lua.LString("unknown reason")}
	}
	vm.forget(task.t, lerr == nil)
	vm.Unlock()
	<-tp.slots
	task.mu.Lock()
	task.results, task.lerr = results, lerr
	task.finished = true
	abandoned := task.abandoned
	task.mu.Unlock()
	if abandoned {
		w.release(task)
	}
	close(task.done)
}

// closeWorkerThreads closes the idle worker-thread VMs (ngx_lua closes them
// when the worker exits).
func (w *Worker) closeWorkerThreads() {
	if w.wt == nil {
		return
	}
	w.wt.mu.Lock()
	free := w.wt.free
	w.wt.free = nil
	w.wt.mu.Unlock()
	for _, vm := range free {
		vm.Close()
	}
}

// errorString is lua_tolstring of an error value: strings and numbers, ""
// for anything else.
func errorString(v lua.LValue) string {
	switch v := v.(type) {
	case lua.LString:
		return string(v)
	case lua.LNumber:
		return lua51compat.ToString(v)
	}
	return ""
}
