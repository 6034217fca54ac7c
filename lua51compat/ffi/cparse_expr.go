package ffi

// The constant expression evaluator of C declarations (array sizes, enum
// values, static constants, attribute arguments). Like LuaJIT's it computes
// in 32 bits, treats int32_t operands as signed and anything else as
// unsigned, and tracks types only as far as sizeof and member access need.

// cval32 is the value of a constant expression and its C type.
type cval32 struct {
	u   uint32
	typ *ctype
}

func (p *cparser) signed(v cval32) bool { return v.typ == p.tt.tInt32 }

// rank orders types for LuaJIT's "trivial promotion to unsigned": int32_t
// below uint32_t below anything else.
func (p *cparser) rank(t *ctype) int {
	switch t {
	case p.tt.tInt32:
		return 1
	case p.tt.tUint32:
		return 2
	}
	return 3
}

func (p *cparser) promote(a, b *ctype) *ctype {
	if p.rank(b) > p.rank(a) {
		return b
	}
	return a
}

func (p *cparser) boolVal(b bool) cval32 {
	if b {
		return cval32{u: 1, typ: p.tt.tInt32}
	}
	return cval32{typ: p.tt.tInt32}
}

// exprComma parses a comma expression and returns the last value.
func (p *cparser) exprComma() cval32 {
	for {
		v := p.exprSub(0)
		if !p.opt(',') {
			return v
		}
	}
}

// exprSub parses a binary expression of at least priority pri.
func (p *cparser) exprSub(pri int) cval32 {
	k := p.exprUnary()
	return p.exprInfix(k, pri)
}

// exprKInt parses an integer constant expression.
func (p *cparser) exprKInt() cval32 {
	k := p.exprSub(0)
	if k.typ.kind != kInt {
		p.fail(0, "invalid value")
	}
	return k
}

// exprSize parses a non-negative size.
func (p *cparser) exprSize() uint32 {
	k := p.exprKInt()
	if k.u >= 0x80000000 {
		p.fail(0, "size of C type is unknown or too large")
	}
	return k.u
}

func (p *cparser) exprUnary() cval32 {
	p.depth++
	if p.depth > maxDeclDepth {
		p.fail(0, "chunk has too many syntax levels")
	}
	k := p.exprPrefix()
	k = p.exprPostfix(k)
	p.depth--
	return k
}

func (p *cparser) exprPrefix() cval32 {
	switch {
	case p.tok == tokInteger:
		k := cval32{u: p.ival, typ: p.tt.tInt32}
		if p.iunsig {
			k.typ = p.tt.tUint32
		}
		p.next()
		return k
	case p.opt('+'):
		return p.exprUnary()
	case p.opt('-'):
		k := p.exprUnary()
		k.u = -k.u
		return k
	case p.opt('~'):
		k := p.exprUnary()
		k.u = ^k.u
		return k
	case p.opt('!'):
		k := p.exprUnary()
		return p.boolVal(k.u == 0)
	case p.opt('('):
		if p.isTypeDecl() {
			t := p.typeName()
			p.check(')')
			k := p.exprUnary()
			k.typ = t
			return k
		}
		k := p.exprComma()
		p.check(')')
		return k
	case p.opt('*'):
		k := p.exprUnary()
		r := k.typ.raw()
		if !r.isPointerLike() {
			p.fail(0, "'"+typeName(r)+"' cannot be indexed")
		}
		return cval32{typ: r.elem}
	case p.opt('&'):
		k := p.exprUnary()
		return cval32{u: k.u, typ: p.tt.ptrTo(k.typ, 0)}
	case p.opt(tokSizeof):
		return p.exprSizeof(true)
	case p.opt(tokAlignof):
		return p.exprSizeof(false)
	case p.tok == tokIdent:
		e := p.lookup(p.str)
		var k cval32
		switch {
		case e != nil && e.kind == nsConst:
			k = cval32{u: uint32(e.cval.val), typ: e.cval.typ}
		case e != nil && (e.kind == nsExtern || e.kind == nsFunc):
			k = cval32{typ: e.typ}
		default:
			p.fail(p.tok, "unexpected symbol")
		}
		p.next()
		return k
	case p.tok == tokString:
		n := uint32(len(p.str))
		for p.next() == tokString {
			n += uint32(len(p.str))
		}
		return cval32{u: n + 1, typ: p.tt.tACChar}
	}
	p.fail(p.tok, "unexpected symbol")
	return cval32{}
}

// typeName parses an abstract type inside an expression.
func (p *cparser) typeName() *ctype {
	spec, _, attr := p.declSpec(0)
	d := p.declarator(modeAbstract, attr)
	return p.build(spec, d, false)
}

// exprSizeof parses the operand of sizeof or __alignof__.
func (p *cparser) exprSizeof(wantSize bool) cval32 {
	var k cval32
	if p.opt('(') {
		if p.isTypeDecl() {
			k.typ = p.typeName()
		} else {
			k = p.exprComma()
		}
		p.check(')')
	} else {
		k = p.exprUnary()
	}
	if wantSize {
		if sz := k.typ.sizeOf(); sz >= 0 && k.typ.kind != kFunc {
			k.u = uint32(sz)
		} else if k.typ != p.tt.tACChar {
			p.fail(0, "size of C type is unknown or too large")
		}
	} else {
		k.u = uint32(k.typ.alignOf())
	}
	k.typ = p.tt.tUint32
	return k
}

