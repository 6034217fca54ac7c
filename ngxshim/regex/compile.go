package regex

import "strings"

// Options are the pattern options ngx.re can set (its i, m, s, x, a, u, U,
// D and J flags).
type Options uint32

// Pattern options.
const (
	// Caseless is PCRE_CASELESS (ngx.re "i").
	Caseless Options = 1 << iota
	// Multiline is PCRE_MULTILINE ("m").
	Multiline
	// DotAll is PCRE_DOTALL ("s").
	DotAll
	// Extended is PCRE_EXTENDED ("x").
	Extended
	// Anchored is PCRE_ANCHORED ("a").
	Anchored
	// UTF8 is PCRE_UTF8 ("u", "U").
	UTF8
	// DupNames is PCRE_DUPNAMES ("D").
	DupNames
	// JavaScript is PCRE_JAVASCRIPT_COMPAT ("J").
	JavaScript

	optUngreedy
	optExtra
	optUCP
	optNoAutoPossess
	optNoStartOptimize
)

// Newline conventions.
const (
	nlFixed = iota
	nlAny
	nlAnyCRLF
)

// NameEntry is one entry of a pattern's name table: a named group's name
// and number.
type NameEntry struct {
	Name  string
	Group int
}

// Regexp is a compiled pattern. It is immutable and safe for concurrent use.
type Regexp struct {
	prog       []inst
	opts       Options // the options in force at the end of the pattern start
	utf        bool
	ncap       int // highest group number
	topBackref int
	names      []NameEntry

	anchored      bool
	startline     bool
	hasFirst      bool
	firstChar     byte
	firstChar2    byte // other case of firstChar, or firstChar
	hasReq        bool
	reqChar       byte
	reqChar2      byte
	hasThen       bool
	hasCRorLF     bool
	jsCompat      bool
	bsrAnyCRLF    bool
	noStartOpt    bool
	maxLookbehind int

	nlType int
	nl     string // fixed newline sequence

	limitMatch     int // (*LIMIT_MATCH=) or 0
	limitRecursion int

	// study results: start bits and minimum length, as pcre_study finds
	// them; studied reports whether study produced anything (PCRE only
	// applies a configured match limit to studied patterns).
	startBits *bitset
	minLength int
	studied   bool

	// prefix is the literal text every match starts with (a speed-up of
	// this engine, not PCRE's).
	prefix string

	dfaCapture bool // not used by the backtracking matcher
}

// NumCaptures returns the number of capturing groups.
func (re *Regexp) NumCaptures() int { return re.ncap }

// Names returns the name table, in PCRE's order (by name; equal names in
// the order of their groups).
func (re *Regexp) Names() []NameEntry { return re.names }

// UTF8 reports whether the pattern was compiled in UTF-8 mode.
func (re *Regexp) UTF8() bool { return re.utf }

// Studied reports whether PCRE's pcre_study would find data for the
// pattern (start bytes or a minimum length); ngx_lua only applies
// lua_regex_match_limit to studied patterns.
func (re *Regexp) Studied() bool { return re.studied }

// first/required character flags, as PCRE keeps them.
const (
	reqUnset    = -2
	reqNone     = -1
	reqCaseless = 1
	reqVary     = 2
)

type openCap struct {
	number int
	flag   bool // contains a back reference to itself
}

type nameDef struct {
	name   string
	number int
}

// branchChain links the branches being compiled, innermost first, for the
// "could this recursion loop" check.
type branchChain struct {
	outer   *branchChain
	current int // index of the bracket or ALT starting the current branch
}

// deferredCheck is an error PCRE only finds in its second compile pass; it
// is reported if the whole pattern passes the first-pass checks.
type deferredCheck struct {
	offset int
	check  func() int
}

type compiler struct {
	pat     string
	ptr     int
	prog    []inst
	errcode int

	externalOptions Options
	utf             bool
	bracount        int
	names           []nameDef
	dupnames        bool
	dupgroups       bool
	openCaps        []*openCap
	assertDepth     int
	parensDepth     int
	hadAccept       bool
	hadPruneOrSkip  bool
	hasThen         bool
	hasCRorLF       bool
	reqVaryOpt      int32
	maxLookbehind   int
	backrefMap      uint32
	topBackref      int
	iscondassert    bool
	deferred        []deferredCheck
	// open lists the brackets being compiled.
	open   []int
	nlType int
	nl     string
}

// maxParensDepth is PCRE's PARENS_NEST_LIMIT.
const maxParensDepth = 250

