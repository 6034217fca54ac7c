package ffi

// Qualifiers and attributes of declarations: const, volatile, GCC's
// __attribute__((aligned, packed, ...)), MSVC's __declspec(align) and
// asm("symbol") redirections; the other attributes are skipped.

// declAttributes consumes qualifiers and attributes.
func (p *cparser) declAttributes(a *declAttr) {
	for {
		switch p.tok {
		case tokConst:
			a.qual |= qConst
		case tokVolatile:
			a.qual |= qVolatile
		case tokRestrict, tokExtension, tokCCDecl, tokPtrSize:
		case tokAttribute:
			p.gccAttribute(a)
			continue
		case tokAsm:
			p.asmRedirect(a)
			continue
		case tokDeclspec:
			p.msvcAttribute(a)
			continue
		default:
			return
		}
		p.next()
	}
}

// gccAttribute parses __attribute__((...)), keeping aligned and packed.
func (p *cparser) gccAttribute(a *declAttr) {
	p.next()
	p.check('(')
	p.check('(')
	for p.tok != ')' {
		if p.tok == tokIdent {
			name := p.str
			p.next()
			switch name {
			case "aligned", "__aligned__":
				p.alignAttr(a)
			case "packed", "__packed__":
				a.packed = true
			default:
				p.skipParens()
			}
		} else if p.tok >= tokFirstKeywords {
			p.next()
			p.skipParens()
		} else {
			break
		}
		if !p.opt(',') {
			break
		}
	}
	p.check(')')
	p.check(')')
}

func (p *cparser) skipParens() {
	if p.opt('(') {
		for p.tok != ')' && p.tok != tokEOF {
			p.next()
		}
		p.check(')')
	}
}

// alignAttr parses the optional (n) of an aligned attribute; a bare
// "aligned" means 16 bytes.
func (p *cparser) alignAttr(a *declAttr) {
	al := uint8(4)
	if p.tok == '(' {
		p.next()
		n := p.exprSize()
		p.check(')')
		al = 0
		if n != 0 {
			al = log2(int64(1) << fls(uint32(n)))
		}
	}
	a.align = al
	a.aligned = true
}

// fls is the index of the highest set bit.
func fls(n uint32) uint {
	var i uint
	for n > 1 {
		n >>= 1
		i++
	}
	return i
}

func (p *cparser) msvcAttribute(a *declAttr) {
	p.next()
	p.check('(')
	for p.tok == tokIdent {
		name := p.str
		p.next()
		if name == "align" {
			p.alignAttr(a)
		} else {
			p.skipParens()
			break
		}
	}
	p.check(')')
}

// asmRedirect parses asm("symbol").
func (p *cparser) asmRedirect(a *declAttr) {
	p.next()
	p.check('(')
	if p.tok == tokString {
		s := p.str
		for p.next() == tokString {
			s += p.str
		}
		a.redir = s
	}
	p.check(')')
}

func mergeAttr(dst *declAttr, a declAttr) {
	if a.aligned {
		dst.aligned, dst.align = true, a.align
	}
	dst.packed = dst.packed || a.packed
	if a.redir != "" {
		dst.redir = a.redir
	}
}
