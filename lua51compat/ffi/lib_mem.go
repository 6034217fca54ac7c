package ffi

import (
	lua "github.com/yuin/gopher-lua"
)

// The ffi functions that move bytes: string, copy and fill.

func (s *ffiState) ffiString(L *lua.LState) int {
	if L.GetTop() < 1 {
		argError(L, 1, "value expected")
	}
	if L.GetTop() >= 2 && L.Get(2) != lua.LNil {
		n := s.checkInt(L, 2)
		p := s.checkPtr(L, 1, s.tt.tPCVoid)
		b, err := s.as.bytes(&p, int64(uint32(n)), false)
		if err != nil {
			raise(L, err)
		}
		L.Push(lua.LString(b))
		return 1
	}
	p := s.checkPtr(L, 1, s.tt.tPCChar)
	str, err := s.cString(p)
	if err != nil {
		raise(L, err)
	}
	L.Push(lua.LString(str))
	return 1
}

// cString reads a NUL-terminated string.
func (s *ffiState) cString(p pointer) (string, error) {
	if _, err := s.as.bytes(&p, 0, false); err != nil {
		return "", err
	}
	data := p.a.data[p.off:]
	if i := indexByte(data, 0); i >= 0 {
		return string(data[:i]), nil
	}
	if p.a.isString {
		return string(data), nil
	}
	_, err := s.as.bytes(&p, int64(len(data))+1, false)
	return "", err
}

func indexByte(b []byte, c byte) int {
	for i, x := range b {
		if x == c {
			return i
		}
	}
	return -1
}

func (s *ffiState) ffiCopy(L *lua.LState) int {
	dst := s.checkPtr(L, 1, s.tt.tPVoid)
	src := s.checkPtr(L, 2, s.tt.tPCVoid)
	var n int64
	if str, ok := L.Get(2).(lua.LString); ok && L.GetTop() < 3 {
		n = int64(len(str)) + 1
	} else {
		n = int64(uint32(s.checkInt(L, 3)))
	}
	if err := s.copyMem(dst, src, n); err != nil {
		raise(L, err)
	}
	return 0
}

func (s *ffiState) ffiFill(L *lua.LState) int {
	dst := s.checkPtr(L, 1, s.tt.tPVoid)
	n := int64(uint32(s.checkInt(L, 2)))
	var c int32
	if L.GetTop() >= 3 && L.Get(3) != lua.LNil {
		c = s.checkInt(L, 3)
	}
	b, err := s.as.bytes(&dst, n, true)
	if err != nil {
		raise(L, err)
	}
	for i := range b {
		b[i] = byte(c)
	}
	return 0
}
