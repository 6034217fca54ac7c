package ngxshim

import (
	"math"
	"strconv"

	lua "github.com/yuin/gopher-lua"

	"gresty/lua51compat"
)

// ngx.shared: a table per zone holding the zone's userdata at index 1, all
// sharing one metatable that is also their __index, as ngx_lua builds them.
// get, get_stale, set, safe_set, add, safe_add, replace, delete, incr,
// flush_all, ttl, expire, capacity and free_space follow resty.core's Lua
// (its argument coercions, its errors raised at the caller); lpush, rpush,
// lpop, rpop, llen, flush_expired and get_keys follow ngx_lua's C
// functions.

// shdictCoreLua is where resty.core's shdict module is installed on the
// reference; the errors raised inside it carry its positions.
const shdictCoreLua = "/usr/share/lua/5.1/resty/core/shdict.lua"

// shdictMaxKeyLen is the longest key ngx_http_lua_shdict_node_t can hold.
const shdictMaxKeyLen = 65535

// openShdict installs ngx.shared with the zones of dicts (none when nil).
func (a *api) openShdict(L *lua.LState, dicts *SharedDicts) {
	shared := L.NewTable()
	a.ngx.RawSetString("shared", shared)
	if dicts == nil {
		return
	}
	zones := dicts.All()
	if len(zones) == 0 {
		return
	}
	mt := L.NewTable()
	mt.RawSetString("__index", mt)
	for name, fn := range a.shdictMethods() {
		mt.RawSetString(name, L.NewFunction(fn))
	}
	for _, d := range zones {
		ud := L.NewUserData()
		ud.Value = d
		zone := L.CreateTable(1, 0)
		zone.RawSetInt(1, ud)
		zone.Metatable = mt
		shared.RawSetString(d.Name(), zone)
	}
}

func (a *api) shdictMethods() map[string]lua.LGFunction {
	store := func(op int) lua.LGFunction {
		return func(L *lua.LState) int { return a.shdictStore(L, op, L.Get(3)) }
	}
	return map[string]lua.LGFunction{
		"get":       func(L *lua.LState) int { return a.shdictGet(L, false) },
		"get_stale": func(L *lua.LState) int { return a.shdictGet(L, true) },
		"set":       store(shdictOpSet),
		"safe_set":  store(shdictOpSafeStore),
		"add":       store(shdictOpAdd),
		"safe_add":  store(shdictOpAdd | shdictOpSafeStore),
		"replace":   store(shdictOpReplace),
		"delete": func(L *lua.LState) int {
			L.SetTop(2)
			return a.shdictStore(L, shdictOpSet, lua.LNil)
		},
		"incr":          a.shdictIncr,
		"flush_all":     a.shdictFlushAll,
		"ttl":           a.shdictTTL,
		"expire":        a.shdictExpire,
		"capacity":      a.shdictCapacity,
		"free_space":    a.shdictFreeSpace,
		"lpush":         func(L *lua.LState) int { return a.shdictPush(L, true) },
		"rpush":         func(L *lua.LState) int { return a.shdictPush(L, false) },
		"lpop":          func(L *lua.LState) int { return a.shdictPop(L, true) },
		"rpop":          func(L *lua.LState) int { return a.shdictPop(L, false) },
		"llen":          a.shdictLLen,
		"flush_expired": a.shdictFlushExpired,
		"get_keys":      a.shdictGetKeys,
	}
}

// nowMS is the cached time as nginx's shdict reads it: seconds * 1000 plus
// milliseconds.
func (a *api) nowMS() uint64 {
	return uint64(a.h.Now().UnixMilli())
}

// checkZone is resty.core's check_zone, and the zone check of ngx_lua's C
// methods, which words its error the same: the zone table's userdata.
func checkZone(L *lua.LState) *SharedDict {
	if t, ok := L.Get(1).(*lua.LTable); ok {
		if ud, ok := t.RawGetInt(1).(*lua.LUserData); ok {
			if d, ok := ud.Value.(*SharedDict); ok {
				return d
			}
		}
	}
	raiseAt(L, 1, `bad "zone" argument`)
	return nil
}

