package regex

// PCRE's alternative matching algorithm (pcre_dfa_exec, ngx.re's "d"
// option): all paths through the pattern are followed at once, so the
// result is the longest match at the first position where there is one.
// Groups do not capture; back references and backtracking verbs are not
// supported; an atomic group contributes only its longest match.

type dfaState struct{ pc, pos int }

type dfaSearcher struct {
	m       matcher
	recurse []dfaState // active recursions: group and position
	err     int
}

// ExecDFA matches re against subject from start with the DFA algorithm.
// On success it returns 1 and Ovector holds the start and end of the
// longest match.
func (mt *Matcher) ExecDFA(re *Regexp, subject string, start int, opt ExecOptions) int {
	if start < 0 || start > len(subject) {
		return ErrBadOffset
	}
	if re.utf && !opt.NoUTF8Check {
		if rc := mt.checkUTF8(subject, start); rc != 0 {
			return rc
		}
	}
	if cap(mt.ovec) < 2 {
		mt.ovec = make([]int, 2)
	}
	mt.ovec = mt.ovec[:2]
	mt.ovec[0], mt.ovec[1] = -1, -1
	d := &dfaSearcher{}
	m := &d.m
	m.re, m.prog, m.subj, m.end, m.utf = re, re.prog, subject, len(subject), re.utf
	m.startOffset = start
	m.bsrAnyCRLF = re.bsrAnyCRLF

	end := len(subject)
	startMatch := start
	reqCharPtr := start - 1
	for {
		if !re.noStartOpt {
			switch {
			case re.hasFirst:
				for startMatch < end && subject[startMatch] != re.firstChar && subject[startMatch] != re.firstChar2 {
					startMatch++
				}
			case re.startline:
				if startMatch > start {
					for startMatch < end && !m.wasNewline(startMatch) {
						startMatch++
					}
				}
			case re.startBits != nil && !re.anchored:
				for startMatch < end && !re.startBits.has(uint32(subject[startMatch])) {
					startMatch++
				}
			}
			if re.minLength > 0 && end-startMatch < re.minLength {
				return NoMatch
			}
			if re.hasReq && end-startMatch < 1000 {
				p := startMatch
				if re.hasFirst {
					p++
				}
				if p > reqCharPtr {
					for p < end && subject[p] != re.reqChar && subject[p] != re.reqChar2 {
						p++
					}
					if p >= end {
						return NoMatch
					}
					reqCharPtr = p
				}
			}
		}
		ends := d.search(0, startMatch, -1)
		if d.err != 0 {
			return d.err
		}
		if len(ends) > 0 {
			best := ends[0]
			for _, e := range ends {
				if e > best {
					best = e
				}
			}
			mt.ovec[0], mt.ovec[1] = startMatch, best
			return 1
		}
		if re.anchored || startMatch >= end {
			return NoMatch
		}
		startMatch++
		if m.utf {
			for startMatch < end && isContinuation(subject[startMatch]) {
				startMatch++
			}
		}
	}
}

