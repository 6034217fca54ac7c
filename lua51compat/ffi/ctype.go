package ffi

// C types as LuaJIT's FFI models them on x86-64 Linux (LP64): char 1,
// short 2, int 4, long and pointers 8 bytes, natural alignment, long double
// 16 bytes.

// kind is the class of a C type (LuaJIT's CT_* numbers, with bool, int
// and float told apart).
type kind uint8

const (
	kVoid kind = iota
	kBool
	kInt
	kFloat
	kPtr
	kRef
	kArray
	kStruct // struct or union
	kEnum
	kFunc
	kComplex // parsed and sized; values are not supported
)

// qual holds the const and volatile qualifiers.
type qual uint8

const (
	qConst qual = 1 << iota
	qVolatile
)

// sizeUnknown marks a type without a size: void, functions, incomplete
// structs, a[] and a[?].
const sizeUnknown int64 = -1

// ptrSize is the size of pointers, size_t and long.
const ptrSize = 8

// maxTypeSize is LuaJIT's limit on the size of a C type (2^31 - 1 bytes).
const maxTypeSize = 0x7fffffff

// ctype is a C type. Types are interned per VM, so structurally equal
// types are the same *ctype, except structs, unions, enums and functions,
// which are unique. A qualified struct or enum ("const struct foo") is a
// view whose base is the unqualified type; fields, size and metatype live
// in the base, which may be completed after the view was made.
type ctype struct {
	kind        kind
	qual        qual
	unsigned    bool
	long        bool  // declared with long (LuaJIT's CTF_LONG)
	size        int64 // sizeUnknown when there is none
	align       uint8 // log2 of the alignment
	elem        *ctype
	vla         bool // a[?], or a struct whose last field is one
	union       bool
	tag         string // struct/union/enum tag, "" when anonymous
	id          int    // serial number, printed for anonymous types
	base        *ctype // unqualified struct/enum of a qualified view
	complete    bool   // struct/union/enum has a body
	defining    bool   // struct body being parsed
	constInside bool   // struct has a const member: not assignable as a whole
	ctypeID     bool   // the type of ctype objects themselves ("ctype")
	fields      []*field
	fieldMap    map[string]fieldRef
	consts      []*enumConst
	params      []*ctype
	paramName   []string
	vararg      bool
}

// field is a member of a struct or union. A field without a name and with
// sub set is an anonymous struct/union whose members are reached directly.
type field struct {
	name     string
	typ      *ctype
	off      int64
	sub      bool
	constVal *enumConst // "static const int x = 1;" inside a struct
}

// fieldRef is a member found by name, with its offset from the start of
// the outermost struct and the qualifiers collected on the way.
type fieldRef struct {
	f    *field
	off  int64
	qual qual
}

// enumConst is a named integer constant (enum member or static const).
type enumConst struct {
	name string
	val  int64
	typ  *ctype // int32_t, uint32_t or the declared constant's type
}

// raw returns the unqualified struct or enum behind a qualified view, and
// the type itself otherwise.
func (t *ctype) raw() *ctype {
	if t.base != nil {
		return t.base
	}
	return t
}

// isNum reports whether t is LuaJIT's CT_NUM: bool, integer or floating.
func (t *ctype) isNum() bool { return t.kind == kBool || t.kind == kInt || t.kind == kFloat }

// isPointerLike reports whether t is a pointer or an array (ctype_ispointer).
func (t *ctype) isPointerLike() bool { return t.kind == kPtr || t.kind == kArray }

// hasSize reports whether t has a known size.
func (t *ctype) hasSize() bool { return t.raw().size != sizeUnknown }

// sizeOf is the size of t (sizeUnknown when t has none).
func (t *ctype) sizeOf() int64 { return t.raw().size }

// alignOf is the alignment of t in bytes.
func (t *ctype) alignOf() int64 { return 1 << t.raw().align }

// isConst reports whether t is const-qualified.
func (t *ctype) isConst() bool { return t.qual&qConst != 0 }

// deref strips one level of reference.
func (t *ctype) deref() *ctype {
	if t.kind == kRef {
		return t.elem
	}
	return t
}

// numType is the type a value is converted through for enums: their
// underlying integer type.
func (t *ctype) numType() *ctype {
	r := t.raw()
	if r.kind == kEnum {
		if r.elem != nil {
			return r.elem
		}
	}
	return r
}

// lookupField finds a member of a struct or union by name, descending into
// anonymous members.
func (t *ctype) lookupField(name string) (fieldRef, bool) {
	r := t.raw()
	if r.fieldMap != nil {
		fr, ok := r.fieldMap[name]
		return fr, ok
	}
	return findField(r, name)
}

func findField(r *ctype, name string) (fieldRef, bool) {
	for _, f := range r.fields {
		if f.name == name && f.name != "" {
			return fieldRef{f: f, off: f.off}, true
		}
		if f.sub {
			if fr, ok := f.typ.lookupField(name); ok {
				fr.off += f.off
				fr.qual |= f.typ.qual
				return fr, true
			}
		}
	}
	return fieldRef{}, false
}

// indexFields builds the name index of a completed struct.
func (t *ctype) indexFields() {
	m := make(map[string]fieldRef)
	var walk func(r *ctype, off int64, q qual)
	walk = func(r *ctype, off int64, q qual) {
		for _, f := range r.fields {
			if f.sub {
				walk(f.typ.raw(), off+f.off, q|f.typ.qual)
				continue
			}
			if f.name == "" {
				continue
			}
			if _, dup := m[f.name]; !dup {
				m[f.name] = fieldRef{f: f, off: off + f.off, qual: q}
			}
		}
	}
	walk(t, 0, 0)
	t.fieldMap = m
}

// lastVLA returns the trailing a[?] member of a variable-length struct.
func (t *ctype) lastVLA() *ctype {
	r := t.raw()
	if r.kind == kArray {
		return r
	}
	for i := len(r.fields) - 1; i >= 0; i-- {
		f := r.fields[i]
		if f.constVal != nil {
			continue
		}
		if f.typ.raw().kind == kArray {
			return f.typ.raw()
		}
		return nil
	}
	return nil
}

// vlSize is the size of a variable-length array or struct with n elements
// in its trailing array, or sizeUnknown when that overflows LuaJIT's limit.
func (t *ctype) vlSize(n int64) int64 {
	r := t.raw()
	var sz int64
	arr := r
	if r.kind == kStruct {
		sz = r.size
		arr = r.lastVLA()
		if arr == nil {
			return sizeUnknown
		}
	}
	es := arr.elem.sizeOf()
	if es < 0 {
		return sizeUnknown
	}
	total := uint64(sz) + uint64(es)*uint64(uint32(n))
	if total >= 0x80000000 {
		return sizeUnknown
	}
	return int64(total)
}
