package lua51compat

import (
	"crypto/rand"
	"errors"
	"math"
	"os"
	"strings"
	"syscall"
	"time"

	lua "github.com/yuin/gopher-lua"
)

var osFuncs = map[string]lua.LGFunction{
	"clock":    osClock,
	"date":     osDate,
	"difftime": osDifftime,
	"getenv":   osGetenv,
	"remove":   osRemove,
	"rename":   osRename,
	"time":     osTime,
	"tmpname":  osTmpname,
}

func openOS(L *lua.LState) {
	tab := register(L, "os", osFuncs)
	tab.RawSetString("setenv", lua.LNil) // a gopher-lua addition
}

// osClock is the CPU time used by the process, like C's clock().
func osClock(L *lua.LState) int {
	L.Push(lua.LNumber(cpuSeconds()))
	return 1
}

func osDifftime(L *lua.LState) int {
	t2 := numToInt64(checkNumber(L, 1))
	t1 := numToInt64(optNumber(L, 2, 0))
	L.Push(lua.LNumber(float64(t2) - float64(t1)))
	return 1
}

func osGetenv(L *lua.LState) int {
	if v, ok := os.LookupEnv(checkString(L, 1)); ok {
		L.Push(lua.LString(v))
	} else {
		L.Push(lua.LNil)
	}
	return 1
}

// osTmpname creates a new empty file named like mkstemp's /tmp/lua_XXXXXX
// and returns its name; the file is left in place, as LuaJIT does.
func osTmpname(L *lua.LState) int {
	const chars = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789"
	var b [6]byte
	for try := 0; try < 100; try++ {
		if _, err := rand.Read(b[:]); err != nil {
			break
		}
		for i := range b {
			b[i] = chars[int(b[i])%len(chars)]
		}
		name := "/tmp/lua_" + string(b[:])
		f, err := os.OpenFile(name, os.O_RDWR|os.O_CREATE|os.O_EXCL, 0o600)
		if err == nil {
			f.Close()
			L.Push(lua.LString(name))
			return 1
		}
		if !errors.Is(err, os.ErrExist) {
			break
		}
	}
	raise(L, "unable to generate a unique filename")
	return 0
}

// osDate formats a time as C's strftime does, with "!" for UTC and "*t"
// for a table; times that gmtime/localtime reject give nil.
func osDate(L *lua.LState) int {
	f, ok := optString(L, 1)
	if !ok {
		f = "%c"
	}
	var t time.Time
	if L.GetTop() >= 2 && L.Get(2) != lua.LNil {
		t = time.Unix(numToInt64(checkNumber(L, 2)), 0)
	} else {
		t = time.Now()
	}
	utc := strings.HasPrefix(f, "!")
	if utc {
		f = f[1:]
		t = t.UTC()
	} else {
		t = t.Local()
	}
	if y := t.Year(); y > math.MaxInt32 || y < math.MinInt32+1900 {
		L.Push(lua.LNil)
		return 1
	}
	if f == "*t" {
		tab := L.CreateTable(0, 9)
		tab.RawSetString("year", lua.LNumber(t.Year()))
		tab.RawSetString("month", lua.LNumber(t.Month()))
		tab.RawSetString("day", lua.LNumber(t.Day()))
		tab.RawSetString("hour", lua.LNumber(t.Hour()))
		tab.RawSetString("min", lua.LNumber(t.Minute()))
		tab.RawSetString("sec", lua.LNumber(t.Second()))
		tab.RawSetString("yday", lua.LNumber(t.YearDay()))
		tab.RawSetString("wday", lua.LNumber(t.Weekday()+1))
		tab.RawSetString("isdst", lua.LBool(!utc && t.IsDST()))
		L.Push(tab)
		return 1
	}
	L.Push(lua.LString(appendStrftime(nil, f, t, utc)))
	return 1
}

func osTime(L *lua.LState) int {
	if L.Get(1) == lua.LNil {
		L.Push(lua.LNumber(time.Now().Unix()))
		return 1
	}
	t, ok := L.Get(1).(*lua.LTable)
	if !ok {
		typeError(L, 1, "table")
	}
	field := func(key string, def int) int {
		if f, ok := toNumber(L.GetField(t, key)); ok {
			return int(numToInt(f))
		}
		if def < 0 {
			raise(L, "field '"+key+"' missing in date table")
		}
		return def
	}
	sec := field("sec", 0)
	minute := field("min", 0)
	hour := field("hour", 12)
	day := field("day", -1)
	month := field("month", -1)
	year := field("year", -1)
	d := time.Date(year, time.Month(month), day, hour, minute, sec, 0, time.Local)
	L.Push(lua.LNumber(d.Unix()))
	return 1
}

func osRemove(L *lua.LState) int {
	name := checkString(L, 1)
	return fileResult(L, os.Remove(name), name)
}

func osRename(L *lua.LState) int {
	from := checkString(L, 1)
	to := checkString(L, 2)
	return fileResult(L, os.Rename(from, to), from)
}

// fileResult is luaL_fileresult: true, or nil, "name: strerror", errno.
func fileResult(L *lua.LState, err error, name string) int {
	if err == nil {
		L.Push(lua.LTrue)
		return 1
	}
	msg, errno := strerror(err)
	L.Push(lua.LNil)
	L.Push(lua.LString(name + ": " + msg))
	L.Push(lua.LNumber(errno))
	return 3
}

// strerror returns glibc's message and number for the errno in err. Go's
// syscall messages are glibc's with a lower-case first letter.
func strerror(err error) (string, int) {
	var errno syscall.Errno
	if !errors.As(err, &errno) {
		return err.Error(), 0
	}
	return capitalize(errno.Error()), int(errno)
}

func capitalize(s string) string {
	if s != "" && s[0] >= 'a' && s[0] <= 'z' {
		return string(s[0]-'a'+'A') + s[1:]
	}
	return s
}
