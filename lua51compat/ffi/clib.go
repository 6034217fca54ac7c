package ffi

import (
	"math"

	lua "github.com/yuin/gopher-lua"
)

// ffi.C and the libraries of ffi.load: userdata whose __index resolves a
// declared name to a function cdata (backed by the Go registry), a
// constant, or LuaJIT's "missing declaration for symbol" error.

// clib is a C library namespace.
type clib struct {
	lib    string // registry name; defaultLib for ffi.C
	cache  *lua.LTable
	global bool // loaded with ffi.load(name, true): also serves ffi.C
}

func (s *ffiState) newClib(L *lua.LState, lib string) *lua.LUserData {
	ud := L.NewUserData()
	ud.Value = &clib{lib: lib, cache: L.NewTable()}
	ud.Metatable = s.clibMT
	return ud
}

func (s *ffiState) newClibMeta(L *lua.LState) *lua.LTable {
	mt := L.NewTable()
	mt.RawSetString("__index", L.NewFunction(s.clibIndex))
	mt.RawSetString("__newindex", L.NewFunction(s.clibNewindex))
	return mt
}

// clibArgs checks the (library, name) arguments of the metamethods.
func (s *ffiState) clibArgs(L *lua.LState) (*clib, string) {
	ud, ok := L.Get(1).(*lua.LUserData)
	var cl *clib
	if ok {
		cl, ok = ud.Value.(*clib)
	}
	if !ok {
		typeErrorNamed(L, 1, "__index", "userdata")
	}
	name, ok := L.Get(2).(lua.LString)
	if !ok {
		typeErrorNamed(L, 2, "__index", "string")
	}
	return cl, string(name)
}

// typeErrorNamed is typeError for metamethods, which LuaJIT names by
// their own name.
func typeErrorNamed(L *lua.LState, n int, fname, want string) {
	got := "no value"
	if n <= L.GetTop() {
		got = typeNameOf(L.Get(n))
	}
	raiseMsg(L, "bad argument #"+itoa64(int64(n))+" to '"+fname+"' ("+want+" expected, got "+got+")")
}

// resolve returns the cached or newly resolved value of a name.
func (s *ffiState) clibResolve(L *lua.LState, cl *clib, name string) lua.LValue {
	if v := cl.cache.RawGetString(name); v != lua.LNil {
		return v
	}
	e := s.tt.names[name]
	if e == nil || e.kind == nsTypedef {
		raiseMsg(L, "missing declaration for symbol '"+name+"'")
	}
	var v lua.LValue
	switch e.kind {
	case nsConst:
		v = constNumber(e.cval)
	case nsFunc:
		sym := s.findSymbol(cl, e, name)
		if sym == nil {
			raiseMsg(L, "not implemented in gresty: "+symName(e, name))
		}
		v = s.box(L, &cdata{ct: e.typ, fn: sym, st: s})
	case nsExtern:
		// A variable is read at each access, as its value may change.
		mem := s.findVar(cl, symName(e, name))
		if mem == nil {
			raiseMsg(L, "not implemented in gresty: "+symName(e, name)+" (C variables)")
		}
		v, err := s.toLua(L, e.typ, pointer{a: mem})
		if err != nil {
			raiseMsg(L, err.Error())
		}
		return v
	default:
		raiseMsg(L, "not implemented in gresty: "+symName(e, name)+" (C variables)")
	}
	cl.cache.RawSetString(name, v)
	return v
}

// findVar looks a variable up as findSymbol does a function.
func (s *ffiState) findVar(cl *clib, name string) *allocation {
	if mem := lookupVar(cl.lib, name); mem != nil {
		return mem
	}
	if cl.lib == defaultLib {
		for _, ud := range s.clibs {
			if c := ud.Value.(*clib); c.global {
				if mem := lookupVar(c.lib, name); mem != nil {
					return mem
				}
			}
		}
		return nil
	}
	return lookupVar(defaultLib, name)
}

func symName(e *nsEntry, name string) string {
	if e.redir != "" {
		return e.redir
	}
	return name
}

// findSymbol looks a function up in the library, then (for ffi.C) in the
// libraries loaded globally, then in the process namespace.
func (s *ffiState) findSymbol(cl *clib, e *nsEntry, name string) *symbol {
	n := symName(e, name)
	if sym := lookupSymbol(cl.lib, n); sym != nil {
		return sym
	}
	if cl.lib == defaultLib {
		for _, ud := range s.clibs {
			if c := ud.Value.(*clib); c.global {
				if sym := lookupSymbol(c.lib, n); sym != nil {
					return sym
				}
			}
		}
		return nil
	}
	return lookupSymbol(defaultLib, n)
}