// search follows every path from (pc, pos) and returns the positions at
// which instruction stop (or the end of the pattern, for stop -1) is
// reached.
func (d *dfaSearcher) search(pc, pos, stop int) []int {
	m := &d.m
	prog := m.prog
	var ends []int
	visited := map[dfaState]bool{}
	stack := []dfaState{{pc, pos}}
	push := func(pc, pos int) { stack = append(stack, dfaState{pc, pos}) }
	for len(stack) > 0 && d.err == 0 {
		s := stack[len(stack)-1]
		stack = stack[:len(stack)-1]
		if visited[s] {
			continue
		}
		visited[s] = true
		pc, pos := s.pc, s.pos
		if pc == stop {
			ends = append(ends, pos)
			continue
		}
		in := &prog[pc]
		switch op := in.op; op {
		case opEnd:
			if stop < 0 {
				ends = append(ends, pos)
			}
		case opBraPos, opCBraPos, opSBraPos, opSCBraPos:
			if e, ok := d.possessive(pc, pos, false); ok {
				push(groupEnd(prog, pc)+1, e)
			}
		case opBra, opCBra, opSBra, opSCBra:
			// Pushed last to first so that the alternatives are tried in
			// order, as PCRE's state list has them: it decides which
			// unsupported item is reported first.
			n := len(stack)
			for a := pc; ; {
				push(a+1, pos)
				a += int(prog[a].link)
				if prog[a].op != opAlt {
					break
				}
			}
			for i, j := n, len(stack)-1; i < j; i, j = i+1, j-1 {
				stack[i], stack[j] = stack[j], stack[i]
			}
		case opAlt:
			push(groupEnd(prog, pc), pos)
		case opKet:
			push(pc+1, pos)
		case opKetRMax, opKetRMin, opKetRPos:
			push(pc+1, pos)
			push(pc-int(in.link), pos)
		case opBraPosZero:
			if e, ok := d.possessive(pc+1, pos, true); ok {
				push(groupEnd(prog, pc+1)+1, e)
			}
		case opBraZero, opBraMinZero:
			push(afterGroup(prog, pc+1), pos)
			push(pc+1, pos)
		case opSkipZero:
			push(afterGroup(prog, pc+1), pos)
		case opOnce, opOnceNC:
			k := groupEnd(prog, pc)
			sub := d.groupEnds(pc, pos, k)
			if len(sub) == 0 {
				continue
			}
			e := sub[0]
			for _, x := range sub {
				if x > e {
					e = x
				}
			}
			push(k+1, e)
			if o := prog[k].op; o == opKetRMax || o == opKetRMin {
				push(pc, e)
			}
		case opAssert, opAssertBack, opAssertNot, opAssertBackNot:
			matched := len(d.groupEnds(pc, pos, groupEnd(prog, pc))) > 0
			if matched == (op == opAssert || op == opAssertBack) {
				push(afterGroup(prog, pc), pos)
			}
		case opCond, opSCond:
			cond := &prog[pc+1]
			condition := false
			first := pc + 2
			switch cond.op {
			case opCRef, opDNCRef:
				d.err = ErrDFAUnsupportedCond
				continue
			case opRRef, opDNRRef:
				if cond.op == opDNRRef || cond.n != rrefAny {
					d.err = ErrDFAUnsupportedCond
					continue
				}
				condition = len(d.recurse) > 0
			case opDef:
			default:
				k := groupEnd(prog, pc+1)
				matched := len(d.groupEnds(pc+1, pos, k)) > 0
				condition = matched == (cond.op == opAssert || cond.op == opAssertBack)
				first = k + 1
			}
			if condition {
				push(first, pos)
			} else {
				push(pc+int(in.link)+1, pos)
			}
		case opReverse:
			p := pos
			ok := true
			for i := int(in.n); i > 0; i-- {
				p--
				if p < 0 {
					ok = false
					break
				}
				if m.utf {
					p = backChar(m.subj, p)
				}
			}
			if ok {
				push(pc+1, p)
			}
		case opRecurse:
			t := int(in.target)
			for _, r := range d.recurse {
				if r.pc == t && r.pos == pos {
					d.err = ErrRecurseLoop
				}
			}
			if d.err != 0 {
				continue
			}
			d.recurse = append(d.recurse, dfaState{t, pos})
			sub := d.groupEnds(t, pos, groupEnd(prog, t))
			d.recurse = d.recurse[:len(d.recurse)-1]
			for _, e := range sub {
				push(pc+1, e)
			}
		case opCirc, opSOD:
			if pos == 0 {
				push(pc+1, pos)
			}
		case opCircM:
			if pos == 0 || (pos < m.end && m.wasNewline(pos)) {
				push(pc+1, pos)
			}
		case opSOM:
			if pos == m.startOffset {
				push(pc+1, pos)
			}
		case opDollM:
			if nl, _ := m.isNewline(pos); pos >= m.end || nl {
				push(pc+1, pos)
			}
		case opDoll, opEODN:
			nl, n := m.isNewline(pos)
			if pos >= m.end || (nl && pos == m.end-n) {
				push(pc+1, pos)
			}
		case opEOD:
			if pos >= m.end {
				push(pc+1, pos)
			}
		case opWordBoundary, opNotWordBoundary:
			prevWord, curWord := false, false
			if pos > 0 {
				c, _ := m.char(m.prevStart(pos))
				prevWord = m.isWord(c)
			}
			if pos < m.end {
				c, _ := m.char(pos)
				curWord = m.isWord(c)
			}
			if (op == opWordBoundary) == (curWord != prevWord) {
				push(pc+1, pos)
			}
		case opCallout:
			push(pc+1, pos)
		case opFail:
		case opRef, opRefI, opDNRef, opDNRefI, opMark, opPrune, opPruneArg, opSkip, opSkipArg,
			opThen, opThenArg, opCommit, opAccept, opAssertAccept, opClose, opSetSOM:
			d.err = ErrDFAUnsupportedItem
		case opCRef, opDNCRef, opRRef, opDNRRef, opDef:
			push(pc+1, pos)
		default:
			if in.rep == repNone {
				if n := m.oneType(in, pos); n >= 0 {
					push(pc+1, n)
				}
				continue
			}
			max := int(in.max)
			if max < 0 {
				max = maxInt
			}
			p := pos
			k := 0
			for ; k < int(in.min); k++ {
				if p = m.oneType(in, p); p < 0 {
					break
				}
			}
			if p < 0 {
				continue
			}
			if in.rep != repPoss {
				push(pc+1, p)
			}
			for ; k < max; k++ {
				n := m.oneType(in, p)
				if n < 0 {
					break
				}
				p = n
				if in.rep != repPoss {
					push(pc+1, p)
				}
			}
			if in.rep == repPoss {
				push(pc+1, p)
			}
		}
	}
	return ends
}

// possessive runs a possessively repeated group as pcre_dfa_exec does:
// one iteration at a time, each taking only its longest match, until an
// iteration fails or matches the empty string. It returns where the
// repeat leaves off, and false when it must fail (no iteration matched
// and the repeat has a minimum of one).
func (d *dfaSearcher) possessive(pc, pos int, allowZero bool) (int, bool) {
	ket := groupEnd(d.m.prog, pc)
	count := 0
	for ; d.err == 0; count++ {
		sub := d.groupEnds(pc, pos, ket)
		if len(sub) == 0 {
			break
		}
		e := sub[0]
		for _, x := range sub {
			if x > e {
				e = x
			}
		}
		if e == pos {
			break
		}
		pos = e
	}
	return pos, count > 0 || allowZero
}

// groupEnds returns the positions at which the group opened at pc, tried
// at pos, reaches its KET.
func (d *dfaSearcher) groupEnds(pc, pos, ket int) []int {
	prog := d.m.prog
	var ends []int
	for a := pc; ; {
		ends = append(ends, d.search(a+1, pos, ket)...)
		a += int(prog[a].link)
		if prog[a].op != opAlt {
			break
		}
	}
	return ends
}
