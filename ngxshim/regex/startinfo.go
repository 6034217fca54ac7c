package regex

import "sort"

// finish fills in the Regexp from the compiled program: name table,
// resolved references, anchoring and the first and required bytes, and
// the study data.
func (c *compiler) finish(re *Regexp, opts Options, fr firstReq) {
	re.prog = c.prog
	re.opts = opts
	re.utf = c.utf
	re.ncap = c.bracount
	re.hasThen = c.hasThen
	re.hasCRorLF = c.hasCRorLF
	re.jsCompat = opts&JavaScript != 0
	re.noStartOpt = opts&optNoStartOptimize != 0
	re.nlType, re.nl = c.nlType, c.nl
	re.maxLookbehind = c.maxLookbehind

	re.topBackref = c.topBackref

	if c.hadAccept {
		fr.reqFlags = reqNone
	}
	if opts&Anchored != 0 {
		re.anchored = true
	} else if c.isAnchored(0, 0, 0) {
		re.anchored = true
	} else {
		if fr.firstFlags < 0 {
			fr.first, fr.firstFlags = findFirstAssertedChar(c.prog, 0, false, c.utf)
		}
		if fr.firstFlags >= 0 {
			re.hasFirst = true
			re.firstChar = byte(fr.first)
			re.firstChar2 = re.firstChar
			if fr.firstFlags&reqCaseless != 0 {
				re.firstChar2 = fcc[re.firstChar]
			}
		} else if c.isStartline(0, 0, 0, false) {
			re.startline = true
		}
	}
	if fr.reqFlags >= 0 && (!re.anchored || fr.reqFlags&reqVary != 0) {
		re.hasReq = true
		re.reqChar = byte(fr.req)
		re.reqChar2 = re.reqChar
		if fr.reqFlags&reqCaseless != 0 {
			re.reqChar2 = fcc[re.reqChar]
		}
	}
	re.study()
	if !re.anchored && !re.noStartOpt {
		re.prefix = literalPrefix(c.prog, c.utf)
	}
}

// literalPrefix returns the caseful literal characters a pattern with a
// single top-level alternative starts with.
func literalPrefix(prog []inst, utf bool) string {
	if prog[int(prog[0].link)].op != opKet {
		return ""
	}
	var b []byte
	for pc := 1; ; pc++ {
		in := &prog[pc]
		if in.op != opChar || in.rep != repNone {
			break
		}
		if utf {
			b = encodeUTF8(b, in.c)
		} else {
			b = append(b, byte(in.c))
		}
	}
	return string(b)
}

// buildNames makes the name table: sorted by name, equal names in the
// order of their definition.
func (c *compiler) buildNames(re *Regexp) {
	names := make([]NameEntry, len(c.names))
	for i, d := range c.names {
		names[i] = NameEntry{Name: d.name, Group: d.number}
	}
	sort.SliceStable(names, func(i, j int) bool { return names[i].Name < names[j].Name })
	re.names = names
}

// resolveNames turns references by name into group numbers, or into the
// duplicate-name forms when several groups share the name.
func (c *compiler) resolveNames(re *Regexp) {
	for pc := range c.prog {
		in := &c.prog[pc]
		if in.n != -1 || in.arg == "" {
			continue
		}
		first, count := -1, 0
		for i, e := range re.names {
			if e.Name == in.arg {
				if first < 0 {
					first = i
				}
				count++
			}
		}
		if first < 0 {
			continue
		}
		num := re.names[first].Group
		switch in.op {
		case opRef, opRefI:
			if count > 1 && c.dupnames {
				in.op += opDNRef - opRef
				in.n, in.n2 = int32(first), int32(count)
				for _, e := range re.names[first : first+count] {
					c.noteBackrefNumber(e.Group)
				}
			} else {
				in.n = int32(num)
				c.noteBackrefNumber(num)
			}
		case opCRef, opRRef:
			if count > 1 {
				in.op++ // DNCREF, DNRREF
				in.n, in.n2 = int32(first), int32(count)
			} else {
				in.n = int32(num)
			}
			if num > c.topBackref && in.op == opCRef {
				c.topBackref = num
			}
		case opRecurse:
			in.n = int32(num)
		}
		in.arg = ""
	}
	for pc := range c.prog {
		if c.prog[pc].op == opRecurse {
			c.prog[pc].target = int32(findBracket(c.prog, int(c.prog[pc].n)))
			if c.prog[pc].n == 0 {
				c.prog[pc].target = 0
			}
		}
	}
}

func (c *compiler) noteBackrefNumber(n int) {
	if n < 32 {
		c.backrefMap |= 1 << uint(n)
	} else {
		c.backrefMap |= 1
	}
	if n > c.topBackref {
		c.topBackref = n
	}
}

