package regex

// group compiles a parenthesized item; c.ptr is on the '('.
func (b *branch) group() {
	c := b.c
	c.ptr++
	if c.at(c.ptr) == '*' && (c.at(c.ptr+1) == ':' || ctypes[c.at(c.ptr+1)]&ctLetter != 0) {
		b.verb()
		return
	}
	newOpts := b.opts
	bravalue := opCBra
	resetBracount := false
	lookbehind := false
	var cond *inst
	if c.at(c.ptr) == '?' && c.ptr < len(c.pat) {
		c.ptr++
		switch c.at(c.ptr) {
		case '|':
			resetBracount = true
			c.dupgroups = true
			bravalue = opBra
			c.ptr++
		case ':':
			bravalue = opBra
			c.ptr++
		case '(':
			bravalue = opCond
			var ok bool
			if cond, ok = b.condition(); !ok {
				return
			}
		case '=':
			bravalue = opAssert
			c.assertDepth++
			c.ptr++
		case '!':
			c.ptr++
			if c.at(c.ptr) == ')' && c.ptr < len(c.pat) {
				n := c.at(c.ptr + 1)
				if n != '*' && n != '+' && n != '?' && (n != '{' || !c.isCountedRepeat(c.ptr+2)) {
					c.emit(inst{op: opFail})
					b.previous = -1
					c.ptr++
					return
				}
			}
			bravalue = opAssertNot
			c.assertDepth++
		case '<':
			switch c.at(c.ptr + 1) {
			case '=':
				bravalue = opAssertBack
				lookbehind = true
				c.assertDepth++
				c.ptr += 2
			case '!':
				bravalue = opAssertBackNot
				lookbehind = true
				c.assertDepth++
				c.ptr += 2
			default:
				if ctypes[c.at(c.ptr+1)]&ctWord == 0 {
					c.ptr++
					c.errcode = errUnknownAfterLT
					return
				}
				if !b.defineName('>') {
					return
				}
			}
		case '>':
			bravalue = opOnce
			c.ptr++
		case 'C':
			c.ptr++
			n := 0
			for isDigit(c.at(c.ptr)) {
				n = n*10 + int(c.pat[c.ptr]-'0')
				c.ptr++
				if n > 255 {
					c.errcode = errCalloutNumber
					return
				}
			}
			if c.at(c.ptr) != ')' || c.ptr >= len(c.pat) {
				c.errcode = errCalloutParen
				return
			}
			b.previous = -1
			c.ptr++
			return
		case 'P':
			c.ptr++
			switch c.at(c.ptr) {
			case '=', '>':
				b.namedRefOrRecurse(')', c.pat[c.ptr] == '>')
				return
			case '<':
				if !b.defineName('>') {
					return
				}
			default:
				c.errcode = errAfterP
				return
			}
		case '\'':
			if !b.defineName('\'') {
				return
			}
		case '&':
			b.namedRefOrRecurse(')', true)
			return
		case 'R':
			c.ptr++
			if c.at(c.ptr) != ')' || c.ptr >= len(c.pat) {
				c.errcode = errRecurseSyntax
				return
			}
			b.recursion(0)
			c.ptr++
			return
		case '-', '+', '0', '1', '2', '3', '4', '5', '6', '7', '8', '9':
			if c.at(c.ptr) != '-' || isDigit(c.at(c.ptr+1)) {
				b.numericalRecursion(')')
				return
			}
			var ok bool
			if newOpts, ok = b.optionSetting(); !ok {
				return
			}
			bravalue = opBra
		default:
			var ok bool
			if newOpts, ok = b.optionSetting(); !ok {
				return
			}
			bravalue = opBra
		}
	}
	n := 0
	if bravalue == opCBra {
		c.bracount++
		n = c.bracount
	}
	c.parensDepth++
	if c.parensDepth > maxParensDepth {
		c.errcode = errNestedTooDeep
		return
	}
	isAssert := bravalue >= opAssert && bravalue <= opAssertBackNot
	if isAssert && c.iscondassert {
		b.previous = -1
		c.iscondassert = false
	} else {
		b.previous = len(c.prog)
	}
	start := c.emit(inst{op: bravalue, n: int32(n)})
	if cond != nil {
		c.emit(*cond)
	}
	tempReqVary := c.reqVaryOpt
	tempBracount := c.bracount
	c.open = append(c.open, start)
	depth := b.condDepth
	if bravalue == opCond {
		depth++
	}
	sub, ok := c.compileRegex(newOpts, start, lookbehind, resetBracount, depth, b.bc)
	c.open = c.open[:len(c.open)-1]
	if !ok {
		return
	}
	c.parensDepth--
	if bravalue == opOnce && c.bracount <= tempBracount {
		c.prog[start].op = opOnceNC
	}
	if isAssert {
		c.assertDepth--
	}
	isDefine := false
	if bravalue == opCond {
		count := 1
		for pc := start + int(c.prog[start].link); c.prog[pc].op == opAlt; pc += int(c.prog[pc].link) {
			count++
		}
		off := c.ptr
		if c.prog[start+1].op == opDef {
			isDefine = true
			if count > 1 {
				c.deferError(off, errDefineBranches)
			}
		} else {
			if count > 2 {
				c.deferError(off, errCondBranches)
			}
			if count == 1 {
				sub.firstFlags, sub.reqFlags = reqNone, reqNone
			}
		}
	}
	if c.at(c.ptr) != ')' || c.ptr >= len(c.pat) {
		c.errcode = errMissingParen
		return
	}
	c.ptr++
	if isDefine {
		return
	}
	b.noteZero()
	b.groupSetFirstChar = false
	if bravalue >= opOnce {
		if b.firstFlags == reqUnset {
			if sub.firstFlags >= 0 {
				b.first, b.firstFlags = sub.first, sub.firstFlags
				b.groupSetFirstChar = true
			} else {
				b.firstFlags = reqNone
			}
			b.zeroFirstFlags = reqNone
		} else if sub.firstFlags >= 0 && sub.reqFlags < 0 {
			sub.req, sub.reqFlags = sub.first, sub.firstFlags|tempReqVary
		}
		if sub.reqFlags >= 0 {
			b.req, b.reqFlags = sub.req, sub.reqFlags
		}
	} else if bravalue == opAssert && sub.reqFlags >= 0 && sub.firstFlags >= 0 {
		b.req, b.reqFlags = sub.req, sub.reqFlags
	}
}

