package regex

// branch is the state of compiling one alternative (PCRE's compile_branch
// locals): the options in force, the first and required characters found
// so far and their values to fall back to when the last item is repeated
// zero times, and the item a quantifier would apply to.
type branch struct {
	c    *compiler
	opts Options
	firstReq
	zeroFirst, zeroReq           uint32
	zeroFirstFlags, zeroReqFlags int32
	reqCaseopt                   int32
	lazyDefault                  bool
	previous                     int
	groupSetFirstChar            bool
	inescq                       bool
	bc                           *branchChain
	condDepth                    int
}

func (b *branch) setOptions(opts Options) {
	b.opts = opts
	b.lazyDefault = opts&optUngreedy != 0
	b.reqCaseopt = 0
	if opts&Caseless != 0 {
		b.reqCaseopt = reqCaseless
	}
}

// noteZero remembers the current first/required characters as the values
// to restore if the next item is repeated zero times.
func (b *branch) noteZero() {
	b.zeroFirst, b.zeroFirstFlags = b.first, b.firstFlags
	b.zeroReq, b.zeroReqFlags = b.req, b.reqFlags
}

// noFirstIfUnset: an item that cannot give a fixed first character.
func (b *branch) noFirstIfUnset() {
	if b.firstFlags == reqUnset {
		b.firstFlags = reqNone
	}
}

func (c *compiler) isNewline(i int) (bool, int) {
	switch c.nlType {
	case nlFixed:
		if len(c.pat)-i >= len(c.nl) && c.pat[i:i+len(c.nl)] == c.nl {
			return true, len(c.nl)
		}
		return false, 0
	default:
		if i >= len(c.pat) {
			return false, 0
		}
		switch ch := c.pat[i]; {
		case ch == '\r':
			if c.at(i+1) == '\n' {
				return true, 2
			}
			return true, 1
		case ch == '\n':
			return true, 1
		case c.nlType == nlAny && (ch == 0x0b || ch == 0x0c):
			return true, 1
		case c.nlType == nlAny && !c.utf && ch == 0x85:
			return true, 1
		case c.nlType == nlAny && c.utf && ch >= 0xc2:
			r, n := decode(c.pat, i)
			if r == 0x85 || r == 0x2028 || r == 0x2029 {
				return true, n
			}
		}
	}
	return false, 0
}

// skipExtended skips white space and #-comments from i in extended mode
// and returns the new position.
func (c *compiler) skipExtended(i int) int {
	for {
		for i < len(c.pat) && ctypes[c.pat[i]]&ctSpace != 0 {
			i++
		}
		if c.at(i) != '#' || i >= len(c.pat) {
			return i
		}
		i++
		for i < len(c.pat) {
			if nl, n := c.isNewline(i); nl {
				i += n
				break
			}
			i++
			if c.utf {
				for i < len(c.pat) && isContinuation(c.pat[i]) {
					i++
				}
			}
		}
	}
}

// compileBranch compiles one alternative, stopping at |, ) or the end of
// the pattern with c.ptr on it.
func (c *compiler) compileBranch(optsp *Options, bc *branchChain, condDepth int) (firstReq, bool) {
	b := &branch{c: c, previous: -1, bc: bc, condDepth: condDepth}
	b.setOptions(*optsp)
	b.firstFlags, b.reqFlags = reqUnset, reqUnset
	b.zeroFirstFlags, b.zeroReqFlags = reqUnset, reqUnset
	defer func() { *optsp = b.opts }()

	for c.errcode == 0 {
		end := c.ptr >= len(c.pat)
		ch := c.at(c.ptr)
		if !end {
			if ch == '\\' && c.at(c.ptr+1) == 'E' {
				b.inescq = false
				c.ptr += 2
				continue
			}
			if b.inescq {
				b.normalChar()
				continue
			}
			if ch == '\\' && c.at(c.ptr+1) == 'Q' {
				b.inescq = true
				c.ptr += 2
				continue
			}
		}
		if b.opts&Extended != 0 {
			if p := c.skipExtended(c.ptr); p > c.ptr {
				c.ptr = p
				continue
			}
		}
		if ch == '(' && c.at(c.ptr+1) == '?' && c.at(c.ptr+2) == '#' && !end {
			p := c.ptr + 3
			for p < len(c.pat) && c.pat[p] != ')' {
				p++
			}
			if p >= len(c.pat) {
				c.ptr = p
				c.errcode = errCommentParen
				break
			}
			c.ptr = p + 1
			continue
		}
		if end || ch == '|' || ch == ')' {
			return b.firstReq, true
		}
		switch ch {
		case '^':
			b.previous = -1
			if b.opts&Multiline != 0 {
				if b.firstFlags == reqUnset {
					b.firstFlags, b.zeroFirstFlags = reqNone, reqNone
				}
				c.emit(inst{op: opCircM})
			} else {
				c.emit(inst{op: opCirc})
			}
			c.ptr++
		case '$':
			b.previous = -1
			if b.opts&Multiline != 0 {
				c.emit(inst{op: opDollM})
			} else {
				c.emit(inst{op: opDoll})
			}
			c.ptr++
		case '.':
			b.noFirstIfUnset()
			b.noteZero()
			op := opAny
			if b.opts&DotAll != 0 {
				op = opAllAny
			}
			b.previous = c.emit(inst{op: op})
			c.ptr++
		case ']':
			if c.externalOptions&JavaScript != 0 {
				c.errcode = errJSBracket
				break
			}
			b.normalChar()
		case '[':
			b.class()
		case '{':
			if !c.isCountedRepeat(c.ptr + 1) {
				b.normalChar()
				break
			}
			min, max, p := c.readRepeatCounts(c.ptr + 1)
			if c.errcode != 0 {
				c.ptr = p
				break
			}
			c.ptr = p
			b.repeat(min, max)
		case '*':
			b.repeat(0, unlimited)
		case '+':
			b.repeat(1, unlimited)
		case '?':
			b.repeat(0, 1)
		case '(':
			b.group()
		case '\\':
			b.backslash()
		default:
			b.normalChar()
		}
	}
	return b.firstReq, false
}