// Compile compiles pattern with opts. The pattern ends at its first NUL
// byte, as PCRE reads a C string.
func Compile(pattern string, opts Options) (*Regexp, error) {
	if i := strings.IndexByte(pattern, 0); i >= 0 {
		pattern = pattern[:i]
	}
	c := &compiler{pat: pattern, nlType: nlFixed, nl: "\n"}
	re := &Regexp{}
	skip := c.startOptions(&opts, re)
	c.utf = opts&UTF8 != 0
	if c.utf {
		if code, off := validUTF8(pattern); code != 0 {
			return nil, &CompileError{Code: errBadUTF8Pattern, Offset: off}
		}
	}
	c.externalOptions = opts
	c.ptr = skip
	c.emit(inst{op: opBra})
	c.open = []int{0}
	fr, _ := c.compileRegex(opts, 0, false, false, 0, nil)
	if c.errcode != 0 {
		return nil, &CompileError{Code: c.errcode, Offset: c.ptr}
	}
	for _, d := range c.deferred {
		if code := d.check(); code != 0 {
			return nil, &CompileError{Code: code, Offset: d.offset}
		}
	}
	if c.ptr < len(c.pat) {
		return nil, &CompileError{Code: errUnmatchedParen, Offset: c.ptr}
	}
	c.emit(inst{op: opEnd})
	c.buildNames(re)
	c.resolveNames(re)
	if c.topBackref > c.bracount {
		return nil, &CompileError{Code: errNoSuchGroup, Offset: len(c.pat)}
	}
	if opts&optNoAutoPossess == 0 {
		c.autoPossessify()
	}
	if code := c.checkLookbehinds(); code != 0 {
		return nil, &CompileError{Code: code, Offset: len(c.pat)}
	}
	c.finish(re, opts, fr)
	return re, nil
}

// startOptions reads (*UTF8), (*UCP), (*CR) and the like at the start of
// the pattern and returns the number of bytes they take.
func (c *compiler) startOptions(opts *Options, re *Regexp) int {
	skip := 0
	for strings.HasPrefix(c.pat[skip:], "(*") {
		rest := c.pat[skip+2:]
		switch {
		case strings.HasPrefix(rest, "UTF8)"):
			skip += 7
			*opts |= UTF8
		case strings.HasPrefix(rest, "UTF)"):
			skip += 6
			*opts |= UTF8
		case strings.HasPrefix(rest, "UCP)"):
			skip += 6
			*opts |= optUCP
		case strings.HasPrefix(rest, "NO_AUTO_POSSESS)"):
			skip += 18
			*opts |= optNoAutoPossess
		case strings.HasPrefix(rest, "NO_START_OPT)"):
			skip += 15
			*opts |= optNoStartOptimize
		case strings.HasPrefix(rest, "LIMIT_MATCH="), strings.HasPrefix(rest, "LIMIT_RECURSION="):
			p := skip + 2 + strings.IndexByte(rest, '=') + 1
			v := 0
			for p < len(c.pat) && isDigit(c.pat[p]) && v < 1<<31/10 {
				v = v*10 + int(c.pat[p]-'0')
				p++
			}
			if p >= len(c.pat) || c.pat[p] != ')' {
				return skip
			}
			if strings.HasPrefix(rest, "LIMIT_MATCH=") {
				if re.limitMatch == 0 || v < re.limitMatch {
					re.limitMatch = v
				}
			} else if re.limitRecursion == 0 || v < re.limitRecursion {
				re.limitRecursion = v
			}
			skip = p + 1
		case strings.HasPrefix(rest, "CR)"):
			skip += 5
			c.nlType, c.nl = nlFixed, "\r"
		case strings.HasPrefix(rest, "LF)"):
			skip += 5
			c.nlType, c.nl = nlFixed, "\n"
		case strings.HasPrefix(rest, "CRLF)"):
			skip += 7
			c.nlType, c.nl = nlFixed, "\r\n"
		case strings.HasPrefix(rest, "ANY)"):
			skip += 6
			c.nlType = nlAny
		case strings.HasPrefix(rest, "ANYCRLF)"):
			skip += 10
			c.nlType = nlAnyCRLF
		case strings.HasPrefix(rest, "BSR_ANYCRLF)"):
			skip += 14
			re.bsrAnyCRLF = true
		case strings.HasPrefix(rest, "BSR_UNICODE)"):
			skip += 14
			re.bsrAnyCRLF = false
		default:
			return skip
		}
	}
	return skip
}

func (c *compiler) emit(in inst) int {
	if in.min == 0 && in.max == 0 {
		in.min, in.max = 1, 1
	}
	c.prog = append(c.prog, in)
	return len(c.prog) - 1
}

// firstReq is the first and required character information of a branch
// or group (PCRE's firstchar/reqchar with their flags).
type firstReq struct {
	first, req           uint32
	firstFlags, reqFlags int32
}

