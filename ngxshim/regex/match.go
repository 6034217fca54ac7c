package regex

// match is one backtracking step: it tries to match the program from pc at
// subject position eptr. It is entered wherever PCRE's matcher calls
// itself, and every entry (and every tail-recursive restart) counts
// against the match limit, so limits run out where they do in PCRE.
func (m *matcher) match(eptr, pc, mstart, offsetTop, eptrb, rdepth int) int {
	if m.matchFunctionType == mfCBEGroup {
		m.matchFunctionType = 0
		base := len(m.eptrs)
		m.eptrs = append(m.eptrs, eptrBlock{saved: eptr, prev: eptrb})
		rc := m.run(eptr, pc, mstart, offsetTop, base, rdepth)
		m.eptrs = m.eptrs[:base]
		return rc
	}
	return m.run(eptr, pc, mstart, offsetTop, eptrb, rdepth)
}

// thenInBranch reports whether the (*THEN) that failed is inside the
// branch at pc (a bracket or ALT) of a group with several branches.
func (m *matcher) thenInBranch(pc int) bool {
	next := pc + int(m.prog[pc].link)
	return m.thenPC < next && (m.prog[pc].op == opAlt || m.prog[next].op == opAlt)
}

func (m *matcher) run(eptr, pc, mstart, offsetTop, eptrb, rdepth int) int {
	prog := m.prog
tail:
	for {
		m.callCount++
		if m.callCount > m.callLimit {
			return ErrMatchLimit
		}
		if rdepth >= maxDepth {
			return ErrRecursionLimit
		}
		for {
			in := &prog[pc]
			op := in.op
			switch op {
			case opMark:
				m.nomatchMark = pc
				m.mark = -1
				rrc := m.match(eptr, pc+1, mstart, offsetTop, eptrb, rdepth+1)
				if (rrc == mMatch || rrc == mAccept) && m.mark < 0 {
					m.mark = pc
				} else if rrc == mSkipArg && in.arg == m.skipArgName {
					m.startMatchPtr = eptr
					return mSkip
				}
				return rrc

			case opFail:
				return mNoMatch

			case opCommit, opPrune, opSkip, opThen:
				rrc := m.match(eptr, pc+1, mstart, offsetTop, eptrb, rdepth+1)
				if rrc != mNoMatch {
					return rrc
				}
				switch op {
				case opCommit:
					return mCommit
				case opPrune:
					return mPrune
				case opSkip:
					m.startMatchPtr = eptr
					return mSkip
				}
				m.thenPC = pc
				return mThen

			case opPruneArg, opThenArg:
				m.nomatchMark = pc
				m.mark = -1
				rrc := m.match(eptr, pc+1, mstart, offsetTop, eptrb, rdepth+1)
				if (rrc == mMatch || rrc == mAccept) && m.mark < 0 {
					m.mark = pc
				}
				if rrc != mNoMatch {
					return rrc
				}
				if op == opPruneArg {
					return mPrune
				}
				m.thenPC = pc
				return mThen

			case opSkipArg:
				m.skipArgCount++
				if m.skipArgCount <= m.ignoreSkipArg {
					pc++
					continue
				}
				rrc := m.match(eptr, pc+1, mstart, offsetTop, eptrb, rdepth+1)
				if rrc != mNoMatch {
					return rrc
				}
				m.skipArgName = in.arg
				return mSkipArg

			case opOnceNC:
				prev := pc
				savedEptr := eptr
				saveMark := m.mark
				for {
					rrc := m.match(eptr, pc+1, mstart, offsetTop, eptrb, rdepth+1)
					if rrc == mMatch {
						mstart = m.startMatchPtr
						break
					}
					if rrc == mThen && m.thenInBranch(pc) {
						rrc = mNoMatch
					}
					if rrc != mNoMatch {
						return rrc
					}
					pc += int(prog[pc].link)
					m.mark = saveMark
					if prog[pc].op != opAlt {
						break
					}
				}
				if o := prog[pc].op; o != opOnceNC && o != opAlt {
					return mNoMatch
				}
				pc = groupEnd(prog, pc)
				offsetTop = m.endOffsetTop
				eptr = m.endMatchPtr
				if prog[pc].op == opKet || eptr == savedEptr {
					pc++
					continue
				}
				if prog[pc].op == opKetRMin {
					rrc := m.match(eptr, pc+1, mstart, offsetTop, eptrb, rdepth+1)
					if rrc != mNoMatch {
						return rrc
					}
					pc = prev
					continue tail
				}
				rrc := m.match(eptr, prev, mstart, offsetTop, eptrb, rdepth+1)
				if rrc != mNoMatch {
					return rrc
				}
				pc++
				continue tail

			case opCBra, opSCBra:
				number := int(in.n)
				offset := number << 1
				save1, save2, save3 := m.ovec[offset], m.ovec[offset+1], m.work[number]
				saveCaptureLast := m.captureLast
				saveMark := m.mark
				m.work[number] = eptr
				var rrc int
				for {
					if op == opSCBra {
						m.matchFunctionType = mfCBEGroup
					}
					rrc = m.match(eptr, pc+1, mstart, offsetTop, eptrb, rdepth+1)
					if rrc == mOnce {
						break
					}
					if rrc == mThen && m.thenInBranch(pc) {
						rrc = mNoMatch
					}
					if rrc != mNoMatch {
						return rrc
					}
					m.captureLast = saveCaptureLast
					pc += int(prog[pc].link)
					m.mark = saveMark
					if prog[pc].op != opAlt {
						break
					}
				}
				m.ovec[offset], m.ovec[offset+1], m.work[number] = save1, save2, save3
				return rrc

			case opOnce, opBra, opSBra:
				for {
					if op == opSBra || op == opOnce {
						m.matchFunctionType = mfCBEGroup
					} else if !m.hasThen && prog[pc+int(prog[pc].link)].op != opAlt {
						pc++
						continue tail
					}
					saveMark := m.mark
					saveCaptureLast := m.captureLast
					rrc := m.match(eptr, pc+1, mstart, offsetTop, eptrb, rdepth+1)
					if rrc == mThen && m.thenInBranch(pc) {
						rrc = mNoMatch
					}
					if rrc != mNoMatch {
						if rrc == mOnce {
							scode := pc
							if prog[scode].op != opOnce {
								scode = groupEnd(prog, scode)
								scode -= int(prog[scode].link)
							}
							if m.onceTarget == scode {
								rrc = mNoMatch
							}
						}
						return rrc
					}
					pc += int(prog[pc].link)
					m.mark = saveMark
					if prog[pc].op != opAlt {
						break
					}
					m.captureLast = saveCaptureLast
				}
				return mNoMatch

			case opCBraPos, opSCBraPos, opBraPos, opSBraPos, opBraPosZero:
				allowZero := false
				if op == opBraPosZero {
					allowZero = true
					pc++
					in = &prog[pc]
					op = in.op
				}
				var rc int
				var cont bool
				pc, eptr, offsetTop, rc, cont = m.possessiveGroup(op, pc, eptr, mstart, offsetTop, eptrb, rdepth, allowZero)
				if !cont {
					return rc
				}
				continue

			case opCond, opSCond:
				codelink := int(in.link)
				start := pc
				pc++
				condition := false
				cin := &prog[pc]
				condOp := cin.op
				switch condOp {
				case opRRef:
					if m.recursive != nil {
						condition = cin.n == rrefAny || int(cin.n) == m.recursive.groupNum
					}
				case opDNRRef:
					if m.recursive != nil {
						for _, e := range m.re.names[cin.n : cin.n+cin.n2] {
							if e.Group == m.recursive.groupNum {
								condition = true
								break
							}
						}
					}
				case opCRef:
					offset := int(cin.n) << 1
					condition = offset < offsetTop && m.ovec[offset] >= 0
				case opDNCRef:
					for _, e := range m.re.names[cin.n : cin.n+cin.n2] {
						offset := e.Group << 1
						if offset < offsetTop && m.ovec[offset] >= 0 {
							condition = true
							break
						}
					}
				case opDef:
				default:
					m.matchFunctionType = mfCondAssert
					rrc := m.match(eptr, pc, mstart, offsetTop, -1, rdepth+1)
					if rrc == mMatch {
						if m.endOffsetTop > offsetTop {
							offsetTop = m.endOffsetTop
						}
						condition = true
					} else if rrc != mNoMatch && rrc != mThen {
						return rrc
					}
				}
				alt := start + codelink
				if condition {
					if condOp >= opAssert && condOp <= opAssertBackNot {
						pc = afterGroup(prog, pc)
					} else {
						pc++
					}
				} else {
					pc = alt + 1
				}
				if condition || prog[alt].op == opAlt {
					if op != opSCond {
						continue tail
					}
					m.matchFunctionType = mfCBEGroup
					return m.match(eptr, pc, mstart, offsetTop, eptrb, rdepth+1)
				}
				continue

			case opClose:
				number := int(in.n)
				offset := number << 1
				m.captureLast = number
				m.ovec[offset] = m.work[number]
				m.ovec[offset+1] = eptr
				if offsetTop <= offset {
					offsetTop = offset + 2
				}
				pc++

			case opEnd, opAccept, opAssertAccept:
				m.endMatchPtr = eptr
				m.endOffsetTop = offsetTop
				m.startMatchPtr = mstart
				if op == opEnd {
					return mMatch
				}
				return mAccept

			case opAssert, opAssertBack:
				saveMark := m.mark
				condassert := false
				if m.matchFunctionType == mfCondAssert {
					condassert = true
					m.matchFunctionType = 0
				}
				for {
					rrc := m.match(eptr, pc+1, mstart, offsetTop, -1, rdepth+1)
					if rrc == mMatch || rrc == mAccept {
						mstart = m.startMatchPtr
						break
					}
					m.mark = saveMark
					if rrc == mThen && m.thenInBranch(pc) {
						rrc = mNoMatch
					}
					if rrc != mNoMatch {
						return rrc
					}
					pc += int(prog[pc].link)
					if prog[pc].op != opAlt {
						break
					}
				}
				if prog[pc].op == opKet {
					return mNoMatch
				}
				if condassert {
					return mMatch
				}
				pc = afterGroup(prog, pc)
				offsetTop = m.endOffsetTop

			case opAssertNot, opAssertBackNot:
				saveMark := m.mark
				condassert := false
				if m.matchFunctionType == mfCondAssert {
					condassert = true
					m.matchFunctionType = 0
				}
				negTrue := false
				for !negTrue {
					rrc := m.match(eptr, pc+1, mstart, offsetTop, -1, rdepth+1)
					m.mark = saveMark
					switch rrc {
					case mMatch, mAccept:
						return mNoMatch
					case mNoMatch:
					case mThen, mCommit, mSkip, mSkipArg, mPrune:
						if rrc == mThen && m.thenInBranch(pc) {
							break
						}
						pc = groupEnd(prog, pc)
						negTrue = true
						continue
					default:
						return rrc
					}
					pc += int(prog[pc].link)
					if prog[pc].op != opAlt {
						break
					}
				}
				if condassert {
					return mMatch
				}
				pc++

			case opReverse:
				if m.utf {
					for i := int(in.n); i > 0; i-- {
						eptr--
						if eptr < 0 {
							return mNoMatch
						}
						eptr = backChar(m.subj, eptr)
					}
				} else {
					eptr -= int(in.n)
					if eptr < 0 {
						return mNoMatch
					}
				}
				pc++

			case opRecurse:
				rc, neptr, nmstart := m.recurse(in, eptr, mstart, offsetTop, eptrb, rdepth)
				if rc != mMatch {
					return rc
				}
				eptr, mstart = neptr, nmstart
				pc++

			case opAlt:
				pc = groupEnd(prog, pc)

			case opBraZero:
				next := pc + 1
				rrc := m.match(eptr, next, mstart, offsetTop, eptrb, rdepth+1)
				if rrc != mNoMatch {
					return rrc
				}
				pc = afterGroup(prog, next)

			case opBraMinZero:
				next := pc + 1
				rrc := m.match(eptr, afterGroup(prog, next), mstart, offsetTop, eptrb, rdepth+1)
				if rrc != mNoMatch {
					return rrc
				}
				pc++

			case opSkipZero:
				pc = afterGroup(prog, pc+1)

			case opKet, opKetRMin, opKetRMax, opKetRPos:
				prev := pc - int(in.link)
				pop := prog[prev].op
				savedEptr := -1
				if sForm(pop) || pop == opOnce {
					savedEptr = m.eptrs[eptrb].saved
					eptrb = m.eptrs[eptrb].prev
				}
				if (pop >= opAssert && pop <= opAssertBackNot) || pop == opOnceNC {
					m.endMatchPtr = eptr
					m.endOffsetTop = offsetTop
					m.startMatchPtr = mstart
					return mMatch
				}
				if isCapturing(pop) {
					number := int(prog[prev].n)
					offset := number << 1
					if m.recursive != nil && m.recursive.groupNum == number {
						m.endMatchPtr = eptr
						m.startMatchPtr = mstart
						return mMatch
					}
					m.captureLast = number
					for i := offsetTop; i < offset; i++ {
						m.ovec[i] = -1
					}
					m.ovec[offset] = m.work[number]
					m.ovec[offset+1] = eptr
					if offsetTop <= offset {
						offsetTop = offset + 2
					}
				}
				if op == opKet || eptr == savedEptr {
					if pop == opOnce {
						rrc := m.match(eptr, pc+1, mstart, offsetTop, eptrb, rdepth+1)
						if rrc != mNoMatch {
							return rrc
						}
						m.onceTarget = prev
						return mOnce
					}
					pc++
					continue
				}
				if op == opKetRPos {
					m.endMatchPtr = eptr
					m.endOffsetTop = offsetTop
					return mKetRPos
				}
				if op == opKetRMin {
					rrc := m.match(eptr, pc+1, mstart, offsetTop, eptrb, rdepth+1)
					if rrc != mNoMatch {
						return rrc
					}
					if pop == opOnce {
						rrc = m.match(eptr, prev, mstart, offsetTop, eptrb, rdepth+1)
						if rrc != mNoMatch {
							return rrc
						}
						m.onceTarget = prev
						return mOnce
					}
					if pop >= opSBra {
						return m.match(eptr, prev, mstart, offsetTop, eptrb, rdepth+1)
					}
					pc = prev
					continue tail
				}
				rrc := m.match(eptr, prev, mstart, offsetTop, eptrb, rdepth+1)
				if rrc == mOnce && m.onceTarget == prev {
					rrc = mNoMatch
				}
				if rrc != mNoMatch {
					return rrc
				}
				if pop == opOnce {
					rrc = m.match(eptr, pc+1, mstart, offsetTop, eptrb, rdepth+1)
					if rrc != mNoMatch {
						return rrc
					}
					m.onceTarget = prev
					return mOnce
				}
				pc++
				continue tail

			case opCirc, opSOD:
				if eptr != 0 {
					return mNoMatch
				}
				pc++
			case opCircM:
				if eptr != 0 && (eptr == m.end || !m.wasNewline(eptr)) {
					return mNoMatch
				}
				pc++
			case opSOM:
				if eptr != m.startOffset {
					return mNoMatch
				}
				pc++
			case opSetSOM:
				mstart = eptr
				pc++
			case opDollM:
				if eptr < m.end {
					if nl, _ := m.isNewline(eptr); !nl {
						return mNoMatch
					}
				}
				pc++
			case opDoll, opEODN:
				if eptr < m.end {
					nl, n := m.isNewline(eptr)
					if !nl || eptr != m.end-n {
						return mNoMatch
					}
				}
				pc++
			case opEOD:
				if eptr < m.end {
					return mNoMatch
				}
				pc++
			case opWordBoundary, opNotWordBoundary:
				prevWord, curWord := false, false
				if eptr > 0 {
					c, _ := m.char(m.prevStart(eptr))
					prevWord = m.isWord(c)
				}
				if eptr < m.end {
					c, _ := m.char(eptr)
					curWord = m.isWord(c)
				}
				if (op == opWordBoundary) == (curWord == prevWord) {
					return mNoMatch
				}
				pc++

			case opRef, opRefI, opDNRef, opDNRefI:
				rc, neptr, tailCall := m.backReference(in, pc, eptr, mstart, offsetTop, eptrb, rdepth)
				if tailCall {
					eptr = neptr
					pc++
					continue
				}
				return rc

			case opCallout:
				pc++

			default:
				// single-character items
				if in.rep == repNone {
					if eptr = m.oneType(in, eptr); eptr < 0 {
						return mNoMatch
					}
					pc++
					continue
				}
				min := int(in.min)
				max := int(in.max)
				if max < 0 {
					max = maxInt
				}
				for i := 0; i < min; i++ {
					if eptr = m.oneType(in, eptr); eptr < 0 {
						return mNoMatch
					}
				}
				if min == max {
					pc++
					continue
				}
				if in.rep == repLazy {
					for fi := min; ; fi++ {
						rrc := m.match(eptr, pc+1, mstart, offsetTop, eptrb, rdepth+1)
						if rrc != mNoMatch {
							return rrc
						}
						if fi >= max {
							return mNoMatch
						}
						if eptr = m.oneType(in, eptr); eptr < 0 {
							return mNoMatch
						}
					}
				}
				pp := eptr
				eptr = m.scan(in, eptr, max-min)
				if in.rep == repPoss {
					pc++
					continue
				}
				for {
					if eptr == pp {
						pc++
						continue tail
					}
					rrc := m.match(eptr, pc+1, mstart, offsetTop, eptrb, rdepth+1)
					if rrc != mNoMatch {
						return rrc
					}
					eptr = m.backUp(in, eptr, pp)
				}
			}
		}
	}
}

