package regex

import (
	"strings"
	"unsafe"
)

// ExecOptions are the per-call settings of Exec.
type ExecOptions struct {
	// MatchLimit caps the matcher's steps per start position (PCRE's
	// match_limit); 0 means PCRE's default of ten million.
	MatchLimit int
	// NoUTF8Check skips validating a UTF-8 subject (ngx.re's "U" flag).
	NoUTF8Check bool
}

// minPrefixLimit is the match limit above which start positions without
// the pattern's literal prefix are skipped.
const minPrefixLimit = 1000

// Matcher holds the working space of matching and the offsets of the last
// successful match. Reusing one avoids allocating per call; it is not safe
// for concurrent use.
type Matcher struct {
	m    matcher
	ovec []int
	// checked remembers the last subject found to be valid UTF-8, so that
	// repeated calls on one subject (a gsub loop) validate it once.
	checkedPtr *byte
	checkedLen int
}

// Ovector returns the offsets of the last successful match: start and end
// of the whole match, then of each group (-1, -1 for an unset group).
// Only the first 2*rc entries are meaningful, rc being Exec's result.
func (mt *Matcher) Ovector() []int { return mt.ovec }

// reset sizes the vectors for re.
func (mt *Matcher) reset(re *Regexp) {
	n := 2 * (re.ncap + 1)
	if cap(mt.ovec) < n {
		mt.ovec = make([]int, n)
		mt.m.work = make([]int, re.ncap+1)
	}
	mt.ovec = mt.ovec[:n]
	if cap(mt.m.work) < re.ncap+1 {
		mt.m.work = make([]int, re.ncap+1)
	}
	mt.m.work = mt.m.work[:re.ncap+1]
	for i := range mt.ovec {
		mt.ovec[i] = -1
	}
	for i := range mt.m.work {
		mt.m.work[i] = -1
	}
}

// checkUTF8 validates the subject unless it was the last one validated.
func (mt *Matcher) checkUTF8(subject string, start int) int {
	p := unsafe.StringData(subject)
	if p != mt.checkedPtr || len(subject) != mt.checkedLen || len(subject) == 0 {
		if code, _ := validUTF8(subject); code != 0 {
			return ErrBadUTF8
		}
		mt.checkedPtr, mt.checkedLen = p, len(subject)
	}
	if start > 0 && start < len(subject) && isContinuation(subject[start]) {
		return ErrBadUTF8Offset
	}
	return 0
}