func (s *ffiState) clibIndex(L *lua.LState) int {
	cl, name := s.clibArgs(L)
	L.Push(s.clibResolve(L, cl, name))
	return 1
}

func (s *ffiState) clibNewindex(L *lua.LState) int {
	cl, name := s.clibArgs(L)
	s.clibResolve(L, cl, name)
	raiseMsg(L, "attempt to write to constant location")
	return 0
}

func (s *ffiState) ffiLoad(L *lua.LState) int {
	name := checkString(L, 1)
	global := L.GetTop() >= 2 && lua.LVAsBool(L.Get(2))
	key := libKey(soName(name))
	if !libRegistered(key) {
		raiseMsg(L, soName(name)+": cannot open shared object file: No such file or directory")
	}
	ud, ok := s.clibs[key]
	if !ok {
		ud = s.newClib(L, key)
		s.clibs[key] = ud
	}
	if global {
		ud.Value.(*clib).global = true
	}
	L.Push(ud)
	return 1
}

// symbolAt finds the function a function pointer points to.
func (s *ffiState) symbolAt(p pointer) (*symbol, error) {
	if _, err := s.as.bytes(&p, 0, false); err != nil {
		return nil, err
	}
	if sym, ok := p.a.object(p.off).(*symbol); ok {
		return sym, nil
	}
	return nil, errf("NYI: calling a C function pointer that is not a registered Go function")
}

// callC calls a Go-implemented C function with the Lua arguments 2..top.
func (s *ffiState) callC(L *lua.LState, sym *symbol, ft *ctype, name string) int {
	n := L.GetTop() - 1
	if n < len(ft.params) || n > len(ft.params) && !ft.vararg {
		raiseMsg(L, "wrong number of arguments for function call")
	}
	c := &Call{L: L, Name: name, s: s}
	if n <= len(c.buf) {
		c.args = c.buf[:n]
	} else {
		c.args = make([]cvalue, n)
	}
	for i := 0; i < n; i++ {
		v := L.Get(i + 2)
		var cv cvalue
		var err error
		if i < len(ft.params) {
			cv, err = s.argToC(ft.params[i], v)
		} else {
			cv, err = s.varargToC(v)
		}
		if err != nil {
			raise(L, withArg(err, i+1))
		}
		c.args[i] = cv
	}
	res, err := sym.fn(c)
	if err != nil {
		raise(L, err)
	}
	ret := ft.elem
	if ret.raw().kind == kVoid {
		return 0
	}
	var cv cvalue
	switch res.kind {
	case vInt:
		cv = cvalue{t: s.tt.tInt64, num: res.n}
	case vUint:
		cv = cvalue{t: s.tt.tUint64, num: res.n}
	case vFloat:
		cv = cvalue{t: s.tt.tDouble, num: math.Float64bits(res.f)}
	case vPtr:
		cv = cvalue{t: s.tt.tPVoid, p: res.p}
	default:
		raiseMsg(L, "bad result from Go implementation of "+name+": no value for a non-void function")
	}
	out, err := s.conv(ret, cv, ccCast)
	if err != nil {
		raise(L, err)
	}
	if ret.raw().kind == kPtr {
		L.Push(s.pointerToLua(L, ret, out.p))
		return 1
	}
	L.Push(s.scalarToLua(L, ret, out.num))
	return 1
}

// argToC converts a Lua argument to a parameter type; structs passed by
// value are copied.
func (s *ffiState) argToC(t *ctype, v lua.LValue) (cvalue, error) {
	r := t.raw()
	if r.kind == kStruct {
		a := newAllocation(r.size)
		if err := s.assign(t, pointer{a: a}, v, 0); err != nil {
			return cvalue{}, err
		}
		return cvalue{t: t, p: pointer{a: a}}, nil
	}
	return s.toC(t, v, 0)
}

// varargToC converts an argument passed through "...": numbers as double,
// strings as const char *, booleans as int, cdata as they are (arrays as
// pointers to their first element).
func (s *ffiState) varargToC(v lua.LValue) (cvalue, error) {
	switch x := v.(type) {
	case lua.LNumber:
		return s.toC(s.tt.tDouble, x, 0)
	case lua.LString:
		return s.toC(s.tt.tPCChar, x, 0)
	case lua.LBool:
		return cvalue{t: s.tt.tInt32, num: b2u(bool(x))}, nil
	}
	if cd, ok := toCData(v); ok && !cd.isCtype() {
		cv := s.cdataValue(cd)
		if r := cv.t.raw(); r.kind == kArray {
			cv.t = s.tt.ptrTo(r.elem, 0)
		}
		return cv, nil
	}
	return s.toC(s.tt.tPVoid, v, 0)
}