// coreKey is resty.core's key handling: "nil key" for nil, tostring for
// other non-strings, then the length limits. It returns the error message
// to return to Lua, if any.
func coreKey(L *lua.LState, v lua.LValue) (string, string) {
	if v == lua.LNil {
		return "", "nil key"
	}
	key, ok := v.(lua.LString)
	if !ok {
		key = lua.LString(lua51compat.ToStringMeta(L, v))
	}
	return string(key), keyLengthError(string(key))
}

func keyLengthError(key string) string {
	switch {
	case key == "":
		return "empty key"
	case len(key) > shdictMaxKeyLen:
		return "key too long"
	}
	return ""
}

// pushFail returns nil and msg to Lua.
func pushFail(L *lua.LState, msg string) int {
	L.Push(lua.LNil)
	L.Push(lua.LString(msg))
	return 2
}

// ffiLong is LuaJIT's conversion of a number to a C long (x86-64
// cvttsd2si): truncation, and the minimum for NaN and out-of-range values.
func ffiLong(f float64) int64 {
	if f != f || f >= 9223372036854775808.0 || f < -9223372036854775808.0 {
		return math.MinInt64
	}
	return int64(f)
}

// ffiInt is the same conversion to a C int.
func ffiInt(f float64) int32 {
	if f != f || f >= 2147483648.0 || f <= -2147483649.0 {
		return math.MinInt32
	}
	return int32(f)
}

// toNumber is Lua's tonumber for a number or a numeric string.
func toNumber(v lua.LValue) (float64, bool) {
	switch x := v.(type) {
	case lua.LNumber:
		return float64(x), true
	case lua.LString:
		return lua51compat.ParseNumber(string(x))
	}
	return 0, false
}

func (a *api) shdictStore(L *lua.LState, op int, value lua.LValue) int {
	d := checkZone(L)
	var exptime float64
	switch v := L.Get(4).(type) {
	case *lua.LNilType:
	case lua.LBool:
		if v {
			L.Error(lua.LString(shdictCoreLua+":490: attempt to compare boolean with number"), 0)
		}
	case lua.LNumber:
		if v < 0 {
			raiseAt(L, 1, `bad "exptime" argument`)
		}
		exptime = float64(v)
	default:
		L.Error(lua.LString(shdictCoreLua+":490: attempt to compare "+v.Type().String()+" with number"), 0)
	}
	key, errmsg := coreKey(L, L.Get(2))
	if errmsg != "" {
		return pushFail(L, errmsg)
	}
	var v shdictValue
	switch x := value.(type) {
	case lua.LString:
		v = shdictValue{typ: shdictTString, str: string(x)}
	case lua.LNumber:
		v = shdictValue{typ: shdictTNumber, num: float64(x)}
	case *lua.LNilType:
	case lua.LBool:
		v = shdictValue{typ: shdictTBoolean}
		if x {
			v.num = 1
		}
	default:
		return pushFail(L, "bad value type")
	}
	// The flags reach the FFI call last, so their conversion error comes
	// after the key and value checks.
	var flags int32
	switch v := L.Get(5).(type) {
	case *lua.LNilType:
	case lua.LBool:
		if v {
			flags = 1
		}
	case lua.LNumber:
		flags = ffiInt(float64(v))
	default:
		L.Error(lua.LString(shdictCoreLua+":542: bad argument #10 to 'ngx_lua_ffi_shdict_store' (cannot convert '"+
			v.Type().String()+"' to 'int')"), 0)
	}
	errmsg, forcible := d.store(op, key, v, ffiLong(exptime*1000), uint32(flags), a.nowMS())
	if errmsg == "" {
		L.Push(lua.LTrue)
		L.Push(lua.LNil)
	} else {
		L.Push(lua.LFalse)
		L.Push(lua.LString(errmsg))
	}
	L.Push(lua.LBool(forcible))
	return 3
}

// pushShdictValue pushes a stored scalar.
func pushShdictValue(L *lua.LState, v shdictValue) {
	switch v.typ {
	case shdictTString:
		L.Push(lua.LString(v.str))
	case shdictTNumber:
		L.Push(lua.LNumber(v.num))
	case shdictTBoolean:
		L.Push(lua.LBool(v.num != 0))
	default:
		L.Push(lua.LNil)
	}
}

