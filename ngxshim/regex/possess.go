package regex

// Auto-possessification, as PCRE 8.34 and later do it after compiling: a
// repeated single-character item followed by something that cannot match
// what it matches never needs to give characters back, so it is made
// possessive. Besides speed this changes how many steps a failing match
// takes, which match_limit counts.

// chrList describes one item for the comparison (PCRE's property list).
type chrList struct {
	op         opcode // opChar, opNot, a type, opProp/opNotProp, opClass, or an end assertion
	mayBeEmpty bool   // for a base item: greedy; for a following item: may match empty
	chars      []uint32
	ptype      int
	pvalue     int
	cls        *charClass
}

// classKind distinguishes PCRE's CLASS, NCLASS and XCLASS.
func (l *chrList) classKind() int {
	switch {
	case l.cls.xclass:
		return 2
	case l.cls.ncls:
		return 1
	}
	return 0
}

// autoTable is PCRE's autoposstab: can a repeated type (row, from
// opNotDigit to opExtUni) be possessified before another type (column,
// from opNotDigit to opDollM).
var autoTable = [17][21]uint8{
	{0, 1, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1, 0, 0},
	{1, 0, 0, 1, 1, 0, 0, 0, 0, 0, 0, 1, 0, 1, 0, 1, 0, 1, 1, 1, 1},
	{0, 0, 0, 1, 0, 0, 0, 0, 0, 0, 0, 1, 0, 1, 0, 1, 0, 1, 1, 1, 1},
	{0, 1, 1, 0, 0, 1, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1, 0, 0},
	{0, 1, 0, 0, 0, 1, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1, 0, 0},
	{0, 0, 0, 1, 1, 0, 0, 0, 0, 0, 0, 1, 0, 1, 0, 1, 0, 1, 1, 1, 1},
	{0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1, 0, 0, 0, 0, 0, 0, 1, 0, 0},
	{0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1, 0, 0},
	{0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1, 0, 0},
	{0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0},
	{0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0},
	{0, 1, 0, 1, 0, 1, 1, 0, 0, 0, 0, 0, 0, 1, 0, 0, 0, 0, 1, 0, 0},
	{0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1, 0, 0, 0, 0, 1, 0, 0},
	{0, 1, 1, 0, 0, 1, 0, 0, 0, 0, 0, 1, 1, 0, 0, 1, 0, 0, 1, 0, 0},
	{0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1, 0, 0, 0, 1, 0, 0, 1, 0, 0},
	{0, 1, 1, 0, 0, 1, 0, 0, 0, 0, 0, 0, 0, 1, 1, 0, 0, 0, 1, 0, 0},
	{0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1, 0, 0},
}

// propTable is PCRE's propposstab: how two property items compare.
var propTable = [11][11]uint8{
	{0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0},
	{0, 3, 0, 0, 0, 3, 1, 1, 0, 0, 0},
	{0, 0, 2, 4, 0, 9, 10, 10, 11, 0, 0},
	{0, 0, 5, 2, 0, 15, 16, 16, 17, 0, 0},
	{0, 0, 0, 0, 2, 0, 0, 0, 0, 0, 0},
	{0, 3, 6, 12, 0, 3, 1, 1, 0, 0, 0},
	{0, 1, 7, 13, 0, 1, 3, 3, 1, 0, 0},
	{0, 1, 7, 13, 0, 1, 3, 3, 1, 0, 0},
	{0, 0, 8, 14, 0, 0, 1, 1, 3, 0, 0},
	{0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0},
	{0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 3},
}

// catTable[general][particular] is 1 when the particular category is not
// part of the general one.
func catDistinct(general, particular int) bool {
	return ucpCategories[particular].gen != general
}

// possPropTable lists, for ALNUM, SPACE and WORD, two general categories
// fully inside the set and a general/particular pair overlapping it.
var possPropTable = [3][4]int{
	{gcL, gcN, gcN, ucpNl},
	{gcZ, gcZ, gcC, ucpCc},
	{gcL, gcN, gcP, ucpPo},
}