// isWord reports whether c counts as a word character for \b.
func (m *matcher) isWord(c uint32) bool {
	if m.re.opts&optUCP != 0 {
		if c == '_' {
			return true
		}
		g := ucdGeneral(c)
		return g == gcL || g == gcN
	}
	return isWordByte(c)
}

// scan advances over at most n characters matching the single-character
// item and returns the new position.
func (m *matcher) scan(in *inst, eptr, n int) int {
	s := m.subj
	end := m.end
	if n < end-eptr && !m.utf {
		end = eptr + n
	}
	if !m.utf {
		switch in.op {
		case opClass:
			bits := &in.cls.bits
			if !in.cls.xclass {
				for eptr < end && bits.has(uint32(s[eptr])) {
					eptr++
				}
				return eptr
			}
		case opChar:
			c := byte(in.c)
			for eptr < end && s[eptr] == c {
				eptr++
			}
			return eptr
		case opCharI:
			c, oc := byte(in.c), byte(in.oc)
			for eptr < end && (s[eptr] == c || s[eptr] == oc) {
				eptr++
			}
			return eptr
		case opNot:
			c := byte(in.c)
			for eptr < end && s[eptr] != c {
				eptr++
			}
			return eptr
		case opAllAny, opAnyByte:
			return end
		case opAny:
			if m.re.nlType == nlFixed && len(m.re.nl) == 1 {
				nl := m.re.nl[0]
				for eptr < end && s[eptr] != nl {
					eptr++
				}
				return eptr
			}
		case opDigit:
			for eptr < end && ctypes[s[eptr]]&ctDigit != 0 {
				eptr++
			}
			return eptr
		case opWordchar:
			for eptr < end && ctypes[s[eptr]]&ctWord != 0 {
				eptr++
			}
			return eptr
		case opWhitespace:
			for eptr < end && ctypes[s[eptr]]&ctSpace != 0 {
				eptr++
			}
			return eptr
		case opNotWhitespace:
			for eptr < end && ctypes[s[eptr]]&ctSpace == 0 {
				eptr++
			}
			return eptr
		}
	}
	for i := 0; i < n; i++ {
		next := m.oneType(in, eptr)
		if next < 0 {
			break
		}
		eptr = next
	}
	return eptr
}

