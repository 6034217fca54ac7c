package ffi

// The C type table of one VM: interned types, the default namespace
// (typedefs, functions, extern variables, constants) and the tag namespace
// of structs, unions and enums. Like LuaJIT's, it only grows.

// typeKey identifies an interned type.
type typeKey struct {
	kind     kind
	qual     qual
	unsigned bool
	long     bool
	size     int64
	align    uint8
	elem     *ctype
	vla      bool
}

// nsKind is what a name in the default namespace denotes.
type nsKind uint8

const (
	nsTypedef nsKind = iota + 1
	nsFunc
	nsExtern
	nsConst
)

// nsEntry is a declared name.
type nsEntry struct {
	kind  nsKind
	typ   *ctype     // typedef target, function type, variable type
	cval  *enumConst // constant
	redir string     // asm("symbol") redirection of a function or variable
}

// typeTable holds a VM's C types.
type typeTable struct {
	interned map[typeKey]*ctype
	names    map[string]*nsEntry
	tags     map[string]*ctype
	nextID   int

	tVoid, tCVoid, tBool             *ctype
	tInt8, tUint8, tInt16, tUint16   *ctype
	tInt32, tUint32, tInt64, tUint64 *ctype
	tFloat, tDouble                  *ctype
	tPVoid, tPCVoid, tPCChar, tCChar *ctype
	tACChar                          *ctype // const char[] (Lua strings)
	tIntPtr                          *ctype
	tCtype                           *ctype // type of ctype objects
	tComplexFloat, tComplexDouble    *ctype
}

// firstTypeID is the first serial number given to declared types, near
// where LuaJIT's own numbering starts after its predefined types.
const firstTypeID = 96

func newTypeTable() *typeTable {
	tt := &typeTable{
		interned: make(map[typeKey]*ctype),
		names:    make(map[string]*nsEntry),
		tags:     make(map[string]*ctype),
		nextID:   firstTypeID,
	}
	tt.tVoid = tt.intern(typeKey{kind: kVoid, size: sizeUnknown})
	tt.tCVoid = tt.intern(typeKey{kind: kVoid, size: sizeUnknown, qual: qConst})
	tt.tBool = tt.intern(typeKey{kind: kBool, size: 1, unsigned: true})
	tt.tInt8 = tt.intType(1, false, false, 0)
	tt.tUint8 = tt.intType(1, true, false, 0)
	tt.tInt16 = tt.intType(2, false, false, 0)
	tt.tUint16 = tt.intType(2, true, false, 0)
	tt.tInt32 = tt.intType(4, false, false, 0)
	tt.tUint32 = tt.intType(4, true, false, 0)
	tt.tInt64 = tt.intType(8, false, true, 0)
	tt.tUint64 = tt.intType(8, true, true, 0)
	tt.tFloat = tt.intern(typeKey{kind: kFloat, size: 4, align: 2})
	tt.tDouble = tt.intern(typeKey{kind: kFloat, size: 8, align: 3})
	tt.tCChar = tt.intType(1, false, false, qConst)
	tt.tPVoid = tt.ptrTo(tt.tVoid, 0)
	tt.tPCVoid = tt.ptrTo(tt.tCVoid, 0)
	tt.tPCChar = tt.ptrTo(tt.tCChar, 0)
	tt.tACChar = tt.intern(typeKey{kind: kArray, size: sizeUnknown, elem: tt.tCChar, qual: qConst})
	tt.tIntPtr = tt.tInt64
	tt.tComplexFloat = tt.intern(typeKey{kind: kComplex, size: 8, align: 2, elem: tt.tFloat})
	tt.tComplexDouble = tt.intern(typeKey{kind: kComplex, size: 16, align: 3, elem: tt.tDouble})
	tt.tCtype = &ctype{kind: kEnum, elem: tt.tInt32, size: 4, align: 2, complete: true, ctypeID: true}
	// LuaJIT's numbers for its predefined types, which ctype arithmetic
	// exposes (ffi.typeof("int") + 0 is 9LL).
	for id, t := range []*ctype{tt.tVoid, tt.tCVoid, tt.tBool, tt.tCChar, tt.tInt8, tt.tUint8,
		tt.tInt16, tt.tUint16, tt.tInt32, tt.tUint32, tt.tInt64, tt.tUint64, tt.tFloat, tt.tDouble,
		tt.tComplexFloat, tt.tComplexDouble, tt.tPVoid, tt.tPCVoid, tt.tPCChar, tt.tACChar, tt.tCtype} {
		t.id = id + 1
	}
	for name, t := range map[string]*ctype{
		"va_list": tt.tPVoid, "__builtin_va_list": tt.tPVoid, "__gnuc_va_list": tt.tPVoid,
		"ptrdiff_t": tt.tInt64, "size_t": tt.tUint64, "wchar_t": tt.tInt32,
		"int8_t": tt.tInt8, "int16_t": tt.tInt16, "int32_t": tt.tInt32, "int64_t": tt.tInt64,
		"uint8_t": tt.tUint8, "uint16_t": tt.tUint16, "uint32_t": tt.tUint32, "uint64_t": tt.tUint64,
		"intptr_t": tt.tInt64, "uintptr_t": tt.tUint64, "ssize_t": tt.tInt64,
	} {
		tt.names[name] = &nsEntry{kind: nsTypedef, typ: t}
	}
	return tt
}

