package regex

// xitem kinds: the data PCRE keeps after a class bitmap for characters
// above 255 and Unicode properties.
const (
	xSingle = iota
	xRange
	xProp
	xNotProp
)

type xitem struct {
	kind          uint8
	lo, hi        uint32
	ptype, pvalue int
	clist         []uint32
}

// charClass is a compiled [...] class. Without extra items it is PCRE's
// OP_CLASS (characters above 255 never match) or OP_NCLASS (they always
// do); with them it is OP_XCLASS.
type charClass struct {
	bits    bitset
	ncls    bool // OP_NCLASS
	xclass  bool // OP_XCLASS
	hasMap  bool // XCL_MAP: the bitmap is used for characters < 256
	neg     bool // XCL_NOT
	hasProp bool // XCL_HASPROP
	items   []xitem
}

// matches reports whether character c is in the class.
func (cl *charClass) matches(c uint32) bool {
	if !cl.xclass {
		if c > 255 {
			return cl.ncls
		}
		return cl.bits.has(c)
	}
	if c < 256 {
		if !cl.hasProp {
			if !cl.hasMap {
				return cl.neg
			}
			return cl.bits.has(c)
		}
		if cl.hasMap && cl.bits.has(c) {
			return !cl.neg
		}
	}
	for i := range cl.items {
		it := &cl.items[i]
		switch it.kind {
		case xSingle:
			if c == it.lo {
				return !cl.neg
			}
		case xRange:
			if c >= it.lo && c <= it.hi {
				return !cl.neg
			}
		case xProp:
			if propMatch(c, it.ptype, it.pvalue, it.clist) {
				return !cl.neg
			}
		case xNotProp:
			if !propMatch(c, it.ptype, it.pvalue, it.clist) {
				return !cl.neg
			}
		}
	}
	return cl.neg
}

// byteSet returns the set of byte values (characters < 256) the class
// matches.
func (cl *charClass) byteSet() bitset {
	if !cl.xclass || (!cl.hasProp && cl.hasMap) {
		return cl.bits
	}
	var b bitset
	for c := uint32(0); c < 256; c++ {
		if cl.matches(c) {
			b.set(c)
		}
	}
	return b
}
