package regex

// repeat applies the quantifier {min,max} (max -1: unlimited) that ends at
// c.ptr to the previous item.
func (b *branch) repeat(min, max int) {
	c := b.c
	if b.previous < 0 {
		c.errcode = errNothingToRepeat
		return
	}
	if min == 0 {
		b.first, b.firstFlags = b.zeroFirst, b.zeroFirstFlags
		b.req, b.reqFlags = b.zeroReq, b.zeroReqFlags
	}
	var reqvary int32
	if min != max {
		reqvary = reqVary
	}
	if b.opts&Extended != 0 {
		c.ptr = c.skipExtended(c.ptr+1) - 1
	}
	if c.at(c.ptr+1) == '(' && c.at(c.ptr+2) == '?' && c.at(c.ptr+3) == '#' {
		c.ptr += 4
		for c.ptr < len(c.pat) && c.pat[c.ptr] != ')' {
			c.ptr++
		}
		if c.ptr >= len(c.pat) {
			c.errcode = errCommentParen
			return
		}
	}
	possessive, lazy := false, b.lazyDefault
	switch c.at(c.ptr + 1) {
	case '+':
		possessive, lazy = true, false
		c.ptr++
	case '?':
		lazy = !b.lazyDefault
		c.ptr++
	}
	prev := b.previous
	if c.prog[prev].op == opRecurse {
		c.wrapGroup(prev, opOnce)
	}
	in := &c.prog[prev]
	switch op := in.op; {
	case op == opChar || op == opCharI || op == opNot || op == opNotI:
		if (op == opChar || op == opCharI) && min > 1 && (!c.utf || in.c < 0x80) {
			b.req, b.reqFlags = in.c, b.reqCaseopt|c.reqVaryOpt
		}
		possessive = b.singleRepeat(prev, min, max, lazy, possessive)
	case op < opEODN:
		possessive = b.singleRepeat(prev, min, max, lazy, possessive)
	case op == opClass || (op >= opRef && op <= opDNRefI):
		if max == 0 {
			c.prog = c.prog[:prev]
			possessive = false
			break
		}
		b.setRepeat(prev, min, max, lazy)
		if possessive && op == opClass {
			c.prog[prev].rep = repPoss
			possessive = false
		}
	case op >= opAssert && op <= opCond:
		possessive = b.groupRepeat(prev, min, max, lazy, possessive)
	case op == opFail:
		possessive = false
	default:
		c.errcode = errInternalRepeat
		return
	}
	if possessive {
		c.wrapGroup(prev, opOnce)
	}
	b.previous = -1
	c.reqVaryOpt |= reqvary
	c.ptr++
}

// setRepeat records the counts on a repeatable item.
func (b *branch) setRepeat(pc, min, max int, lazy bool) {
	in := &b.c.prog[pc]
	in.min, in.max = int32(min), int32(max)
	switch {
	case min == max:
		in.rep = repGreedy
	case lazy:
		in.rep = repLazy
	default:
		in.rep = repGreedy
	}
}

// singleRepeat repeats a character or character type item. It returns
// whether the item still has to be wrapped to be possessive.
func (b *branch) singleRepeat(pc, min, max int, lazy, possessive bool) bool {
	c := b.c
	if max == 0 {
		c.prog = c.prog[:pc]
		return false
	}
	if min == 1 && max == 1 {
		op := c.prog[pc].op
		// PCRE has no possessive form of a lone type item and wraps it.
		return possessive && op != opChar && op != opCharI && op != opNot && op != opNotI
	}
	b.setRepeat(pc, min, max, lazy)
	if possessive && min != max {
		c.prog[pc].rep = repPoss
	}
	return false
}

// wrapGroup wraps the program from pc to its end in a group with the
// given opener and a KET.
func (c *compiler) wrapGroup(pc int, op opcode) {
	n := len(c.prog) - pc
	c.prog = append(c.prog, inst{}, inst{})
	copy(c.prog[pc+1:], c.prog[pc:pc+n])
	c.prog[pc] = inst{op: op, min: 1, max: 1, link: int32(n + 1)}
	end := len(c.prog) - 1
	c.prog[end] = inst{op: opKet, min: 1, max: 1, link: int32(end - pc)}
}

