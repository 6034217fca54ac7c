package ngxshim

import (
	"container/list"
	"fmt"
	"runtime"
	"sync"
	"time"

	lua "github.com/yuin/gopher-lua"
)

// ngx.semaphore (ngx_http_lua_semaphore.c and lua-resty-core's
// ngx/semaphore.lua): counting semaphores shared by the light threads,
// timers and requests of one worker VM. A wait blocks only its Lua thread,
// through Host.Block; post hands resources to the waiters in the order they
// came.

// semaphore is one ngx.semaphore. The waiters block outside the worker's
// baton, so the state has its own lock.
//
// nginx resumes the waiters a post serves one after the other, each
// running until it blocks again before the next is resumed. Here a waiter's
// goroutine is woken only once the one granted before it runs again (holds
// the baton), so they run in the same order.
type semaphore struct {
	mu        sync.Mutex
	resources int
	waiters   list.List // of *semWaiter, oldest first
	// last is the latest waiter granted a resource that has not run since.
	last *semWaiter
}

// semWaiter is a Lua thread blocked in wait.
type semWaiter struct {
	granted chan struct{} // closed to wake the waiter with its resource
	elem    *list.Element // its place in the queue, nil once out of it
	// killed is closed when the waiter's Lua thread is killed: the waiter
	// then leaves the queue at the semaphore's next operation, as ngx_lua's
	// cleanup handler removes it when the thread is killed.
	killed <-chan struct{}
	reaped bool       // left the queue because its thread was killed
	woken  bool       // granted is closed
	dead   bool       // its thread is gone
	next   *semWaiter // granted after it, woken once it runs
}

// ThreadKillSignal is implemented by hosts that can give, while L holds
// the baton, the channel Block passes to its wait function for L (closed
// when L's Lua thread is killed). Without it a waiter whose thread is
// killed leaves the queue only once its goroutine has seen the kill, a
// moment after ngx.thread.kill returns.
type ThreadKillSignal interface {
	KillSignal(L *lua.LState) <-chan struct{}
}

// wait takes a resource at once when there is one and nobody waits before
// (ok), or when timeout is zero reports that there is none (ok false, w
// nil); otherwise it queues a waiter for the caller to block on. killed is
// the waiting thread's kill signal, if known.
func (s *semaphore) wait(timeout time.Duration, killed <-chan struct{}) (ok bool, w *semWaiter) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.reap()
	if s.waiters.Len() == 0 && s.resources > 0 {
		s.resources--
		return true, nil
	}
	if timeout == 0 {
		return false, nil
	}
	w = &semWaiter{granted: make(chan struct{}), killed: killed}
	w.elem = s.waiters.PushBack(w)
	return false, w
}

// watch records the kill signal of a waiter that was queued without one.
func (s *semaphore) watch(w *semWaiter, killed <-chan struct{}) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if w.killed == nil {
		w.killed = killed
	}
}

// reap drops the queued waiters whose threads were killed; s.mu is held.
func (s *semaphore) reap() {
	for e := s.waiters.Front(); e != nil; {
		next := e.Next()
		w := e.Value.(*semWaiter)
		if w.killed != nil {
			select {
			case <-w.killed:
				s.waiters.Remove(e)
				w.elem = nil
				w.reaped = true
			default:
			}
		}
		e = next
	}
}

// post adds n resources and hands them to the waiters, oldest first.
func (s *semaphore) post(n int) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.resources += n
	s.reap()
	s.dispatch()
}

// dispatch grants the resources to queued waiters; s.mu is held.
func (s *semaphore) dispatch() {
	for s.resources > 0 && s.waiters.Len() > 0 {
		w := s.waiters.Remove(s.waiters.Front()).(*semWaiter)
		w.elem = nil
		s.resources--
		if s.last != nil {
			s.last.next = w
		} else {
			w.woken = true
			close(w.granted)
		}
		s.last = w
	}
}

// resumed is called by a granted waiter once it runs again: the waiter
// granted after it may be woken now.
func (s *semaphore) resumed(w *semWaiter) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.relay(w)
}

// relay wakes the first live waiter granted after w; s.mu is held.
func (s *semaphore) relay(w *semWaiter) {
	for n := w; ; {
		if s.last == n {
			s.last = nil
			return
		}
		n = n.next
		if n == nil {
			return
		}
		if !n.dead {
			n.woken = true
			close(n.granted)
			return
		}
	}
}

// cancel withdraws a waiter that timed out (keep set) or whose thread is
// being killed. It reports whether the waiter holds a resource: one
// granted just before a timeout is kept, and the waiter then runs as
// woken; a killed waiter's resource goes to the next one.
func (s *semaphore) cancel(w *semWaiter, keep bool) bool {
	s.mu.Lock()
	defer s.mu.Unlock()
	if w.elem != nil {
		s.waiters.Remove(w.elem)
		w.elem = nil
		return false
	}
	if w.reaped {
		return false
	}
	if keep {
		return true
	}
	w.dead = true
	if w.woken {
		s.relay(w)
	}
	s.resources++
	s.dispatch()
	return false
}

// count is resources minus waiters, as ngx_http_lua_ffi_sema_count.
func (s *semaphore) count() int {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.reap()
	return s.resources - s.waiters.Len()
}

// semaphoreKey is the field of a semaphore instance holding the native
// semaphore, as lua-resty-core's instances hold the cdata in "sem".
const semaphoreKey = "sem"

