package regex

// What pcre_study finds out about a pattern: the bytes a match can start
// with and the minimum subject length. Both speed up unanchored matching,
// and ngx_lua applies lua_regex_match_limit only to patterns for which
// study found something.

const (
	ssbFail = iota
	ssbDone
	ssbContinue
)

// setTableBit sets the start bit for character ch (and its other case).
func setTableBit(bits *bitset, ch uint32, caseless, utf bool) {
	if utf && ch > 127 {
		var buf [4]byte
		bits.set(uint32(encodeUTF8(buf[:0], ch)[0]))
		if caseless {
			oc := otherCase(ch)
			bits.set(uint32(encodeUTF8(buf[:0], oc)[0]))
		}
		return
	}
	bits.set(ch)
	if caseless && ch < 256 && ctypes[ch]&ctLetter != 0 {
		bits.set(uint32(fcc[ch]))
	}
}

func setTypeBits(bits *bitset, set *bitset, utf bool) {
	if !utf {
		bits.or(set)
		return
	}
	bits[0] |= set[0]
	bits[1] |= set[1]
}

func setNotTypeBits(bits *bitset, set *bitset, utf bool) {
	if !utf {
		bits.orNot(set)
		return
	}
	bits[0] |= ^set[0]
	bits[1] |= ^set[1]
	bits[3] |= 0xffffffffffffffff // bytes 0xc0-0xff start characters > 127
}

// setStartBits adds the possible first bytes of the group at pc to bits.
func (re *Regexp) setStartBits(pc int, bits *bitset) int {
	prog := re.prog
	utf := re.utf
	yield := ssbDone
	for {
		t := pc + 1
	branch:
		for {
			in := &prog[t]
			switch op := in.op; op {
			case opWordBoundary, opNotWordBoundary, opCallout:
				t++
			case opBra, opSBra, opCBra, opSCBra, opBraPos, opSBraPos, opCBraPos, opSCBraPos, opOnce,
				opOnceNC, opAssert:
				rc := re.setStartBits(t, bits)
				if rc == ssbFail {
					return rc
				}
				if rc == ssbDone {
					break branch
				}
				t = afterGroup(prog, t)
			case opAlt:
				yield = ssbContinue
				break branch
			case opKet, opKetRMax, opKetRMin, opKetRPos:
				return ssbContinue
			case opAssertNot, opAssertBack, opAssertBackNot:
				t = afterGroup(prog, t)
			case opBraZero, opBraMinZero, opBraPosZero:
				if rc := re.setStartBits(t+1, bits); rc == ssbFail {
					return rc
				}
				t = afterGroup(prog, t+1)
			case opSkipZero:
				t = afterGroup(prog, t+1)
			case opChar, opCharI:
				setTableBit(bits, in.c, op == opCharI, utf)
				if in.rep != repNone && in.min == 0 {
					t++
				} else {
					break branch
				}
			case opHSpace, opAnyNL, opVSpace, opNotDigit, opDigit, opNotWhitespace, opWhitespace,
				opNotWordchar, opWordchar, opAny, opAllAny:
				if in.rep != repNone && in.min == 0 && (op == opAny || op == opAllAny) {
					return ssbFail
				}
				if (op == opAny || op == opAllAny) && (in.rep == repNone || in.min > 0) {
					return ssbFail
				}
				switch op {
				case opHSpace:
					bits.set(0x09)
					bits.set(0x20)
					if utf {
						bits.set(0xc2)
						bits.set(0xe1)
						bits.set(0xe2)
						bits.set(0xe3)
					} else {
						bits.set(0xa0)
					}
				case opAnyNL, opVSpace:
					for _, b := range []uint32{0x0a, 0x0b, 0x0c, 0x0d} {
						bits.set(b)
					}
					if utf {
						bits.set(0xc2)
						bits.set(0xe2)
					} else {
						bits.set(0x85)
					}
				case opNotDigit:
					setNotTypeBits(bits, &cbDigit, utf)
				case opDigit:
					setTypeBits(bits, &cbDigit, utf)
				case opNotWhitespace:
					setNotTypeBits(bits, &cbSpace, utf)
				case opWhitespace:
					setTypeBits(bits, &cbSpace, utf)
				case opNotWordchar:
					setNotTypeBits(bits, &cbWord, utf)
				case opWordchar:
					setTypeBits(bits, &cbWord, utf)
				}
				if in.rep != repNone && in.min == 0 {
					t++
				} else {
					break branch
				}
			case opClass:
				cl := in.cls
				if cl.xclass {
					return ssbFail
				}
				if cl.ncls && utf {
					for b := uint32(0xc4); b <= 0xff; b++ {
						bits.set(b)
					}
				}
				if utf {
					bits[0] |= cl.bits[0]
					bits[1] |= cl.bits[1]
					for ch := uint32(128); ch < 256; ch++ {
						if cl.bits.has(ch) {
							bits.set(ch>>6 | 0xc0)
						}
					}
				} else {
					bits.or(&cl.bits)
				}
				if in.rep != repNone && in.min == 0 {
					t++
				} else {
					break branch
				}
			default:
				return ssbFail
			}
		}
		pc += int(prog[pc].link)
		if prog[pc].op != opAlt {
			return yield
		}
	}
}