func (c *compiler) deferError(offset, code int) {
	c.deferred = append(c.deferred, deferredCheck{offset: offset, check: func() int { return code }})
}

// optionSetting reads (?imsxUXJ-...) at c.ptr; on ')' it changes the
// branch options and returns false for "done", on ':' it returns the
// options of the group that follows.
func (b *branch) optionSetting() (Options, bool) {
	c := b.c
	var set, unset Options
	optset := &set
	for c.ptr >= len(c.pat) || (c.pat[c.ptr] != ')' && c.pat[c.ptr] != ':') {
		ch := c.at(c.ptr)
		c.ptr++
		switch ch {
		case '-':
			optset = &unset
		case 'J':
			*optset |= DupNames
		case 'i':
			*optset |= Caseless
		case 'm':
			*optset |= Multiline
		case 's':
			*optset |= DotAll
		case 'x':
			*optset |= Extended
		case 'U':
			*optset |= optUngreedy
		case 'X':
			*optset |= optExtra
		default:
			c.ptr--
			c.errcode = errUnknownGroupOption
			return 0, false
		}
	}
	newOpts := (b.opts | set) &^ unset
	if c.pat[c.ptr] == ')' {
		b.setOptions(newOpts)
		b.previous = -1
		c.ptr++
		return 0, false
	}
	c.ptr++
	return newOpts, true
}

// defineName reads the name of a named group; c.ptr is on the '<' or '\”
// before it. On success c.ptr is after the terminator.
func (b *branch) defineName(term byte) bool {
	c := b.c
	c.ptr++
	start := c.ptr
	if isDigit(c.at(c.ptr)) {
		c.errcode = errNameDigit
		return false
	}
	for c.ptr < len(c.pat) && ctypes[c.pat[c.ptr]]&ctWord != 0 {
		c.ptr++
	}
	name := c.pat[start:c.ptr]
	number := c.bracount + 1
	if c.at(c.ptr) != term || c.ptr >= len(c.pat) {
		c.errcode = errNameTerminator
		return false
	}
	if len(c.names) >= 10000 {
		c.errcode = errTooManyNames
		return false
	}
	if len(name) > 32 {
		c.errcode = errNameTooLong
		return false
	}
	dup := false
	for _, d := range c.names {
		if d.name == name {
			if d.number == number {
				dup = true
				break
			}
			if b.opts&DupNames == 0 {
				c.errcode = errDuplicateName
				return false
			}
			c.dupnames = true
		} else if d.number == number {
			c.errcode = errDifferentNames
			return false
		}
	}
	if !dup {
		c.names = append(c.names, nameDef{name: name, number: number})
	}
	c.ptr++
	return true
}

