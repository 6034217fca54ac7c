package regex

import "strings"

// classBuilder collects the members of a [...] class being compiled.
type classBuilder struct {
	c         *compiler
	opts      Options
	bits      bitset
	items     []xitem
	hasProp   bool
	has8bit   int // PCRE's class_has_8bitchar
	oneChar   int // PCRE's class_one_char
	flipNeg   bool
	utf       bool
	xclassHad bool
	negate    bool
}

// checkPosixSyntax reports whether p[i:] ("[:", "[." or "[=") is a POSIX
// class item and returns the index of its terminating ':' '.' or '='.
func (c *compiler) checkPosixSyntax(i int) (int, bool) {
	term := c.at(i + 1)
	for p := i + 2; p < len(c.pat); p++ {
		switch {
		case c.pat[p] == '\\' && (c.at(p+1) == ']' || c.at(p+1) == '\\'):
			p++
		case (c.pat[p] == '[' && c.at(p+1) == term) || c.pat[p] == ']':
			return 0, false
		case c.pat[p] == term && c.at(p+1) == ']':
			return p, true
		}
	}
	return 0, false
}

// addRange adds start..end to the class, with caseless equivalents.
func (cb *classBuilder) addRange(start, end uint32) int {
	n8 := 0
	classEnd := end
	if classEnd > 0xff {
		classEnd = 0xff
	}
	if cb.opts&Caseless != 0 {
		if cb.utf {
			if end-start < 0x200000 {
				for ch := start; ch <= end; ch++ {
					for _, o := range caseOrbit(ch) {
						if o < start || o > end {
							n8 += cb.addPlain(o, o)
						}
					}
				}
			}
		} else {
			for ch := start; ch <= classEnd; ch++ {
				cb.bits.set(uint32(fcc[ch]))
				n8++
			}
		}
	}
	return n8 + cb.addPlain(start, end)
}

// addPlain adds start..end without case processing.
func (cb *classBuilder) addPlain(start, end uint32) int {
	n8 := 0
	if !cb.utf && end > 0xff {
		end = 0xff
	}
	for ch := start; ch <= end && ch <= 0xff; ch++ {
		cb.bits.set(ch)
		n8++
	}
	if start <= 0xff {
		start = 0x100
	}
	if end >= start && cb.utf {
		if start == end {
			cb.items = append(cb.items, xitem{kind: xSingle, lo: start})
		} else {
			cb.items = append(cb.items, xitem{kind: xRange, lo: start, hi: end})
		}
	}
	return n8
}

func (cb *classBuilder) addList(list []uint32) {
	for i := 0; i < len(list); {
		j := i
		for j+1 < len(list) && list[j+1] == list[j]+1 {
			j++
		}
		cb.addRange(list[i], list[j])
		i = j + 1
	}
}

func (cb *classBuilder) addNotList(list []uint32) {
	top := uint32(0xffffffff)
	if cb.utf {
		top = 0x10ffff
	}
	if list[0] > 0 {
		cb.addRange(0, list[0]-1)
	}
	for i := 0; i < len(list); i++ {
		for i+1 < len(list) && list[i+1] == list[i]+1 {
			i++
		}
		hi := top
		if i+1 < len(list) {
			hi = list[i+1] - 1
		}
		cb.addRange(list[i]+1, hi)
	}
}

func (cb *classBuilder) addProp(neg bool, ptype, pvalue int) {
	kind := uint8(xProp)
	if neg {
		kind = xNotProp
	}
	cb.items = append(cb.items, xitem{kind: kind, ptype: ptype, pvalue: pvalue})
	cb.hasProp = true
}

