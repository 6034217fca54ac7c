package lua51compat

import (
	"strings"

	lua "github.com/yuin/gopher-lua"
)

// string.find, match, gmatch and gsub on the matcher of pattern.go.

// patSpecials are the characters that make find use the pattern matcher.
const patSpecials = "^$*+?.([%-"

func strFind(L *lua.LState) int  { return strFindAux(L, true) }
func strMatch(L *lua.LState) int { return strFindAux(L, false) }

func strFindAux(L *lua.LState, find bool) int {
	s := checkString(L, 1)
	p := checkString(L, 2)
	init := optInt(L, 3, 1)
	if init < 0 {
		init += len(s) + 1
	}
	init--
	if init < 0 {
		init = 0
	} else if init > len(s) {
		init = len(s)
	}
	if find && (lua.LVAsBool(L.Get(4)) || !hasSpecials(p)) {
		if i := strings.Index(s[init:], p); i >= 0 {
			L.Push(lua.LNumber(init + i + 1))
			L.Push(lua.LNumber(init + i + len(p)))
			return 2
		}
		L.Push(lua.LNil)
		return 1
	}
	anchor := len(p) > 0 && p[0] == '^'
	if anchor {
		p = p[1:]
	}
	ms := &matchState{L: L, src: s, pat: compilePattern(p)}
	for s1 := init; ; s1++ {
		ms.level, ms.depth = 0, 0
		if !anchor {
			s1 = ms.nextStart(s1)
		}
		if e := ms.match(s1, 0); e >= 0 {
			if find {
				L.Push(lua.LNumber(s1 + 1))
				L.Push(lua.LNumber(e))
				return ms.pushCaptures(s1, e, false) + 2
			}
			return ms.pushCaptures(s1, e, true)
		}
		if s1 >= len(s) || anchor {
			break
		}
	}
	L.Push(lua.LNil)
	return 1
}

// hasSpecials reports whether find must use the matcher. The whole
// pattern is scanned, NULs included (the matcher then stops at the NUL).
func hasSpecials(p string) bool {
	return strings.ContainsAny(p, patSpecials)
}

func strGmatch(L *lua.LState) int {
	s := checkString(L, 1)
	p := checkString(L, 2)
	pat := compilePattern(p)
	pos := 0
	L.Push(L.NewFunction(func(L *lua.LState) int {
		// gmatch has no anchor: a leading '^' is an ordinary character.
		ms := &matchState{L: L, src: s, pat: pat}
		for src := pos; src <= len(s); src++ {
			ms.level, ms.depth = 0, 0
			if e := ms.match(src, 0); e >= 0 {
				pos = e
				if e == src {
					pos++ // an empty match must make progress
				}
				return ms.pushCaptures(src, e, true)
			}
		}
		pos = len(s) + 1
		return 0
	}))
	return 1
}

func strGsub(L *lua.LState) int {
	src := checkString(L, 1)
	p := checkString(L, 2)
	repl := L.Get(3)
	maxN := optInt(L, 4, len(src)+1)
	switch repl.(type) {
	case lua.LNumber, lua.LString, *lua.LFunction, *lua.LTable:
	default:
		argError(L, 3, "string/function/table expected")
	}
	anchor := len(p) > 0 && p[0] == '^'
	if anchor {
		p = p[1:]
	}
	ms := &matchState{L: L, src: src, pat: compilePattern(p)}
	buf := make([]byte, 0, len(src))
	s, n := 0, 0
	for n < maxN {
		ms.level, ms.depth = 0, 0
		e := ms.match(s, 0)
		if e >= 0 {
			n++
			buf = ms.addValue(buf, repl, s, e)
		}
		if e >= 0 && e > s {
			s = e
		} else if s < len(src) {
			buf = append(buf, src[s])
			s++
		} else {
			break
		}
		if anchor {
			break
		}
	}
	buf = append(buf, src[s:]...)
	L.Push(lua.LString(buf))
	L.Push(lua.LNumber(n))
	return 2
}

// addValue appends the replacement for the match src[s:e].
func (ms *matchState) addValue(buf []byte, repl lua.LValue, s, e int) []byte {
	L := ms.L
	var v lua.LValue
	switch r := repl.(type) {
	case lua.LString, lua.LNumber:
		news, _ := toStringArg(r)
		return ms.addString(buf, news, s, e)
	case *lua.LFunction:
		L.Push(r)
		n := ms.pushCaptures(s, e, true)
		L.Call(n, 1)
		v = L.Get(-1)
		L.Pop(1)
	case *lua.LTable:
		v = L.GetTable(r, ms.captureValue(0, s, e))
	}
	if !lua.LVAsBool(v) {
		return append(buf, ms.src[s:e]...)
	}
	str, ok := toStringArg(v)
	if !ok {
		raise(L, "invalid replacement value (a "+typeName(v)+")")
	}
	return append(buf, str...)
}

// addString expands a replacement string: %0 is the whole match, %1-%9
// the captures, % followed by anything else that character.
func (ms *matchState) addString(buf []byte, news string, s, e int) []byte {
	for i := 0; i < len(news); i++ {
		c := news[i]
		if c != '%' {
			buf = append(buf, c)
			continue
		}
		i++
		var d byte // a '%' ending the string is followed by C's NUL
		if i < len(news) {
			d = news[i]
		}
		switch {
		case !isDigit(d):
			buf = append(buf, d)
		case d == '0':
			buf = append(buf, ms.src[s:e]...)
		default:
			v, _ := toStringArg(ms.captureValue(int(d-'1'), s, e))
			buf = append(buf, v...)
		}
	}
	return buf
}