// lookupName returns the group numbers named name, in name-table order.
func (c *compiler) lookupName(name string) []int {
	var nums []int
	for _, d := range c.names {
		if d.name == name {
			nums = append(nums, d.number)
		}
	}
	return nums
}

// namedRefOrRecurse compiles \k<name>, (?P=name), (?P>name), (?&name) and
// \g<name>; c.ptr is on the character before the name.
func (b *branch) namedRefOrRecurse(term byte, isRecurse bool) {
	c := b.c
	c.ptr++
	start := c.ptr
	if isDigit(c.at(c.ptr)) {
		c.errcode = errNameDigit
		return
	}
	for c.ptr < len(c.pat) && ctypes[c.pat[c.ptr]]&ctWord != 0 {
		c.ptr++
	}
	name := c.pat[start:c.ptr]
	if len(name) == 0 {
		c.errcode = errNameExpected
		return
	}
	if c.at(c.ptr) != term || c.ptr >= len(c.pat) {
		c.errcode = errNameTerminator
		return
	}
	if len(name) > 32 {
		c.errcode = errNameTooLong
		return
	}
	off := c.ptr
	nums := c.lookupName(name)
	if len(nums) == 0 {
		c.deferred = append(c.deferred, deferredCheck{offset: off, check: func() int {
			if len(c.lookupName(name)) == 0 {
				return errNoSuchGroup
			}
			return 0
		}})
	}
	c.ptr++
	if isRecurse {
		if len(nums) > 0 {
			b.recursionAt(nums[0], off)
			return
		}
		b.previous = len(c.prog)
		c.emit(inst{op: opRecurse, n: -1, arg: name})
		b.afterRecursion()
		return
	}
	if b.firstFlags == reqUnset {
		b.firstFlags, b.zeroFirstFlags = reqNone, reqNone
	}
	op := opRef
	if b.opts&Caseless != 0 {
		op = opRefI
	}
	b.previous = c.emit(inst{op: op, n: -1, arg: name})
	for _, n := range nums {
		c.noteBackref(n)
	}
}

// numericalRecursion compiles (?n), (?+n), (?-n) and \g<n>; c.ptr is on
// the sign or first digit.
func (b *branch) numericalRecursion(term byte) {
	c := b.c
	sign := c.at(c.ptr)
	switch sign {
	case '+':
		c.ptr++
		if !isDigit(c.at(c.ptr)) {
			c.errcode = errDigitAfterPlus
			return
		}
	case '-':
		c.ptr++
	}
	n := 0
	for isDigit(c.at(c.ptr)) {
		if n > maxInt/10-1 {
			for isDigit(c.at(c.ptr)) {
				c.ptr++
			}
			c.errcode = errNumberTooBig
			return
		}
		n = n*10 + int(c.pat[c.ptr]-'0')
		c.ptr++
	}
	if c.at(c.ptr) != term || c.ptr >= len(c.pat) {
		c.errcode = errRecurseSyntax
		return
	}
	switch sign {
	case '-':
		if n == 0 {
			c.errcode = errZeroReference
			return
		}
		n = c.bracount - n + 1
		if n <= 0 {
			c.errcode = errNoSuchGroup
			return
		}
	case '+':
		if n == 0 {
			c.errcode = errZeroReference
			return
		}
		n += c.bracount
	}
	b.recursion(n)
	c.ptr++
}

// recursion compiles a call of group n (0: the whole pattern) with c.ptr
// on the terminator.
func (b *branch) recursion(n int) { b.recursionAt(n, b.c.ptr) }

func (b *branch) recursionAt(n, off int) {
	c := b.c
	b.previous = len(c.prog)
	called := 0
	if n != 0 {
		called = findBracket(c.prog, n)
	}
	if called < 0 {
		c.deferred = append(c.deferred, deferredCheck{offset: off, check: func() int {
			if n > c.bracount {
				return errNoSuchGroup
			}
			return 0
		}})
	} else if c.isOpen(called) && b.condDepth <= 0 && c.couldBeEmpty(called, len(c.prog), b.bc) {
		c.deferError(off, errRecursiveLoop)
	}
	c.emit(inst{op: opRecurse, n: int32(n)})
	b.afterRecursion()
}

