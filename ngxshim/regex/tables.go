package regex

// Character tables for the "C" locale, the tables PCRE uses when no locale
// tables are supplied (ngx_lua never supplies any): only ASCII letters have
// case, only ASCII characters belong to \d, \s, \w and the POSIX classes.

// ctype bits.
const (
	ctSpace  = 0x01
	ctLetter = 0x02
	ctDigit  = 0x04
	ctXdigit = 0x08
	ctWord   = 0x10
)

// ctypes holds the ctype bits of each byte value.
var ctypes [256]uint8

// lcc maps a byte to its lower case; fcc flips the case of ASCII letters.
var lcc, fcc [256]byte

// bitset is a set of byte values (a PCRE class bitmap).
type bitset [4]uint64

func (b *bitset) has(c uint32) bool { return c < 256 && b[c>>6]&(1<<(c&63)) != 0 }
func (b *bitset) set(c uint32)      { b[c>>6] |= 1 << (c & 63) }
func (b *bitset) or(o *bitset)      { b[0] |= o[0]; b[1] |= o[1]; b[2] |= o[2]; b[3] |= o[3] }
func (b *bitset) orNot(o *bitset)   { b[0] |= ^o[0]; b[1] |= ^o[1]; b[2] |= ^o[2]; b[3] |= ^o[3] }
func (b *bitset) andNot(o *bitset)  { b[0] &^= o[0]; b[1] &^= o[1]; b[2] &^= o[2]; b[3] &^= o[3] }
func (b *bitset) invert()           { b[0], b[1], b[2], b[3] = ^b[0], ^b[1], ^b[2], ^b[3] }
func (b *bitset) empty() bool       { return b[0]|b[1]|b[2]|b[3] == 0 }
func (b *bitset) disjoint(o *bitset) bool {
	return b[0]&o[0] == 0 && b[1]&o[1] == 0 && b[2]&o[2] == 0 && b[3]&o[3] == 0
}

// count returns the number of members.
func (b *bitset) count() int {
	n := 0
	for _, w := range b {
		for ; w != 0; w &= w - 1 {
			n++
		}
	}
	return n
}

// The class bitmaps PCRE calls cbits.
var (
	cbSpace, cbXdigit, cbDigit, cbUpper, cbLower, cbWord bitset
	cbGraph, cbPrint, cbPunct, cbCntrl                   bitset
)

func init() {
	for c := 0; c < 256; c++ {
		lcc[c] = byte(c)
		fcc[c] = byte(c)
		switch {
		case c >= 'A' && c <= 'Z':
			lcc[c] = byte(c + 32)
			fcc[c] = byte(c + 32)
			cbUpper.set(uint32(c))
		case c >= 'a' && c <= 'z':
			fcc[c] = byte(c - 32)
			cbLower.set(uint32(c))
		}
		var t uint8
		if c == ' ' || (c >= 0x09 && c <= 0x0d) {
			t |= ctSpace
			cbSpace.set(uint32(c))
		}
		isAlpha := (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z')
		isDigit := c >= '0' && c <= '9'
		if isAlpha {
			t |= ctLetter
		}
		if isDigit {
			t |= ctDigit
			cbDigit.set(uint32(c))
		}
		if isDigit || (c >= 'A' && c <= 'F') || (c >= 'a' && c <= 'f') {
			t |= ctXdigit
			cbXdigit.set(uint32(c))
		}
		if isAlpha || isDigit || c == '_' {
			t |= ctWord
			cbWord.set(uint32(c))
		}
		ctypes[c] = t
		if c > 0x20 && c < 0x7f {
			cbGraph.set(uint32(c))
			if !isAlpha && !isDigit {
				cbPunct.set(uint32(c))
			}
		}
		if c >= 0x20 && c < 0x7f {
			cbPrint.set(uint32(c))
		}
		if c < 0x20 || c == 0x7f {
			cbCntrl.set(uint32(c))
		}
	}
}

// Horizontal and vertical white space as \h and \v know it.
var hspaceList = []uint32{0x09, 0x20, 0xa0, 0x1680, 0x180e, 0x2000, 0x2001, 0x2002,
	0x2003, 0x2004, 0x2005, 0x2006, 0x2007, 0x2008, 0x2009, 0x200a, 0x202f, 0x205f, 0x3000}
var vspaceList = []uint32{0x0a, 0x0b, 0x0c, 0x0d, 0x85, 0x2028, 0x2029}

func isHSpace(c uint32) bool {
	switch c {
	case 0x09, 0x20, 0xa0, 0x1680, 0x180e, 0x202f, 0x205f, 0x3000:
		return true
	}
	return c >= 0x2000 && c <= 0x200a
}

func isVSpace(c uint32) bool {
	switch c {
	case 0x0a, 0x0b, 0x0c, 0x0d, 0x85, 0x2028, 0x2029:
		return true
	}
	return false
}

// POSIX class names in PCRE's table order; alpha, lower and upper must come
// first (caseless matching turns lower and upper into alpha).
var posixNames = []string{"alpha", "lower", "upper", "alnum", "ascii", "blank", "cntrl",
	"digit", "graph", "print", "punct", "space", "word", "xdigit"}

// posixBits builds the bitmap of POSIX class number n.
func posixBits(n int) bitset {
	var b bitset
	switch posixNames[n] {
	case "alpha":
		b = cbWord
		b.andNot(&cbDigit)
		b[1] &^= 1 << ('_' - 64)
	case "lower":
		b = cbLower
	case "upper":
		b = cbUpper
	case "alnum":
		b = cbWord
		b[1] &^= 1 << ('_' - 64)
	case "ascii":
		b = cbPrint
		b.or(&cbCntrl)
	case "blank":
		b = cbSpace
		for _, c := range []uint32{0x0a, 0x0b, 0x0c, 0x0d} {
			b[0] &^= 1 << c
		}
	case "cntrl":
		b = cbCntrl
	case "digit":
		b = cbDigit
	case "graph":
		b = cbGraph
	case "print":
		b = cbPrint
	case "punct":
		b = cbPunct
	case "space":
		b = cbSpace
	case "word":
		b = cbWord
	case "xdigit":
		b = cbXdigit
	}
	return b
}
