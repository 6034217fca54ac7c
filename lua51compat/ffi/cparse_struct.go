package ffi

// Struct, union and enum declarations and the struct layout (natural
// alignment, packed/aligned attributes, #pragma pack, flexible and
// variable-length trailing arrays, anonymous members).

// layoutField is a member during parsing, with its own attributes.
type layoutField struct {
	f    *field
	attr declAttr
	skip bool // anonymous enum: declares constants, takes no space
}

// structName parses the tag after struct/union/enum and returns the type,
// creating an incomplete one when the tag is new.
func (p *cparser) structName(sattr *declAttr, k kind, union bool) *ctype {
	p.next()
	p.declAttributes(sattr)
	var t *ctype
	if p.tok != '{' {
		if p.tok != tokIdent {
			p.expected(tokIdent)
		}
		name := p.str
		if existing := p.tt.tags[name]; existing != nil && !p.pname {
			if existing.kind != k || existing.union != union {
				p.fail(0, "attempt to redefine '"+name+"'")
			}
			t = existing
		} else {
			if p.mode&modeNoImplicit != 0 {
				p.fail(0, "undeclared or implicit tag '"+name+"'")
			}
			if k == kEnum {
				t = p.tt.newEnum(name)
			} else {
				t = p.tt.newStruct(name, union)
			}
			p.addTag(name, t)
		}
		p.next()
	} else if k == kEnum {
		t = p.tt.newEnum("")
	} else {
		t = p.tt.newStruct("", union)
	}
	if p.tok == '{' {
		if t.complete || t.defining {
			p.fail(0, "attempt to redefine '"+t.tag+"'")
		}
		t.defining = true
		p.undo = append(p.undo, func() { t.defining = false })
	}
	return t
}

// declStruct parses a struct or union specifier with its optional body.
func (p *cparser) declStruct(sattr *declAttr, union bool) *ctype {
	t := p.structName(sattr, kStruct, union)
	if !p.opt('{') {
		return t
	}
	var fields []layoutField
	lastDecl := false
	for p.tok != '}' {
		spec, scl, attr := p.declSpec(sclStatic)
		mode := modeDirect | modeAbstract | modeField
		if scl != 0 {
			mode = modeDirect
		}
		for {
			if lastDecl {
				p.expected('}')
			}
			d := p.declarator(mode, attr)
			ft := p.build(spec, d, true)
			switch {
			case scl&sclStatic != 0:
				c := p.constInit(ft, d.name)
				fields = append(fields, layoutField{f: &field{name: d.name, typ: ft, constVal: c}, skip: true})
			case d.hasBits:
				r := ft.raw()
				if !(r.kind == kInt || r.kind == kBool) || d.bits == 0 && d.name != "" ||
					8*r.size > 32 || r.kind == kBool && d.bits > 1 || d.bits > 8*r.size {
					p.fail(':', "invalid value")
				}
				p.fail(0, "NYI: bit fields in gresty")
			default:
				r := ft.raw()
				if r.kind == kArray && r.size < 0 {
					lastDecl = true
				}
				if d.name == "" {
					if !(r.kind == kStruct && !r.vla || r.kind == kEnum) {
						p.expected(tokIdent)
					}
					fields = append(fields, layoutField{f: &field{typ: ft, sub: r.kind == kStruct},
						attr: d.attr, skip: r.kind == kEnum})
				} else {
					fields = append(fields, layoutField{f: &field{name: d.name, typ: ft}, attr: d.attr})
				}
			}
			if !p.opt(',') {
				break
			}
		}
		p.check(';')
	}
	p.check('}')
	p.declAttributes(sattr)
	p.layout(t, fields, *sattr)
	return t
}

// layout assigns offsets and computes the size and alignment of a struct
// or union the way LuaJIT's cp_struct_layout does.
func (p *cparser) layout(t *ctype, fields []layoutField, sattr declAttr) {
	var ofs, maxOfs int64
	var maxAlign uint8
	if sattr.aligned {
		maxAlign = sattr.align
	}
	pack := p.pack[len(p.pack)-1]
	for _, lf := range fields {
		f := lf.f
		t.fields = append(t.fields, f)
		if lf.skip {
			continue
		}
		r := f.typ.raw()
		sz := r.size
		if f.typ.isConst() {
			// A const member makes the struct read-only as a whole.
			t.constInside = true
		}
		if sz < 0 || sz >= 0x20000000 || r.vla {
			if !(sz < 0 && r.kind == kArray && !t.union) {
				p.fail(0, "size of C type is unknown or too large")
			}
			sz = 0
			if r.vla {
				t.vla = true
			}
		}
		align := r.align
		if f.typ.kind != kStruct && f.typ.kind != kEnum {
			align = f.typ.align
		}
		if lf.attr.packed || sattr.packed || lf.attr.aligned && lf.attr.align > align {
			align = 0
			if lf.attr.aligned {
				align = lf.attr.align
			}
		}
		if pack < align {
			align = pack
		}
		if align > maxAlign {
			maxAlign = align
		}
		mask := int64(1)<<align - 1
		ofs = (ofs + mask) &^ mask
		f.off = ofs
		if t.union {
			if sz > maxOfs {
				maxOfs = sz
			}
		} else {
			ofs += sz
		}
	}
	if t.union {
		ofs = maxOfs
	}
	mask := int64(1)<<maxAlign - 1
	t.size = (ofs + mask) &^ mask
	t.align = maxAlign
	t.complete = true
	t.defining = false
	t.indexFields()
}

// declEnum parses an enum specifier with its optional body. Constants
// are int32_t, or uint32_t when they do not fit; the enum is unsigned
// unless a constant is negative.
func (p *cparser) declEnum(sattr *declAttr) *ctype {
	t := p.structName(sattr, kEnum, false)
	if !p.opt('{') {
		return t
	}
	under := p.tt.tUint32
	k := cval32{typ: p.tt.tInt32}
	for {
		if p.tok != tokIdent {
			p.expected(tokIdent)
		}
		name := p.str
		if p.lookup(name) != nil {
			p.fail(0, "attempt to redefine '"+name+"'")
		}
		p.next()
		if p.opt('=') {
			k = p.exprKInt()
			if k.typ == p.tt.tUint32 {
				if int32(k.u) >= 0 {
					k.typ = p.tt.tInt32
				}
			} else {
				k.typ = p.tt.tInt32
				if int32(k.u) < 0 {
					under = p.tt.tInt32
				}
			}
		}
		c := &enumConst{name: name, typ: k.typ}
		if k.typ == p.tt.tUint32 {
			c.val = int64(k.u)
		} else {
			c.val = int64(int32(k.u))
		}
		t.consts = append(t.consts, c)
		p.addName(name, &nsEntry{kind: nsConst, cval: c})
		k.u++
		if k.u == 0x80000000 {
			k.typ = p.tt.tUint32
		}
		if !p.opt(',') || p.tok == '}' {
			break
		}
	}
	p.check('}')
	t.elem = under
	t.size = 4
	t.align = 2
	t.complete = true
	t.defining = false
	return t
}

// enumConstant finds a constant of an enum by name.
func (t *ctype) enumConstant(name string) *enumConst {
	for _, c := range t.raw().consts {
		if c.name == name {
			return c
		}
	}
	return nil
}