// isAnchored reports whether every alternative of the group at pc starts
// with \A, \G or ^ (or a .* that makes it so).
func (c *compiler) isAnchored(pc int, bracketMap uint32, atomCount int) bool {
	prog := c.prog
	for {
		s := firstSignificant(prog, pc+1, false)
		switch op := prog[s].op; {
		case op == opBra || op == opBraPos || op == opSBra || op == opSBraPos:
			if !c.isAnchored(s, bracketMap, atomCount) {
				return false
			}
		case isCapturing(op):
			if !c.isAnchored(s, bracketMap|bitFor(int(prog[s].n)), atomCount) {
				return false
			}
		case op == opAssert:
			if !c.isAnchored(s, bracketMap, atomCount) {
				return false
			}
		case op == opCond:
			if prog[s+int(prog[s].link)].op != opAlt {
				return false
			}
			if !c.isAnchored(s, bracketMap, atomCount) {
				return false
			}
		case op == opOnce || op == opOnceNC:
			if !c.isAnchored(s, bracketMap, atomCount+1) {
				return false
			}
		case op == opAllAny && prog[s].rep != repNone && prog[s].min == 0 && prog[s].max == unlimited:
			if bracketMap&c.backrefMap != 0 || atomCount > 0 || c.hadPruneOrSkip {
				return false
			}
		case op == opSOD || op == opSOM || op == opCirc:
		default:
			return false
		}
		pc += int(prog[pc].link)
		if prog[pc].op != opAlt {
			return true
		}
	}
}

func bitFor(n int) uint32 {
	if n < 32 {
		return 1 << uint(n)
	}
	return 1
}

// isStartline reports whether every alternative starts with ^ in multiline
// mode or a non-DOTALL .*, so matches can only start after a newline.
func (c *compiler) isStartline(pc int, bracketMap uint32, atomCount int, inAssert bool) bool {
	prog := c.prog
	for {
		s := firstSignificant(prog, pc+1, false)
		op := prog[s].op
		if op == opCond {
			s++
			switch prog[s].op {
			case opCRef, opDNCRef, opRRef, opDNRRef, opDef, opFail:
				return false
			default:
				if !c.isStartline(s, bracketMap, atomCount, true) {
					return false
				}
				s = afterGroup(prog, s)
			}
			s = firstSignificant(prog, s, false)
			op = prog[s].op
		}
		switch {
		case op == opBra || op == opBraPos || op == opSBra || op == opSBraPos:
			if !c.isStartline(s, bracketMap, atomCount, inAssert) {
				return false
			}
		case isCapturing(op):
			if !c.isStartline(s, bracketMap|bitFor(int(prog[s].n)), atomCount, inAssert) {
				return false
			}
		case op == opAssert:
			if !c.isStartline(s, bracketMap, atomCount, true) {
				return false
			}
		case op == opOnce || op == opOnceNC:
			if !c.isStartline(s, bracketMap, atomCount+1, inAssert) {
				return false
			}
		case op == opAny && prog[s].rep != repNone && prog[s].min == 0 && prog[s].max == unlimited:
			if bracketMap&c.backrefMap != 0 || atomCount > 0 || c.hadPruneOrSkip || inAssert {
				return false
			}
		case op == opCirc || op == opCircM:
		default:
			return false
		}
		pc += int(prog[pc].link)
		if prog[pc].op != opAlt {
			return true
		}
	}
}

// findFirstAssertedChar looks for a first character set by a lookahead
// when no literal gave one.
func findFirstAssertedChar(prog []inst, pc int, inAssert, utf bool) (uint32, int32) {
	var ch uint32
	cflags := int32(reqNone)
	for {
		s := firstSignificant(prog, pc+1, true)
		in := &prog[s]
		switch op := in.op; op {
		case opBra, opBraPos, opCBra, opSCBra, opCBraPos, opSCBraPos, opAssert, opOnce, opOnceNC:
			d, dflags := findFirstAssertedChar(prog, s, op == opAssert, utf)
			if dflags < 0 {
				return 0, reqNone
			}
			if cflags < 0 {
				ch, cflags = d, dflags
			} else if ch != d || cflags != dflags {
				return 0, reqNone
			}
		case opChar, opCharI:
			if in.rep != repNone && in.min == 0 {
				return 0, reqNone
			}
			if !inAssert {
				return 0, reqNone
			}
			first := firstUnit(in.c, utf)
			flags := int32(0)
			if op == opCharI {
				flags = reqCaseless
			}
			if cflags < 0 {
				ch, cflags = first, flags
			} else if ch != first {
				return 0, reqNone
			}
		default:
			return 0, reqNone
		}
		pc += int(prog[pc].link)
		if prog[pc].op != opAlt {
			return ch, cflags
		}
	}
}

// firstUnit is the first code unit (byte) of character ch.
func firstUnit(ch uint32, utf bool) uint32 {
	if ch < 0x80 || !utf {
		return ch
	}
	var buf [4]byte
	return uint32(encodeUTF8(buf[:0], ch)[0])
}
