package regex

// Compile-time analyses of the program that PCRE makes: can a branch match
// the empty string, what fixed length does a lookbehind branch have, where
// is the first item that matters.

// firstSignificant skips items that do not affect what a group starts
// with: conditions, and (with skipAssert) negative and backward assertions
// and word boundaries.
func firstSignificant(prog []inst, pc int, skipAssert bool) int {
	for pc < len(prog) {
		switch prog[pc].op {
		case opAssertNot, opAssertBack, opAssertBackNot:
			if !skipAssert {
				return pc
			}
			pc = afterGroup(prog, pc)
		case opWordBoundary, opNotWordBoundary:
			if !skipAssert {
				return pc
			}
			pc++
		case opCallout, opCRef, opDNCRef, opRRef, opDNRRef, opDef:
			pc++
		default:
			return pc
		}
	}
	return pc
}

// couldBeEmptyBranch reports whether the branch starting at prog[pc] (a
// bracket or ALT) could match an empty string before end.
func (c *compiler) couldBeEmptyBranch(pc, end int, recurses []int) bool {
	prog := c.prog
	for code := pc + 1; code < end; code++ {
		if code = firstSignificant(prog, code, true); code >= end {
			break
		}
		in := &prog[code]
		switch op := in.op; {
		case op == opAssert:
			code = groupEnd(prog, code)
		case op == opRecurse:
			n := int(in.n)
			if n < 0 {
				return true // forward reference by name
			}
			scode := 0
			if n != 0 {
				scode = findBracket(prog, n)
			}
			if scode < 0 || c.isOpen(scode) {
				return true
			}
			if code >= scode && code <= groupEnd(prog, scode) {
				continue
			}
			mutual := false
			for _, r := range recurses {
				if r == scode {
					mutual = true
				}
			}
			if mutual {
				continue
			}
			empty := false
			for b := scode; ; {
				if c.couldBeEmptyBranch(b, end, append(recurses, scode)) {
					empty = true
					break
				}
				b += int(prog[b].link)
				if prog[b].op != opAlt {
					break
				}
			}
			if !empty {
				return false
			}
		case op == opBraZero || op == opBraMinZero || op == opSkipZero || op == opBraPosZero:
			code = groupEnd(prog, code+1)
		case op == opSBra || op == opSBraPos || op == opSCBra || op == opSCBraPos:
			code = groupEnd(prog, code)
		case op == opBra || op == opBraPos || op == opCBra || op == opCBraPos ||
			op == opOnce || op == opOnceNC || op == opCond || op == opSCond:
			if c.isOpen(code) {
				return true
			}
			if op == opCond && prog[code+int(in.link)].op != opAlt {
				code = groupEnd(prog, code)
				continue
			}
			empty := false
			b := code
			for {
				if !empty && c.couldBeEmptyBranch(b, end, recurses) {
					empty = true
				}
				b += int(prog[b].link)
				if prog[b].op != opAlt {
					break
				}
			}
			if !empty {
				return false
			}
			code = b
		case op == opClass:
			if in.rep == repNone || in.min > 0 {
				return false
			}
		case op >= opNotDigit && op <= opExtUni, op == opChar, op == opCharI, op == opNot, op == opNotI:
			if in.rep == repNone || in.min > 0 {
				return false
			}
		case isKet(op) || op == opAlt:
			return true
		}
	}
	return true
}

// couldBeEmpty reports whether the open branches from the group at called
// up to end could match an empty string: a recursion there could loop.
func (c *compiler) couldBeEmpty(called, end int, bc *branchChain) bool {
	for ; bc != nil && bc.current >= called; bc = bc.outer {
		if !c.couldBeEmptyBranch(bc.current, end, nil) {
			return false
		}
	}
	return true
}

// fixedLength returns the length in characters of the alternatives
// starting at prog[pc] (the first item of a branch) up to their KET or to
// index end, -1 if it is not fixed, -2 for \C in UTF-8 mode, -3 for a
// subroutine call when atEnd is false.
func (c *compiler) fixedLength(pc, end int, atEnd bool, recurses []int) int {
	prog := c.prog
	length, branchLen := -1, 0
	for cc := pc; ; {
		op := opEnd
		if cc < end {
			op = prog[cc].op
		}
		in := &prog[minInt(cc, len(prog)-1)]
		switch op {
		case opCBra, opBra, opOnce, opOnceNC, opCond:
			d := c.fixedLength(cc+1, len(prog), atEnd, recurses)
			if d < 0 {
				return d
			}
			branchLen += d
			cc = afterGroup(prog, cc)
		case opAlt, opKet, opEnd, opAccept, opAssertAccept:
			if length < 0 {
				length = branchLen
			} else if length != branchLen {
				return -1
			}
			if op != opAlt {
				return length
			}
			cc++
			branchLen = 0
		case opRecurse:
			if !atEnd {
				return -3
			}
			cs := int(in.target)
			ce := groupEnd(prog, cs)
			if cc > cs && cc < ce {
				return -1
			}
			for _, r := range recurses {
				if r == cs {
					return -1
				}
			}
			d := c.fixedLength(cs+1, len(prog), atEnd, append(recurses, cs))
			if d < 0 {
				return d
			}
			branchLen += d
			cc++
		case opAssert, opAssertNot, opAssertBack, opAssertBackNot:
			cc = afterGroup(prog, cc)
		case opMark, opPruneArg, opSkipArg, opThenArg, opCallout, opCirc, opCircM, opClose, opCommit,
			opCRef, opDef, opDNCRef, opDNRRef, opDoll, opDollM, opEOD, opEODN, opFail,
			opNotWordBoundary, opPrune, opReverse, opRRef, opSetSOM, opSkip, opSOD, opSOM, opThen,
			opWordBoundary:
			cc++
		case opChar, opCharI, opNot, opNotI, opProp, opNotProp, opHSpace, opVSpace, opNotHSpace,
			opNotVSpace, opNotDigit, opDigit, opNotWhitespace, opWhitespace, opNotWordchar,
			opWordchar, opAny, opAllAny, opClass:
			switch {
			case in.rep == repNone:
				branchLen++
			case in.min == in.max:
				branchLen += int(in.min)
			default:
				return -1
			}
			cc++
		case opAnyByte:
			return -2
		case opAnyNL, opExtUni, opBraMinZero, opBraPos, opBraPosZero, opBraZero, opCBraPos,
			opKetRMax, opKetRMin, opKetRPos, opRef, opRefI, opDNRef, opDNRefI, opSBra, opSBraPos,
			opSCBra, opSCBraPos, opSCond, opSkipZero:
			return -1
		default:
			return -4
		}
	}
}

func minInt(a, b int) int {
	if a < b {
		return a
	}
	return b
}