// class compiles a [...] class; c.ptr is on the '['.
func (b *branch) class() {
	c := b.c
	if strings.HasPrefix(c.pat[c.ptr+1:], "[:<:]]") || strings.HasPrefix(c.pat[c.ptr+1:], "[:>:]]") {
		b.wordStartEnd(c.pat[c.ptr+3] == '<')
		c.ptr += 7
		return
	}
	b.previous = len(c.prog)
	if n := c.at(c.ptr + 1); n == ':' || n == '.' || n == '=' {
		if _, ok := c.checkPosixSyntax(c.ptr); ok {
			if n == ':' {
				c.errcode = errPosixOutsideClass
			} else {
				c.errcode = errCollating
			}
			return
		}
	}
	negate := false
	for {
		c.ptr++
		ch := c.at(c.ptr)
		if ch == '\\' {
			if c.at(c.ptr+1) == 'E' {
				c.ptr++
			} else if strings.HasPrefix(c.pat[c.ptr+1:], `Q\E`) {
				c.ptr += 3
			} else {
				break
			}
		} else if !negate && ch == '^' && c.ptr < len(c.pat) {
			negate = true
		} else {
			break
		}
	}
	if c.ptr >= len(c.pat) {
		c.errcode = errMissingBracket
		return
	}
	if c.pat[c.ptr] == ']' && c.externalOptions&JavaScript != 0 {
		if negate {
			c.emit(inst{op: opAllAny})
		} else {
			c.emit(inst{op: opFail})
		}
		b.noFirstIfUnset()
		b.zeroFirst, b.zeroFirstFlags = b.first, b.firstFlags
		c.ptr++
		return
	}
	cb := &classBuilder{c: c, opts: b.opts, utf: c.utf, negate: negate}
	inescq := false
	for {
		if done := b.classItem(cb, &inescq); done || c.errcode != 0 {
			return
		}
		c.ptr++
		if c.ptr >= len(c.pat) {
			c.errcode = errMissingBracket
			return
		}
		if c.pat[c.ptr] == ']' && !inescq {
			break
		}
	}
	c.ptr++
	b.finishClass(cb)
}

// classItem compiles the class member starting at c.ptr and leaves c.ptr
// on its last byte. It returns true when it compiled the whole class (a
// one-character class becomes a plain character item).
func (b *branch) classItem(cb *classBuilder, inescq *bool) bool {
	c := b.c
	var cv uint32
	n := 1
	if c.utf {
		cv, n = decode(c.pat, c.ptr)
	} else {
		cv = uint32(c.pat[c.ptr])
	}
	c.ptr += n - 1
	if len(cb.items) > 0 {
		cb.xclassHad = true
	}
	if *inescq {
		if cv == '\\' && c.at(c.ptr+1) == 'E' {
			*inescq = false
			c.ptr++
			return false
		}
		return b.classRangeOrChar(cb, cv, inescq)
	}
	if cv == '[' {
		if n := c.at(c.ptr + 1); n == ':' || n == '.' || n == '=' {
			if end, ok := c.checkPosixSyntax(c.ptr); ok {
				if b.posixClass(cb, end); c.errcode == 0 {
					c.ptr = end + 1
				}
				return false
			}
		}
	}
	if cv == '\\' {
		esc, v := c.checkEscape(b.opts, true)
		if c.errcode != 0 {
			return true
		}
		switch esc {
		case escChar:
			cv = v
		case escb:
			cv = 8
		case escN:
			c.errcode = errNInClass
			return true
		case escQ:
			if c.at(c.ptr+1) == '\\' && c.at(c.ptr+2) == 'E' {
				c.ptr += 2
			} else {
				*inescq = true
			}
			return false
		case escE:
			return false
		default:
			if !b.classEscape(cb, esc) {
				return c.errcode != 0
			}
			cv = uint32(c.pat[c.ptr])
		}
	}
	return b.classRangeOrChar(cb, cv, inescq)
}