// Exec matches re against subject starting at byte offset start, as
// pcre_exec does. It returns the number of offset pairs set (see
// Ovector), NoMatch, or a negative PCRE error code.
func (mt *Matcher) Exec(re *Regexp, subject string, start int, opt ExecOptions) int {
	if start < 0 || start > len(subject) {
		return ErrBadOffset
	}
	if re.utf && !opt.NoUTF8Check {
		if rc := mt.checkUTF8(subject, start); rc != 0 {
			return rc
		}
	}
	mt.reset(re)
	m := &mt.m
	m.re = re
	m.prog = re.prog
	m.subj = subject
	m.end = len(subject)
	m.utf = re.utf
	m.startOffset = start
	m.ovec = mt.ovec
	m.hasThen = re.hasThen
	m.jsCompat = re.jsCompat
	m.bsrAnyCRLF = re.bsrAnyCRLF
	m.recursive = nil
	m.ignoreSkipArg = 0
	m.callLimit = opt.MatchLimit
	if m.callLimit <= 0 {
		m.callLimit = DefaultMatchLimit
	}
	if re.limitMatch > 0 && re.limitMatch < m.callLimit {
		m.callLimit = re.limitMatch
	}
	anchored := re.anchored
	startMatch := start
	end := len(subject)
	reqCharPtr := start - 1
	optimize := !re.noStartOpt
	var rc int
	for {
		if optimize {
			switch {
			case len(re.prefix) > 1 && m.callLimit > minPrefixLimit:
				// Positions where the literal start of the pattern is absent
				// fail within a few steps, so skipping them changes nothing
				// but time (the limit cannot be reached there).
				i := strings.Index(subject[startMatch:], re.prefix)
				if i < 0 {
					startMatch = end
				} else {
					startMatch += i
				}
			case re.hasFirst:
				c1, c2 := re.firstChar, re.firstChar2
				if c1 == c2 {
					if i := strings.IndexByte(subject[startMatch:], c1); i < 0 {
						startMatch = end
					} else {
						startMatch += i
					}
					break
				}
				for startMatch < end && subject[startMatch] != c1 && subject[startMatch] != c2 {
					startMatch++
				}
			case re.startline:
				if startMatch > start {
					for startMatch < end && !m.wasNewline(startMatch) {
						startMatch++
						if m.utf {
							for startMatch < end && isContinuation(subject[startMatch]) {
								startMatch++
							}
						}
					}
					if startMatch < end && subject[startMatch-1] == '\r' && subject[startMatch] == '\n' &&
						(re.nlType == nlAny || re.nlType == nlAnyCRLF) {
						startMatch++
					}
				}
			case re.startBits != nil && !anchored:
				bits := re.startBits
				for startMatch < end && !bits.has(uint32(subject[startMatch])) {
					startMatch++
					if m.utf {
						for startMatch < end && isContinuation(subject[startMatch]) {
							startMatch++
						}
					}
				}
			}
			if re.minLength > 0 && end-startMatch < re.minLength {
				rc = mNoMatch
				break
			}
			if re.hasReq && end-startMatch < 1000 {
				p := startMatch
				if re.hasFirst {
					p++
				}
				if p > reqCharPtr {
					r1, r2 := re.reqChar, re.reqChar2
					// p passes the end when the first character was the
					// last one.
					if r1 == r2 && p < end {
						if i := strings.IndexByte(subject[p:], r1); i < 0 {
							p = end
						} else {
							p += i
						}
					}
					for p < end && subject[p] != r1 && subject[p] != r2 {
						p++
					}
					if p >= end {
						rc = mNoMatch
						break
					}
					reqCharPtr = p
				}
			}
		}

		m.startMatchPtr = startMatch
		m.callCount = 0
		m.matchFunctionType = 0
		m.endOffsetTop = 0
		m.skipArgCount = 0
		m.captureLast = 0
		m.mark, m.nomatchMark = -1, -1
		m.eptrs = m.eptrs[:0]
		rc = m.match(startMatch, 0, startMatch, 2, -1, 0)

		var newStart int
		switch rc {
		case mSkipArg:
			newStart = startMatch
			m.ignoreSkipArg = m.skipArgCount
		case mSkip:
			if m.startMatchPtr > startMatch {
				newStart = m.startMatchPtr
				break
			}
			fallthrough
		case mNoMatch, mPrune, mThen:
			m.ignoreSkipArg = 0
			newStart = startMatch + 1
			if m.utf {
				for newStart < end && isContinuation(subject[newStart]) {
					newStart++
				}
			}
		case mCommit:
			return NoMatch
		default:
			goto done
		}
		rc = mNoMatch
		startMatch = newStart
		if anchored || startMatch > end {
			break
		}
		if startMatch > start && subject[startMatch-1] == '\r' && startMatch < end &&
			subject[startMatch] == '\n' && !re.hasCRorLF &&
			(re.nlType == nlAny || re.nlType == nlAnyCRLF || len(re.nl) == 2) {
			startMatch++
		}
	}
done:
	if rc == mMatch || rc == mAccept {
		top := m.endOffsetTop
		for i := top; i < len(mt.ovec); i++ {
			mt.ovec[i] = -1
		}
		mt.ovec[0] = m.startMatchPtr
		mt.ovec[1] = m.endMatchPtr
		if top < 2 {
			top = 2
		}
		return top / 2
	}
	if rc == mNoMatch {
		return NoMatch
	}
	return rc
}

// NumMatchSteps returns the number of matcher steps the last Exec used at
// its last start position (for tests of match-limit accounting).
func (mt *Matcher) NumMatchSteps() int { return mt.m.callCount }