// backUp steps back one repetition of a single-character item from eptr
// (not below pp).
func (m *matcher) backUp(in *inst, eptr, pp int) int {
	eptr--
	if m.utf {
		eptr = backChar(m.subj, eptr)
		if eptr < pp {
			eptr = pp
		}
	}
	switch in.op {
	case opAnyNL:
		if eptr > pp && m.subj[eptr] == '\n' && m.subj[eptr-1] == '\r' {
			eptr--
		}
	case opExtUni:
		c, _ := m.char(eptr)
		rgb := graphemeBreak(c)
		for eptr > pp {
			f := m.prevStart(eptr)
			c, _ := m.char(f)
			lgb := graphemeBreak(c)
			if !graphemeJoins(lgb, rgb) {
				break
			}
			eptr = f
			rgb = lgb
		}
	}
	return eptr
}

// possessiveGroup matches an unlimited possessive group (BRAPOS and
// friends) iteratively. With cont set, matching goes on after the group
// at the returned pc and position; otherwise rc is the result.
func (m *matcher) possessiveGroup(op opcode, pc, eptr, mstart, offsetTop, eptrb, rdepth int,
	allowZero bool) (npc, neptr, noffsetTop, rc int, cont bool) {
	prog := m.prog
	start := pc
	matchedOnce := false
	capturing := op == opCBraPos || op == opSCBraPos
	number, offset := 0, 0
	var save1, save2, save3 int
	if capturing {
		number = int(prog[pc].n)
		offset = number << 1
		save1, save2, save3 = m.ovec[offset], m.ovec[offset+1], m.work[number]
	}
	saveCaptureLast := m.captureLast
	for {
		if capturing {
			m.work[number] = eptr
		}
		if op == opSCBraPos || op == opSBraPos {
			m.matchFunctionType = mfCBEGroup
		}
		rrc := m.match(eptr, pc+1, mstart, offsetTop, eptrb, rdepth+1)
		if rrc == mKetRPos {
			offsetTop = m.endOffsetTop
			eptr = m.endMatchPtr
			pc = start
			if capturing {
				saveCaptureLast = m.captureLast
			}
			matchedOnce = true
			continue
		}
		if rrc == mThen && m.thenInBranch(pc) {
			rrc = mNoMatch
		}
		if rrc != mNoMatch {
			return pc, eptr, offsetTop, rrc, false
		}
		m.captureLast = saveCaptureLast
		pc += int(prog[pc].link)
		if prog[pc].op != opAlt {
			break
		}
	}
	if capturing && !matchedOnce {
		m.ovec[offset], m.ovec[offset+1], m.work[number] = save1, save2, save3
	}
	if allowZero || matchedOnce {
		return pc + 1, eptr, offsetTop, 0, true
	}
	return pc, eptr, offsetTop, mNoMatch, false
}