// classRangeOrChar adds character cv, or the range it starts, to the
// class (PCRE's CHECK_RANGE and CLASS_SINGLE_CHARACTER).
func (b *branch) classRangeOrChar(cb *classBuilder, cv uint32, inescq *bool) bool {
	c := b.c
	for c.at(c.ptr+1) == '\\' && c.at(c.ptr+2) == 'E' {
		*inescq = false
		c.ptr += 2
	}
	old := c.ptr
	if cv == '\r' || cv == '\n' {
		c.hasCRorLF = true
	}
	single := true
	if !*inescq && c.at(c.ptr+1) == '-' {
		c.ptr += 2
		for c.at(c.ptr) == '\\' && c.at(c.ptr+1) == 'E' {
			c.ptr += 2
		}
		for c.at(c.ptr) == '\\' && c.at(c.ptr+1) == 'Q' {
			c.ptr += 2
			if c.at(c.ptr) == '\\' && c.at(c.ptr+1) == 'E' {
				c.ptr += 2
				continue
			}
			*inescq = true
			break
		}
		if c.ptr >= len(c.pat) || (!*inescq && c.pat[c.ptr] == ']') {
			c.ptr = old
		} else {
			single = false
		}
	}
	if !single {
		var d uint32
		n := 1
		if c.utf {
			d, n = decode(c.pat, c.ptr)
		} else {
			d = uint32(c.pat[c.ptr])
		}
		c.ptr += n - 1
		if !*inescq {
			if d == '\\' {
				esc, v := c.checkEscape(b.opts, true)
				if c.errcode != 0 {
					return true
				}
				switch esc {
				case escChar:
					d = v
				case escb:
					d = 8
				default:
					c.errcode = errInvalidRange
					return true
				}
			} else if d == '[' {
				if n := c.at(c.ptr + 1); n == ':' || n == '.' || n == '=' {
					if _, ok := c.checkPosixSyntax(c.ptr); ok {
						c.errcode = errInvalidRange
						return true
					}
				}
			}
		}
		if d < cv {
			c.errcode = errRangeOrder
			return true
		}
		if d != cv {
			cb.oneChar = 2
			if d == '\r' || d == '\n' {
				c.hasCRorLF = true
			}
			cb.has8bit += cb.addRange(cv, d)
			return false
		}
	}
	if cb.oneChar < 2 {
		cb.oneChar++
	}
	if !*inescq && !cb.hasProp && cb.oneChar == 1 && c.at(c.ptr+1) == ']' && c.ptr+1 < len(c.pat) {
		c.ptr += 2
		b.zeroReq, b.zeroReqFlags = b.req, b.reqFlags
		if !cb.negate {
			b.oneChar(cv)
			return true
		}
		b.noFirstIfUnset()
		b.zeroFirst, b.zeroFirstFlags = b.first, b.firstFlags
		if c.utf && b.opts&Caseless != 0 {
			if set := caseSet(cv); set != nil {
				b.previous = c.emit(inst{op: opNotProp, c: ptCList, clist: set})
				return true
			}
		}
		in := inst{op: opNot, c: cv, oc: cv}
		if b.opts&Caseless != 0 {
			in.op = opNotI
			in.oc = otherCaseOf(cv, c.utf)
		}
		b.previous = c.emit(in)
		return true
	}
	cb.has8bit += cb.addRange(cv, cv)
	return false
}

// classEscape adds \d, \s, \w, \h, \v, \p and their negations to a class.
// It returns true for an escape that stands for its letter in a class.
func (b *branch) classEscape(cb *classBuilder, esc escKind) bool {
	c := b.c
	cb.has8bit++
	cb.oneChar += 2
	if b.opts&optUCP != 0 && esc >= escD && esc <= escw {
		u := ucpEscape(esc)
		cb.addProp(u.op == opNotProp, int(u.c), int(u.oc))
		cb.has8bit--
		return false
	}
	switch esc {
	case escd:
		cb.bits.or(&cbDigit)
	case escD:
		cb.flipNeg = true
		cb.bits.orNot(&cbDigit)
	case escw:
		cb.bits.or(&cbWord)
	case escW:
		cb.flipNeg = true
		cb.bits.orNot(&cbWord)
	case escs:
		cb.bits.or(&cbSpace)
	case escS:
		cb.flipNeg = true
		cb.bits.orNot(&cbSpace)
	case esch:
		cb.addList(hspaceList)
	case escH:
		cb.addNotList(hspaceList)
	case escv:
		cb.addList(vspaceList)
	case escV:
		cb.addNotList(vspaceList)
	case escp, escP:
		neg, ptype, pvalue, ok := c.getProp()
		if !ok {
			return false
		}
		cb.addProp((esc == escp) == neg, ptype, pvalue)
		cb.has8bit--
	default:
		if b.opts&optExtra != 0 {
			c.errcode = errClassEscape
			return false
		}
		cb.has8bit--
		cb.oneChar -= 2
		return true
	}
	return false
}

