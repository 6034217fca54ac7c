package runtime

import (
	"os"
	"sync"
	"syscall"
	"time"

	lua "github.com/yuin/gopher-lua"

	"gresty/ngxshim"
)

// The optional host interfaces of ngxshim's modules, implemented by the
// worker.

var (
	_ ngxshim.ErrorLogHost     = (*Worker)(nil)
	_ ngxshim.ProcessHost      = (*Worker)(nil)
	_ ngxshim.ThreadKillSignal = (*Worker)(nil)
	_ ngxshim.SharedDictHost   = (*Worker)(nil)
	_ ngxshim.RegexHost        = (*Worker)(nil)
)

// RegexConfig implements ngxshim.RegexHost.
func (w *Worker) RegexConfig() ngxshim.RegexConfig {
	n := w.cfg.RegexCacheMaxEntries
	if n == 0 {
		n = ngxshim.DefaultRegexCacheMaxEntries
	}
	if n < 0 {
		n = 0
	}
	return ngxshim.RegexConfig{CacheMaxEntries: n, MatchLimit: w.cfg.RegexMatchLimit}
}

// ErrorLogLevel implements ngxshim.ErrorLogHost.
func (w *Worker) ErrorLogLevel(L *lua.LState) int {
	if w.cfg.Log == nil {
		return ngxshim.LogErr
	}
	return w.cfg.Log.max
}

// CapturedErrorLog implements ngxshim.ErrorLogHost.
func (w *Worker) CapturedErrorLog() ngxshim.ErrorLogBuffer {
	if w.cfg.Log == nil || w.cfg.Log.capture == nil {
		return nil
	}
	return w.cfg.Log.capture
}

// ProcessType implements ngxshim.ProcessHost: gresty has no master process;
// with master_process on it answers as nginx's workers (and init_by_lua as
// the master), else "single".
func (w *Worker) ProcessType(L *lua.LState) string {
	if !w.cfg.MasterProcess {
		return "single"
	}
	if c := w.Current(L); c != nil && c.Phase == ngxshim.PhaseInit {
		return "master"
	}
	return "worker"
}

// MasterPID implements ngxshim.ProcessHost.
func (w *Worker) MasterPID() int { return os.Getpid() }

// SignalGracefulExit implements ngxshim.ProcessHost: the process drains and
// exits as on QUIT.
func (w *Worker) SignalGracefulExit(L *lua.LState) {
	syscall.Kill(os.Getpid(), syscall.SIGQUIT)
}

// KillSignal implements ngxshim.ThreadKillSignal.
func (w *Worker) KillSignal(L *lua.LState) <-chan struct{} {
	if t := w.threads[L]; t != nil {
		return t.root().kill
	}
	return nil
}

// captureBuffer is lua_capture_error_log's buffer: the newest lines, at
// most size bytes of them.
type captureBuffer struct {
	mu     sync.Mutex
	size   int
	used   int
	filter int
	lines  []capturedLine
}

type capturedLine struct {
	level int
	when  float64
	line  string
}

func newCaptureBuffer(size int) *captureBuffer {
	return &captureBuffer{size: size, filter: ngxshim.LogDebug}
}

// add keeps a logged line, dropping the oldest ones that no longer fit.
func (c *captureBuffer) add(level int, line string) {
	c.mu.Lock()
	defer c.mu.Unlock()
	if level > c.filter || len(line) > c.size {
		return
	}
	for c.used+len(line) > c.size && len(c.lines) > 0 {
		c.used -= len(c.lines[0].line)
		c.lines = c.lines[1:]
	}
	c.lines = append(c.lines, capturedLine{level, float64(time.Now().UnixMilli()) / 1000, line})
	c.used += len(line)
}

// SetFilterLevel implements ngxshim.ErrorLogBuffer.
func (c *captureBuffer) SetFilterLevel(level int) {
	c.mu.Lock()
	c.filter = level
	c.mu.Unlock()
}

// Read implements ngxshim.ErrorLogBuffer.
func (c *captureBuffer) Read() (int, float64, string, bool) {
	c.mu.Lock()
	defer c.mu.Unlock()
	if len(c.lines) == 0 {
		return 0, 0, "", false
	}
	l := c.lines[0]
	c.lines = c.lines[1:]
	c.used -= len(l.line)
	return l.level, l.when, l.line, true
}
