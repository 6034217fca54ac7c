package lua51compat

import (
	"strings"

	lua "github.com/yuin/gopher-lua"
)

var stringFuncs = map[string]lua.LGFunction{
	"byte":    strByte,
	"char":    strChar,
	"dump":    strDump,
	"find":    strFind,
	"format":  strFormat,
	"gmatch":  strGmatch,
	"gsub":    strGsub,
	"len":     strLen,
	"lower":   strLower,
	"match":   strMatch,
	"rep":     strRep,
	"reverse": strReverse,
	"sub":     strSub,
	"upper":   strUpper,
}

// maxStr is LuaJIT's LJ_MAX_STR, the longest string it can build.
const maxStr = 0x7fffff00

func openString(L *lua.LState) {
	tab := register(L, "string", stringFuncs)
	// gopher-lua uses the string table itself as the strings' metatable
	// and adds gfind and __index to it; LuaJIT has a separate metatable
	// whose __index is the string table.
	tab.RawSetString("gfind", lua.LNil)
	mt := L.NewTable()
	mt.RawSetString("__index", tab)
	L.SetMetatable(lua.LString(""), mt)
	tab.RawSetString("__index", lua.LNil)
}

func strLen(L *lua.LState) int {
	// LuaJIT implements len in Lua, whose check reports a missing
	// argument as nil.
	s, ok := toStringArg(L.Get(1))
	if !ok {
		argError(L, 1, "string expected, got "+typeName(L.Get(1)))
	}
	L.Push(lua.LNumber(len(s)))
	return 1
}

func strByte(L *lua.LState) int {
	s := checkString(L, 1)
	start := optInt(L, 2, 1)
	stop := optInt(L, 3, start)
	n := len(s)
	if stop < 0 {
		stop += n + 1
	}
	if start < 0 {
		start += n + 1
	}
	if start <= 0 {
		start = 1
	}
	if stop > n {
		stop = n
	}
	if start > stop {
		return 0
	}
	if stop-start+1 > maxResults {
		raise(L, "string slice too long")
	}
	for i := start - 1; i < stop; i++ {
		L.Push(lua.LNumber(s[i]))
	}
	return stop - start + 1
}

func strChar(L *lua.LState) int {
	top := L.GetTop()
	buf := make([]byte, top)
	for i := 1; i <= top; i++ {
		c := checkInt(L, i)
		if c < 0 || c > 255 {
			argError(L, i, "invalid value")
		}
		buf[i-1] = byte(c)
	}
	L.Push(lua.LString(buf))
	return 1
}

func strDump(L *lua.LState) int {
	checkFunction(L, 1)
	// gopher-lua has no bytecode format to dump to.
	raise(L, "unable to dump given function")
	return 0
}

func strSub(L *lua.LState) int {
	s := checkString(L, 1)
	start := checkInt(L, 2)
	end := optInt(L, 3, -1)
	n := len(s)
	if end < 0 {
		end += n + 1
	} else if end > n {
		end = n
	}
	if start < 0 {
		start += n + 1
	}
	if start < 1 {
		start = 1
	}
	if start > end {
		L.Push(lua.LString(""))
		return 1
	}
	L.Push(lua.LString(s[start-1 : end]))
	return 1
}

func strRep(L *lua.LState) int {
	s := checkString(L, 1)
	n := checkInt(L, 2)
	sep, _ := optString(L, 3)
	if n <= 0 {
		L.Push(lua.LString(""))
		return 1
	}
	total := int64(len(s))*int64(n) + int64(len(sep))*int64(n-1)
	if total > maxStr {
		// LuaJIT does not check the size first: the allocation fails.
		L.Error(lua.LString("not enough memory"), 0)
	}
	if sep == "" {
		L.Push(lua.LString(strings.Repeat(s, n)))
		return 1
	}
	var b strings.Builder
	b.Grow(int(total))
	for i := 0; i < n; i++ {
		if i > 0 {
			b.WriteString(sep)
		}
		b.WriteString(s)
	}
	L.Push(lua.LString(b.String()))
	return 1
}

func strReverse(L *lua.LState) int {
	s := checkString(L, 1)
	b := make([]byte, len(s))
	for i := 0; i < len(s); i++ {
		b[len(s)-1-i] = s[i]
	}
	L.Push(lua.LString(b))
	return 1
}

// strLower and strUpper change ASCII letters only, as C's tolower and
// toupper do in the "C" locale (Go's strings.ToLower is Unicode-aware).
func strLower(L *lua.LState) int {
	s := checkString(L, 1)
	b := []byte(s)
	for i, c := range b {
		if c >= 'A' && c <= 'Z' {
			b[i] = c + 'a' - 'A'
		}
	}
	L.Push(lua.LString(b))
	return 1
}

func strUpper(L *lua.LState) int {
	s := checkString(L, 1)
	b := []byte(s)
	for i, c := range b {
		if c >= 'a' && c <= 'z' {
			b[i] = c - 'a' + 'A'
		}
	}
	L.Push(lua.LString(b))
	return 1
}
