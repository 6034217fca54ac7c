package lua51compat

import (
	"strings"
	"sync"
	"sync/atomic"

	lua "github.com/yuin/gopher-lua"
)

// Lua 5.1 patterns as LuaJIT 2.1 matches them, including %f frontiers, the
// %g class, the 200-level recursion limit ("pattern too complex") and the
// end of the pattern at its first NUL byte. The pattern is compiled once
// into items with 256-bit character sets and cached; the matcher keeps the
// shape of the reference backtracking matcher so that results, errors and
// their timing (a malformed item only fails when the matcher reaches it)
// are the same.

const (
	maxCaptures  = 32  // LUA_MAXCAPTURES
	maxPatDepth  = 200 // LJ_MAX_XLEVEL
	capUnfinish  = -1
	capPosition  = -2
	patCacheSize = 1024
)

// charSet is a set of bytes.
type charSet [4]uint64

func (c *charSet) has(b byte) bool { return c[b>>6]&(1<<(b&63)) != 0 }
func (c *charSet) add(b byte)      { c[b>>6] |= 1 << (b & 63) }

// itemKind is what a compiled pattern item does.
type itemKind uint8

const (
	itEnd       itemKind = iota // end of pattern: match succeeds
	itSingle                    // one character from set, with rep
	itCapOpen                   // '('
	itCapPos                    // '()'
	itCapClose                  // ')'
	itBalance                   // %bxy
	itFrontier                  // %f[set]
	itBackref                   // %1-%9 (and %0, which always fails)
	itEndAnchor                 // '$' as the last character
	itError                     // malformed item: raise err when reached
)

// patItem is one compiled pattern item.
type patItem struct {
	kind itemKind
	rep  byte // for itSingle: 0, '?', '*', '+' or '-'
	a, b byte // %b delimiters; backreference digit in a
	set  *charSet
	lit  int  // for itSingle: the one byte set holds, or -1
	any  bool // for itSingle: set holds every byte ('.')
	err  string
}

// pattern is a compiled pattern: items end with itEnd or itError.
type pattern struct {
	items []patItem
}

var (
	patCache     sync.Map // string -> *pattern
	patCacheUsed atomic.Int64
)

// compilePattern returns the compiled form of p, from the cache if
// possible. The cache is shared by all VMs; compiled patterns are
// immutable.
func compilePattern(p string) *pattern {
	if v, ok := patCache.Load(p); ok {
		return v.(*pattern)
	}
	pat := compile(p)
	if patCacheUsed.Add(1) > patCacheSize {
		// Crude but bounded: start over when full.
		patCache.Range(func(k, _ any) bool {
			patCache.Delete(k)
			return true
		})
		patCacheUsed.Store(1)
	}
	patCache.Store(p, pat)
	return pat
}

// Errors of malformed patterns.
const (
	errPatEndsEsc  = "malformed pattern (ends with '%')"
	errPatNoBrack  = "malformed pattern (missing ']')"
	errPatFrontier = "missing '[' after '%f' in pattern"
	errPatBalance  = "unbalanced pattern"
	errPatCapture  = "invalid pattern capture"
	errPatCapIndex = "invalid capture index"
	errPatCapCount = "too many captures"
	errPatComplex  = "pattern too complex"
	errPatCapUnfin = "unfinished capture"
)

