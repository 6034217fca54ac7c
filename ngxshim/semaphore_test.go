package ngxshim

import (
	"strings"
	"testing"
	"time"

	lua "github.com/yuin/gopher-lua"
)

// withThreads gives the VM spawn(fn [, phase]) and sleep(seconds): spawn
// runs fn on a new Lua thread of the VM (a goroutine that takes the baton;
// it runs once the spawner blocks), in the content phase unless a phase
// name is given; sleep blocks the calling thread off the baton.
func withThreads(vm *coreVM) *coreVM {
	h := vm.host
	vm.L.SetGlobal("spawn", vm.L.NewFunction(func(L *lua.LState) int {
		fn := L.CheckFunction(1)
		c := &Ctx{Phase: PhaseContent, Req: newCoreRequest()}
		if name := L.OptString(2, ""); name != "" {
			for p, n := range phaseNames {
				if n == name {
					c.Phase = p
				}
			}
			if c.Phase != PhaseContent {
				c.Req = nil
			}
		}
		th, _ := L.NewThread()
		h.mu.Lock()
		h.ctxs[th] = c
		h.mu.Unlock()
		h.threads.Add(1)
		go func() {
			defer h.threads.Done()
			h.baton.Lock()
			defer h.baton.Unlock()
			if err := th.CallByParam(lua.P{Fn: fn, Protect: true}); err != nil {
				vm.mu.Lock()
				vm.out.WriteString("thread error: " + err.Error() + "\n")
				vm.mu.Unlock()
			}
		}()
		return 0
	}))
	vm.L.SetGlobal("sleep", vm.L.NewFunction(func(L *lua.LState) int {
		d := time.Duration(float64(L.CheckNumber(1)) * float64(time.Second))
		h.Block(L, func(<-chan struct{}) { time.Sleep(d) })
		return 0
	}))
	return vm
}

func TestSemaphoreAcrossThreadsMatchesReference(t *testing.T) {
	vm := withThreads(newCoreVM(t, newCoreHost(contentCtx())))
	compareRecorded(t, vm, "multi")
}

func TestSemaphoreWaitContexts(t *testing.T) {
	vm := withThreads(newCoreVM(t, newCoreHost(contentCtx())))
	got := vm.run(t, `
local sema = require "ngx.semaphore"
local s = sema.new(1)
spawn(function() ngx.say("log: ", s:wait(1)) end, "log")
sleep(0.01)
spawn(function() ngx.say("header_filter: ", s:wait(0)) end, "header_filter")
sleep(0.01)
spawn(function() ngx.say("timer: ", s:wait(0)) end, "timer")
sleep(0.01)
spawn(function() ngx.say("init: ", pcall(s.wait, s, 0)) end, "init")
sleep(0.01)
`)
	want := "log: nilAPI disabled in the context of log_by_lua*\n" +
		"header_filter: nilAPI disabled in the context of header_filter_by_lua*\n" +
		"timer: true\n" +
		"init: falseno request found\n"
	if got != want {
		t.Errorf("got:\n%s\nwant:\n%s", got, want)
	}
}

