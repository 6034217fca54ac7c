package lua51compat

import (
	"io"
	"runtime"
	"runtime/metrics"
	"strconv"
	"strings"

	lua "github.com/yuin/gopher-lua"
)

// baseFuncs are the base-library functions whose gopher-lua versions
// differ from LuaJIT's; print and collectgarbage are added by openBase
// because they carry per-VM state.
var baseFuncs = map[string]lua.LGFunction{
	"assert":       baseAssert,
	"error":        baseError,
	"gcinfo":       baseGcinfo,
	"getmetatable": baseGetmetatable,
	"next":         baseNext,
	"rawequal":     baseRawequal,
	"rawget":       baseRawget,
	"rawset":       baseRawset,
	"select":       baseSelect,
	"setmetatable": baseSetmetatable,
	"tonumber":     baseTonumber,
	"tostring":     baseTostring,
	"type":         baseType,
	"unpack":       baseUnpack,
}

// maxResults is LuaJIT's LUAI_MAXCSTACK: a C function may not return
// more values than this, counting its arguments.
const maxResults = 8000

func openBase(L *lua.LState, w io.Writer) {
	g := L.Get(lua.GlobalsIndex).(*lua.LTable)
	L.SetFuncs(g, baseFuncs)
	tostring := g.RawGetString("tostring")
	g.RawSetString("print", L.NewFunction(func(L *lua.LState) int {
		return basePrint(L, w, tostring)
	}))
	// pairs returns next itself and ipairs one shared iterator, as LuaJIT.
	next := g.RawGetString("next")
	g.RawSetString("pairs", L.NewFunction(func(L *lua.LState) int {
		return basePairs(L, next)
	}))
	ipairsAux := L.NewFunction(baseIpairsAux)
	g.RawSetString("ipairs", L.NewFunction(func(L *lua.LState) int {
		return baseIpairs(L, ipairsAux)
	}))
	gc := &gcState{running: true, pause: 200, stepmul: 200}
	gcUD := L.NewUserData()
	gcUD.Value = gc
	L.G.Registry.RawSetString(gcStateKey, gcUD)
	g.RawSetString("collectgarbage", L.NewFunction(gc.collectgarbage))
	// gopher-lua's own additions do not exist in LuaJIT.
	g.RawSetString("_GOPHER_LUA_VERSION", lua.LNil)
	g.RawSetString("_printregs", lua.LNil)
}

// ToString converts v as LuaJIT's tostring does without metamethods.
func ToString(v lua.LValue) string {
	switch x := v.(type) {
	case lua.LString:
		return string(x)
	case lua.LNumber:
		return FormatNumber(float64(x))
	case *lua.LNilType:
		return "nil"
	case lua.LBool:
		if x {
			return "true"
		}
		return "false"
	}
	return v.String()
}

// ToStringMeta converts v as LuaJIT's tostring does: through the
// __tostring metamethod when there is one (its result converted without
// metamethods), else as ToString.
func ToStringMeta(L *lua.LState, v lua.LValue) string {
	if mm := L.GetMetaField(v, "__tostring"); mm != lua.LNil {
		L.Push(mm)
		L.Push(v)
		L.Call(1, 1)
		r := L.Get(-1)
		L.Pop(1)
		return ToString(r)
	}
	return ToString(v)
}

func baseTostring(L *lua.LState) int {
	v := checkAny(L, 1)
	if mm := L.GetMetaField(v, "__tostring"); mm != lua.LNil {
		// LuaJIT tail-calls the metamethod: all its results are returned.
		L.SetTop(1)
		L.Insert(mm, 1)
		L.Call(1, lua.MultRet)
		return L.GetTop()
	}
	if s, ok := v.(lua.LString); ok {
		L.Push(s)
	} else {
		L.Push(lua.LString(ToString(v)))
	}
	return 1
}