func (b *branch) afterRecursion() {
	b.groupSetFirstChar = false
	b.noFirstIfUnset()
	b.zeroFirst, b.zeroFirstFlags = b.first, b.firstFlags
}

func (c *compiler) isOpen(pc int) bool {
	for _, o := range c.open {
		if o == pc {
			return true
		}
	}
	return false
}

// subroutineG compiles \g<...> and \g'...'; c.ptr is on the 'g'.
func (b *branch) subroutineG() {
	c := b.c
	c.ptr++
	term := byte('\'')
	if c.pat[c.ptr] == '<' {
		term = '>'
	}
	cf := c.at(c.ptr + 1)
	if cf != '+' && cf != '-' && !isDigit(cf) {
		b.namedRefOrRecurse(term, true)
		return
	}
	p := c.ptr + 2
	for isDigit(c.at(p)) {
		p++
	}
	if c.at(p) != term || p >= len(c.pat) {
		c.errcode = errBadGEscape
		return
	}
	c.ptr++
	b.numericalRecursion(term)
}

// verb compiles (*VERB) and (*VERB:NAME); c.ptr is on the '*'.
func (b *branch) verb() {
	c := b.c
	b.previous = -1
	c.ptr++
	start := c.ptr
	for c.ptr < len(c.pat) && ctypes[c.pat[c.ptr]]&ctLetter != 0 {
		c.ptr++
	}
	name := c.pat[start:c.ptr]
	arg, hasColon := "", false
	if c.at(c.ptr) == ':' && c.ptr < len(c.pat) {
		hasColon = true
		c.ptr++
		as := c.ptr
		for c.ptr < len(c.pat) && c.pat[c.ptr] != ')' {
			c.ptr++
		}
		arg = c.pat[as:c.ptr]
		if len(arg) > 255 {
			c.errcode = errMarkTooLong
			return
		}
	}
	_ = hasColon
	if c.at(c.ptr) != ')' || c.ptr >= len(c.pat) {
		c.errcode = errUnknownVerb
		return
	}
	type verbDef struct{ op, opArg opcode }
	const none = opcode(255)
	verbs := map[string]verbDef{
		"": {none, opMark}, "MARK": {none, opMark}, "ACCEPT": {opAccept, none},
		"COMMIT": {opCommit, none}, "F": {opFail, none}, "FAIL": {opFail, none},
		"PRUNE": {opPrune, opPruneArg}, "SKIP": {opSkip, opSkipArg}, "THEN": {opThen, opThenArg},
	}
	v, ok := verbs[name]
	if !ok {
		c.errcode = errUnknownVerb
		return
	}
	var op opcode
	switch {
	case v.op == opAccept:
		if arg != "" {
			c.errcode = errVerbArgument
			return
		}
		c.hadAccept = true
		for i := len(c.openCaps) - 1; i >= 0; i-- {
			c.emit(inst{op: opClose, n: int32(c.openCaps[i].number)})
		}
		op = opAccept
		if c.assertDepth > 0 {
			op = opAssertAccept
		}
		c.emit(inst{op: op})
		if b.firstFlags == reqUnset {
			b.firstFlags = reqNone
		}
	case arg == "":
		if v.op == none {
			c.errcode = errMarkArgument
			return
		}
		op = v.op
		c.emit(inst{op: op})
	default:
		if v.opArg == none {
			c.errcode = errVerbArgument
			return
		}
		op = v.opArg
		c.emit(inst{op: op, arg: arg})
	}
	switch op {
	case opThen, opThenArg:
		c.hasThen = true
	case opPrune, opPruneArg, opSkip, opSkipArg:
		c.hadPruneOrSkip = true
	}
	c.ptr++
}

