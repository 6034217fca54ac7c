package lua51compat

import (
	"math"

	lua "github.com/yuin/gopher-lua"
)

var tableFuncs = map[string]lua.LGFunction{
	"concat":   tabConcat,
	"foreach":  tabForeach,
	"foreachi": tabForeachi,
	"getn":     tabGetn,
	"insert":   tabInsert,
	"maxn":     tabMaxn,
	"move":     tabMove,
	"remove":   tabRemove,
	"sort":     tabSort,
}

// tableExtensions are OpenResty's table functions, loaded with
// require "table.<name>" (see Preload).
var tableExtensions = map[string]lua.LGFunction{
	"clear":   tabClear,
	"clone":   tabClone,
	"isarray": tabIsarray,
	"isempty": tabIsempty,
	"new":     tabNew,
	"nkeys":   tabNkeys,
}

// tableExtensionNames fixes the registration order of tableExtensions.
var tableExtensionNames = []string{"clear", "clone", "isarray", "isempty", "new", "nkeys"}

// maxPrealloc bounds the array part table.new allocates up front; larger
// requests still work, the table just grows as it is filled.
const maxPrealloc = 1 << 20

func openTable(L *lua.LState) {
	register(L, "table", tableFuncs)
}

func tabNew(L *lua.LState) int {
	narr := checkInt(L, 1)
	nhash := checkInt(L, 2)
	if nhash < 0 {
		// LuaJIT takes a negative hash size as a huge unsigned one.
		raise(L, "table overflow")
	}
	L.Push(L.CreateTable(min(max(narr, 0), maxPrealloc), min(nhash, maxPrealloc)))
	return 1
}

func tabClear(L *lua.LState) int {
	t := checkTable(L, 1)
	// Resetting the struct drops every key, including gopher-lua's record
	// of deleted string keys, which a per-key delete would keep.
	*t = lua.LTable{Metatable: t.Metatable}
	return 0
}

func tabNkeys(L *lua.LState) int {
	t := checkTable(L, 1)
	n := 0
	t.ForEach(func(_, _ lua.LValue) { n++ })
	L.Push(lua.LNumber(n))
	return 1
}

func tabIsempty(L *lua.LState) int {
	t := checkTable(L, 1)
	k, _ := t.Next(lua.LNil)
	L.Push(lua.LBool(k == lua.LNil))
	return 1
}

// tabIsarray reports whether every key is an integral number (any sign,
// infinities included), as OpenResty's lj_tab_isarray checks.
func tabIsarray(L *lua.LState) int {
	t := checkTable(L, 1)
	ok := true
	t.ForEach(func(k, _ lua.LValue) {
		if n, isNum := k.(lua.LNumber); !isNum || math.RoundToEven(float64(n)) != float64(n) {
			ok = false
		}
	})
	L.Push(lua.LBool(ok))
	return 1
}

func tabClone(L *lua.LState) int {
	t := checkTable(L, 1)
	c := L.CreateTable(t.Len(), 0)
	t.ForEach(func(k, v lua.LValue) { c.RawSet(k, v) })
	L.Push(c)
	return 1
}

// tabConcat builds the string directly; gopher-lua's version pushes every
// piece on the VM's data stack and overflows it on large tables.
func tabConcat(L *lua.LState) int {
	t := checkTable(L, 1)
	sep, _ := optString(L, 2)
	i := int64(optInt(L, 3, 1))
	var e int64
	if L.GetTop() >= 4 && L.Get(4) != lua.LNil {
		e = int64(checkInt(L, 4))
	} else {
		e = int64(t.Len())
	}
	if i > e {
		L.Push(lua.LString(""))
		return 1
	}
	size := int(e-i) * len(sep)
	for k := i; k <= e; k++ {
		switch v := t.RawGet(lua.LNumber(k)).(type) {
		case lua.LString:
			size += len(v)
		case lua.LNumber:
			size += 8
		default:
			raise(L, "invalid value ("+typeName(v)+") at index "+itoa(int(k))+" in table for 'concat'")
		}
	}
	buf := make([]byte, 0, size)
	for k := i; k <= e; k++ {
		if k > i {
			buf = append(buf, sep...)
		}
		switch v := t.RawGet(lua.LNumber(k)).(type) {
		case lua.LString:
			buf = append(buf, v...)
		case lua.LNumber:
			buf = AppendNumber(buf, float64(v))
		}
	}
	L.Push(lua.LString(buf))
	return 1
}