// basePrint writes its arguments converted by the global tostring, as Lua
// 5.1 does, so a redefined tostring is honoured. builtin is the library
// tostring, which is applied directly.
func basePrint(L *lua.LState, w io.Writer, builtin lua.LValue) int {
	top := L.GetTop()
	ts := L.Env.RawGetString("tostring")
	if ts == lua.LNil {
		ts = L.GetField(L.Get(lua.GlobalsIndex), "tostring")
	}
	var buf []byte
	for i := 1; i <= top; i++ {
		if i > 1 {
			buf = append(buf, '\t')
		}
		v := L.Get(i)
		if ts == builtin && L.GetMetaField(v, "__tostring") == lua.LNil {
			buf = append(buf, ToString(v)...)
			continue
		}
		L.Push(ts)
		L.Push(v)
		L.Call(1, 1)
		r := L.Get(-1)
		L.Pop(1)
		s, ok := toStringArg(r)
		if !ok {
			raise(L, "'tostring' must return a string to 'print'")
		}
		buf = append(buf, s...)
	}
	buf = append(buf, '\n')
	_, _ = w.Write(buf)
	return 0
}

func baseTonumber(L *lua.LState) int {
	base := optInt(L, 2, 10)
	if base == 10 {
		if f, ok := toNumber(checkAny(L, 1)); ok {
			L.Push(lua.LNumber(f))
		} else {
			L.Push(lua.LNil)
		}
		return 1
	}
	s := checkString(L, 1)
	if base < 2 || base > 36 {
		argError(L, 2, "base out of range")
	}
	if f, ok := parseBase(s, base); ok {
		L.Push(lua.LNumber(f))
	} else {
		L.Push(lua.LNil)
	}
	return 1
}

// parseBase converts s as LuaJIT's tonumber(s, base) does with C's
// strtoul: surrounding space, a sign, an optional 0x for base 16, digits
// and letters up to the base. The string ends at a NUL as in C.
func parseBase(s string, base int) (float64, bool) {
	if i := strings.IndexByte(s, 0); i >= 0 {
		s = s[:i]
	}
	p := 0
	for p < len(s) && isSpace(s[p]) {
		p++
	}
	neg := false
	if p < len(s) && (s[p] == '-' || s[p] == '+') {
		neg = s[p] == '-'
		p++
	}
	if p >= len(s) || !(isDigit(s[p]) || (lower(s[p]) >= 'a' && lower(s[p]) <= 'z')) {
		return 0, false
	}
	if base == 16 && p+2 < len(s) && s[p] == '0' && lower(s[p+1]) == 'x' && isHexDigit(s[p+2]) {
		p += 2
	}
	var x uint64
	overflow := false
	start := p
	for ; p < len(s); p++ {
		c := lower(s[p])
		var d int
		switch {
		case isDigit(c):
			d = int(c - '0')
		case c >= 'a' && c <= 'z':
			d = int(c-'a') + 10
		default:
			d = base
		}
		if d >= base {
			break
		}
		if x > (^uint64(0)-uint64(d))/uint64(base) {
			overflow = true
		}
		x = x*uint64(base) + uint64(d)
	}
	if p == start {
		return 0, false
	}
	for p < len(s) && isSpace(s[p]) {
		p++
	}
	if p != len(s) {
		return 0, false
	}
	if overflow {
		x = ^uint64(0)
	}
	f := float64(x)
	if neg {
		f = -f
	}
	return f, true
}

// checkTableAny is the check of pairs and ipairs: a missing argument is
// "value expected", any other non-table a type error.
func checkTableAny(L *lua.LState) *lua.LTable {
	if t, ok := checkAny(L, 1).(*lua.LTable); ok {
		return t
	}
	typeError(L, 1, "table")
	return nil
}

func basePairs(L *lua.LState, next lua.LValue) int {
	t := checkTableAny(L)
	L.Push(next)
	L.Push(t)
	L.Push(lua.LNil)
	return 3
}

func baseIpairs(L *lua.LState, aux lua.LValue) int {
	t := checkTableAny(L)
	L.Push(aux)
	L.Push(t)
	L.Push(lua.LNumber(0))
	return 3
}