func (a *api) shdictGet(L *lua.LState, stale bool) int {
	d := checkZone(L)
	key, errmsg := coreKey(L, L.Get(2))
	if errmsg != "" {
		return pushFail(L, errmsg)
	}
	v, flags, isStale, found, errmsg := d.get(key, stale, a.nowMS())
	if errmsg != "" {
		return pushFail(L, errmsg)
	}
	if !found {
		L.Push(lua.LNil)
		return 1
	}
	pushShdictValue(L, v)
	if flags != 0 {
		L.Push(lua.LNumber(int32(flags)))
	} else if !stale {
		return 1
	} else {
		L.Push(lua.LNil)
	}
	if !stale {
		return 2
	}
	L.Push(lua.LBool(isStale))
	return 3
}

func (a *api) shdictIncr(L *lua.LState) int {
	d := checkZone(L)
	key, errmsg := coreKey(L, L.Get(2))
	if errmsg != "" {
		return pushFail(L, errmsg)
	}
	delta, ok := toNumber(L.Get(3))
	if !ok {
		L.Error(lua.LString(shdictCoreLua+":760: cannot convert 'nil' to 'double'"), 0)
	}
	initV := L.Get(4)
	hasInit := lua.LVAsBool(initV)
	var init float64
	if hasInit {
		if init, ok = toNumber(initV); !ok {
			raiseAt(L, 1, "bad init arg: number expected, got "+initV.Type().String())
		}
	}
	var ttl float64
	if ttlV := L.Get(5); ttlV != lua.LNil {
		if ttl, ok = toNumber(ttlV); !ok {
			raiseAt(L, 1, "bad init_ttl arg: number expected, got "+ttlV.Type().String())
		}
		if ttl < 0 {
			raiseAt(L, 1, `bad "init_ttl" argument`)
		}
		if !hasInit {
			raiseAt(L, 1, `must provide "init" when providing "init_ttl"`)
		}
	}
	num, errmsg, forcible := d.incr(key, delta, hasInit, init, ffiLong(ttl*1000), a.nowMS())
	if errmsg != "" {
		return pushFail(L, errmsg)
	}
	L.Push(lua.LNumber(num))
	if !hasInit {
		return 1
	}
	L.Push(lua.LNil)
	L.Push(lua.LBool(forcible))
	return 3
}

func (a *api) shdictFlushAll(L *lua.LState) int {
	checkZone(L).flushAll(a.nowMS())
	return 0
}

func (a *api) shdictTTL(L *lua.LState) int {
	d := checkZone(L)
	key, errmsg := coreKey(L, L.Get(2))
	if errmsg != "" {
		return pushFail(L, errmsg)
	}
	ms, found := d.ttl(key, a.nowMS())
	// resty.core takes a TTL of -5 ms for FFI_DECLINED.
	if !found || ms == -5 {
		return pushFail(L, "not found")
	}
	L.Push(lua.LNumber(float64(ms) / 1000))
	return 1
}

func (a *api) shdictExpire(L *lua.LState) int {
	d := checkZone(L)
	exptimeV := L.Get(3)
	if !lua.LVAsBool(exptimeV) {
		raiseAt(L, 1, `bad "exptime" argument`)
	}
	key, errmsg := coreKey(L, L.Get(2))
	if errmsg != "" {
		return pushFail(L, errmsg)
	}
	exptime, ok := toNumber(exptimeV)
	if !ok {
		L.Error(lua.LString(shdictCoreLua+":873: attempt to perform arithmetic on local 'exptime' (a "+
			exptimeV.Type().String()+" value)"), 0)
	}
	if !d.setExpire(key, ffiLong(exptime*1000), a.nowMS()) {
		return pushFail(L, "not found")
	}
	L.Push(lua.LTrue)
	return 1
}

func (a *api) shdictCapacity(L *lua.LState) int {
	L.Push(lua.LNumber(checkZone(L).Capacity()))
	return 1
}