// recurse runs a subroutine call or recursion.
func (m *matcher) recurse(in *inst, eptr, mstart, offsetTop, eptrb, rdepth int) (int, int, int) {
	prog := m.prog
	callpat := int(in.target)
	recno := 0
	if callpat != 0 {
		recno = int(prog[callpat].n)
	}
	for ri := m.recursive; ri != nil; ri = ri.prev {
		if recno == ri.groupNum && eptr == ri.subjectPosition {
			return ErrRecurseLoop, 0, 0
		}
	}
	nr := &recursionInfo{
		prev:             m.recursive,
		groupNum:         recno,
		savedCaptureLast: m.captureLast,
		subjectPosition:  eptr,
		savedOvec:        append([]int(nil), m.ovec...),
		savedWork:        append([]int(nil), m.work...),
	}
	m.recursive = nr
	cbegroup := sForm(prog[callpat].op)
	for cp := callpat; ; {
		if cbegroup {
			m.matchFunctionType = mfCBEGroup
		}
		rrc := m.match(eptr, cp+1, mstart, offsetTop, eptrb, rdepth+1)
		copy(m.ovec, nr.savedOvec)
		copy(m.work, nr.savedWork)
		m.captureLast = nr.savedCaptureLast
		m.recursive = nr.prev
		if rrc == mMatch || rrc == mAccept {
			return mMatch, m.endMatchPtr, m.startMatchPtr
		}
		if isBacktrackVerb(rrc) {
			return mNoMatch, 0, 0
		}
		if rrc != mNoMatch {
			return rrc, 0, 0
		}
		m.recursive = nr
		cp += int(prog[cp].link)
		if prog[cp].op != opAlt {
			break
		}
	}
	m.recursive = nr.prev
	return mNoMatch, 0, 0
}

