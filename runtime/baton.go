package runtime

import "sync"

// baton is a worker VM's right to run Lua: exactly one goroutine runs Lua on
// a VM at a time. A goroutine takes the baton before it touches the VM and
// gives it back when it blocks (socket I/O, sleep, waiting on a thread) or
// ends. Besides the mutex, the baton can travel by direct hand-off: a
// coroutine resume, a thread's first run after ngx.thread.spawn and a kill
// pass it over a channel without unlocking, so the receiver continues exactly
// where ngx_lua would resume it.
type baton struct {
	mu sync.Mutex
	// firstRun, when set, is the channel of a goroutine waiting for the Lua
	// thread now running to block or end for the first time: ngx.thread.spawn
	// runs the child before the parent continues. Guarded by mu.
	firstRun chan struct{}
}

// take blocks until the calling goroutine holds the baton.
func (b *baton) take() { b.mu.Lock() }

// give hands the baton on: to the goroutine waiting for a first run if there
// is one, else back to the mutex.
func (b *baton) give() {
	if ch := b.firstRun; ch != nil {
		b.firstRun = nil
		ch <- struct{}{}
		return
	}
	b.mu.Unlock()
}

// runFirst runs start (which must launch a goroutine that runs Lua as if it
// held the baton) and waits until that goroutine blocks or ends; the caller
// holds the baton before and after.
func (b *baton) runFirst(start func()) {
	prev := b.firstRun
	ch := make(chan struct{})
	b.firstRun = ch
	start()
	<-ch
	b.firstRun = prev
}