// propertyList returns the chrList of the item at pc, or false when the
// item cannot take part.
func (c *compiler) propertyList(pc int) (chrList, bool) {
	in := &c.prog[pc]
	l := chrList{op: in.op, mayBeEmpty: in.rep != repNone && in.min == 0}
	switch in.op {
	case opNotDigit, opDigit, opNotWhitespace, opWhitespace, opNotWordchar, opWordchar, opAny,
		opAllAny, opAnyNL, opNotHSpace, opHSpace, opNotVSpace, opVSpace, opExtUni:
		return l, true
	case opEODN, opEOD, opDoll, opDollM:
		l.mayBeEmpty = false
		return l, true
	case opChar, opNot:
		l.chars = []uint32{in.c}
		return l, true
	case opCharI, opNotI:
		l.op = opChar
		if in.op == opNotI {
			l.op = opNot
		}
		oc := otherCaseOf(in.c, c.utf)
		if oc == in.c {
			l.chars = []uint32{in.c}
		} else {
			l.chars = []uint32{in.c, oc}
		}
		return l, true
	case opProp, opNotProp:
		if in.c != ptCList {
			l.ptype, l.pvalue = int(in.c), int(in.oc)
			return l, true
		}
		l.chars = in.clist
		l.op = opChar
		if in.op == opNotProp {
			l.op = opNot
		}
		return l, true
	case opClass:
		l.cls = in.cls
		return l, true
	}
	return l, false
}

// autoPossessify makes repeats possessive where the next item cannot
// match what they match.
func (c *compiler) autoPossessify() {
	for pc := range c.prog {
		in := &c.prog[pc]
		if in.rep != repGreedy && in.rep != repLazy {
			continue
		}
		if in.min == in.max {
			continue // an exact count never backtracks
		}
		switch {
		case in.op >= opNotDigit && in.op <= opExtUni, in.op >= opChar && in.op <= opNotI, in.op == opClass:
		default:
			continue
		}
		base, ok := c.propertyList(pc)
		if !ok {
			continue
		}
		base.mayBeEmpty = in.rep == repGreedy
		limit := 1000
		if c.compareItems(pc+1, &base, &limit) {
			in.rep = repPoss
		}
	}
}

// compareItems reports whether nothing the items from pc on can start
// with overlaps the base item (so the base may be possessive).
func (c *compiler) compareItems(pc int, base *chrList, limit *int) bool {
	if *limit == 0 {
		return false
	}
	*limit--
	prog := c.prog
	entered := false
	for {
		op := prog[pc].op
		if op == opCallout {
			pc++
			continue
		}
		if op == opAlt {
			pc = groupEnd(prog, pc)
			op = prog[pc].op
		}
		switch op {
		case opEnd, opKetRPos:
			return base.mayBeEmpty
		case opKet:
			if !base.mayBeEmpty {
				return false
			}
			switch prog[pc-int(prog[pc].link)].op {
			case opAssert, opAssertNot, opAssertBack, opAssertBackNot, opOnce, opOnceNC:
				return !entered
			}
			pc++
			continue
		case opOnce, opOnceNC, opBra, opCBra:
			next := pc + int(prog[pc].link)
			pc++
			for prog[next].op == opAlt {
				if !c.compareItems(pc, base, limit) {
					return false
				}
				pc = next + 1
				next += int(prog[next].link)
			}
			entered = true
			continue
		case opBraZero, opBraMinZero:
			n := pc + 1
			if o := prog[n].op; o != opBra && o != opCBra && o != opOnce && o != opOnceNC {
				return false
			}
			if !c.compareItems(afterGroup(prog, n), base, limit) {
				return false
			}
			pc++
			continue
		}
		list, ok := c.propertyList(pc)
		if !ok {
			return false
		}
		accepted, done := c.compareLists(base, &list)
		if !accepted {
			return false
		}
		if done || !list.mayBeEmpty {
			return true
		}
		pc++
	}
}

