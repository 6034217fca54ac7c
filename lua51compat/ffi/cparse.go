package ffi

import (
	lua "github.com/yuin/gopher-lua"
)

// The C declaration parser: LuaJIT's minimal, non-validating grammar of
// declaration specifiers, declarators, struct/union/enum bodies, function
// prototypes, typedefs, static constants, attributes and #pragma pack, with
// LuaJIT's error messages and its quirks (redeclarations are silently
// ignored, only the first declaration may omit its ';').

// Parser modes (LuaJIT's CPARSE_MODE_*).
const (
	modeMulti      = 1 << iota // ffi.cdef: many declarations
	modeAbstract               // declarators may omit the name
	modeDirect                 // declarators may have a name
	modeField                  // struct field: bit width allowed
	modeNoImplicit             // "struct foo" must already exist
)

// Storage classes, as bits.
const (
	sclTypedef = 1 << iota
	sclExtern
	sclStatic
	sclAuto
	sclRegister
)

// declAttr collects attributes and pending qualifiers of a declaration.
type declAttr struct {
	qual    qual
	aligned bool
	align   uint8
	packed  bool
	redir   string
}

// derive is one step from a base type to the declared type.
type derive struct {
	op      byte // '*', '&', '[', '('
	qual    qual
	n       int64 // array length, sizeUnknown for a[] and a[?]
	vla     bool
	params  []*ctype
	pnames  []string
	vararg  bool
	aligned bool
	align   uint8
}

// cparser parses C declarations into a VM's type table.
type cparser struct {
	lexer
	tt      *typeTable
	mode    int
	depth   int
	pack    []uint8 // #pragma pack stack, 255 = none
	params  []lua.LValue
	pi      int
	ptype   *ctype // type of a '$' parameter token
	pname   bool   // current identifier came from a '$' parameter
	undo    []func()
	argBase int // argument number of the first parameter, for errors
	argErr  func(n int, got string)
}

const maxDeclDepth = 20

// next scans the next token, substituting '$' parameters.
func (p *cparser) next() int {
	p.pname = false
	tok := p.scan()
	if tok == '$' {
		tok = p.param()
	}
	p.tok = tok
	return tok
}

// param substitutes the next '$' parameter: a string is an identifier, a
// number an integer constant, a ctype or cdata its type.
func (p *cparser) param() int {
	if isIdentChar(p.c) || p.c == '$' {
		p.fail(p.c, "syntax error")
	}
	if p.pi >= len(p.params) {
		p.fail(0, "wrong number of type parameters")
	}
	v := p.params[p.pi]
	p.pi++
	switch x := v.(type) {
	case lua.LString:
		p.str = string(x)
		p.pname = true
		return tokIdent
	case lua.LNumber:
		p.ival = uint32(numToInt32(float64(x)))
		p.iunsig = false
		return tokInteger
	}
	if t := ctypeOfParam(v); t != nil {
		p.ptype = t
		return tokParam
	}
	if p.argErr != nil {
		p.argErr(p.argBase+p.pi-1, typeNameOf(v))
	}
	p.fail(0, "type parameter expected")
	return 0
}

// opt consumes tok when it is the current token.
func (p *cparser) opt(tok int) bool {
	if p.tok == tok {
		p.next()
		return true
	}
	return false
}

// check consumes tok or fails with "'tok' expected".
func (p *cparser) check(tok int) {
	if p.tok != tok {
		p.expected(tok)
	}
	p.next()
}

// lookup finds an identifier in the default namespace.
func (p *cparser) lookup(name string) *nsEntry {
	if p.pname {
		return nil
	}
	return p.tt.names[name]
}

// isTypedef reports whether the current token names a typedef.
func (p *cparser) isTypedef() (*ctype, bool) {
	if p.tok != tokIdent {
		return nil, false
	}
	if e := p.lookup(p.str); e != nil && e.kind == nsTypedef {
		return e.typ, true
	}
	return nil, false
}