func (a *api) shdictFreeSpace(L *lua.LState) int {
	L.Push(lua.LNumber(checkZone(L).FreeSpace()))
	return 1
}

// cKey is the key handling of ngx_lua's C methods: "nil key", then
// luaL_checklstring and the length limits.
func cKey(L *lua.LState) (string, string) {
	if L.Get(2) == lua.LNil {
		return "", "nil key"
	}
	key := checkCString(L, 2)
	return key, keyLengthError(key)
}

func (a *api) shdictPush(L *lua.LState, left bool) int {
	if n := L.GetTop(); n != 3 {
		raiseAt(L, 1, "expecting 3 arguments, but only seen "+strconv.Itoa(n))
	}
	d := checkZone(L)
	key, errmsg := cKey(L)
	if errmsg != "" {
		return pushFail(L, errmsg)
	}
	var v shdictValue
	switch x := L.Get(3).(type) {
	case lua.LString:
		v = shdictValue{typ: shdictTString, str: string(x)}
	case lua.LNumber:
		v = shdictValue{typ: shdictTNumber, num: float64(x)}
	default:
		return pushFail(L, "bad value type")
	}
	n, errmsg, entryFailed := d.push(key, v, left, a.nowMS())
	if errmsg != "" {
		if entryFailed {
			L.Push(lua.LFalse)
			L.Push(lua.LString(errmsg))
			return 2
		}
		return pushFail(L, errmsg)
	}
	L.Push(lua.LNumber(n))
	return 1
}

func (a *api) shdictPop(L *lua.LState, left bool) int {
	if n := L.GetTop(); n != 2 {
		raiseAt(L, 1, "expecting 2 arguments, but only seen "+strconv.Itoa(n))
	}
	d := checkZone(L)
	key, errmsg := cKey(L)
	if errmsg != "" {
		return pushFail(L, errmsg)
	}
	v, found, errmsg := d.pop(key, left, a.nowMS())
	if errmsg != "" {
		return pushFail(L, errmsg)
	}
	if !found {
		L.Push(lua.LNil)
		return 1
	}
	pushShdictValue(L, v)
	return 1
}

func (a *api) shdictLLen(L *lua.LState) int {
	if n := L.GetTop(); n != 2 {
		raiseAt(L, 1, "expecting 2 arguments, but only seen "+strconv.Itoa(n))
	}
	d := checkZone(L)
	key, errmsg := cKey(L)
	if errmsg != "" {
		return pushFail(L, errmsg)
	}
	n, errmsg := d.llen(key, a.nowMS())
	if errmsg != "" {
		return pushFail(L, errmsg)
	}
	L.Push(lua.LNumber(n))
	return 1
}

// cAttemptsZone checks the arguments of flush_expired and get_keys: the
// zone table and an optional count.
func cAttemptsZone(L *lua.LState, def int) (*SharedDict, int) {
	n := L.GetTop()
	if n != 1 && n != 2 {
		raiseAt(L, 1, "expecting 1 or 2 argument(s), but saw "+strconv.Itoa(n))
	}
	t, ok := L.Get(1).(*lua.LTable)
	if !ok {
		cArgTypeError(L, 1, "table")
	}
	ud, _ := t.RawGetInt(1).(*lua.LUserData)
	var d *SharedDict
	if ud != nil {
		d, _ = ud.Value.(*SharedDict)
	}
	if d == nil {
		raiseAt(L, 1, "bad user data for the ngx_shm_zone_t pointer")
	}
	attempts := def
	if n == 2 {
		attempts = checkCInt(L, 2)
	}
	return d, attempts
}

func (a *api) shdictFlushExpired(L *lua.LState) int {
	d, attempts := cAttemptsZone(L, 0)
	L.Push(lua.LNumber(d.flushExpired(attempts, a.nowMS())))
	return 1
}

func (a *api) shdictGetKeys(L *lua.LState) int {
	d, attempts := cAttemptsZone(L, 1024)
	keys := d.keys(attempts, a.nowMS())
	t := L.CreateTable(len(keys), 0)
	for i, k := range keys {
		t.RawSetInt(i+1, lua.LString(k))
	}
	L.Push(t)
	return 1
}