// compareLists compares a base item with a following one: accepted
// reports that they cannot match the same character.
func (c *compiler) compareLists(base, list *chrList) (accepted, done bool) {
	var chrs []uint32
	var other *chrList
	switch {
	case base.op == opChar:
		chrs, other = base.chars, list
	case list.op == opChar:
		chrs, other = list.chars, base
	case base.op == opClass && (base.classKind() == 0 || (!c.utf && base.classKind() == 1)),
		list.op == opClass && (list.classKind() == 0 || (!c.utf && list.classKind() == 1)):
		var set1 bitset
		var o *chrList
		if base.op == opClass && (base.classKind() == 0 || (!c.utf && base.classKind() == 1)) {
			set1, o = base.cls.bits, list
		} else {
			set1, o = list.cls.bits, base
		}
		var set2 bitset
		invert := false
		switch o.op {
		case opClass:
			if o.classKind() == 2 {
				if o.cls.hasProp {
					return false, false
				}
				if !o.cls.hasMap {
					if !list.mayBeEmpty {
						return !o.cls.neg, true
					}
					return true, false
				}
			}
			set2 = o.cls.bits
		case opNotDigit:
			invert = true
			set2 = cbDigit
		case opDigit:
			set2 = cbDigit
		case opNotWhitespace:
			invert = true
			set2 = cbSpace
		case opWhitespace:
			set2 = cbSpace
		case opNotWordchar:
			invert = true
			set2 = cbWord
		case opWordchar:
			set2 = cbWord
		default:
			return false, false
		}
		if invert {
			var inv bitset
			inv.orNot(&set2)
			set2 = inv
		}
		return set1.disjoint(&set2), false
	default:
		left, right := base.op, list.op
		accepted := false
		if left == opProp || left == opNotProp {
			if right == opEOD {
				accepted = true
			} else if right == opProp || right == opNotProp {
				accepted = propPossessable(base, list)
			}
		} else if left >= opNotDigit && left <= opExtUni && right >= opNotDigit && right <= opDollM {
			accepted = autoTable[left-opNotDigit][right-opNotDigit] != 0
		}
		return accepted, false
	}
	for _, chr := range chrs {
		switch other.op {
		case opChar:
			for _, o := range other.chars {
				if chr == o {
					return false, false
				}
			}
		case opNot:
			found := false
			for _, o := range other.chars {
				if chr == o {
					found = true
					break
				}
			}
			if !found {
				return false, false
			}
		case opDigit:
			if chr < 256 && ctypes[chr]&ctDigit != 0 {
				return false, false
			}
		case opNotDigit:
			if chr > 255 || ctypes[chr]&ctDigit == 0 {
				return false, false
			}
		case opWhitespace:
			if chr < 256 && ctypes[chr]&ctSpace != 0 {
				return false, false
			}
		case opNotWhitespace:
			if chr > 255 || ctypes[chr]&ctSpace == 0 {
				return false, false
			}
		case opWordchar:
			if chr < 255 && ctypes[chr]&ctWord != 0 {
				return false, false
			}
		case opNotWordchar:
			if chr > 255 || ctypes[chr]&ctWord == 0 {
				return false, false
			}
		case opHSpace:
			if isHSpace(chr) {
				return false, false
			}
		case opNotHSpace:
			if !isHSpace(chr) {
				return false, false
			}
		case opAnyNL, opVSpace:
			if isVSpace(chr) {
				return false, false
			}
		case opNotVSpace:
			if !isVSpace(chr) {
				return false, false
			}
		case opDoll, opEODN:
			switch chr {
			case '\r', '\n', 0x0b, 0x0c, 0x85, 0x2028, 0x2029:
				return false, false
			}
		case opEOD:
		case opProp, opNotProp:
			if propMatch(chr, other.ptype, other.pvalue, nil) == (other.op == opProp) {
				return false, false
			}
		case opClass:
			switch other.classKind() {
			case 1:
				if chr > 255 {
					return false, false
				}
				if other.cls.bits.has(chr) {
					return false, false
				}
			case 0:
				if chr <= 255 && other.cls.bits.has(chr) {
					return false, false
				}
			default:
				if other.cls.matches(chr) {
					return false, false
				}
			}
		default:
			return false, false
		}
	}
	return true, false
}

// propPossessable implements PCRE's rules for two property items.
func propPossessable(base, list *chrList) bool {
	leftop, rightop := base.op, list.op
	same := leftop == rightop
	lisprop := leftop == opProp
	risprop := rightop == opProp
	bothprop := lisprop && risprop
	lt, rt := base.ptype, list.ptype
	if lt > ptUCNC || rt > ptUCNC {
		return false
	}
	lv, rv := base.pvalue, list.pvalue
	switch n := propTable[lt][rt]; n {
	case 1:
		return bothprop
	case 2:
		return (lv == rv) != same
	case 3:
		return !same
	case 4:
		return risprop && catDistinct(lv, rv) == same
	case 5:
		return lisprop && catDistinct(rv, lv) == same
	case 6, 7, 8:
		p := possPropTable[n-6]
		return risprop && lisprop == (rv != p[0] && rv != p[1] && (rv != p[2] || !lisprop))
	case 9, 10, 11:
		p := possPropTable[n-9]
		return lisprop && risprop == (lv != p[0] && lv != p[1] && (lv != p[2] || !risprop))
	case 12, 13, 14:
		p := possPropTable[n-12]
		return risprop && lisprop == (catDistinct(p[0], rv) && catDistinct(p[1], rv) && (rv != p[3] || !lisprop))
	case 15, 16, 17:
		p := possPropTable[n-15]
		return lisprop && risprop == (catDistinct(p[0], lv) && catDistinct(p[1], lv) && (lv != p[3] || !risprop))
	}
	return false
}
