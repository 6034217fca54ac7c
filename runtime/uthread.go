package runtime

import (
	"errors"

	lua "github.com/yuin/gopher-lua"

	"gresty/ngxshim"
)

// Light threads (ngx.thread.*). A light thread is a Lua thread of the run
// that spawned it, on a goroutine of its own; it runs first, until it blocks
// or ends, and then the spawner continues, as in ngx_lua.

// Threads implements ngxshim.Host.
func (w *Worker) Threads() ngxshim.ThreadScheduler { return (*uthreads)(w) }

type uthreads Worker

// Spawn implements ngxshim.ThreadScheduler.
func (u *uthreads) Spawn(L *lua.LState, fn *lua.LFunction, args []lua.LValue) (*lua.LState, error) {
	w := (*Worker)(u)
	parent := w.threads[L]
	if parent == nil || parent.run == nil {
		return nil, errors.New("no request found")
	}
	run := parent.run
	t := w.newThread(kindUser, parent.ctx, parent)
	t.run = run
	t.done = make(chan struct{})
	run.addUser(t)
	parent.children = append(parent.children, t)
	parent.spawning++
	w.b.runFirst(func() { go w.runUser(t, fn, args) })
	parent.spawning--
	if root := parent.root(); root.killed {
		// The child ended the request (ngx.exit) in its first run: the
		// spawner is not resumed.
		panic(sigKill)
	}
	return t.L, nil
}

// runUser is the goroutine of a light thread; it starts holding the baton
// handed over by Spawn.
func (w *Worker) runUser(t *thread, fn *lua.LFunction, args []lua.LValue) {
	results, lerr, sig := callOn(t.L, fn, args)
	run := t.run
	t.ended = true
	switch {
	case lerr != nil:
		if !t.killed {
			w.logThreadError(run, "lua user thread aborted", lerr)
		}
		t.ok = false
		t.results = append(append([]lua.LValue(nil), lerr.errorArgs...), lerr.value)
	case sig != 0:
		t.ok = false
		t.waited = true // killed or exiting: nobody may wait for it
	default:
		t.ok = true
		t.results = results
	}
	delete(run.users, t)
	if t.parent == nil || t.parent.ended || t.waited {
		w.forget(t, lerr == nil && sig == 0)
	}
	close(t.done)
	select {
	case run.changed <- struct{}{}:
	default:
	}
	w.b.give()
}

// Wait implements ngxshim.ThreadScheduler (ngx.thread.wait).
func (u *uthreads) Wait(L *lua.LState, ths []*lua.LState) (bool, []lua.LValue, error) {
	w := (*Worker)(u)
	cur := w.threads[L]
	list := make([]*thread, len(ths))
	for i, th := range ths {
		t := w.threads[th]
		if t == nil {
			if i < len(ths)-1 {
				continue
			}
			return false, []lua.LValue{lua.LNil, lua.LString("already waited or killed")}, nil
		}
		if t.kind != kindUser {
			return false, nil, errors.New("attempt to wait on a coroutine that is not a user thread")
		}
		if t.parent != cur {
			return false, nil, errors.New("only the parent coroutine can wait on the thread")
		}
		list[i] = t
	}
	for {
		for i, t := range list {
			if t == nil {
				continue
			}
			if t.ended && !t.waited {
				t.waited = true
				w.forget(t, t.ok)
				out := make([]lua.LValue, 0, len(t.results)+1)
				out = append(out, lua.LBool(t.ok))
				out = append(out, t.results...)
				return true, out, nil
			}
			if t.waited && i == len(list)-1 {
				return false, []lua.LValue{lua.LNil, lua.LString("already waited or killed")}, nil
			}
		}
		done := make([]<-chan struct{}, 0, len(list))
		for _, t := range list {
			if t != nil && !t.waited {
				done = append(done, t.done)
			}
		}
		w.Block(L, func(cancel <-chan struct{}) { waitAny(done, cancel) })
	}
}

// Kill implements ngxshim.ThreadScheduler (ngx.thread.kill).
func (u *uthreads) Kill(L *lua.LState, th *lua.LState) (bool, error) {
	w := (*Worker)(u)
	t := w.threads[th]
	if t == nil {
		return false, errors.New("already waited or killed")
	}
	if t.kind != kindUser {
		return false, errors.New("not user thread")
	}
	if t.parent != w.threads[L] {
		return false, errors.New("killer not parent")
	}
	if t.capturing > 0 {
		// A subrequest cannot be aborted halfway.
		return false, errors.New("pending subrequests")
	}
	if t.ended {
		if t.waited {
			return false, errors.New("already waited or killed")
		}
		t.waited = true
		w.forget(t, t.ok)
		return false, errors.New("already terminated")
	}
	t.waited = true
	delete(t.run.users, t)
	delete(w.threads, t.L)
	t.killNow()
	return true, nil
}

// Capturing implements ngxshim.ThreadScheduler.
func (u *uthreads) Capturing(L *lua.LState, delta int) {
	if t := u.threads[L]; t != nil {
		t.capturing += delta
	}
}

// waitAny returns when one of chans or cancel is closed.
func waitAny(chans []<-chan struct{}, cancel <-chan struct{}) {
	switch len(chans) {
	case 1:
		select {
		case <-chans[0]:
		case <-cancel:
		}
		return
	case 2:
		select {
		case <-chans[0]:
		case <-chans[1]:
		case <-cancel:
		}
		return
	}
	stop := make(chan struct{})
	fired := make(chan struct{}, len(chans)+1)
	for _, c := range chans {
		go func(c <-chan struct{}) {
			select {
			case <-c:
				fired <- struct{}{}
			case <-stop:
			}
		}(c)
	}
	select {
	case <-fired:
	case <-cancel:
	}
	close(stop)
}
