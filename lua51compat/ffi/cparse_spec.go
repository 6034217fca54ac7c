package ffi

// Declaration specifiers: storage classes, the number keywords and their
// combinations (long long, unsigned char, ...), typedef names, struct,
// union and enum specifiers and '$' type parameters.

// Declaration specifier flags (LuaJIT's CDF_*), one bit per keyword in
// token order from tokVoid.
func cdf(tok int) uint32 { return 1 << uint(tok-tokFirstDecl) }

// declSpec parses declaration specifiers and returns the base type, the
// storage class and the attributes left for the declarators. allowed are
// the storage classes accepted here.
func (p *cparser) declSpec(allowed int) (*ctype, int, declAttr) {
	var attr declAttr
	var cds uint32
	var sz int64
	var tdef *ctype
	scl := 0
loop:
	for {
		p.declAttributes(&attr)
		if p.tok >= tokFirstDecl && p.tok <= tokLastDeclFlag {
			if p.kwSize != 0 {
				if sz != 0 {
					break loop
				}
				sz = p.kwSize
			}
			bit := cdf(p.tok)
			cds |= bit | (bit & cds & cdf(tokLong) << 1)
			if p.tok >= tokFirstSCL {
				sb := sclBit(p.tok)
				if allowed&sb == 0 {
					p.fail(p.tok, "bad storage class")
				}
				scl |= sb
			} else if tdef != nil {
				break loop
			}
			p.next()
			continue
		}
		if sz != 0 || tdef != nil ||
			cds&(cdf(tokShort)|cdf(tokLong)|cdf(tokSigned)|cdf(tokUnsigned)|cdf(tokComplex)) != 0 {
			break
		}
		switch p.tok {
		case tokStruct:
			tdef = p.declStruct(&attr, false)
			continue
		case tokUnion:
			tdef = p.declStruct(&attr, true)
			continue
		case tokEnum:
			tdef = p.declEnum(&attr)
			continue
		case tokIdent:
			if t, ok := p.isTypedef(); ok {
				tdef = t
				p.next()
				continue
			}
		case tokParam:
			tdef = p.ptype
			p.next()
			continue
		}
		break
	}
	var base *ctype
	switch {
	case cds&cdf(tokComplex) != 0:
		base = p.tt.tComplexDouble
		if sz == 4 {
			base = p.tt.tComplexFloat
		}
		base = p.tt.qualify(base, attr.qual)
	case tdef != nil:
		base = p.tt.qualify(tdef, attr.qual)
	case cds&cdf(tokVoid) != 0:
		base = p.tt.qualify(p.tt.tVoid, attr.qual)
	default:
		base = p.tt.qualify(p.numSpec(cds, sz), attr.qual)
	}
	attr.qual = 0
	return base, scl, attr
}

func sclBit(tok int) int {
	switch tok {
	case tokTypedef:
		return sclTypedef
	case tokExtern:
		return sclExtern
	case tokStatic:
		return sclStatic
	case tokAuto:
		return sclAuto
	case tokRegister:
		return sclRegister
	}
	return 0 // inline
}

// numSpec builds the number type named by the specifier flags.
func (p *cparser) numSpec(cds uint32, sz int64) *ctype {
	unsigned := cds&cdf(tokUnsigned) != 0
	switch {
	case cds&cdf(tokBool) != 0:
		if cds&^(sclMask|cdf(tokBool)|cdf(tokInt)|cdf(tokSigned)|cdf(tokUnsigned)) != 0 {
			p.fail(0, "invalid C type")
		}
		if sz == 0 {
			sz = 1
		}
		return p.tt.intern(typeKey{kind: kBool, size: sz, unsigned: cds&cdf(tokSigned) == 0, align: log2(sz)})
	case cds&cdf(tokFP) != 0:
		if cds&cdf(tokLong) != 0 {
			sz = 16
		}
		return p.tt.intern(typeKey{kind: kFloat, size: sz, align: log2(sz)})
	case cds&cdf(tokChar) != 0:
		return p.tt.intType(1, unsigned, false, 0)
	case cds&cdf(tokShort) != 0:
		return p.tt.intType(2, unsigned, false, 0)
	case cds&cdf(tokLongLong) != 0:
		return p.tt.intType(8, unsigned, false, 0)
	case cds&cdf(tokLong) != 0:
		return p.tt.intType(8, unsigned, true, 0)
	case sz == 0:
		if cds&(cdf(tokSigned)|cdf(tokUnsigned)) == 0 {
			p.fail(p.tok, "declaration specifier expected")
		}
		sz = 4
	}
	return p.tt.intType(sz, unsigned, false, 0)
}

var sclMask = cdf(tokTypedef) | cdf(tokExtern) | cdf(tokStatic) | cdf(tokAuto) | cdf(tokRegister)