// readRepeatCounts reads "n}", "n,}" or "n,m}" at i (already checked) and
// returns the counts and the index of the closing brace.
func (c *compiler) readRepeatCounts(i int) (int, int, int) {
	min, max := 0, unlimited
	for isDigit(c.at(i)) {
		min = min*10 + int(c.pat[i]-'0')
		i++
		if min > 65535 {
			c.errcode = errQuantTooBig
			return 0, 0, i
		}
	}
	if c.at(i) == '}' {
		return min, min, i
	}
	i++
	if c.at(i) != '}' {
		max = 0
		for isDigit(c.at(i)) {
			max = max*10 + int(c.pat[i]-'0')
			i++
			if max > 65535 {
				c.errcode = errQuantTooBig
				return 0, 0, i
			}
		}
		if max < min {
			c.errcode = errQuantOrder
			return 0, 0, i
		}
	}
	return min, max, i
}

// normalChar compiles the literal character at c.ptr.
func (b *branch) normalChar() {
	c := b.c
	var ch uint32
	n := 1
	if c.utf {
		ch, n = decode(c.pat, c.ptr)
	} else {
		ch = uint32(c.pat[c.ptr])
	}
	c.ptr += n
	b.oneChar(ch)
}

// oneChar compiles a data character (PCRE's ONE_CHAR).
func (b *branch) oneChar(ch uint32) {
	c := b.c
	caseless := b.opts&Caseless != 0
	if c.utf && caseless {
		if set := caseSet(ch); set != nil {
			b.previous = c.emit(inst{op: opProp, c: ptCList, clist: set})
			if b.firstFlags == reqUnset {
				b.firstFlags, b.zeroFirstFlags = reqNone, reqNone
			}
			return
		}
	}
	in := inst{op: opChar, c: ch, oc: ch}
	if caseless {
		in.op = opCharI
		in.oc = otherCaseOf(ch, c.utf)
	}
	b.previous = c.emit(in)
	if ch == '\r' || ch == '\n' {
		c.hasCRorLF = true
	}
	var buf [4]byte
	units := buf[:1]
	buf[0] = byte(ch)
	if c.utf && ch > 0x7f {
		units = encodeUTF8(buf[:0], ch)
	}
	firstUnit, lastUnit := uint32(units[0]), uint32(units[len(units)-1])
	if b.firstFlags == reqUnset {
		b.zeroFirstFlags = reqNone
		b.zeroReq, b.zeroReqFlags = b.req, b.reqFlags
		if len(units) == 1 || b.reqCaseopt == 0 {
			b.first, b.firstFlags = firstUnit, b.reqCaseopt
			if len(units) != 1 {
				b.req, b.reqFlags = lastUnit, c.reqVaryOpt
			}
		} else {
			b.firstFlags, b.reqFlags = reqNone, reqNone
		}
	} else {
		b.noteZero()
		if len(units) == 1 || b.reqCaseopt == 0 {
			b.req, b.reqFlags = lastUnit, b.reqCaseopt|c.reqVaryOpt
		}
	}
}

