package ffi

// Declarators: pointers and references, names, nested declarators, array
// and function suffixes, and building the declared type from them.

// declarator is the result of parsing one declarator.
type declarator struct {
	name    string
	exists  bool // name was already declared (redeclaration: ignored)
	ops     []derive
	bits    int64 // bit-field width, -1 when none
	attr    declAttr
	hasBits bool
}

// declarator parses pointers, a name or nested declarator, and array and
// function suffixes.
func (p *cparser) declarator(mode int, attr declAttr) *declarator {
	d := &declarator{bits: -1}
	d.attr = attr
	p.declaratorInto(d, mode)
	// Postfix attributes.
	p.declAttributes(&d.attr)
	return d
}

func (p *cparser) declaratorInto(d *declarator, mode int) {
	p.depth++
	if p.depth > maxDeclDepth {
		p.fail(0, "chunk has too many syntax levels")
	}
	var prefix []derive
	for {
		if p.opt('*') {
			var a declAttr
			p.declAttributes(&a)
			prefix = append(prefix, derive{op: '*', qual: a.qual})
			mergeAttr(&d.attr, a)
		} else if p.opt('&') || p.opt(tokAndAnd) {
			prefix = append(prefix, derive{op: '&'})
		} else {
			break
		}
	}
	var inner []derive
	hasInner := false
	var suffix []derive
	if p.opt('(') {
		var a declAttr
		p.declAttributes(&a)
		mergeAttr(&d.attr, a)
		if mode&modeAbstract != 0 && (p.tok == ')' || p.isTypeDecl()) {
			suffix = append(suffix, p.funcParams())
		} else {
			saved := d.ops
			d.ops = nil
			p.declaratorInto(d, mode)
			inner = d.ops
			d.ops = saved
			hasInner = true
			p.check(')')
		}
	} else if p.tok == tokIdent {
		if mode&modeDirect == 0 {
			p.expected(tokEOF)
		}
		d.name = p.str
		d.exists = p.lookup(p.str) != nil
		p.next()
	} else if mode&modeAbstract == 0 {
		p.expected(tokIdent)
	}
	for {
		if p.opt('[') {
			suffix = append(suffix, p.arraySuffix())
		} else if p.opt('(') {
			suffix = append(suffix, p.funcParams())
		} else {
			break
		}
	}
	if mode&modeField != 0 && p.opt(':') {
		d.bits = int64(p.exprSize())
		d.hasBits = true
	}
	// Applying order: the prefix pointers bind to the base first, then the
	// suffixes from the innermost (rightmost) out, then the nested
	// declarator's own steps.
	ops := append([]derive(nil), prefix...)
	for i := len(suffix) - 1; i >= 0; i-- {
		ops = append(ops, suffix[i])
	}
	if hasInner {
		ops = append(ops, inner...)
	}
	d.ops = append(d.ops, ops...)
	p.depth--
}

// arraySuffix parses the inside of [...] after the '['.
func (p *cparser) arraySuffix() derive {
	var a declAttr
	p.declAttributes(&a)
	d := derive{op: '[', n: sizeUnknown}
	if p.opt('?') {
		d.vla = true
	} else if p.tok != ']' {
		d.n = int64(p.exprSize())
	}
	p.check(']')
	return d
}

// funcParams parses a parameter list after the '('.
func (p *cparser) funcParams() derive {
	d := derive{op: '('}
	if p.tok != ')' {
		for {
			if p.opt('.') {
				p.check('.')
				p.check('.')
				d.vararg = true
				break
			}
			spec, _, attr := p.declSpec(sclRegister)
			pd := p.declarator(modeDirect|modeAbstract, attr)
			t := p.build(spec, pd, false)
			if t.kind == kVoid {
				break
			}
			switch t.kind {
			case kArray:
				t = p.tt.ptrTo(t.elem, 0)
			case kFunc:
				t = p.tt.ptrTo(t, 0)
			}
			d.params = append(d.params, t)
			d.pnames = append(d.pnames, pd.name)
			if !p.opt(',') {
				break
			}
		}
	}
	p.check(')')
	if p.opt('{') {
		// A function definition: skip its body.
		level := 1
		p.skip = true
		for {
			if p.tok == '{' {
				level++
			} else if p.tok == '}' {
				level--
				if level == 0 {
					break
				}
			} else if p.tok == tokEOF {
				p.expected('}')
			}
			p.next()
		}
		p.skip = false
		p.tok = ';'
	}
	return d
}

// build applies a declarator's steps to the base type, with LuaJIT's
// checks on what may be combined.
func (p *cparser) build(base *ctype, d *declarator, field bool) *ctype {
	t := base
	for _, op := range d.ops {
		switch op.op {
		case '*':
			if t.kind == kRef {
				p.fail(0, "invalid C type")
			}
			t = p.tt.ptrTo(t, op.qual)
		case '&':
			if t.kind == kRef {
				p.fail(0, "invalid C type")
			}
			t = p.tt.refTo(t)
		case '[':
			if t.kind == kRef {
				p.fail(0, "invalid C type")
			}
			if t.vla || t.raw().vla || !t.hasSize() {
				p.fail(0, "size of C type is unknown or too large")
			}
			if op.n >= 0 && uint64(op.n)*uint64(t.sizeOf()) >= 0x80000000 {
				p.fail(0, "size of C type is unknown or too large")
			}
			t = p.tt.arrayOf(t, op.n, op.vla)
		case '(':
			if t.kind == kFunc || t.kind == kArray {
				p.fail(0, "invalid C type")
			}
			t = p.tt.newFunc(t, op.params, op.pnames, op.vararg)
		}
	}
	if d.attr.aligned && !field {
		t = p.tt.withAlign(t, d.attr.align)
	}
	return t
}
