package regex

// Return codes of the internal match function besides PCRE's negative
// error numbers.
const (
	mNoMatch = 0
	mMatch   = 1
	mAccept  = -999
	mKetRPos = -998
	mOnce    = -997
	mCommit  = -996
	mPrune   = -995
	mSkip    = -994
	mSkipArg = -993
	mThen    = -992
)

func isBacktrackVerb(rc int) bool { return rc >= mCommit && rc <= mThen }

// Values of matcher.matchFunctionType.
const (
	mfCondAssert = 1 // evaluating an assertion that is a condition
	mfCBEGroup   = 2 // entering a group that may match empty in a loop
)

// DefaultMatchLimit is PCRE's default match limit.
const DefaultMatchLimit = 10000000

// maxDepth bounds the matcher's recursion (PCRE's match_limit_recursion
// in practice is the C stack); past it a match fails with
// ErrRecursionLimit instead of exhausting the goroutine stack.
const maxDepth = 200000

type eptrBlock struct {
	saved int
	prev  int
}

type recursionInfo struct {
	prev             *recursionInfo
	groupNum         int
	savedOvec        []int
	savedWork        []int
	savedCaptureLast int
	subjectPosition  int
}

// matcher is the state of one pcre_exec call (PCRE's match_data).
type matcher struct {
	re   *Regexp
	prog []inst
	subj string
	end  int
	utf  bool

	startOffset int
	ovec        []int // pairs of offsets, group 0 first
	work        []int // start offsets of groups being matched
	captureLast int

	callCount, callLimit int

	matchFunctionType int
	eptrs             []eptrBlock
	startMatchPtr     int
	endMatchPtr       int
	endOffsetTop      int
	onceTarget        int
	thenPC            int
	recursive         *recursionInfo

	mark, nomatchMark int // index of the (*MARK) instruction, -1 if none
	skipArgName       string
	skipArgCount      int
	ignoreSkipArg     int

	hasThen    bool
	jsCompat   bool
	bsrAnyCRLF bool
}

// ---------------------------------------------------------------------
// Character helpers

// char returns the character at eptr and its length.
func (m *matcher) char(eptr int) (uint32, int) {
	if !m.utf {
		return uint32(m.subj[eptr]), 1
	}
	return decode(m.subj, eptr)
}

// prevChar returns the start of the character before eptr.
func (m *matcher) prevStart(eptr int) int {
	if !m.utf {
		return eptr - 1
	}
	return backChar(m.subj, eptr-1)
}

// isNewline reports whether a newline starts at p, with its length.
func (m *matcher) isNewline(p int) (bool, int) {
	re := m.re
	if p >= m.end {
		return false, 0
	}
	switch re.nlType {
	case nlFixed:
		if len(re.nl) == 1 {
			return m.subj[p] == re.nl[0], 1
		}
		if m.end-p >= 2 && m.subj[p] == re.nl[0] && m.subj[p+1] == re.nl[1] {
			return true, 2
		}
		return false, 0
	}
	c, n := m.char(p)
	switch c {
	case '\n':
		return true, 1
	case '\r':
		if p+1 < m.end && m.subj[p+1] == '\n' {
			return true, 2
		}
		return true, 1
	case 0x0b, 0x0c, 0x85, 0x2028, 0x2029:
		if re.nlType == nlAny {
			return true, n
		}
	}
	return false, 0
}

// wasNewline reports whether a newline ends just before p.
func (m *matcher) wasNewline(p int) bool {
	re := m.re
	if p <= 0 {
		return false
	}
	if re.nlType == nlFixed {
		n := len(re.nl)
		return p >= n && m.subj[p-n:p] == re.nl
	}
	q := m.prevStart(p)
	c, _ := m.char(q)
	switch c {
	case '\n', '\r':
		return true
	case 0x0b, 0x0c, 0x85, 0x2028, 0x2029:
		return re.nlType == nlAny
	}
	return false
}

func isWordByte(c uint32) bool { return c < 256 && ctypes[c]&ctWord != 0 }

