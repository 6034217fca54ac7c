package runtime

import (
	"errors"
	"sync"

	lua "github.com/yuin/gopher-lua"

	"gresty/ngxshim"
)

// lua_check_client_abort and ngx.on_abort: while a Lua handler of the main
// request runs, the connection is watched for the client closing it; then
// the on_abort callback runs as a light thread, or, without one, every
// thread of the handler is killed and the request ends with 499.

// abortWatch is the client-abort state of a request.
type abortWatch struct {
	// callback is the function ngx.on_abort registered; started is set
	// once it ran.
	callback *lua.LFunction
	started  bool
	// fired is set when the client went away and the request ends.
	fired bool
}

var _ ngxshim.AbortRequest = (*request)(nil)

// OnAbort implements ngxshim.AbortRequest.
func (r *request) OnAbort(fn *lua.LFunction) error {
	if !r.loc.Lua.CheckClientAbort {
		return errors.New("lua_check_client_abort is off")
	}
	if r.abort == nil {
		r.abort = &abortWatch{}
	}
	if r.abort.callback != nil {
		return errors.New("duplicate call")
	}
	r.abort.callback = fn
	return nil
}

// watchAbort starts watching the connection for the run of a handler; the
// returned function ends the watch.
func (r *request) watchAbort() func() {
	if !r.isMain() || !r.loc.Lua.CheckClientAbort {
		return func() {}
	}
	ch, stop := r.hr.WatchClose()
	var wg sync.WaitGroup
	done := make(chan struct{})
	wg.Add(1)
	go func() {
		defer wg.Done()
		select {
		case err, ok := <-ch:
			if ok && err != nil {
				r.clientClosed()
			}
		case <-done:
		}
	}()
	return func() {
		close(done)
		stop()
		wg.Wait()
	}
}

// clientClosed acts on the client closing the connection while a handler
// runs.
func (r *request) clientClosed() {
	w := r.w
	w.b.take()
	defer w.b.give()
	run := r.runningRun()
	if run == nil {
		return
	}
	r.logAt(ngxshim.LogInfo, "client prematurely closed connection")
	if r.abort == nil {
		r.abort = &abortWatch{}
	}
	a := r.abort
	if a.callback != nil {
		if !a.started {
			a.started = true
			w.spawnFor(run.entry, a.callback)
		}
		return
	}
	a.fired = true
	r.exitStatus, r.exited = 499, true
	run.exit(nil)
}

// clientAborted reports whether the request ended because the client went
// away.
func (r *request) clientAborted() bool { return r.abort != nil && r.abort.fired }

// runningRun returns the handler run of r now in progress (its entry
// thread, or a light thread it left running), nil when none; the caller
// holds the baton.
func (r *request) runningRun() *runState {
	for _, t := range r.w.threads {
		if t.ctx == &r.ctx && !t.ended && t.run != nil && t.run.entry != nil && t.run.kind == kindEntry {
			return t.run
		}
	}
	return nil
}

// spawnFor starts fn as a light thread of parent's run, as if parent had
// called ngx.thread.spawn; the caller holds the baton.
func (w *Worker) spawnFor(parent *thread, fn *lua.LFunction) {
	run := parent.run
	t := w.newThread(kindUser, parent.ctx, parent)
	t.run = run
	t.done = make(chan struct{})
	run.addUser(t)
	parent.children = append(parent.children, t)
	w.b.runFirst(func() { go w.runUser(t, fn, nil) })
}