// condition reads the condition of (?(...)...); c.ptr is on its '('. For
// an assertion condition it returns nil and leaves c.ptr on the '(' so
// that the assertion is compiled as the first item of the group.
func (b *branch) condition() (*inst, bool) {
	c := b.c
	temp := c.ptr
	if c.at(c.ptr+1) == '?' && c.at(c.ptr+2) == 'C' {
		i := 3
		for isDigit(c.at(c.ptr + i)) {
			i++
		}
		if c.at(c.ptr+i) == ')' {
			temp += i + 1
		}
		if c.at(temp) != '(' {
			c.errcode = errAssertionExpected
			return nil, false
		}
	}
	if c.at(temp+1) == '?' {
		switch c.at(temp + 2) {
		case '=', '!':
			c.iscondassert = true
			c.ptr = temp
			return nil, true
		case '<':
			if n := c.at(temp + 3); n == '=' || n == '!' {
				c.iscondassert = true
				c.ptr = temp
				return nil, true
			}
		}
	}
	cond := &inst{op: opCRef}
	refsign := -1
	var term int
	c.ptr++
	switch {
	case c.at(c.ptr) == 'R' && c.at(c.ptr+1) == '&':
		term = -1
		c.ptr += 2
		cond.op = opRRef
	case c.at(c.ptr) == '<':
		term = '>'
		c.ptr++
	case c.at(c.ptr) == '\'':
		term = '\''
		c.ptr++
	default:
		term = 0
		if ch := c.at(c.ptr); ch == '-' || ch == '+' {
			refsign = int(ch)
			c.ptr++
		} else if isDigit(ch) {
			refsign = 0
		}
	}
	recno := 0
	var name string
	if refsign >= 0 {
		for isDigit(c.at(c.ptr)) {
			if recno > maxInt/10-1 {
				for isDigit(c.at(c.ptr)) {
					c.ptr++
				}
				c.errcode = errNumberTooBig
				return nil, false
			}
			recno = recno*10 + int(c.pat[c.ptr]-'0')
			c.ptr++
		}
	} else {
		if isDigit(c.at(c.ptr)) {
			c.errcode = errNameDigit
			return nil, false
		}
		if c.ptr >= len(c.pat) || ctypes[c.pat[c.ptr]]&ctWord == 0 {
			c.errcode = errAssertionExpected
			return nil, false
		}
		start := c.ptr
		for c.ptr < len(c.pat) && ctypes[c.pat[c.ptr]]&ctWord != 0 {
			c.ptr++
		}
		name = c.pat[start:c.ptr]
	}
	if term > 0 {
		if c.at(c.ptr) != byte(term) || c.ptr >= len(c.pat) {
			c.errcode = errBadCondition
			return nil, false
		}
		c.ptr++
	}
	if c.at(c.ptr) != ')' || c.ptr >= len(c.pat) {
		c.errcode = errBadCondition
		return nil, false
	}
	c.ptr++
	off := c.ptr
	if refsign >= 0 {
		if recno <= 0 {
			c.deferError(off, errCondZero)
			return cond, true
		}
		if refsign == '-' {
			recno = c.bracount - recno + 1
		} else if refsign == '+' {
			recno += c.bracount
		}
		n := recno
		c.deferred = append(c.deferred, deferredCheck{offset: off, check: func() int {
			if n <= 0 || n > c.bracount {
				return errNoSuchGroup
			}
			return 0
		}})
		cond.n = int32(recno)
		if recno > c.topBackref {
			c.topBackref = recno
		}
		return cond, true
	}
	if nums := c.lookupName(name); len(nums) > 0 {
		cond.n, cond.arg = -1, name
		if nums[0] > c.topBackref {
			c.topBackref = nums[0]
		}
		return cond, true
	}
	switch {
	case term != 0:
		nm := name
		c.deferred = append(c.deferred, deferredCheck{offset: off, check: func() int {
			if len(c.lookupName(nm)) == 0 {
				return errNoSuchGroup
			}
			return 0
		}})
		cond.n, cond.arg = -1, name
	case name[0] == 'R':
		r := 0
		for i := 1; i < len(name); i++ {
			if !isDigit(name[i]) {
				c.deferError(off, errNoSuchGroup)
				return cond, true
			}
			if r > maxInt/10-1 {
				c.deferError(off, errNumberTooBig)
				return cond, true
			}
			r = r*10 + int(name[i]-'0')
		}
		if r == 0 {
			r = rrefAny
		}
		cond.op, cond.n = opRRef, int32(r)
	case name == "DEFINE":
		cond.op = opDef
	default:
		nm := name
		c.deferred = append(c.deferred, deferredCheck{offset: off, check: func() int {
			if len(c.lookupName(nm)) == 0 {
				return errNoSuchGroup
			}
			return 0
		}})
		cond.n, cond.arg = -1, name
	}
	return cond, true
}