func baseIpairsAux(L *lua.LState) int {
	t := checkTable(L, 1)
	i := int64(checkInt(L, 2)) + 1
	v := t.RawGet(lua.LNumber(i))
	if v == lua.LNil {
		return 0
	}
	L.Push(lua.LNumber(i))
	L.Push(v)
	return 2
}

func baseNext(L *lua.LState) int {
	t := checkTable(L, 1)
	k, v := t.Next(L.Get(2))
	if k == lua.LNil {
		L.Push(lua.LNil)
		return 1
	}
	L.Push(k)
	L.Push(v)
	return 2
}

func baseType(L *lua.LState) int {
	L.Push(lua.LString(typeName(checkAny(L, 1))))
	return 1
}

func baseError(L *lua.LState) int {
	level := optInt(L, 2, 1)
	msg := L.Get(1)
	switch msg.(type) {
	case lua.LString, lua.LNumber:
		if level > 0 {
			s, _ := toStringArg(msg)
			L.Error(lua.LString(where(L, level)+s), 0)
		}
	}
	L.Error(msg, 0)
	return 0
}

// where is luaL_where: "chunk:line: " for a Lua function level frames up
// from the running function, "" otherwise.
func where(L *lua.LState, level int) string {
	dbg, ok := L.GetStack(level)
	if !ok {
		return ""
	}
	fv, err := L.GetInfo("Slf", dbg, lua.LNil)
	if fn, isFn := fv.(*lua.LFunction); err != nil || !isFn || fn.IsG || dbg.CurrentLine <= 0 {
		return ""
	}
	return dbg.Source + ":" + strconv.Itoa(dbg.CurrentLine) + ": "
}

func baseAssert(L *lua.LState) int {
	v := checkAny(L, 1)
	if lua.LVAsBool(v) {
		return L.GetTop()
	}
	if L.GetTop() == 1 {
		raise(L, "assertion failed!")
	}
	switch m := L.Get(2).(type) {
	case lua.LString, lua.LNumber:
		s, _ := toStringArg(m)
		raise(L, s)
	}
	L.Error(L.Get(2), 0)
	return 0
}

func baseSelect(L *lua.LState) int {
	n := L.GetTop()
	if s, ok := L.Get(1).(lua.LString); ok && n >= 1 && len(s) > 0 && s[0] == '#' {
		L.Push(lua.LNumber(n - 1))
		return 1
	}
	i := checkInt(L, 1)
	if i < 0 {
		i += n
	} else if i > n {
		i = n
	}
	if i < 1 {
		argError(L, 1, "index out of range")
	}
	return n - i
}

func baseUnpack(L *lua.LState) int {
	t := checkTable(L, 1)
	i := int32(optInt(L, 2, 1))
	var e int32
	if L.GetTop() >= 3 && L.Get(3) != lua.LNil {
		e = int32(checkInt(L, 3))
	} else {
		e = int32(t.Len())
	}
	if i > e {
		return 0
	}
	nu := uint32(e) - uint32(i)
	if nu >= maxResults || L.GetTop()+int(nu)+1 > maxResults {
		raise(L, "too many results to unpack")
	}
	for k := int64(i); k <= int64(e); k++ {
		L.Push(t.RawGet(lua.LNumber(k)))
	}
	return int(nu) + 1
}

func baseGetmetatable(L *lua.LState) int {
	v := checkAny(L, 1)
	mt := L.GetMetatable(v)
	if t, ok := mt.(*lua.LTable); ok {
		if p := t.RawGetString("__metatable"); p != lua.LNil {
			L.Push(p)
			return 1
		}
	}
	L.Push(mt)
	return 1
}

func baseSetmetatable(L *lua.LState) int {
	t := checkTable(L, 1)
	mt := L.Get(2)
	if _, ok := mt.(*lua.LTable); !ok && (mt != lua.LNil || L.GetTop() < 2) {
		argError(L, 2, "nil or table expected")
	}
	if L.GetMetaField(t, "__metatable") != lua.LNil {
		raise(L, "cannot change a protected metatable")
	}
	t.Metatable = mt
	L.Push(t)
	return 1
}