func compile(p string) *pattern {
	if i := indexNUL(p); i >= 0 {
		p = p[:i] // C strings: the pattern ends at a NUL
	}
	pat := &pattern{}
	add := func(it patItem) { pat.items = append(pat.items, it) }
	i := 0
	for {
		if i >= len(p) {
			add(patItem{kind: itEnd})
			return pat
		}
		switch p[i] {
		case '(':
			if i+1 < len(p) && p[i+1] == ')' {
				add(patItem{kind: itCapPos})
				i += 2
			} else {
				add(patItem{kind: itCapOpen})
				i++
			}
			continue
		case ')':
			add(patItem{kind: itCapClose})
			i++
			continue
		case '$':
			if i+1 == len(p) {
				add(patItem{kind: itEndAnchor})
				i++
				continue
			}
		case '%':
			if i+1 < len(p) {
				switch c := p[i+1]; {
				case c == 'b':
					if i+3 >= len(p) {
						add(patItem{kind: itError, err: errPatBalance})
						return pat
					}
					add(patItem{kind: itBalance, a: p[i+2], b: p[i+3]})
					i += 4
					continue
				case c == 'f':
					i += 2
					if i >= len(p) || p[i] != '[' {
						add(patItem{kind: itError, err: errPatFrontier})
						return pat
					}
					end, err := classEnd(p, i)
					if err != "" {
						add(patItem{kind: itError, err: err})
						return pat
					}
					add(patItem{kind: itFrontier, set: bracketSet(p[i:end])})
					i = end
					continue
				case isDigit(c):
					add(patItem{kind: itBackref, a: c})
					i += 2
					continue
				}
			}
		}
		end, err := classEnd(p, i)
		if err != "" {
			add(patItem{kind: itError, err: err})
			return pat
		}
		it := patItem{kind: itSingle, set: singleSet(p[i:end]), lit: -1}
		if end == i+1 && p[i] != '.' && p[i] != '[' {
			it.lit = int(p[i])
		}
		it.any = end == i+1 && p[i] == '.'
		if end < len(p) {
			switch p[end] {
			case '?', '*', '+', '-':
				it.rep = p[end]
				end++
			}
		}
		add(it)
		i = end
	}
}

func indexNUL(s string) int {
	for i := 0; i < len(s); i++ {
		if s[i] == 0 {
			return i
		}
	}
	return -1
}

// classEnd returns the end of the single-character class starting at p[i].
func classEnd(p string, i int) (int, string) {
	c := p[i]
	i++
	switch c {
	case '%':
		if i >= len(p) {
			return 0, errPatEndsEsc
		}
		return i + 1, ""
	case '[':
		if i < len(p) && p[i] == '^' {
			i++
		}
		// The first character is part of the set even if it is ']'.
		for {
			if i >= len(p) {
				return 0, errPatNoBrack
			}
			c := p[i]
			i++
			if c == '%' && i < len(p) {
				i++
			}
			if i < len(p) && p[i] == ']' {
				return i + 1, ""
			}
			if i >= len(p) {
				return 0, errPatNoBrack
			}
		}
	}
	return i, ""
}

// singleSet is the set of bytes one class (".", "%a", "[...]", "x") matches.
func singleSet(cl string) *charSet {
	var s charSet
	switch cl[0] {
	case '.':
		for i := range s {
			s[i] = ^uint64(0)
		}
	case '%':
		for c := 0; c < 256; c++ {
			if matchClass(byte(c), cl[1]) {
				s.add(byte(c))
			}
		}
	case '[':
		return bracketSet(cl)
	default:
		s.add(cl[0])
	}
	return &s
}

// bracketSet evaluates a [...] class for every byte, with the reference
// matcher's reading of ranges, escapes and a leading '^'.
func bracketSet(cl string) *charSet {
	var s charSet
	ec := len(cl) - 1 // the closing ']'
	for c := 0; c < 256; c++ {
		if inBracket(byte(c), cl, ec) {
			s.add(byte(c))
		}
	}
	return &s
}

func inBracket(c byte, p string, ec int) bool {
	sig := true
	i := 0
	if p[1] == '^' {
		sig = false
		i++
	}
	for i++; i < ec; i++ {
		switch {
		case p[i] == '%':
			i++
			if matchClass(c, p[i]) {
				return sig
			}
		case p[i+1] == '-' && i+2 < ec:
			i += 2
			if p[i-2] <= c && c <= p[i] {
				return sig
			}
		case p[i] == c:
			return sig
		}
	}
	return !sig
}