// exprPostfix handles [index], .member and ->member.
func (p *cparser) exprPostfix(k cval32) cval32 {
	for {
		switch {
		case p.opt('['):
			k2 := p.exprComma()
			r := k.typ.raw()
			if !r.isPointerLike() {
				r = k2.typ.raw()
				if !r.isPointerLike() {
					p.fail(0, "'"+typeName(r)+"' cannot be indexed")
				}
			}
			p.check(']')
			k = cval32{typ: r.elem}
		case p.tok == '.' || p.tok == tokDeref:
			r := k.typ.deref().raw()
			if p.tok == tokDeref {
				if !r.isPointerLike() {
					p.fail(0, "'"+typeName(r)+"' cannot be indexed")
				}
				r = r.elem.raw()
			}
			p.next()
			if p.tok != tokIdent {
				p.expected(tokIdent)
			}
			var fr fieldRef
			ok := false
			if r.kind == kStruct && r.size >= 0 {
				fr, ok = r.lookupField(p.str)
			}
			if !ok {
				p.fail(0, "'"+typeName(r)+"' has no member named '"+p.str+"'")
			}
			k = cval32{typ: fr.f.typ}
			if fr.f.constVal != nil {
				k.u = uint32(fr.f.constVal.val)
			}
			p.next()
		default:
			return k
		}
	}
}

// exprInfix parses binary operators of priority pri and above.
func (p *cparser) exprInfix(k cval32, pri int) cval32 {
	for {
		switch {
		case pri <= 0 && p.opt('?'):
			k2 := p.exprComma()
			p.check(':')
			k3 := p.exprSub(0)
			if k.u != 0 {
				k.u = k2.u
			} else {
				k.u = k3.u
			}
			k.typ = p.promote(k2.typ, k3.typ)
		case pri <= 1 && p.opt(tokOrOr):
			k2 := p.exprSub(2)
			k = p.boolVal(k.u != 0 || k2.u != 0)
		case pri <= 2 && p.opt(tokAndAnd):
			k2 := p.exprSub(3)
			k = p.boolVal(k.u != 0 && k2.u != 0)
		case pri <= 3 && p.opt('|'):
			k2 := p.exprSub(4)
			k.u |= k2.u
			k.typ = p.promote(k.typ, k2.typ)
		case pri <= 4 && p.opt('^'):
			k2 := p.exprSub(5)
			k.u ^= k2.u
			k.typ = p.promote(k.typ, k2.typ)
		case pri <= 5 && p.opt('&'):
			k2 := p.exprSub(6)
			k.u &= k2.u
			k.typ = p.promote(k.typ, k2.typ)
		case pri <= 6 && p.opt(tokEq):
			k2 := p.exprSub(7)
			k = p.boolVal(k.u == k2.u)
		case pri <= 6 && p.opt(tokNe):
			k2 := p.exprSub(7)
			k = p.boolVal(k.u != k2.u)
		case pri <= 7 && (p.tok == '<' || p.tok == '>' || p.tok == tokLe || p.tok == tokGe):
			op := p.tok
			p.next()
			k2 := p.exprSub(8)
			var r bool
			if p.signed(k) && p.signed(k2) {
				a, b := int32(k.u), int32(k2.u)
				r = op == '<' && a < b || op == '>' && a > b || op == tokLe && a <= b || op == tokGe && a >= b
			} else {
				a, b := k.u, k2.u
				r = op == '<' && a < b || op == '>' && a > b || op == tokLe && a <= b || op == tokGe && a >= b
			}
			k = p.boolVal(r)
		case pri <= 8 && p.opt(tokShl):
			k2 := p.exprSub(9)
			k.u <<= k2.u & 31
		case pri <= 8 && p.opt(tokShr):
			k2 := p.exprSub(9)
			if p.signed(k) {
				k.u = uint32(int32(k.u) >> (k2.u & 31))
			} else {
				k.u >>= k2.u & 31
			}
		case pri <= 9 && p.opt('+'):
			k2 := p.exprSub(10)
			k.u += k2.u
			k.typ = p.promote(k.typ, k2.typ)
		case pri <= 9 && p.opt('-'):
			k2 := p.exprSub(10)
			k.u -= k2.u
			k.typ = p.promote(k.typ, k2.typ)
		case pri <= 10 && p.opt('*'):
			k2 := p.exprUnary()
			k.u *= k2.u
			k.typ = p.promote(k.typ, k2.typ)
		case pri <= 10 && (p.tok == '/' || p.tok == '%'):
			op := p.tok
			p.next()
			k2 := p.exprUnary()
			k.typ = p.promote(k.typ, k2.typ)
			if k2.u == 0 || p.signed(k) && k.u == 0x80000000 && int32(k2.u) == -1 {
				p.fail(0, "invalid value")
			}
			switch {
			case p.signed(k) && op == '/':
				k.u = uint32(int32(k.u) / int32(k2.u))
			case p.signed(k):
				k.u = uint32(int32(k.u) % int32(k2.u))
			case op == '/':
				k.u /= k2.u
			default:
				k.u %= k2.u
			}
		default:
			return k
		}
	}
}