func (a *api) semaphoreModule(L *lua.LState) *lua.LTable {
	mod := L.NewTable()
	mod.RawSetString("version", lua.LString(RestyCoreVersion))
	mt := L.NewTable()
	mt.RawSetString("__index", mod)
	L.SetFuncs(mod, map[string]lua.LGFunction{
		"new": func(L *lua.LState) int {
			n := 0.0
			if f, ok := luaToNumber(L.Get(1)); ok {
				n = f
			}
			if n < 0 {
				raiseCaller(L, "no negative number")
			}
			ud := L.NewUserData()
			sem := &semaphore{resources: int(n)}
			ud.Value = sem
			if cl, ok := a.h.(CycleLogger); ok {
				// ngx_lua's __gc of the semaphore says so; it runs on Go's
				// cleanup goroutine, which must not touch the VM.
				runtime.AddCleanup(ud, semaphoreGC(cl), sem)
			}
			inst := L.NewTable()
			inst.RawSetString(semaphoreKey, ud)
			inst.Metatable = mt
			L.Push(inst)
			return 1
		},
		"wait":  a.semWait,
		"post":  semPost,
		"count": semCount,
	})
	return mod
}

// CycleLogger is a Host that can log without a Lua thread, from any
// goroutine, on nginx's cycle log (no request context).
type CycleLogger interface {
	LogCycle(level int, msg string)
}

// semaphoreGC returns the cleanup of a collected semaphore: ngx_lua's debug
// line. (Its error for a semaphore collected with threads waiting cannot
// happen here: a waiting thread keeps the semaphore reachable.)
func semaphoreGC(cl CycleLogger) func(*semaphore) {
	return func(s *semaphore) {
		cl.LogCycle(LogDebug, fmt.Sprintf("in lua gc, semaphore %p", s))
	}
}

// checkSemaphore returns the semaphore of instance self (argument 1).
func checkSemaphore(L *lua.LState) *semaphore {
	if self, ok := L.Get(1).(*lua.LTable); ok {
		if ud, ok := self.RawGetString(semaphoreKey).(*lua.LUserData); ok {
			if s, ok := ud.Value.(*semaphore); ok {
				return s
			}
		}
	}
	raiseCaller(L, "not a semaphore instance")
	return nil
}

// semWait is sem:wait(timeout): true, or nil and "timeout" at once with a
// zero timeout, or false and "timeout" after waiting in vain.
func (a *api) semWait(L *lua.LState) int {
	s := checkSemaphore(L)
	c := a.h.Current(L)
	if c == nil || c.Phase == PhaseInit {
		raisePlain(L, "no request found")
	}
	secs, ok := luaToNumber(L.Get(2))
	if !ok {
		raisePlain(L, "attempt to perform arithmetic on a nil value")
	}
	ms := secs * 1000
	if ms < 0 {
		raiseCaller(L, "no negative number")
	}
	if c.Phase&PhasesYieldable == 0 {
		L.Push(lua.LNil)
		L.Push(lua.LString("API disabled in the context of " + contextName(c.Phase)))
		return 2
	}
	// ngx_lua passes the timeout as a C int of milliseconds.
	timeout := time.Duration(int32(ms)) * time.Millisecond
	var killed <-chan struct{}
	if ks, ok := a.h.(ThreadKillSignal); ok {
		killed = ks.KillSignal(L)
	}
	got, w := s.wait(timeout, killed)
	if got {
		L.Push(lua.LTrue)
		return 1
	}
	if w == nil {
		L.Push(lua.LNil)
		L.Push(lua.LString("timeout"))
		return 2
	}
	func() {
		// Also when the thread is killed on its way back: the chain of
		// granted waiters must go on.
		defer func() {
			if got {
				s.resumed(w)
			}
		}()
		a.h.Block(L, func(cancel <-chan struct{}) {
			s.watch(w, cancel)
			tm := time.NewTimer(timeout)
			defer tm.Stop()
			select {
			case <-w.granted:
				got = true
			case <-tm.C:
				got = s.cancel(w, true)
			case <-cancel:
				// The thread is killed: it must not keep a resource.
				s.cancel(w, false)
			}
		})
	}()
	if got {
		L.Push(lua.LTrue)
		L.Push(lua.LNil)
		return 2
	}
	L.Push(lua.LFalse)
	L.Push(lua.LString("timeout"))
	return 2
}

// semPost is sem:post(n): n (default 1) resources more; always true.
func semPost(L *lua.LState) int {
	s := checkSemaphore(L)
	// n and tonumber(n) or 1
	n := 1.0
	if f, ok := luaToNumber(L.Get(2)); ok {
		n = f
	}
	if n < 1 {
		raiseCaller(L, "positive number required")
	}
	s.post(int(int32(n)))
	L.Push(lua.LTrue)
	return 1
}

// semCount is sem:count(): resources left, negative when threads wait.
func semCount(L *lua.LState) int {
	s := checkSemaphore(L)
	L.Push(lua.LNumber(s.count()))
	return 1
}

// luaToNumber is tonumber(v) for one argument: numbers, and strings that
// hold a number.
func luaToNumber(v lua.LValue) (float64, bool) {
	switch x := v.(type) {
	case lua.LNumber:
		return float64(x), true
	case lua.LString:
		f, err := parseLuaNumber(string(x))
		return f, err == nil
	}
	return 0, false
}