func baseRawget(L *lua.LState) int {
	t := checkTable(L, 1)
	L.Push(t.RawGet(checkAny(L, 2)))
	return 1
}

func baseRawset(L *lua.LState) int {
	t := checkTable(L, 1)
	k := checkAny(L, 2)
	v := checkAny(L, 3)
	switch kk := k.(type) {
	case *lua.LNilType:
		raise(L, "table index is nil")
	case lua.LNumber:
		if kk != kk {
			raise(L, "table index is NaN")
		}
	}
	t.RawSet(k, v)
	L.Push(t)
	return 1
}

func baseRawequal(L *lua.LState) int {
	a := checkAny(L, 1)
	b := checkAny(L, 2)
	L.Push(lua.LBool(a == b))
	return 1
}

func baseGcinfo(L *lua.LState) int {
	L.Push(lua.LNumber(heapBytes() >> 10))
	return 1
}

// heapBytes is the live Go heap, which stands in for LuaJIT's GC total.
func heapBytes() uint64 {
	s := []metrics.Sample{{Name: "/memory/classes/heap/objects:bytes"}}
	metrics.Read(s)
	if s[0].Value.Kind() == metrics.KindUint64 {
		return s[0].Value.Uint64()
	}
	return 0
}

// gcState is what collectgarbage remembers per VM. The Go collector is
// shared by the whole process, so stop/restart and the tuning parameters
// are only recorded and reported back, never applied.
type gcState struct {
	running        bool
	pause, stepmul int
	// collect, when set, runs a full collection in place of runtime.GC:
	// the ffi library sets it to run the finalizers that became due.
	collect func(L *lua.LState)
}

// gcStateKey is where the VM's gcState lives in the registry.
const gcStateKey = "gresty.gcstate"

// deadSlots is how many stack slots above the caller's top a full
// collection clears.
const deadSlots = 200

// SetCollector makes fn do collectgarbage("collect") in L's VM instead of
// a plain runtime.GC, so that a package holding finalizers (ffi.gc) can
// run them before collectgarbage returns, as LuaJIT does.
func SetCollector(L *lua.LState, fn func(L *lua.LState)) {
	if ud, ok := L.G.Registry.RawGetString(gcStateKey).(*lua.LUserData); ok {
		if g, ok := ud.Value.(*gcState); ok {
			g.collect = fn
		}
	}
}

var gcOptions = []string{"stop", "restart", "collect", "count", "\xff", "step", "setpause", "setstepmul", "\xff", "isrunning"}

func (g *gcState) collectgarbage(L *lua.LState) int {
	opt := checkOption(L, 1, 2, gcOptions)
	data := optInt(L, 2, 0)
	switch gcOptions[opt] {
	case "count":
		L.Push(lua.LNumber(float64(heapBytes()) / 1024))
	case "step":
		// Go collects concurrently; a step has nothing to do and a
		// cycle is always "finished".
		L.Push(lua.LTrue)
	case "isrunning":
		L.Push(lua.LBool(g.running))
	case "collect":
		// gopher-lua leaves values in stack slots above the top (the
		// locals of finished blocks, the frames of returned calls), which
		// keeps them reachable; LuaJIT's collector clears what is above
		// the top, so objects only such slots hold are collected.
		top := L.GetTop()
		L.SetTop(top + deadSlots)
		L.SetTop(top)
		if g.collect != nil {
			g.collect(L)
		} else {
			runtime.GC()
		}
		L.Push(lua.LNumber(0))
	case "stop":
		g.running = false
		L.Push(lua.LNumber(0))
	case "restart":
		g.running = true
		L.Push(lua.LNumber(0))
	case "setpause":
		L.Push(lua.LNumber(g.pause))
		g.pause = data
	case "setstepmul":
		L.Push(lua.LNumber(g.stepmul))
		g.stepmul = data
	default:
		L.Push(lua.LNumber(0))
	}
	return 1
}