// findMinLength returns the minimum subject length the group at pc needs,
// or -1 when it cannot be known (\C in UTF-8 mode, (*ACCEPT)).
func (re *Regexp) findMinLength(pc int, depth int) int {
	prog := re.prog
	length, branchLen := -1, 0
	hadRecurse := false
	for cc := pc + 1; ; {
		in := &prog[cc]
		switch op := in.op; op {
		case opCond, opSCond:
			if cs := cc + int(in.link); prog[cs].op != opAlt {
				cc = afterGroup(prog, cc)
				continue
			}
			fallthrough
		case opCBra, opSCBra, opBra, opSBra, opCBraPos, opSCBraPos, opBraPos, opSBraPos, opOnce, opOnceNC:
			d := re.findMinLength(cc, depth)
			if d < 0 {
				return d
			}
			branchLen += d
			cc = afterGroup(prog, cc)
		case opAccept, opAssertAccept:
			return -1
		case opAlt, opKet, opKetRMax, opKetRMin, opKetRPos, opEnd:
			if length < 0 || (!hadRecurse && branchLen < length) {
				length = branchLen
			}
			if op != opAlt {
				return length
			}
			cc++
			branchLen = 0
			hadRecurse = false
		case opAssert, opAssertNot, opAssertBack, opAssertBackNot:
			cc = afterGroup(prog, cc)
		case opBraZero, opBraMinZero, opBraPosZero, opSkipZero:
			cc = afterGroup(prog, cc+1)
		case opAnyByte:
			if re.utf {
				return -1
			}
			branchLen += repMin(in)
			cc++
		case opChar, opCharI, opNot, opNotI, opProp, opNotProp, opNotDigit, opDigit, opNotWhitespace,
			opWhitespace, opNotWordchar, opWordchar, opAny, opAllAny, opExtUni, opHSpace, opNotHSpace,
			opVSpace, opNotVSpace, opAnyNL, opClass:
			branchLen += repMin(in)
			cc++
		case opRef, opRefI, opDNRef, opDNRefI:
			d := 0
			if !re.jsCompat {
				groups := []int{int(in.n)}
				if op == opDNRef || op == opDNRefI {
					groups = groups[:0]
					for _, e := range re.names[in.n : in.n+in.n2] {
						groups = append(groups, e.Group)
					}
				}
				d = maxInt
				for _, g := range groups {
					cs := findBracket(prog, g)
					if cs < 0 {
						return -2
					}
					if cc > cs && cc < groupEnd(prog, cs) {
						d = 0
						hadRecurse = true
						break
					}
					if dd := re.findMinLength(cs, depth); dd < d {
						d = dd
					}
				}
			}
			min := 1
			if in.rep != repNone {
				min = int(in.min)
			}
			branchLen += min * d
			cc++
		case opRecurse:
			cs := int(in.target)
			if (cc > cs && cc < groupEnd(prog, cs)) || depth > 10 {
				hadRecurse = true
			} else {
				branchLen += re.findMinLength(cs, depth+1)
			}
			cc++
		default:
			cc++
		}
	}
}

// repMin is the minimum number of characters a single-character item
// matches.
func repMin(in *inst) int {
	if in.rep == repNone {
		return 1
	}
	return int(in.min)
}

// study computes the start bits and minimum length.
func (re *Regexp) study() {
	if !re.anchored && !re.hasFirst && !re.startline {
		var bits bitset
		if re.setStartBits(0, &bits) == ssbDone {
			re.startBits = &bits
		}
	}
	min := re.findMinLength(0, 0)
	if min > 0 {
		re.minLength = min
	}
	re.studied = re.startBits != nil || min > 0
}