func tabInsert(L *lua.LState) int {
	t := checkTable(L, 1)
	i := int64(t.Len()) + 1
	switch L.GetTop() {
	case 2:
	case 3:
		n := int64(checkInt(L, 2))
		for ; i > n; i-- {
			t.RawSet(lua.LNumber(i), t.RawGet(lua.LNumber(i-1)))
		}
		i = n
	default:
		raise(L, "wrong number of arguments to 'insert'")
	}
	t.RawSet(lua.LNumber(i), L.Get(L.GetTop()))
	return 0
}

// checkTabLua and checkIntLua are the argument checks of the table
// functions LuaJIT implements in Lua: a missing argument counts as nil,
// and integers are truncated.
func checkTabLua(L *lua.LState, n int) *lua.LTable {
	if t, ok := L.Get(n).(*lua.LTable); ok {
		return t
	}
	argError(L, n, "table expected, got "+typeName(L.Get(n)))
	return nil
}

func checkIntLua(L *lua.LState, n int) int64 {
	f, ok := toNumber(L.Get(n))
	if !ok {
		argError(L, n, "number expected, got "+typeName(L.Get(n)))
	}
	return int64(numToInt(f))
}

func tabRemove(L *lua.LState) int {
	t := checkTabLua(L, 1)
	n := int64(t.Len())
	if L.Get(2) == lua.LNil {
		if n == 0 {
			return 0
		}
		old := L.GetTable(t, lua.LNumber(n))
		L.SetTable(t, lua.LNumber(n), lua.LNil)
		L.Push(old)
		return 1
	}
	pos := checkIntLua(L, 2)
	if pos < 1 || pos > n {
		return 0
	}
	old := L.GetTable(t, lua.LNumber(pos))
	for k := pos + 1; k <= n; k++ {
		L.SetTable(t, lua.LNumber(k-1), L.GetTable(t, lua.LNumber(k)))
	}
	L.SetTable(t, lua.LNumber(n), lua.LNil)
	L.Push(old)
	return 1
}

func tabMove(L *lua.LState) int {
	a1 := checkTabLua(L, 1)
	f := checkIntLua(L, 2)
	e := checkIntLua(L, 3)
	to := checkIntLua(L, 4)
	a2 := a1
	if L.Get(5) != lua.LNil {
		a2 = checkTabLua(L, 5)
	}
	if e >= f {
		d := to - f
		if to > e || to <= f || a2 != a1 {
			for k := f; k <= e; k++ {
				L.SetTable(a2, lua.LNumber(k+d), L.GetTable(a1, lua.LNumber(k)))
			}
		} else {
			for k := e; k >= f; k-- {
				L.SetTable(a2, lua.LNumber(k+d), L.GetTable(a1, lua.LNumber(k)))
			}
		}
	}
	L.Push(a2)
	return 1
}

func tabGetn(L *lua.LState) int {
	L.Push(lua.LNumber(checkTabLua(L, 1).Len()))
	return 1
}

func tabMaxn(L *lua.LState) int {
	t := checkTable(L, 1)
	m := 0.0
	t.ForEach(func(k, _ lua.LValue) {
		if n, ok := k.(lua.LNumber); ok && float64(n) > m {
			m = float64(n)
		}
	})
	L.Push(lua.LNumber(m))
	return 1
}

func tabForeach(L *lua.LState) int {
	t := checkTabLua(L, 1)
	if _, ok := L.Get(2).(*lua.LFunction); !ok {
		argError(L, 2, "function expected, got "+typeName(L.Get(2)))
	}
	f := L.Get(2)
	for k, v := t.Next(lua.LNil); k != lua.LNil; k, v = t.Next(k) {
		L.Push(f)
		L.Push(k)
		L.Push(v)
		L.Call(2, 1)
		if r := L.Get(-1); r != lua.LNil {
			return 1
		}
		L.Pop(1)
	}
	return 0
}

func tabForeachi(L *lua.LState) int {
	t := checkTabLua(L, 1)
	if _, ok := L.Get(2).(*lua.LFunction); !ok {
		argError(L, 2, "function expected, got "+typeName(L.Get(2)))
	}
	f := L.Get(2)
	n := t.Len()
	for i := 1; i <= n; i++ {
		L.Push(f)
		L.Push(lua.LNumber(i))
		L.Push(L.GetTable(t, lua.LNumber(i)))
		L.Call(2, 1)
		if r := L.Get(-1); r != lua.LNil {
			return 1
		}
		L.Pop(1)
	}
	return 0
}