// isTypeDecl reports whether the current token may start a type.
func (p *cparser) isTypeDecl() bool {
	if p.tok >= tokFirstDecl && p.tok <= tokLastDecl || p.tok == tokParam {
		return true
	}
	_, ok := p.isTypedef()
	return ok
}

// addName declares name in the default namespace, undone on error.
func (p *cparser) addName(name string, e *nsEntry) {
	p.tt.names[name] = e
	p.undo = append(p.undo, func() { delete(p.tt.names, name) })
}

// addTag declares a struct, union or enum tag, undone on error.
func (p *cparser) addTag(name string, t *ctype) {
	p.tt.tags[name] = t
	p.undo = append(p.undo, func() { delete(p.tt.tags, name) })
}

// run parses src and reports the first error; declarations made by a
// failed parse are withdrawn, as LuaJIT restores its type table.
func (p *cparser) run(src string, body func()) (err error) {
	p.init(src)
	p.pack = []uint8{255}
	defer func() {
		if r := recover(); r != nil {
			pe, ok := r.(*parseError)
			if !ok {
				panic(r)
			}
			for i := len(p.undo) - 1; i >= 0; i-- {
				p.undo[i]()
			}
			err = pe
		}
	}()
	p.next()
	body()
	if p.params != nil && p.pi != len(p.params) {
		p.fail(0, "wrong number of type parameters")
	}
	return nil
}

// parseAbstract parses a type name such as "struct foo *[?]".
func (p *cparser) parseAbstract() *ctype {
	spec, _, attr := p.declSpec(0)
	d := p.declarator(modeAbstract, attr)
	t := p.build(spec, d, false)
	if p.tok != tokEOF {
		p.expected(tokEOF)
	}
	return t
}

// declMulti parses the declarations of ffi.cdef.
func (p *cparser) declMulti() {
	first := true
	for p.tok != tokEOF {
		if p.opt(';') {
			first = false
			continue
		}
		if p.tok == '#' {
			p.hashLine()
			continue
		}
		spec, scl, attr := p.declSpec(sclTypedef | sclExtern | sclStatic)
		if (p.tok == ';' || p.tok == tokEOF) && (spec.kind == kStruct || spec.kind == kEnum) {
			// "struct foo { ... };" declares the tag only.
		} else {
			for {
				d := p.declarator(modeDirect, attr)
				t := p.build(spec, d, false)
				if d.name != "" && !d.exists {
					p.declareName(d, t, scl)
				}
				if !p.opt(',') {
					break
				}
			}
		}
		if p.tok == tokEOF && first {
			break
		}
		first = false
		p.check(';')
	}
}

// declareName enters a declared name into the namespace.
func (p *cparser) declareName(d *declarator, t *ctype, scl int) {
	switch {
	case scl&sclTypedef != 0:
		p.addName(d.name, &nsEntry{kind: nsTypedef, typ: t})
	case t.kind == kFunc:
		p.addName(d.name, &nsEntry{kind: nsFunc, typ: t, redir: d.attr.redir})
	case scl&sclStatic != 0:
		c := p.constInit(t, d.name)
		p.addName(d.name, &nsEntry{kind: nsConst, cval: c})
	default:
		p.addName(d.name, &nsEntry{kind: nsExtern, typ: t, redir: d.attr.redir})
	}
}

// constInit parses "= value" of a static const integer of up to 32 bits.
func (p *cparser) constInit(t *ctype, name string) *enumConst {
	if t.kind != kInt || !t.isConst() || t.size > 4 {
		p.fail(0, "invalid C type")
	}
	p.check('=')
	v := p.exprSub(0)
	shift := uint(8 * (4 - t.size))
	u := v.u << shift
	var val int64
	if t.unsigned {
		val = int64(u >> shift)
	} else {
		val = int64(int32(u) >> shift)
	}
	return &enumConst{name: name, val: val, typ: t}
}

// ctypeOfParam returns the type a '$' parameter stands for: a ctype's
// type, or the type of a cdata.
func ctypeOfParam(v lua.LValue) *ctype {
	if cd, ok := toCData(v); ok {
		if cd.isCtype() {
			return cd.typ
		}
		return cd.ct
	}
	return nil
}