func TestSemaphoreQueue(t *testing.T) {
	s := &semaphore{}
	ok, w1 := s.wait(time.Second, nil)
	if ok || w1 == nil {
		t.Fatal("empty semaphore: want a queued waiter")
	}
	_, w2 := s.wait(time.Second, nil)
	_, w3 := s.wait(time.Second, nil)
	if got := s.count(); got != -3 {
		t.Fatalf("count = %d, want -3", got)
	}
	s.post(2)
	woken := func(w *semWaiter) bool {
		select {
		case <-w.granted:
			return true
		default:
			return false
		}
	}
	// Both are granted; the second is woken once the first runs.
	if !woken(w1) || woken(w2) || woken(w3) {
		t.Fatalf("after post(2): woken %v %v %v, want true false false", woken(w1), woken(w2), woken(w3))
	}
	if got := s.count(); got != -1 {
		t.Errorf("count after post(2) = %d, want -1", got)
	}
	s.resumed(w1)
	if !woken(w2) || woken(w3) {
		t.Fatal("second waiter not woken after the first ran")
	}
	s.resumed(w2)
	// w3 times out: it leaves the queue, the count goes back up.
	if s.cancel(w3, true) {
		t.Error("a waiter that was never granted holds a resource")
	}
	if got := s.count(); got != 0 {
		t.Errorf("count after timeout = %d, want 0", got)
	}
	// A waiter killed after being granted passes its resource on, and the
	// waiters granted after it are still woken in turn.
	_, w4 := s.wait(time.Second, nil)
	_, w5 := s.wait(time.Second, nil)
	_, w7 := s.wait(time.Second, nil)
	s.post(2)
	if s.cancel(w4, false) {
		t.Error("a killed waiter kept its resource")
	}
	if !woken(w5) {
		t.Fatal("the waiter after the killed one was not woken")
	}
	s.resumed(w5)
	if !woken(w7) {
		t.Error("the resource of the killed waiter was not passed on")
	}
	s.resumed(w7)
	// A chained waiter killed before it was woken is skipped.
	_, w8 := s.wait(time.Second, nil)
	_, w9 := s.wait(time.Second, nil)
	_, w10 := s.wait(time.Second, nil)
	s.post(2)
	s.cancel(w9, false) // w10 gets its resource
	s.resumed(w8)
	if woken(w9) || !woken(w10) {
		t.Error("relay did not skip the killed waiter")
	}
	s.resumed(w10)
	// A waiter granted just as its timer fired keeps the resource.
	_, w6 := s.wait(time.Second, nil)
	s.post(1)
	if !s.cancel(w6, true) {
		t.Error("a waiter granted before its timeout lost the resource")
	}
	s.resumed(w6)
	if got := s.count(); got != 0 {
		t.Errorf("final count = %d, want 0", got)
	}
	// Resources are taken at once only when nobody waits.
	s.post(1)
	if ok, w := s.wait(0, nil); !ok || w != nil {
		t.Error("available resource not taken at once")
	}
	if ok, w := s.wait(0, nil); ok || w != nil {
		t.Error("zero timeout without resources must neither succeed nor queue")
	}
}

func TestSemaphoreNotInstance(t *testing.T) {
	vm := newCoreVM(t, newCoreHost(contentCtx()))
	got := vm.run(t, `
local sema = require "ngx.semaphore"
for _, self in ipairs{{}, {sem = 1}, {sem = newproxy and newproxy() or io.stdout}} do
  local ok, err = pcall(function() local r = sema.count(self); return r end)
  ngx.say(ok, " ", err)
end
`)
	if want := strings.Repeat("false case:4: not a semaphore instance\n", 3); got != want {
		t.Errorf("got:\n%s\nwant:\n%s", got, want)
	}
}

// TestSemaphoreKilledWaiterLeavesAtOnce: ngx.thread.kill of a waiting
// thread takes it out of the queue before the next semaphore operation,
// whenever its goroutine gets to run.
func TestSemaphoreKilledWaiterLeavesAtOnce(t *testing.T) {
	s := &semaphore{}
	kill := make(chan struct{})
	_, w := s.wait(time.Second, kill)
	if got := s.count(); got != -1 {
		t.Fatalf("count = %d, want -1", got)
	}
	close(kill)
	if got := s.count(); got != 0 {
		t.Errorf("count after kill = %d, want 0", got)
	}
	s.post(1)
	if ok, _ := s.wait(0, nil); !ok {
		t.Error("the resource went to the killed waiter")
	}
	// Its goroutine notices the kill afterwards: nothing changes.
	if s.cancel(w, false) {
		t.Error("a reaped waiter holds a resource")
	}
	if got := s.count(); got != 0 {
		t.Errorf("count after the goroutine's cancel = %d, want 0", got)
	}
}