// backReference matches a (possibly repeated) back reference. When the
// matching can go on at this level it returns tailCall with the new
// position.
func (m *matcher) backReference(in *inst, pc, eptr, mstart, offsetTop, eptrb, rdepth int) (rc, neptr int, tailCall bool) {
	caseless := in.op == opRefI || in.op == opDNRefI
	offset := 0
	length := 0
	if in.op == opDNRef || in.op == opDNRefI {
		found := false
		for _, e := range m.re.names[in.n : in.n+in.n2] {
			offset = e.Group << 1
			if offset < offsetTop && m.ovec[offset] >= 0 {
				found = true
				break
			}
		}
		if !found {
			length = -1
		}
	} else {
		offset = int(in.n) << 1
		if offset >= offsetTop || m.ovec[offset] < 0 {
			length = -1
		}
	}
	if length < 0 {
		if m.jsCompat {
			length = 0
		}
	} else {
		length = m.ovec[offset+1] - m.ovec[offset]
	}
	if in.rep == repNone {
		n := m.matchRef(offset, eptr, length, caseless)
		if n < 0 {
			return mNoMatch, 0, false
		}
		return 0, eptr + n, true
	}
	min, max := int(in.min), int(in.max)
	if max < 0 {
		max = maxInt
	}
	if length == 0 || (length < 0 && min == 0) {
		return 0, eptr, true
	}
	for i := 1; i <= min; i++ {
		n := m.matchRef(offset, eptr, length, caseless)
		if n < 0 {
			return mNoMatch, 0, false
		}
		eptr += n
	}
	if min == max {
		return 0, eptr, true
	}
	if in.rep == repLazy {
		for fi := min; ; fi++ {
			rrc := m.match(eptr, pc+1, mstart, offsetTop, eptrb, rdepth+1)
			if rrc != mNoMatch {
				return rrc, 0, false
			}
			if fi >= max {
				return mNoMatch, 0, false
			}
			n := m.matchRef(offset, eptr, length, caseless)
			if n < 0 {
				return mNoMatch, 0, false
			}
			eptr += n
		}
	}
	pp := eptr
	for i := min; i < max; i++ {
		n := m.matchRef(offset, eptr, length, caseless)
		if n < 0 {
			break
		}
		eptr += n
	}
	if in.rep == repPoss {
		return 0, eptr, true
	}
	for eptr >= pp {
		rrc := m.match(eptr, pc+1, mstart, offsetTop, eptrb, rdepth+1)
		if rrc != mNoMatch {
			return rrc, 0, false
		}
		eptr -= length
	}
	return mNoMatch, 0, false
}
