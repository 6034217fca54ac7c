package runtime

import "sync"

// baton is a worker VM's right to run Lua: exactly one goroutine runs Lua on
// a VM at a time. A goroutine takes the baton before it touches the VM and
// gives it back when it blocks (socket I/O, sleep, waiting on a thread) or
// ends.
//
// Besides the mutex, the baton travels by direct hand-off, which keeps
// ngx_lua's order of execution: ngx_lua "posts" a thread that must run again
// soon (the spawner of a light thread, a thread that yields to the
// scheduler) and runs the posted threads in order as soon as the running one
// stops, before any I/O event is looked at. Here a posted thread waits on a
// channel in the queue below; giving the baton back hands it to the first
// of them, and only when none is posted does the mutex open for threads
// woken by I/O. Coroutine resumes and kills also hand the baton over a
// channel, without the queue.
type baton struct {
	mu sync.Mutex
	// posted are the threads waiting for the baton ahead of I/O, oldest
	// first. Guarded by the baton itself.
	posted []chan struct{}
	// gives counts the hand-overs, so that a holder can tell whether it
	// gave the baton away meanwhile. Guarded by the baton itself.
	gives uint64
}

// take blocks until the calling goroutine holds the baton.
func (b *baton) take() { b.mu.Lock() }

// give hands the baton to the first posted thread, or back to the mutex.
func (b *baton) give() {
	b.gives++
	if len(b.posted) > 0 {
		ch := b.posted[0]
		b.posted[0] = nil
		b.posted = b.posted[1:]
		ch <- struct{}{}
		return
	}
	b.mu.Unlock()
}

// post queues the calling thread to run again once the running thread
// stops; the caller gives the baton (or lets another goroutine run on it)
// and then waits on the returned channel.
func (b *baton) post() chan struct{} {
	ch := make(chan struct{})
	b.posted = append(b.posted, ch)
	return ch
}

// runFirst runs start, which must launch a goroutine that runs Lua as if it
// held the baton, and waits until the baton comes back to the caller: the
// caller is posted, so it runs once the new goroutine blocks or ends and the
// threads posted before it have run (ngx.thread.spawn).
func (b *baton) runFirst(start func()) {
	ch := b.post()
	start()
	<-ch
}
