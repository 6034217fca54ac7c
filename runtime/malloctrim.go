package runtime

import (
	goruntime "runtime"
	rtdebug "runtime/debug"
	"strconv"

	"gresty/ngxshim"
)

// lua_malloc_trim: every N requests that reach the log phase, ngx_lua
// gives freed memory back to the system (glibc's malloc_trim). gresty does
// the Go equivalent, a collection that returns freed pages
// (debug.FreeOSMemory), and logs ngx_lua's line with 1 when memory went
// back. Only an explicit lua_malloc_trim does it: Go's scavenger already
// returns idle memory, and a forced collection every 1000 requests (the
// directive's default) would cost far more than malloc_trim does.

// mallocTrim counts a request that ran the log phase and trims when the
// count comes round.
func (r *request) mallocTrim() {
	if !r.e.luaRequires().Log {
		// ngx_lua's log handler is not installed
		return
	}
	n := r.e.luaMain().MallocTrim
	if n <= 0 {
		r.logAt(ngxshim.LogDebug, "malloc_trim() disabled")
		return
	}
	if r.e.cfg.HTTP.Lookup("lua_malloc_trim") == nil {
		return
	}
	if r.e.trimCount.Add(1)%int64(n) != 0 {
		return
	}
	r.logAt(ngxshim.LogDebug, "malloc_trim(1) returned "+strconv.Itoa(trimMemory()))
}

// trimMemory returns freed pages to the system and reports 1 when some
// went back. It is kept out of line with its statistics on the heap: two
// MemStats (about 10 KB) in the log phase's frame would grow every
// connection goroutine's stack.
//
//go:noinline
func trimMemory() int {
	before, after := new(goruntime.MemStats), new(goruntime.MemStats)
	goruntime.ReadMemStats(before)
	rtdebug.FreeOSMemory()
	goruntime.ReadMemStats(after)
	if after.HeapReleased > before.HeapReleased {
		return 1
	}
	return 0
}