// insertAt inserts instructions before pc.
func (c *compiler) insertAt(pc int, ins ...inst) {
	c.prog = append(c.prog, ins...)
	copy(c.prog[pc+len(ins):], c.prog[pc:len(c.prog)-len(ins)])
	for i, in := range ins {
		if in.min == 0 && in.max == 0 {
			in.min, in.max = 1, 1
		}
		c.prog[pc+i] = in
	}
}

// groupRepeat repeats a bracketed group as PCRE does: copies for the
// minimum, nested optional copies for a limited maximum, a repeating KET
// for an unlimited one. It returns whether the result still has to be
// wrapped to be possessive.
func (b *branch) groupRepeat(prev, min, max int, lazy, possessive bool) bool {
	c := b.c
	zeroOp, ketOp := opBraZero, opKetRMax
	if lazy {
		zeroOp, ketOp = opBraMinZero, opKetRMin
	}
	op := c.prog[prev].op
	if op == opCond && c.prog[prev+1].op == opDef {
		return false
	}
	if op < opOnce {
		if min > 0 {
			return false
		}
		if max < 0 || max > 1 {
			max = 1
		}
	}
	glen := len(c.prog) - prev
	var pending []int
	brazero := -1
	if min == 0 {
		if max <= 1 {
			if max == 0 {
				c.insertAt(prev, inst{op: opSkipZero})
				return false
			}
			c.insertAt(prev, inst{op: zeroOp})
			brazero = prev
			prev++
		} else {
			c.insertAt(prev, inst{op: zeroOp}, inst{op: opBra})
			pending = append(pending, prev+1)
			prev += 2
		}
		max--
	} else {
		if min > 1 {
			if b.groupSetFirstChar && b.reqFlags < 0 {
				b.req, b.reqFlags = b.first, b.firstFlags
			}
			for i := 1; i < min; i++ {
				c.prog = append(c.prog, c.prog[prev:prev+glen]...)
			}
		}
		if max > 0 {
			max -= min
		}
	}
	if max >= 0 {
		for i := max - 1; i >= 0; i-- {
			c.emit(inst{op: zeroOp})
			if i != 0 {
				pending = append(pending, c.emit(inst{op: opBra}))
			}
			c.prog = append(c.prog, c.prog[prev:prev+glen]...)
		}
		for i := len(pending) - 1; i >= 0; i-- {
			bra := pending[i]
			k := c.emit(inst{op: opKet})
			c.prog[bra].link = int32(k - bra)
			c.prog[k].link = int32(k - bra)
		}
		return possessive
	}
	ket := len(c.prog) - 1
	bra := ket - int(c.prog[ket].link)
	bop := c.prog[bra].op
	if (bop == opOnce || bop == opOnceNC) && possessive {
		c.prog[bra].op = opBra
		bop = opBra
	}
	if bop == opOnce || bop == opOnceNC {
		c.prog[ket].op = ketOp
		return possessive
	}
	for pc := bra; ; {
		if c.couldBeEmptyBranch(pc, ket, nil) {
			c.prog[bra].op += opSBra - opBra
			break
		}
		pc += int(c.prog[pc].link)
		if c.prog[pc].op != opAlt {
			break
		}
	}
	if c.prog[bra].op == opCond && c.prog[bra+int(c.prog[bra].link)].op != opAlt {
		c.prog[bra].op = opSCond
	}
	if !possessive {
		c.prog[ket].op = ketOp
		return false
	}
	if bop = c.prog[bra].op; bop == opCond || bop == opSCond {
		wrapper := opBraPos
		if bop == opSCond {
			wrapper = opSBraPos
		}
		c.wrapGroup(bra, wrapper)
		c.prog[len(c.prog)-1].op = opKetRPos
	} else {
		c.prog[bra].op++
		c.prog[ket].op = opKetRPos
	}
	if brazero >= 0 {
		c.prog[brazero].op = opBraPosZero
	}
	return possessive && min >= 2
}