// matchClass is %x for class letter cl (upper case negates); any other
// character stands for itself.
func matchClass(c, cl byte) bool {
	var r bool
	switch lower(cl) {
	case 'a':
		r = isAlpha(c)
	case 'c':
		r = c < 32 || c == 127
	case 'd':
		r = isDigit(c)
	case 'g':
		r = c > 32 && c < 127
	case 'l':
		r = c >= 'a' && c <= 'z'
	case 'p':
		r = c > 32 && c < 127 && !isAlpha(c) && !isDigit(c)
	case 's':
		r = isSpace(c)
	case 'u':
		r = c >= 'A' && c <= 'Z'
	case 'w':
		r = isAlpha(c) || isDigit(c)
	case 'x':
		r = isHexDigit(c)
	case 'z':
		r = c == 0
	default:
		return cl == c
	}
	if cl >= 'A' && cl <= 'Z' {
		return !r
	}
	return r
}

func isAlpha(c byte) bool { return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') }

// capture is one capture: start offset and length, or capUnfinish or
// capPosition as the length.
type capture struct {
	init, len int
}

// matchState is the state of one match attempt.
type matchState struct {
	L       *lua.LState
	src     string
	pat     *pattern
	level   int
	depth   int
	capture [maxCaptures]capture
}

func (ms *matchState) fail(msg string) {
	raise(ms.L, msg)
}

// match matches items from pi at src offset s and returns the end of the
// match or -1. Like the reference, it loops for the last item and recurses
// elsewhere, counting depth.
func (ms *matchState) match(s, pi int) int {
	ms.depth++
	if ms.depth > maxPatDepth {
		ms.fail(errPatComplex)
	}
	r := ms.doMatch(s, pi)
	ms.depth--
	return r
}

func (ms *matchState) doMatch(s, pi int) int {
	src := ms.src
	for {
		it := &ms.pat.items[pi]
		switch it.kind {
		case itEnd:
			return s
		case itError:
			ms.fail(it.err)
		case itCapOpen:
			return ms.startCapture(s, pi+1, capUnfinish)
		case itCapPos:
			return ms.startCapture(s, pi+1, capPosition)
		case itCapClose:
			return ms.endCapture(s, pi+1)
		case itEndAnchor:
			if s == len(src) {
				return s
			}
			return -1
		case itBalance:
			if s >= len(src) || src[s] != it.a {
				return -1
			}
			cont := 1
			e := -1
			for k := s + 1; k < len(src); k++ {
				if src[k] == it.b {
					if cont--; cont == 0 {
						e = k + 1
						break
					}
				} else if src[k] == it.a {
					cont++
				}
			}
			if e < 0 {
				return -1
			}
			s = e
			pi++
		case itFrontier:
			var prev, cur byte
			if s > 0 {
				prev = src[s-1]
			}
			if s < len(src) {
				cur = src[s]
			}
			if it.set.has(prev) || !it.set.has(cur) {
				return -1
			}
			pi++
		case itBackref:
			l := int(it.a) - '1'
			if l < 0 || l >= ms.level || ms.capture[l].len == capUnfinish {
				ms.fail(errPatCapIndex)
			}
			c := ms.capture[l]
			if len(src)-s < c.len || src[c.init:c.init+c.len] != src[s:s+c.len] {
				return -1
			}
			s += c.len
			pi++
		case itSingle:
			m := s < len(src) && it.set.has(src[s])
			switch it.rep {
			case '?':
				if m {
					if r := ms.match(s+1, pi+1); r >= 0 {
						return r
					}
				}
				pi++
			case '*':
				return ms.maxExpand(s, it.set, pi)
			case '+':
				if !m {
					return -1
				}
				return ms.maxExpand(s+1, it.set, pi)
			case '-':
				return ms.minExpand(s, it.set, pi)
			default:
				if !m {
					return -1
				}
				s++
				pi++
			}
		}
	}
}

// quickFail reports whether matching from item pi at s must fail at once
// because pi is a single character that has to be present and is not. It
// lets the loops below skip the call, which cannot raise an error then,
// except the depth error: so it is never used at the depth limit.
func (ms *matchState) quickFail(s, pi int) bool {
	it := &ms.pat.items[pi]
	if it.kind != itSingle || (it.rep != 0 && it.rep != '+') || ms.depth >= maxPatDepth {
		return false
	}
	return s >= len(ms.src) || !it.set.has(ms.src[s])
}

func (ms *matchState) maxExpand(s int, set *charSet, pi int) int {
	i := 0
	for s+i < len(ms.src) && set.has(ms.src[s+i]) {
		i++
	}
	for ; i >= 0; i-- {
		if ms.quickFail(s+i, pi+1) {
			continue
		}
		if r := ms.match(s+i, pi+1); r >= 0 {
			return r
		}
	}
	return -1
}

func (ms *matchState) minExpand(s int, set *charSet, pi int) int {
	if next := &ms.pat.items[pi+1]; ms.pat.items[pi].any && next.kind == itSingle && next.lit >= 0 &&
		(next.rep == 0 || next.rep == '+') && ms.depth < maxPatDepth {
		// ".-x": only the positions holding x can continue the match.
		for {
			i := strings.IndexByte(ms.src[s:], byte(next.lit))
			if i < 0 {
				return -1
			}
			s += i
			if r := ms.match(s, pi+1); r >= 0 {
				return r
			}
			s++
		}
	}
	for {
		if !ms.quickFail(s, pi+1) {
			if r := ms.match(s, pi+1); r >= 0 {
				return r
			}
		}
		if s < len(ms.src) && set.has(ms.src[s]) {
			s++
		} else {
			return -1
		}
	}
}

func (ms *matchState) startCapture(s, pi, what int) int {
	if ms.level >= maxCaptures {
		ms.fail(errPatCapCount)
	}
	ms.capture[ms.level] = capture{init: s, len: what}
	ms.level++
	r := ms.match(s, pi)
	if r < 0 {
		ms.level--
	}
	return r
}

func (ms *matchState) endCapture(s, pi int) int {
	l := -1
	for k := ms.level - 1; k >= 0; k-- {
		if ms.capture[k].len == capUnfinish {
			l = k
			break
		}
	}
	if l < 0 {
		ms.fail(errPatCapture)
	}
	ms.capture[l].len = s - ms.capture[l].init
	r := ms.match(s, pi)
	if r < 0 {
		ms.capture[l].len = capUnfinish
	}
	return r
}

// captureValue is capture i of a match of src[s:e] (the whole match when
// there are no captures and i is 0).
func (ms *matchState) captureValue(i, s, e int) lua.LValue {
	if i >= ms.level {
		if i == 0 {
			return lua.LString(ms.src[s:e])
		}
		ms.fail(errPatCapIndex)
	}
	c := ms.capture[i]
	switch c.len {
	case capUnfinish:
		ms.fail(errPatCapUnfin)
	case capPosition:
		return lua.LNumber(c.init + 1)
	}
	return lua.LString(ms.src[c.init : c.init+c.len])
}

// pushCaptures pushes the captures of a match of src[s:e] (the whole match
// if there are none and wholeIfNone) and returns how many.
func (ms *matchState) pushCaptures(s, e int, wholeIfNone bool) int {
	n := ms.level
	if n == 0 && wholeIfNone {
		n = 1
	}
	for i := 0; i < n; i++ {
		ms.L.Push(ms.captureValue(i, s, e))
	}
	return n
}

// nextStart returns the first position from s where a match could begin:
// when the pattern starts with a character that must be present, the
// positions without it are skipped (a match attempt there fails at once
// and without error). At the end of the subject it returns len(src).
func (ms *matchState) nextStart(s int) int {
	it := &ms.pat.items[0]
	if it.kind != itSingle || (it.rep != 0 && it.rep != '+') {
		return s
	}
	if it.lit >= 0 {
		if i := strings.IndexByte(ms.src[s:], byte(it.lit)); i >= 0 {
			return s + i
		}
		return len(ms.src)
	}
	for s < len(ms.src) && !it.set.has(ms.src[s]) {
		s++
	}
	return s
}