// intern returns the unique type for k, creating it on first use.
func (tt *typeTable) intern(k typeKey) *ctype {
	if t, ok := tt.interned[k]; ok {
		return t
	}
	t := &ctype{kind: k.kind, qual: k.qual, unsigned: k.unsigned, long: k.long,
		size: k.size, align: k.align, elem: k.elem, vla: k.vla, id: tt.newID()}
	if k.kind == kStruct || k.kind == kEnum {
		// A qualified view of a struct or enum: elem is the key's base.
		t.elem = nil
		t.base = k.elem
	}
	tt.interned[k] = t
	return t
}

func (tt *typeTable) newID() int {
	id := tt.nextID
	tt.nextID++
	return id
}

// intType returns the integer type of the given size and signedness.
func (tt *typeTable) intType(size int64, unsigned, long bool, q qual) *ctype {
	return tt.intern(typeKey{kind: kInt, size: size, unsigned: unsigned, long: long, qual: q, align: log2(size)})
}

// ptrTo returns the pointer to elem with the pointer's own qualifiers q.
func (tt *typeTable) ptrTo(elem *ctype, q qual) *ctype {
	return tt.intern(typeKey{kind: kPtr, size: ptrSize, align: 3, elem: elem, qual: q})
}

// refTo returns the reference to elem.
func (tt *typeTable) refTo(elem *ctype) *ctype {
	return tt.intern(typeKey{kind: kRef, size: ptrSize, align: 3, elem: elem})
}

// arrayOf returns the array of n elems, n < 0 meaning a[] (or a[?] when
// vla is set). The caller has checked the element.
func (tt *typeTable) arrayOf(elem *ctype, n int64, vla bool) *ctype {
	size := sizeUnknown
	if n >= 0 {
		size = n * elem.sizeOf()
	}
	return tt.intern(typeKey{kind: kArray, size: size, align: elem.raw().align, elem: elem, vla: vla, qual: elem.qual})
}

// qualify adds qualifiers to t: numbers, void and pointers get qualified
// variants, structs and enums a qualified view, arrays qualified
// elements; functions ignore them.
func (tt *typeTable) qualify(t *ctype, q qual) *ctype {
	if q == 0 || t.qual&q == q {
		return t
	}
	switch t.kind {
	case kStruct, kEnum:
		return tt.intern(typeKey{kind: t.kind, qual: t.qual | q, elem: t.raw(), align: t.align})
	case kArray:
		return tt.arrayOfSize(tt.qualify(t.elem, q), t.size, t.vla)
	case kFunc, kRef:
		return t
	}
	k := keyOf(t)
	k.qual |= q
	return tt.intern(k)
}

// arrayOfSize is arrayOf with the total size given.
func (tt *typeTable) arrayOfSize(elem *ctype, size int64, vla bool) *ctype {
	return tt.intern(typeKey{kind: kArray, size: size, align: elem.raw().align, elem: elem, vla: vla, qual: elem.qual})
}

// withAlign returns t with its alignment raised to 2^al.
func (tt *typeTable) withAlign(t *ctype, al uint8) *ctype {
	switch t.kind {
	case kFunc, kRef, kStruct, kEnum:
		return t
	}
	k := keyOf(t)
	k.align = al
	return tt.intern(k)
}

func keyOf(t *ctype) typeKey {
	return typeKey{kind: t.kind, qual: t.qual, unsigned: t.unsigned, long: t.long,
		size: t.size, align: t.align, elem: t.elem, vla: t.vla}
}

// newStruct creates an incomplete struct or union.
func (tt *typeTable) newStruct(tag string, union bool) *ctype {
	return &ctype{kind: kStruct, union: union, tag: tag, size: sizeUnknown, id: tt.newID()}
}

// newEnum creates an incomplete enum.
func (tt *typeTable) newEnum(tag string) *ctype {
	return &ctype{kind: kEnum, tag: tag, size: sizeUnknown, id: tt.newID()}
}

// newFunc creates a function type.
func (tt *typeTable) newFunc(ret *ctype, params []*ctype, names []string, vararg bool) *ctype {
	return &ctype{kind: kFunc, elem: ret, params: params, paramName: names, vararg: vararg,
		size: sizeUnknown, id: tt.newID()}
}

// log2 of a power of two up to 16.
func log2(n int64) uint8 {
	var l uint8
	for n > 1 {
		n >>= 1
		l++
	}
	return l
}