// posixClass adds [:name:] or [:^name:] to a class; c.ptr is on its '['
// and end on the closing ':'.
func (b *branch) posixClass(cb *classBuilder, end int) {
	c := b.c
	if c.pat[c.ptr+1] != ':' {
		c.errcode = errCollating
		return
	}
	c.ptr += 2
	localNeg := false
	if c.at(c.ptr) == '^' {
		localNeg = true
		cb.flipNeg = true
		c.ptr++
	}
	n := -1
	for i, name := range posixNames {
		if name == c.pat[c.ptr:end] {
			n = i
		}
	}
	if n < 0 {
		c.errcode = errUnknownPosix
		return
	}
	if b.opts&Caseless != 0 && n <= 2 {
		n = 0
	}
	if b.opts&optUCP != 0 {
		if b.ucpPosix(cb, n, localNeg) {
			return
		}
	}
	p := posixBits(n)
	if localNeg {
		cb.bits.orNot(&p)
	} else {
		cb.bits.or(&p)
	}
	cb.has8bit = 1
	cb.oneChar = 2
}

// ucpPosix handles the POSIX classes PCRE_UCP turns into properties.
func (b *branch) ucpPosix(cb *classBuilder, n int, neg bool) bool {
	props := map[string][2]int{
		"alpha": {ptGC, gcL}, "lower": {ptPC, ucpLl}, "upper": {ptPC, ucpLu}, "alnum": {ptAlnum, 0},
		"digit": {ptPC, 13}, "space": {ptPXSpace, 0}, "word": {ptWord, 0},
		"graph": {ptPXGraph, 0}, "print": {ptPXPrint, 0}, "punct": {ptPXPunct, 0},
	}
	name := posixNames[n]
	if name == "blank" {
		if neg {
			cb.addNotList(hspaceList)
		} else {
			cb.addList(hspaceList)
		}
		return true
	}
	if p, ok := props[name]; ok {
		cb.addProp(neg, p[0], p[1])
		return true
	}
	if neg && cb.utf {
		cb.items = append(cb.items, xitem{kind: xRange, lo: 0x100, hi: 0x10ffff})
	}
	return false
}

// finishClass emits the class instruction.
func (b *branch) finishClass(cb *classBuilder) {
	c := b.c
	b.noFirstIfUnset()
	b.noteZero()
	xclass := cb.xclassHad || len(cb.items) > 0
	cl := &charClass{}
	if xclass && (cb.hasProp || !cb.flipNeg || b.opts&optUCP != 0) {
		if c.utf && cb.flipNeg && !cb.negate && b.opts&optUCP == 0 {
			cb.items = append(cb.items, xitem{kind: xRange, lo: 0x100, hi: 0x10ffff})
		}
		cl.xclass = true
		cl.neg = cb.negate
		cl.hasProp = cb.hasProp
		cl.items = cb.items
		if cb.has8bit > 0 {
			cl.hasMap = true
			cl.bits = cb.bits
			if cb.negate && !cb.hasProp {
				cl.bits.invert()
			}
		}
	} else {
		cl.ncls = cb.negate != cb.flipNeg
		cl.bits = cb.bits
		if cb.negate {
			cl.bits.invert()
		}
	}
	b.previous = c.emit(inst{op: opClass, cls: cl})
}

// wordStartEnd compiles [[:<:]] (\b(?=\w)) or [[:>:]] (\b(?<=\w)).
func (b *branch) wordStartEnd(start bool) {
	c := b.c
	if c.maxLookbehind == 0 {
		c.maxLookbehind = 1
	}
	b.noteZero()
	c.emit(inst{op: opWordBoundary})
	b.noteZero()
	var s int
	if start {
		s = c.emit(inst{op: opAssert})
	} else {
		s = c.emit(inst{op: opAssertBack})
		c.emit(inst{op: opReverse, n: 1})
	}
	c.emit(inst{op: opWordchar})
	k := c.emit(inst{op: opKet})
	c.prog[s].link = int32(k - s)
	c.prog[k].link = int32(k - s)
	b.previous = s
}
