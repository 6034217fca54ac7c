package ffi

import "strconv"

// LuaJIT's printed form of C types, as tostring(ffi.typeof(...)) and the
// error messages show them: "int", "const char *", "int (*)[3]",
// "struct foo &", "uint64_t" for every 64-bit integer, "struct 95" for an
// anonymous struct (its type number).

// reprBuf builds a type name outward from the middle: specifiers and
// pointer stars are prepended, array and function suffixes appended.
type reprBuf struct {
	pre       []byte // prepended text, stored reversed
	post      []byte
	needSpace bool
}

func (b *reprBuf) prependWord(w string) {
	if b.needSpace {
		b.pre = append(b.pre, ' ')
	}
	b.needSpace = true
	for i := len(w) - 1; i >= 0; i-- {
		b.pre = append(b.pre, w[i])
	}
}

func (b *reprBuf) prependChar(c byte) { b.pre = append(b.pre, c) }

func (b *reprBuf) prependNum(n int64) {
	s := strconv.FormatInt(n, 10)
	for i := len(s) - 1; i >= 0; i-- {
		b.pre = append(b.pre, s[i])
	}
	b.needSpace = false
}

func (b *reprBuf) prependQual(q qual) {
	if q&qVolatile != 0 {
		b.prependWord("volatile")
	}
	if q&qConst != 0 {
		b.prependWord("const")
	}
}

func (b *reprBuf) String() string {
	out := make([]byte, 0, len(b.pre)+len(b.post))
	for i := len(b.pre) - 1; i >= 0; i-- {
		out = append(out, b.pre[i])
	}
	return string(append(out, b.post...))
}

// typeName returns LuaJIT's printed form of t.
func typeName(t *ctype) string {
	return typeNameWith(t, "")
}

// typeNameWith prints t around a declarator name.
func typeNameWith(t *ctype, name string) string {
	var b reprBuf
	if name != "" {
		b.prependWord(name)
	}
	ptrTo := false
	for t != nil {
		switch t.kind {
		case kBool, kInt, kFloat:
			b.prependWord(numName(t))
			if t.kind == kInt && t.size < 8 && t.size > 1 && t.unsigned {
				b.prependWord("unsigned")
			}
			b.prependQual(t.qual)
			return b.String()
		case kVoid:
			b.prependWord("void")
			b.prependQual(t.qual)
			return b.String()
		case kStruct, kEnum:
			r := t.raw()
			if r.ctypeID {
				b.prependWord("ctype")
				return b.String()
			}
			if r.tag != "" {
				b.prependWord(r.tag)
			} else {
				if b.needSpace {
					b.prependChar(' ')
				}
				b.prependNum(int64(r.id))
				b.needSpace = true
			}
			switch {
			case r.kind == kEnum:
				b.prependWord("enum")
			case r.union:
				b.prependWord("union")
			default:
				b.prependWord("struct")
			}
			b.prependQual(t.qual)
			return b.String()
		case kPtr, kRef:
			if t.kind == kRef {
				b.prependChar('&')
			} else {
				b.prependQual(t.qual)
				b.prependChar('*')
			}
			ptrTo = true
			b.needSpace = true
		case kArray:
			b.needSpace = true
			if ptrTo {
				ptrTo = false
				b.prependChar('(')
				b.post = append(b.post, ')')
			}
			b.post = append(b.post, '[')
			switch {
			case t.size >= 0:
				n := int64(0)
				if es := t.elem.sizeOf(); es > 0 {
					n = t.size / es
				}
				b.post = strconv.AppendInt(b.post, n, 10)
			case t.vla:
				b.post = append(b.post, '?')
			}
			b.post = append(b.post, ']')
		case kComplex:
			if t.size == 8 {
				b.prependWord("float")
			}
			b.prependWord("complex")
			b.prependQual(t.qual)
			return b.String()
		case kFunc:
			b.needSpace = true
			if ptrTo {
				ptrTo = false
				b.prependChar('(')
				b.post = append(b.post, ')')
			}
			b.post = append(b.post, '(', ')')
		}
		t = t.elem
	}
	return b.String()
}

// numName is the specifier word of a bool, integer or floating type; the
// sign word of short and int is added by the caller.
func numName(t *ctype) string {
	switch t.kind {
	case kBool:
		return "bool"
	case kFloat:
		switch t.size {
		case 8:
			return "double"
		case 4:
			return "float"
		}
		return "long double"
	}
	switch t.size {
	case 1:
		if t.unsigned {
			return "unsigned char"
		}
		return "char"
	case 2:
		return "short"
	case 4:
		return "int"
	}
	if t.unsigned {
		return "uint" + strconv.FormatInt(t.size*8, 10) + "_t"
	}
	return "int" + strconv.FormatInt(t.size*8, 10) + "_t"
}

// formatInt64 prints a 64-bit integer cdata value as LuaJIT does: 123LL,
// -5LL, 18446744073709551615ULL.
func formatInt64(v uint64, unsigned bool) string {
	if unsigned {
		return strconv.FormatUint(v, 10) + "ULL"
	}
	return strconv.FormatInt(int64(v), 10) + "LL"
}