// matchType reports whether character c matches a single-character type.
func (m *matcher) matchType(op opcode, c uint32, in *inst) bool {
	switch op {
	case opNotDigit:
		return c > 255 || ctypes[c]&ctDigit == 0
	case opDigit:
		return c < 256 && ctypes[c]&ctDigit != 0
	case opNotWhitespace:
		return c > 255 || ctypes[c]&ctSpace == 0
	case opWhitespace:
		return c < 256 && ctypes[c]&ctSpace != 0
	case opNotWordchar:
		return c > 255 || ctypes[c]&ctWord == 0
	case opWordchar:
		return c < 256 && ctypes[c]&ctWord != 0
	case opHSpace:
		return isHSpace(c)
	case opNotHSpace:
		return !isHSpace(c)
	case opVSpace:
		return isVSpace(c)
	case opNotVSpace:
		return !isVSpace(c)
	case opProp:
		return propMatch(c, int(in.c), int(in.oc), in.clist)
	case opNotProp:
		return !propMatch(c, int(in.c), int(in.oc), in.clist)
	}
	return true
}

// oneType matches one character of a single-character item at eptr and
// returns the new position, or -1.
func (m *matcher) oneType(in *inst, eptr int) int {
	if eptr >= m.end {
		return -1
	}
	switch in.op {
	case opAny:
		if nl, _ := m.isNewline(eptr); nl {
			return -1
		}
		fallthrough
	case opAllAny:
		eptr++
		if m.utf {
			for eptr < m.end && isContinuation(m.subj[eptr]) {
				eptr++
			}
		}
		return eptr
	case opAnyByte:
		return eptr + 1
	case opAnyNL:
		c, n := m.char(eptr)
		switch c {
		case '\r':
			eptr += n
			if eptr < m.end && m.subj[eptr] == '\n' {
				eptr++
			}
			return eptr
		case '\n':
			return eptr + n
		case 0x0b, 0x0c, 0x85, 0x2028, 0x2029:
			if m.bsrAnyCRLF {
				return -1
			}
			return eptr + n
		}
		return -1
	case opExtUni:
		c, n := m.char(eptr)
		eptr += n
		lgb := graphemeBreak(c)
		for eptr < m.end {
			c, n := m.char(eptr)
			rgb := graphemeBreak(c)
			if !graphemeJoins(lgb, rgb) {
				break
			}
			lgb = rgb
			eptr += n
		}
		return eptr
	case opChar:
		if m.utf && in.c > 0x7f {
			c, n := decode(m.subj, eptr)
			if c != in.c {
				return -1
			}
			return eptr + n
		}
		if uint32(m.subj[eptr]) != in.c {
			return -1
		}
		return eptr + 1
	case opCharI:
		c, n := m.char(eptr)
		if c != in.c && c != in.oc {
			return -1
		}
		return eptr + n
	case opNot:
		c, n := m.char(eptr)
		if c == in.c {
			return -1
		}
		return eptr + n
	case opNotI:
		c, n := m.char(eptr)
		if c == in.c || c == in.oc {
			return -1
		}
		return eptr + n
	case opClass:
		c, n := m.char(eptr)
		if !in.cls.matches(c) {
			return -1
		}
		return eptr + n
	}
	c, n := m.char(eptr)
	if !m.matchType(in.op, c, in) {
		return -1
	}
	return eptr + n
}

// matchRef matches the text of group offset (the pair index) at eptr and
// returns the number of subject bytes matched, or -1.
func (m *matcher) matchRef(offset, eptr, length int, caseless bool) int {
	if length <= 0 {
		return length // 0: an empty or (JavaScript mode) unset group matches
	}
	p := m.ovec[offset]
	start := eptr
	if !caseless {
		if m.end-eptr < length || m.subj[eptr:eptr+length] != m.subj[p:p+length] {
			return -1
		}
		return length
	}
	if m.utf {
		endp := p + length
		for p < endp {
			if eptr >= m.end {
				return -1
			}
			c, n := decode(m.subj, eptr)
			d, dn := decode(m.subj, p)
			eptr += n
			p += dn
			if c != d && c != otherCase(d) {
				ok := false
				for _, x := range caseOrbit(d) {
					if x == c {
						ok = true
					}
				}
				if !ok {
					return -1
				}
			}
		}
		return eptr - start
	}
	for ; length > 0; length-- {
		if eptr >= m.end {
			return -1
		}
		if lcc[m.subj[p]] != lcc[m.subj[eptr]] {
			return -1
		}
		p++
		eptr++
	}
	return eptr - start
}
