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
// LuaJIT (the first 12 and the last 10 around a "..." line).
func writeFrames(b *strings.Builder, L *lua.LState, level int) {
	var lines []string
	for i := level; ; i++ {
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
	if len(lines) > 22 {
		lines = append(append(lines[:12:12], "..."), lines[len(lines)-10:]...)
	}
	for _, l := range lines {
		b.WriteString("\n\t")
		b.WriteString(l)
	}
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
