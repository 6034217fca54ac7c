package runtime

import goruntime "runtime"

// yieldGoroutine lets other goroutines run before the caller takes the baton
// again.
func yieldGoroutine() { goruntime.Gosched() }
