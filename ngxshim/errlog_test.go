package ngxshim

import (
	"strings"
	"sync"
	"testing"

	lua "github.com/yuin/gopher-lua"
)

// captureHost adds a lua_capture_error_log buffer and a process model to
// coreHost.
type captureHost struct {
	*coreHost
	buf *memErrorLog
	// quit counts signal_graceful_exit calls.
	quit int
}

func (h *captureHost) CapturedErrorLog() ErrorLogBuffer {
	if h.buf == nil {
		return nil
	}
	return h.buf
}
func (h *captureHost) ErrorLogLevel(L *lua.LState) int        { return LogWarn }
func (h *captureHost) ProcessType(L *lua.LState) string       { return "worker" }
func (h *captureHost) MasterPID() int                         { return 77 }
func (h *captureHost) SignalGracefulExit(L *lua.LState)       { h.quit++ }
func (h *captureHost) Log(L *lua.LState, level int, m string) { h.buf.add(level, m) }

// memErrorLog is an ErrorLogBuffer in memory.
type memErrorLog struct {
	mu     sync.Mutex
	filter int
	lines  []string
	levels []int
}

func (b *memErrorLog) add(level int, line string) {
	b.mu.Lock()
	defer b.mu.Unlock()
	if level <= b.filter {
		b.levels = append(b.levels, level)
		b.lines = append(b.lines, line)
	}
}
func (b *memErrorLog) SetFilterLevel(level int) { b.mu.Lock(); b.filter = level; b.mu.Unlock() }
func (b *memErrorLog) Read() (int, float64, string, bool) {
	b.mu.Lock()
	defer b.mu.Unlock()
	if len(b.lines) == 0 {
		return 0, 0, "", false
	}
	level, line := b.levels[0], b.lines[0]
	b.levels, b.lines = b.levels[1:], b.lines[1:]
	return level, 1700000000.5, line, true
}

func TestErrlogCapture(t *testing.T) {
	h := &captureHost{coreHost: newCoreHost(contentCtx()), buf: &memErrorLog{filter: LogDebug}}
	vm := newCoreVMWith(t, h.coreHost, h)
	got := vm.run(t, `
local errlog = require "ngx.errlog"
ngx.say(errlog.get_sys_filter_level())
ngx.say(errlog.set_filter_level(ngx.WARN))
ngx.say(errlog.set_filter_level(9))
errlog.raw_log(ngx.INFO, "dropped by the filter")
errlog.raw_log(ngx.ERR, "one")
errlog.raw_log(ngx.WARN, "two")
errlog.raw_log(ngx.ALERT, "three")
local logs = errlog.get_logs(2)
ngx.say(#logs, " ", logs[1], " ", logs[2], " ", logs[3], " ", logs[4], " ", logs[6], " ", tostring(logs[7]))
local mine = {"x", "x", "x", "x", "x"}
logs = errlog.get_logs(10, mine)
ngx.say(logs == mine, " ", logs[1], " ", logs[3], " ", tostring(logs[4]), " ", logs[5])
logs = errlog.get_logs()
ngx.say(#logs, " ", tostring(logs[1]))
`)
	want := "5\ntrue\nnilbad log level: 9\n6 4 1700000000.5 one 5 two nil\ntrue 2 three nil x\n0 nil\n"
	if got != want {
		t.Errorf("got:\n%s\nwant:\n%s", got, want)
	}
}

func TestErrlogWithoutCapture(t *testing.T) {
	vm := newCoreVM(t, newCoreHost(contentCtx()))
	got := vm.run(t, `
local errlog = require "ngx.errlog"
ngx.say(errlog.get_logs())
ngx.say(errlog.set_filter_level(ngx.ERR))
errlog.raw_log(ngx.NOTICE, "plain line")
`)
	want := "nildirective \"lua_capture_error_log\" is not set\n" +
		"nildirective \"lua_capture_error_log\" is not set\n"
	if got != want {
		t.Errorf("got:\n%s\nwant:\n%s", got, want)
	}
	if logs := strings.Join(vm.host.logs, "\n"); logs != "notice plain line" {
		t.Errorf("error log %q, want the raw line at notice level", logs)
	}
}

func TestProcess(t *testing.T) {
	vm := newCoreVM(t, newCoreHost(contentCtx()))
	const src = `
local process = require "ngx.process"
ngx.say(process.type(), " ", process.get_master_pid())
ngx.say(pcall(function() process.signal_graceful_exit() end))
`
	if got, want := vm.run(t, src), "single 4242\nfalsecase:4: ngx.process.signal_graceful_exit: not supported by gresty\n"; got != want {
		t.Errorf("without ProcessHost: got %q, want %q", got, want)
	}
	h2 := &captureHost{coreHost: newCoreHost(contentCtx()), buf: &memErrorLog{}}
	vm2 := newCoreVMWith(t, h2.coreHost, h2)
	if got, want := vm2.run(t, src), "worker 77\ntrue\n"; got != want {
		t.Errorf("with ProcessHost: got %q, want %q", got, want)
	}
	if h2.quit != 1 {
		t.Errorf("signal_graceful_exit reached the host %d times, want 1", h2.quit)
	}
}
