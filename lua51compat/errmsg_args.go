package lua51compat

import (
	"strconv"
	"strings"

	lua "github.com/yuin/gopher-lua"
)

// rewriteArgError rewrites gopher-lua's "<pos> bad argument #1 to rep
// (number expected, got nil)", raised by a Go function through its
// ArgError, TypeError and Check* helpers, into LuaJIT's "<pos> bad argument
// #1 to 'rep' (number expected, got no value)": the function named as its
// caller named it, "calling 'f' on bad self" and arguments counted from the
// receiver's successor for method calls, "no value" for a missing argument,
// no position for a tail call. Messages already in LuaJIT's form (quoted
// name) are left alone.
func rewriteArgError(L *lua.LState, f frameView, msg string) (string, bool) {
	i := strings.Index(msg, gopherBadArg)
	if i < 0 {
		return "", false
	}
	if pre := msg[:i]; pre != " " && !strings.HasSuffix(pre, ": ") {
		return "", false
	}
	rest := msg[i+len(gopherBadArg):]
	digits := 0
	for digits < len(rest) && rest[digits] >= '0' && rest[digits] <= '9' {
		digits++
	}
	n, err := strconv.Atoi(rest[:digits])
	if err != nil {
		return "", false
	}
	rest, ok := strings.CutPrefix(rest[digits:], " to ")
	if !ok || strings.HasPrefix(rest, "'") || !strings.HasSuffix(rest, ")") {
		return "", false
	}
	open := strings.Index(rest, " (")
	if open < 0 {
		return "", false
	}
	// gopher-lua names the running Go function; error("bad argument
	// #1 to x (y)") names something else and is the program's own text.
	dbg, ok := L.GetStack(0)
	if !ok {
		return "", false
	}
	if _, err := L.GetInfo("n", dbg, lua.LNil); err != nil || dbg.Name != rest[:open] {
		return "", false
	}
	detail := rest[open+2 : len(rest)-1]
	if typ, ok := strings.CutSuffix(detail, " expected, got nil"); ok && n > f.nargs {
		detail = typ + " expected, got no value"
	}
	site := CallerSite(L)
	if site.Method {
		n--
		if n == 0 {
			return site.Where + "calling '" + site.Name + "' on bad self (" + detail + ")", true
		}
	}
	return site.Where + "bad argument #" + strconv.Itoa(n) + " to '" + site.Name + "' (" + detail + ")", true
}
