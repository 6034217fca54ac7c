package cosocket

import (
	lua "github.com/yuin/gopher-lua"
)

// Log levels, numbered as nginx's and ngx.STDERR .. ngx.DEBUG.
const (
	LogCrit  = 3
	LogErr   = 4
	LogWarn  = 5
	LogInfo  = 7
	LogDebug = 8
	LogAlert = 2
)

// Host is the engine as cosockets need it. Every method but LogGlobal is
// called holding the worker's baton.
type Host interface {
	// Owner returns the request, timer or init phase L runs for. It raises
	// ngx_lua's "no request found" when there is none and, when yield is
	// set, "API disabled in the context of ..." when the phase does not
	// allow cosockets to block.
	Owner(L *lua.LState, yield bool) *Owner
	// Config returns the settings in effect where L runs.
	Config(L *lua.LState) *Config
	// Block runs wait with the baton released; wait must return when
	// cancel is closed, and Block then unwinds L's thread.
	Block(L *lua.LState, wait func(cancel <-chan struct{}))
	// Log writes an error_log line with the context of L's request.
	Log(L *lua.LState, level int, msg string)
	// LogGlobal writes an error_log line with no request context; it may be
	// called from any goroutine (pooled connections log from their idle
	// watchers).
	LogGlobal(level int, msg string)
	// DebugEnabled reports whether debug lines would be written at all, so
	// that they are not formatted in vain.
	DebugEnabled() bool
	// Exiting reports whether the worker is shutting down: connections
	// are then closed rather than kept in pools.
	Exiting() bool
}

// Owner is what cosockets belong to: a request, a timer or an init phase
// (ngx_lua's controlling request). A socket used by another owner raises
// "bad request"; the sockets an owner leaves open are closed when it ends,
// as nginx's request cleanup closes them.
type Owner struct {
	open  map[ender]struct{}
	ended bool
	// freed counts cleanup slots given back, which ngx_lua reuses (and
	// says so in a debug line) before it adds new ones.
	freed int
	// sendBufs are the sizes of the send buffers given back, which the
	// next sends reuse as ngx_lua's ctx->free_bufs (for its debug lines).
	sendBufs []int
	// heirs are owners whose sockets this one closes when it ends: a
	// subrequest's, whose cleanups nginx hangs on the main request.
	heirs []*Owner
}

// sendBuffer takes a send buffer of at least n bytes from the owner's free
// list, as ngx_http_lua_chain_get_free_buf does, and returns its size and
// the debug line that function writes.
func (o *Owner) sendBuffer(n int) (int, string) {
	if len(o.sendBufs) == 0 {
		return n, sprintf("lua allocate new chainlink and new buf of size %d, cl:%s", n, ptr(o))
	}
	size := o.sendBufs[0]
	o.sendBufs = o.sendBufs[1:]
	if size >= n {
		return size, sprintf("lua reuse free buf memory %d >= %d, cl:%s, p:%s", size, n, ptr(o), ptr(&o.freed))
	}
	return n, sprintf("lua reuse free buf chain, but reallocate memory because %d >= %d, cl:%s, p:%s", n, size, ptr(o), ptr(&o.freed))
}

// giveSendBuffer puts a buffer back on the free list once its data is sent.
func (o *Owner) giveSendBuffer(size int) {
	o.sendBufs = append([]int{size}, o.sendBufs...)
}

// ender is a socket an Owner closes when it ends.
type ender interface{ end() }

// NewOwner returns an owner with nothing open.
func NewOwner() *Owner { return &Owner{open: make(map[ender]struct{})} }

// track registers s to be closed when the owner ends; it reports whether
// a freed cleanup slot was reused.
func (o *Owner) track(s ender) bool {
	if o == nil || o.ended {
		return false
	}
	if _, ok := o.open[s]; ok {
		return false
	}
	o.open[s] = struct{}{}
	if o.freed > 0 {
		o.freed--
		return true
	}
	return false
}

func (o *Owner) untrack(s ender) {
	if o == nil {
		return
	}
	if _, ok := o.open[s]; ok {
		delete(o.open, s)
		o.freed++
	}
}

// End closes every socket the owner left open. Sockets used after it
// behave as closed ones. The caller holds the baton.
func (o *Owner) End() {
	if o == nil || o.ended {
		return
	}
	o.ended = true
	for s := range o.open {
		delete(o.open, s)
		s.end()
	}
	for _, h := range o.heirs {
		h.End()
	}
	o.heirs = nil
}

// EndWith leaves o's sockets open until parent ends. ngx_lua registers a
// socket's cleanup on the main request, so what a subrequest leaves open
// lives on, still bound to the subrequest: any other request that touches
// it gets "bad request" rather than "closed". The caller holds the baton.
func (o *Owner) EndWith(parent *Owner) {
	if o == nil || o.ended {
		return
	}
	if parent == nil || parent.ended {
		o.End()
		return
	}
	parent.heirs = append(parent.heirs, o)
}

// Open reports how many sockets the owner has open.
func (o *Owner) Open() int { return len(o.open) }
