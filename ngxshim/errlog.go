package ngxshim

import (
	"strconv"

	lua "github.com/yuin/gopher-lua"
)

// ngx.errlog: raw error-log lines, the error_log level, and the lines
// captured by lua_capture_error_log (OpenResty's behaviour; Debian's nginx
// lacks the capture patch and fails get_logs and set_filter_level).

// ErrorLogHost is what ngx.errlog needs from the engine beyond Host.Log;
// the engine's Host implements it. Without it get_sys_filter_level reports
// nginx's default level (ngx.ERR) and nothing is captured.
type ErrorLogHost interface {
	// ErrorLogLevel returns the level of the error_log in effect where L
	// runs (its request's location, else the main one), ngx.STDERR ..
	// ngx.DEBUG; debug_* masks count as ngx.DEBUG.
	ErrorLogLevel(L *lua.LState) int
	// CapturedErrorLog returns the buffer lua_capture_error_log fills, or
	// nil when the directive is not set. All worker VMs share it.
	CapturedErrorLog() ErrorLogBuffer
}

// ErrorLogBuffer is the lua_capture_error_log buffer: the error-log lines
// written at or above its filter level, each as it appears in the log
// ("2017/06/27 15:03:19 [error] 46879#0: *1 [lua] test.lua:6: test3,
// client: ..."), oldest first, the oldest dropped when it is full. Any
// goroutine may call it.
type ErrorLogBuffer interface {
	// SetFilterLevel makes the buffer take only lines of level or more
	// severe from now on (ngx.DEBUG, everything, until it is called).
	SetFilterLevel(level int)
	// Read removes and returns the oldest line with its level and the time
	// it was logged in seconds since the epoch; ok is false when the
	// buffer is empty.
	Read() (level int, when float64, line string, ok bool)
}

// errlogNotSet is ngx_lua's error without lua_capture_error_log.
const errlogNotSet = `directive "lua_capture_error_log" is not set`

func (a *api) errlogModule(L *lua.LState) *lua.LTable {
	t := L.NewTable()
	t.RawSetString("version", lua.LString(RestyCoreVersion))
	eh, _ := a.h.(ErrorLogHost)
	buffer := func() ErrorLogBuffer {
		if eh == nil {
			return nil
		}
		return eh.CapturedErrorLog()
	}
	L.SetFuncs(t, map[string]lua.LGFunction{
		"raw_log": a.rawLog,
		"get_sys_filter_level": func(L *lua.LState) int {
			level := LogErr
			if eh != nil {
				level = eh.ErrorLogLevel(L)
			}
			L.Push(lua.LNumber(level))
			return 1
		},
		"set_filter_level": func(L *lua.LState) int {
			lv := L.Get(1)
			if !lua.LVAsBool(lv) {
				L.Push(lua.LNil)
				L.Push(lua.LString(`missing "level" argument`))
				return 2
			}
			n, ok := lv.(lua.LNumber)
			if !ok {
				typeError(L, 1, "set_filter_level", "number")
			}
			buf := buffer()
			if buf == nil {
				L.Push(lua.LNil)
				L.Push(lua.LString(errlogNotSet))
				return 2
			}
			level := int(n)
			if level < LogStderr || level > LogDebug {
				L.Push(lua.LNil)
				L.Push(lua.LString("bad log level: " + strconv.Itoa(level)))
				return 2
			}
			buf.SetFilterLevel(level)
			L.Push(lua.LTrue)
			return 1
		},
		"get_logs": func(L *lua.LState) int {
			max := 10
			if v := L.Get(1); v != lua.LNil {
				max = int(checkNumber(L, 1, "get_logs"))
			}
			logs, ok := L.Get(2).(*lua.LTable)
			if !ok {
				logs = L.CreateTable(max*3+1, 0)
			}
			buf := buffer()
			if buf == nil {
				L.Push(lua.LNil)
				L.Push(lua.LString(errlogNotSet))
				return 2
			}
			count := 0
			for i := 1; i <= max; i++ {
				level, when, line, ok := buf.Read()
				if !ok {
					logs.RawSetInt(count+1, lua.LNil)
					break
				}
				if line != "" {
					logs.RawSetInt(count+1, lua.LNumber(level))
					logs.RawSetInt(count+2, lua.LNumber(when))
					logs.RawSetInt(count+3, lua.LString(line))
					count += 3
				}
				if i == max {
					logs.RawSetInt(count+1, lua.LNil)
				}
			}
			L.Push(logs)
			return 1
		},
	})
	return t
}

// rawLog is errlog.raw_log(level, msg): msg written as it is, without
// ngx.log's "[lua] file:line:" prefix.
func (a *api) rawLog(L *lua.LState) int {
	lv, ok := L.Get(1).(lua.LNumber)
	if !ok {
		raiseCaller(L, "bad argument #1 to 'raw_log' (must be a number)")
	}
	msg, ok := L.Get(2).(lua.LString)
	if !ok {
		raiseCaller(L, "bad argument #2 to 'raw_log' (must be a string)")
	}
	level := int(lv)
	if level < LogStderr || level > LogDebug {
		raiseCaller(L, "bad log level")
	}
	a.h.Log(L, level, string(msg))
	return 0
}
