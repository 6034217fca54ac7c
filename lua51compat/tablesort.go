package lua51compat

import (
	lua "github.com/yuin/gopher-lua"
)

// table.sort with the quicksort of Lua 5.1 and LuaJIT, so that the order
// produced by inconsistent comparators, the comparisons made, and the
// "invalid order function for sorting" error are the same as there (Go's
// sort.Sort would give other results and never detect a bad comparator).

type sorter struct {
	L    *lua.LState
	t    *lua.LTable
	less lua.LValue // the comparator, or nil for '<'
}

func tabSort(L *lua.LState) int {
	t := checkTable(L, 1)
	n := t.Len()
	var less lua.LValue
	if L.GetTop() >= 2 && L.Get(2) != lua.LNil {
		less = checkFunction(L, 2)
	}
	s := &sorter{L: L, t: t, less: less}
	s.sort(1, n)
	return 0
}

func (s *sorter) get(i int) lua.LValue    { return s.t.RawGet(lua.LNumber(i)) }
func (s *sorter) set(i int, v lua.LValue) { s.t.RawSet(lua.LNumber(i), v) }

func (s *sorter) lt(a, b lua.LValue) bool {
	if s.less == nil {
		return lessThan(s.L, a, b)
	}
	s.L.Push(s.less)
	s.L.Push(a)
	s.L.Push(b)
	s.L.Call(2, 1)
	r := lua.LVAsBool(s.L.Get(-1))
	s.L.Pop(1)
	return r
}

func (s *sorter) badOrder() {
	s.L.Error(lua.LString("invalid order function for sorting"), 0)
}

func (s *sorter) sort(l, u int) {
	for l < u {
		// Order a[l], a[(l+u)/2] and a[u].
		al, au := s.get(l), s.get(u)
		if s.lt(au, al) {
			s.set(l, au)
			s.set(u, al)
		}
		if u-l == 1 {
			return
		}
		i := (l + u) / 2
		ai, al := s.get(i), s.get(l)
		if s.lt(ai, al) {
			s.set(i, al)
			s.set(l, ai)
		} else {
			au := s.get(u)
			if s.lt(au, ai) {
				s.set(i, au)
				s.set(u, ai)
			}
		}
		if u-l == 2 {
			return
		}
		p := s.get(i) // the pivot, parked at u-1
		s.set(i, s.get(u-1))
		s.set(u-1, p)
		i, j := l, u-1
		for {
			var ai, aj lua.LValue
			for {
				i++
				if ai = s.get(i); !s.lt(ai, p) {
					break
				}
				if i >= u {
					s.badOrder()
				}
			}
			for {
				j--
				if aj = s.get(j); !s.lt(p, aj) {
					break
				}
				if j <= l {
					s.badOrder()
				}
			}
			if j < i {
				break
			}
			s.set(i, aj)
			s.set(j, ai)
		}
		au1, ai2 := s.get(u-1), s.get(i)
		s.set(u-1, ai2)
		s.set(i, au1)
		// Recurse into the smaller half, loop on the larger one.
		if i-l < u-i {
			j, i, l = l, i-1, i+1
		} else {
			j, i, u = i+1, u, i-1
		}
		s.sort(j, i)
	}
}

// lessThan is Lua's '<' with LuaJIT's error messages: numbers and strings
// compare directly, other values of the same type through an __lt
// metamethod that both operands share.
func lessThan(L *lua.LState, a, b lua.LValue) bool {
	switch x := a.(type) {
	case lua.LNumber:
		if y, ok := b.(lua.LNumber); ok {
			return x < y
		}
	case lua.LString:
		if y, ok := b.(lua.LString); ok {
			return x < y
		}
	}
	if a.Type() == b.Type() {
		mm := L.GetMetaField(a, "__lt")
		if mm != lua.LNil && mm == L.GetMetaField(b, "__lt") {
			L.Push(mm)
			L.Push(a)
			L.Push(b)
			L.Call(2, 1)
			r := lua.LVAsBool(L.Get(-1))
			L.Pop(1)
			return r
		}
	}
	ta, tb := typeName(a), typeName(b)
	if ta == tb {
		L.Error(lua.LString("attempt to compare two "+ta+" values"), 0)
	}
	L.Error(lua.LString("attempt to compare "+ta+" with "+tb), 0)
	return false
}
