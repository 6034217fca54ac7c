package ffi

import (
	"errors"
	"runtime"
	"sync"
	"sync/atomic"
	"time"

	lua "github.com/yuin/gopher-lua"
)

// Finalizers (ffi.gc and the __gc of metatypes). Go's garbage collector
// notices that a cdata object became unreachable on its own goroutine;
// that goroutine only queues the object. The Lua finalizers run when the
// runtime calls RunFinalizers, at a safe point while it holds the VM, so
// they never run concurrently with other Lua code of the VM.
//
// A finalizer function that refers to its own cdata (through an upvalue,
// say) keeps it reachable, so it runs only at Close; LuaJIT would collect
// such a cycle.

// finalizerQueue holds the objects whose finalizers are due.
type finalizerQueue struct {
	mu      sync.Mutex
	pending []*cdata
	live    map[*cdata]struct{}
	notify  func()
	count   atomic.Int64
}

func (q *finalizerQueue) init() {
	q.live = make(map[*cdata]struct{})
}

// setFinalizer sets (or, with nil, removes) the finalizer of a cdata.
func (s *ffiState) setFinalizer(ud *lua.LUserData, cd *cdata, fin lua.LValue) {
	q := &s.fin
	q.mu.Lock()
	defer q.mu.Unlock()
	if fin == lua.LNil {
		cd.fin = nil
		delete(q.live, cd)
		return
	}
	first := cd.fin == nil
	cd.fin = fin
	if _, tracked := q.live[cd]; first && !tracked {
		q.live[cd] = struct{}{}
		runtime.AddCleanup(ud, q.collected, cd)
	}
}

// collected runs on Go's cleanup goroutine when the userdata of cd has
// become unreachable.
func (q *finalizerQueue) collected(cd *cdata) {
	q.mu.Lock()
	if _, ok := q.live[cd]; !ok {
		q.mu.Unlock()
		return
	}
	delete(q.live, cd)
	q.pending = append(q.pending, cd)
	notify := q.notify
	q.mu.Unlock()
	q.count.Add(1)
	if notify != nil {
		notify()
	}
}

// take removes and returns the queued objects.
func (q *finalizerQueue) take(all bool) []*cdata {
	q.mu.Lock()
	defer q.mu.Unlock()
	batch := q.pending
	q.pending = nil
	if all {
		for cd := range q.live {
			batch = append(batch, cd)
		}
		clear(q.live)
	}
	q.count.Add(-int64(len(batch)))
	if q.count.Load() < 0 {
		q.count.Store(0)
	}
	return batch
}

// run calls the finalizers of a batch, each in protected mode.
func (s *ffiState) runBatch(L *lua.LState, batch []*cdata) []error {
	var errs []error
	for _, cd := range batch {
		s.fin.mu.Lock()
		fin := cd.fin
		cd.fin = nil
		s.fin.mu.Unlock()
		if fin == nil || fin == lua.LNil {
			continue
		}
		if err := L.CallByParam(lua.P{Fn: fin, NRet: 0, Protect: true}, s.box(L, cd)); err != nil {
			errs = append(errs, err)
		}
	}
	return errs
}

// RunFinalizers runs the finalizers of the cdata objects of L's VM that Go's
// garbage collector found unreachable since the last call, and returns
// their errors joined. The runtime calls it at safe points while it holds
// the VM (between requests, before a worker sleeps); it does nothing when
// nothing is due.
func RunFinalizers(L *lua.LState) error {
	s := stateOf(L)
	if s == nil || s.fin.count.Load() == 0 {
		return nil
	}
	var errs []error
	for {
		batch := s.fin.take(false)
		if len(batch) == 0 {
			return errors.Join(errs...)
		}
		errs = append(errs, s.runBatch(L, batch)...)
	}
}

// PendingFinalizers returns how many finalizers of L's VM are due. It may
// be called from any goroutine.
func PendingFinalizers(L *lua.LState) int {
	if s := stateOf(L); s != nil {
		return int(s.fin.count.Load())
	}
	return 0
}

// collect is collectgarbage("collect") with ffi loaded: a full
// collection, a short wait for Go's cleanup goroutines to queue the cdata
// found unreachable, then their finalizers, as LuaJIT runs __gc during the
// collection.
func collect(L *lua.LState) {
	done := make(chan struct{})
	sentinel := new([16]byte)
	runtime.AddCleanup(sentinel, func(ch chan struct{}) { close(ch) }, done)
	sentinel = nil
	runtime.GC()
	select {
	case <-done:
		// cleanups queued by the same cycle may run in parallel with the
		// sentinel's: let them finish
		runtime.Gosched()
	case <-time.After(50 * time.Millisecond):
	}
	if PendingFinalizers(L) > 0 {
		if err := RunFinalizers(L); err != nil {
			L.Error(lua.LString(err.Error()), 0)
		}
	}
}

// SetFinalizerNotify sets a function called, from Go's cleanup goroutine,
// whenever a finalizer of L's VM becomes due, so the runtime can schedule
// a safe point. notify must not touch the VM.
func SetFinalizerNotify(L *lua.LState, notify func()) {
	if s := stateOf(L); s != nil {
		s.fin.mu.Lock()
		s.fin.notify = notify
		s.fin.mu.Unlock()
	}
}

// Close runs every finalizer still pending or set on a live cdata, as
// LuaJIT does when its state is closed. Call it under the baton before
// discarding the VM.
func Close(L *lua.LState) error {
	s := stateOf(L)
	if s == nil {
		return nil
	}
	var errs []error
	for {
		batch := s.fin.take(true)
		if len(batch) == 0 {
			return errors.Join(errs...)
		}
		errs = append(errs, s.runBatch(L, batch)...)
	}
}
