package runtime

import (
	"strconv"
	"strings"

	lua "github.com/yuin/gopher-lua"
)

// traceback renders L's call stack as LuaJIT's debug.traceback does inside
// ngx_lua, for error_log lines:
//
//	stack traceback:
//	coroutine 0:
//		[C]: in function 'error'
//		content_by_lua(nginx.conf:12):1: in function 'f'
//		content_by_lua(nginx.conf:12):1: in main chunk
func traceback(L *lua.LState, level int) string {
	var b strings.Builder
	b.WriteString("stack traceback:\ncoroutine 0:")
	writeFrames(&b, L, level)
	return b.String()
}

// writeFrames appends one line per frame of L from level on, at most 22 as
// LuaJIT's luaL_traceback (debug.traceback) shows them.
func writeFrames(b *strings.Builder, L *lua.LState, level int) {
	writeLines(b, luaJITFrames(frameLines(L, level, -1)))
}

// luaJITFrames cuts a long list of frames as LuaJIT's luaL_traceback does:
// the first 12 and the last 10 around a "..." line.
func luaJITFrames(lines []string) []string {
	if len(lines) > 22 {
		lines = append(append(lines[:12:12], "..."), lines[len(lines)-10:]...)
	}
	return lines
}

// threadTracebackDepth is how many frames of one coroutine ngx_lua's own
// traceback of a failed thread shows (NGX_HTTP_LUA_BT_DEPTH), and
// threadTracebackCoroutines how many coroutines it walks.
const (
	threadTracebackDepth      = 22
	threadTracebackCoroutines = 5
)

// writeLines appends frame lines, each on a line of its own after a tab.
func writeLines(b *strings.Builder, lines []string) {
	for _, l := range lines {
		b.WriteString("\n\t")
		b.WriteString(l)
	}
}

// frameLines renders the frames of L from level on, at most max of them
// (max < 0: all).
func frameLines(L *lua.LState, level, max int) []string {
	var lines []string
	for i := level; max < 0 || len(lines) < max; i++ {
		dbg, ok := L.GetStack(i)
		if !ok {
			break
		}
		fn, err := L.GetInfo("Slnf", dbg, nil)
		if err != nil {
			break
		}
		lines = append(lines, frameLine(dbg, fn))
	}
	return lines
}

func frameLine(dbg *lua.Debug, fn lua.LValue) string {
	f, _ := fn.(*lua.LFunction)
	if f == nil || f.IsG {
		if dbg.Name != "" && dbg.Name != "(anonymous)" {
			return "[C]: in function '" + dbg.Name + "'"
		}
		return "[C]: ?"
	}
	where := dbg.Source + ":" + strconv.Itoa(dbg.CurrentLine) + ":"
	switch {
	case f.Proto.LineDefined == 0:
		return where + " in main chunk"
	case dbg.Name != "" && dbg.Name[0] != '<' && dbg.Name[0] != '(' && dbg.Name != "main chunk":
		return where + " in function '" + dbg.Name + "'"
	default:
		return where + " in function <" + dbg.Source + ":" + strconv.Itoa(f.Proto.LineDefined) + ">"
	}
}