// compileRegex compiles the alternatives of the group whose bracket is at
// prog[start], up to the closing parenthesis or the end of the pattern
// (c.ptr is left there), and appends the KET.
func (c *compiler) compileRegex(opts Options, start int, lookbehind, resetBracount bool,
	condDepth int, outer *branchChain) (firstReq, bool) {
	var capItem *openCap
	if c.prog[start].op == opCBra {
		capItem = &openCap{number: int(c.prog[start].n)}
		c.openCaps = append(c.openCaps, capItem)
	}
	fr := firstReq{firstFlags: reqUnset, reqFlags: reqUnset}
	lastBranch := start
	origBracount, maxBracount := c.bracount, c.bracount
	bc := &branchChain{outer: outer, current: start}
	for {
		if resetBracount {
			c.bracount = origBracount
		}
		if lookbehind {
			c.emit(inst{op: opReverse})
		}
		bfr, ok := c.compileBranch(&opts, bc, condDepth)
		if !ok {
			return fr, false
		}
		if c.bracount > maxBracount {
			maxBracount = c.bracount
		}
		if c.prog[lastBranch].op != opAlt {
			fr = bfr
		} else {
			if fr.firstFlags >= 0 && (fr.firstFlags != bfr.firstFlags || fr.first != bfr.first) {
				if fr.reqFlags < 0 {
					fr.req, fr.reqFlags = fr.first, fr.firstFlags
				}
				fr.firstFlags = reqNone
			}
			if fr.firstFlags < 0 && bfr.firstFlags >= 0 && bfr.reqFlags < 0 {
				bfr.req, bfr.reqFlags = bfr.first, bfr.firstFlags
			}
			if (fr.reqFlags&^reqVary) != (bfr.reqFlags&^reqVary) || fr.req != bfr.req {
				fr.reqFlags = reqNone
			} else {
				fr.req = bfr.req
				fr.reqFlags |= bfr.reqFlags
			}
		}
		if lookbehind {
			c.checkBranchLookbehind(lastBranch)
		}
		if c.at(c.ptr) != '|' || c.ptr >= len(c.pat) {
			ket := c.emit(inst{op: opKet})
			c.prog[lastBranch].link = int32(ket - lastBranch)
			c.prog[ket].link = int32(ket - start)
			if capItem != nil {
				if capItem.flag {
					c.wrapOnce(start)
				}
				c.openCaps = c.openCaps[:len(c.openCaps)-1]
			}
			c.bracount = maxBracount
			return fr, true
		}
		alt := c.emit(inst{op: opAlt})
		c.prog[lastBranch].link = int32(alt - lastBranch)
		lastBranch = alt
		bc.current = alt
		c.ptr++
	}
}

// checkBranchLookbehind computes the fixed length of the lookbehind branch
// that starts at prog[branch] (a bracket or ALT followed by REVERSE).
func (c *compiler) checkBranchLookbehind(branch int) {
	rev := branch + 1
	fl := c.fixedLength(rev, len(c.prog), false, nil)
	switch {
	case fl == -3:
		c.prog[rev].n = -1 // to be checked at the end
	case fl < 0:
		code := errLookbehindLength
		if fl == -2 {
			code = errCInLookbehind
		}
		off := c.ptr
		c.deferred = append(c.deferred, deferredCheck{offset: off, check: func() int { return code }})
	default:
		if fl > c.maxLookbehind {
			c.maxLookbehind = fl
		}
		c.prog[rev].n = int32(fl)
	}
}

// wrapOnce wraps the group starting at prog[start] (ending at the end of
// the program) in an atomic group.
func (c *compiler) wrapOnce(start int) {
	n := len(c.prog) - start
	c.prog = append(c.prog, inst{}, inst{})
	copy(c.prog[start+1:], c.prog[start:start+n])
	c.prog[start] = inst{op: opOnce, min: 1, max: 1, link: int32(n + 1)}
	end := len(c.prog) - 1
	c.prog[end] = inst{op: opKet, min: 1, max: 1, link: int32(end - start)}
}

// findBracket returns the index of the first capturing bracket numbered n.
func findBracket(prog []inst, n int) int {
	for i := range prog {
		if isCapturing(prog[i].op) && int(prog[i].n) == n {
			return i
		}
	}
	return -1
}

// checkLookbehinds checks lookbehind branches containing subroutine calls,
// which could not be measured while compiling.
func (c *compiler) checkLookbehinds() int {
	for pc := range c.prog {
		if c.prog[pc].op != opReverse || c.prog[pc].n != -1 {
			continue
		}
		end := pc - 1 + int(c.prog[pc-1].link)
		fl := c.fixedLength(pc, end, true, nil)
		if fl < 0 {
			if fl == -2 {
				return errCInLookbehind
			}
			return errLookbehindLength
		}
		if fl > c.maxLookbehind {
			c.maxLookbehind = fl
		}
		c.prog[pc].n = int32(fl)
	}
	return 0
}
