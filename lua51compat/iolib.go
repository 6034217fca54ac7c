package lua51compat

import (
	"os"
	"strings"
	"syscall"

	lua "github.com/yuin/gopher-lua"
)

// io.open and io.lines keep gopher-lua's file objects but take modes as
// glibc's fopen does and report errors as C does ("name: strerror", errno);
// io.write and file:write write numbers as LuaJIT formats them.

func openIO(L *lua.LState) {
	tab, ok := L.GetGlobal("io").(*lua.LTable)
	if !ok {
		return
	}
	origOpen := tab.RawGetString("open")
	tab.RawSetString("open", L.NewFunction(func(L *lua.LState) int {
		return ioOpen(L, origOpen)
	}))
	origLines := tab.RawGetString("lines")
	tab.RawSetString("lines", L.NewFunction(func(L *lua.LState) int {
		return ioLines(L, origLines)
	}))
	ioType := tab.RawGetString("type")
	origWrite := tab.RawGetString("write")
	tab.RawSetString("write", L.NewFunction(func(L *lua.LState) int {
		return ioWrite(L, origWrite, 1, nil)
	}))
	if mt, ok := L.GetTypeMetatable("FILE*").(*lua.LTable); ok {
		origFileWrite := mt.RawGetString("write")
		mt.RawSetString("write", L.NewFunction(func(L *lua.LState) int {
			return ioWrite(L, origFileWrite, 2, ioType)
		}))
	}
}

// ioWrite checks and converts the values to write from argument first on,
// then lets gopher-lua write them. ioType, for file:write, detects a
// closed file first.
func ioWrite(L *lua.LState, orig lua.LValue, first int, ioType lua.LValue) int {
	if ioType != nil {
		L.Push(ioType)
		L.Push(L.Get(1))
		L.Call(1, 1)
		state := L.Get(-1)
		L.Pop(1)
		if state == lua.LString("closed file") {
			raise(L, "attempt to use a closed file")
		}
	}
	top := L.GetTop()
	bad := 0
	for i := first; i <= top && bad == 0; i++ {
		switch v := L.Get(i).(type) {
		case lua.LString:
		case lua.LNumber:
			L.Replace(i, lua.LString(FormatNumber(float64(v))))
		default:
			bad = i
		}
	}
	if bad != 0 {
		// The values before the bad one are written, as in C.
		what := L.Get(bad)
		L.SetTop(bad - 1)
		L.Insert(orig, 1)
		L.Call(bad-1, 0)
		argError(L, bad, "string expected, got "+typeName(what))
	}
	L.Insert(orig, 1)
	L.Call(top, lua.MultRet)
	return L.GetTop()
}

// fopenMode reduces a C fopen mode to the ones gopher-lua knows: the
// first letter, then '+' if one follows within glibc's 6 characters.
func fopenMode(mode string) (string, bool) {
	if mode == "" || !strings.ContainsRune("rwa", rune(mode[0])) {
		return "", false
	}
	rest := mode[1:]
	if len(rest) > 6 {
		rest = rest[:6]
	}
	if i := strings.IndexByte(rest, 0); i >= 0 {
		rest = rest[:i]
	}
	if strings.IndexByte(rest, '+') >= 0 {
		return mode[:1] + "+", true
	}
	return mode[:1], true
}

func ioOpen(L *lua.LState, orig lua.LValue) int {
	name := checkString(L, 1)
	mode, ok := optString(L, 2)
	if !ok {
		mode = "r"
	}
	m, valid := fopenMode(mode)
	if !valid {
		return fileResult(L, syscall.EINVAL, name)
	}
	L.SetTop(0)
	L.Push(orig)
	L.Push(lua.LString(name))
	L.Push(lua.LString(m))
	L.Call(2, lua.MultRet)
	if L.Get(1) != lua.LNil {
		return L.GetTop()
	}
	// gopher-lua reports Go's error text; find the errno by opening the
	// same way again.
	flag := os.O_RDONLY
	switch m {
	case "w":
		flag = os.O_WRONLY | os.O_CREATE | os.O_TRUNC
	case "a":
		flag = os.O_WRONLY | os.O_CREATE | os.O_APPEND
	case "r+":
		flag = os.O_RDWR
	case "w+":
		flag = os.O_RDWR | os.O_CREATE | os.O_TRUNC
	case "a+":
		flag = os.O_RDWR | os.O_CREATE | os.O_APPEND
	}
	f, err := os.OpenFile(name, flag, 0o666)
	if err == nil {
		f.Close()
		return L.GetTop()
	}
	L.SetTop(0)
	return fileResult(L, err, name)
}

func ioLines(L *lua.LState, orig lua.LValue) int {
	if L.GetTop() >= 1 && L.Get(1) != lua.LNil {
		name := checkString(L, 1)
		f, err := os.Open(name)
		if err != nil {
			msg, _ := strerror(err)
			argError(L, 1, name+": "+msg)
		}
		f.Close()
	}
	top := L.GetTop()
	L.Insert(orig, 1)
	L.Call(top, lua.MultRet)
	return L.GetTop()
}