// otherCaseOf returns the other case of ch as caseless matching sees it.
func otherCaseOf(ch uint32, utf bool) uint32 {
	if ch < 128 || (!utf && ch < 256) {
		return uint32(fcc[ch])
	}
	return otherCase(ch)
}

// backslash compiles an escape sequence outside a class.
func (b *branch) backslash() {
	c := b.c
	esc, v := c.checkEscape(b.opts, false)
	if c.errcode != 0 {
		return
	}
	if esc == escChar {
		c.ptr++
		b.oneChar(v)
		return
	}
	if b.firstFlags == reqUnset && esc.consumesChar() {
		b.firstFlags = reqNone
	}
	b.noteZero()
	switch esc {
	case escg:
		b.subroutineG()
		return
	case esck:
		ch := c.at(c.ptr + 1)
		if ch != '<' && ch != '\'' && ch != '{' {
			c.errcode = errBadKEscape
			return
		}
		c.ptr++
		term := byte('}')
		switch ch {
		case '<':
			term = '>'
		case '\'':
			term = '\''
		}
		b.namedRefOrRecurse(term, false)
		return
	case escRef:
		b.reference(int(v))
		c.ptr++
		return
	case escp, escP:
		neg, ptype, pvalue, ok := c.getProp()
		if !ok {
			return
		}
		op := opProp
		if (esc == escp) == neg {
			op = opNotProp
		}
		b.previous = c.emit(inst{op: op, c: uint32(ptype), oc: uint32(pvalue)})
		c.ptr++
		return
	}
	if (esc == escb || esc == escB || esc == escA) && c.maxLookbehind == 0 {
		c.maxLookbehind = 1
	}
	if b.opts&optUCP != 0 && esc >= escD && esc <= escw {
		b.previous = c.emit(ucpEscape(esc))
		c.ptr++
		return
	}
	op := opcode(esc)
	if esc == escC && !c.utf {
		op = opAllAny
	}
	if esc.consumesChar() {
		b.previous = c.emit(inst{op: op})
	} else {
		b.previous = -1
		c.emit(inst{op: op})
	}
	c.ptr++
}

// ucpEscape is \d, \s, \w and their negations with PCRE_UCP: Unicode
// properties.
func ucpEscape(esc escKind) inst {
	var ptype, pvalue int
	switch esc {
	case escd, escD:
		ptype, pvalue = ptPC, 13 // Nd
	case escs, escS:
		ptype = ptSpace
	case escw, escW:
		ptype = ptWord
	}
	op := opProp
	if esc == escD || esc == escS || esc == escW {
		op = opNotProp
	}
	return inst{op: op, c: uint32(ptype), oc: uint32(pvalue)}
}

// getProp reads the \p or \P argument at c.ptr (on the P or p) and leaves
// c.ptr on its last character.
func (c *compiler) getProp() (neg bool, ptype, pvalue int, ok bool) {
	ptr := c.ptr + 1
	if ptr >= len(c.pat) {
		c.ptr = ptr
		c.errcode = errMalformedProp
		return
	}
	var name string
	if c.pat[ptr] == '{' {
		if c.at(ptr+1) == '^' {
			neg = true
			ptr++
		}
		start := ptr + 1
		i := 0
		for ; i < 31; i++ {
			ptr++
			if ptr >= len(c.pat) {
				c.ptr = ptr
				c.errcode = errMalformedProp
				return
			}
			if c.pat[ptr] == '}' {
				break
			}
		}
		if c.at(ptr) != '}' {
			c.ptr = ptr
			c.errcode = errMalformedProp
			return
		}
		name = c.pat[start:ptr]
	} else {
		name = c.pat[ptr : ptr+1]
	}
	c.ptr = ptr
	p, found := propNames[name]
	if !found {
		c.errcode = errUnknownProp
		return
	}
	return neg, p[0], p[1], true
}

// reference compiles a back reference to group n.
func (b *branch) reference(n int) {
	c := b.c
	if b.firstFlags == reqUnset {
		b.firstFlags, b.zeroFirstFlags = reqNone, reqNone
	}
	op := opRef
	if b.opts&Caseless != 0 {
		op = opRefI
	}
	b.previous = c.emit(inst{op: op, n: int32(n)})
	c.noteBackref(n)
}

func (c *compiler) noteBackref(n int) {
	if n < 32 {
		c.backrefMap |= 1 << uint(n)
	} else {
		c.backrefMap |= 1
	}
	if n > c.topBackref {
		c.topBackref = n
	}
	for i := len(c.openCaps) - 1; i >= 0; i-- {
		if c.openCaps[i].number == n {
			c.openCaps[i].flag = true
			break
		}
	}
}
