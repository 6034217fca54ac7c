package runtime

import (
	"errors"
	"fmt"
	"time"

	lua "github.com/yuin/gopher-lua"

	"gresty/lua51compat/parse"
	"gresty/ngxshim"
)

// Timers (ngx.timer.*). Each pending timer is a goroutine waiting on a Go
// timer; when it fires it takes the baton and runs its callback as the entry
// thread of a run of its own, in the timer context. When the worker exits,
// pending timers fire at once with premature set to true, as in ngx_lua.

type timerState struct {
	pending, running int
	// watcher is set once a timer was created (ngx_lua then has its fake
	// watcher connection, which aborts pending timers at exit).
	watcher bool
	// order holds the pending timers by expiry, then creation: nginx keeps
	// timers in one tree and runs those due in that order, so timers that
	// expire together run in the order they were made. Guarded by the
	// baton.
	order []*timerEntry
	seq   uint64
}

// timerEntry is a pending timer's place in the expiry order.
type timerEntry struct {
	deadline time.Time
	seq      uint64
	// waiting is set while the timer's goroutine waits for the timers
	// before it; turn then brings it a posted baton hand-off.
	waiting bool
	turn    chan chan struct{}
}

// enqueue inserts e in expiry order; the caller holds the baton.
func (ts *timerState) enqueue(e *timerEntry) {
	i := len(ts.order)
	for i > 0 {
		p := ts.order[i-1]
		if p.deadline.Before(e.deadline) || p.deadline.Equal(e.deadline) && p.seq < e.seq {
			break
		}
		i--
	}
	ts.order = append(ts.order, nil)
	copy(ts.order[i+1:], ts.order[i:])
	ts.order[i] = e
}

// awaitTurn is called by an expired timer holding the baton: it returns,
// holding the baton, once every timer before it has started, then takes
// its entry off and lets the next one in line run after it.
func (w *Worker) awaitTurn(e *timerEntry) {
	ts := &w.timers
	if len(ts.order) == 0 || ts.order[0] != e {
		e.waiting = true
		w.b.give()
		<-<-e.turn
		e.waiting = false
	}
	ts.order = ts.order[1:]
	if len(ts.order) > 0 && ts.order[0].waiting {
		// the next one already expired: it runs as soon as this one
		// gives the baton
		ts.order[0].turn <- w.b.post()
	}
}

// Timers implements ngxshim.Host.
func (w *Worker) Timers() ngxshim.TimerScheduler { return (*timers)(w) }

type timers Worker

var errTooManyPending = errors.New("too many pending timers")

// At implements ngxshim.TimerScheduler.
func (ts *timers) At(L *lua.LState, delay time.Duration, every bool, fn *lua.LFunction, args []lua.LValue) error {
	w := (*Worker)(ts)
	if w.exiting && delay > 0 {
		return errors.New("process exiting")
	}
	if w.timers.pending >= w.cfg.MaxPendingTimers {
		return errTooManyPending
	}
	lc := timerLogContext
	if t := w.threads[L]; t != nil {
		if t.run != nil && t.run.kind == kindTimer && t.run.logContext != nil {
			lc = t.run.logContext // a timer made by a timer names the same client
		}
		if r, ok := t.ctx.Req.(*request); ok {
			// A timer's fake connection keeps the creating request's client
			// and listening address, which its log lines name.
			suffix := ", context: ngx.timer, client: " + r.hr.Conn().RemoteAddr() + ", server: " + r.f.addr
			lc = func() LogContext { return LogContext{Suffix: suffix} }
		}
	}
	w.schedule(delay, every, fn, args, lc)
	return nil
}

// schedule starts one pending timer; the caller holds the baton.
func (w *Worker) schedule(delay time.Duration, every bool, fn *lua.LFunction, args []lua.LValue, lc func() LogContext) {
	if !w.timers.watcher {
		w.timers.watcher = true
		w.logf(ngxshim.LogDebug, "lua creating fake watcher connection")
	}
	// ngx_lua gives a timer its Lua thread when the timer is created.
	w.takeCachedThread(w.L, false)
	w.timers.pending++
	w.timers.seq++
	entry := &timerEntry{deadline: time.Now().Add(delay), seq: w.timers.seq, turn: make(chan chan struct{}, 1)}
	w.timers.enqueue(entry)
	w.pendingWG.Add(1)
	if w.fresh {
		// a timer holds its request's own VM (lua_code_cache off)
		w.refs.Add(1)
	}
	go func() {
		// last: the VM may close with this release
		defer w.releaseFresh()
		defer w.pendingWG.Done()
		premature := false
		tm := time.NewTimer(delay)
		select {
		case <-tm.C:
		case <-w.exitCh:
			tm.Stop()
			premature = true
		}
		w.b.take()
		w.awaitTurn(entry)
		defer w.b.give()
		w.timers.pending--
		if every && !w.exiting {
			// ngx_lua arms the next tick before running this one.
			w.schedule(delay, every, fn, args, lc)
		}
		if w.timers.running >= w.cfg.MaxRunningTimers {
			w.logf(ngxshim.LogAlert, "lua failed to run timer with function defined at %s: %d lua_max_running_timers are not enough",
				functionSource(fn), w.cfg.MaxRunningTimers)
			return
		}
		w.timers.running++
		w.logf(ngxshim.LogDebug, "lua ngx.timer expired")
		ctx := &ngxshim.Ctx{Phase: ngxshim.PhaseTimer}
		callArgs := make([]lua.LValue, 0, len(args)+1)
		callArgs = append(callArgs, lua.LBool(premature))
		callArgs = append(callArgs, args...)
		w.runLocked(ctx, kindTimer, lc, fn, callArgs)
		if ctx.Table != nil && w.cfg.Log.Enabled(ngxshim.LogDebug) {
			w.cfg.Log.Write(ngxshim.LogDebug, "lua release ngx.ctx at ref 1", lc())
		}
		w.endCosockets(ctx)
		w.logf(ngxshim.LogDebug, "http lua close fake http connection")
		w.timers.running--
	}()
}

func timerLogContext() LogContext { return LogContext{Suffix: ", context: ngx.timer"} }

// RunningCount implements ngxshim.TimerScheduler.
func (ts *timers) RunningCount() int { return ts.timers.running }

// PendingCount implements ngxshim.TimerScheduler.
func (ts *timers) PendingCount() int { return ts.timers.pending }

// functionSource renders where fn was defined as ngx_lua does: the chunk
// name as given ("=content_by_lua(nginx.conf:12)", "@/path/f.lua") and the
// line.
func functionSource(fn *lua.LFunction) string {
	if fn.IsG || fn.Proto == nil {
		return "=[C]:-1"
	}
	name, ok := parse.ChunkName(fn.Proto)
	if !ok {
		name = fn.Proto.SourceName
	}
	return fmt.Sprintf("%s:%d", name, fn.Proto.LineDefined)
}

// logf writes a worker-level error_log line (no request context).
func (w *Worker) logf(level int, format string, args ...any) {
	if w.cfg.Log == nil || !w.cfg.Log.Enabled(level) {
		return
	}
	msg := format
	if len(args) > 0 {
		msg = fmt.Sprintf(format, args...)
	}
	w.cfg.Log.Write(level, msg, LogContext{})
}
