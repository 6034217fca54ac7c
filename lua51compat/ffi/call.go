package ffi

import (
	lua "github.com/yuin/gopher-lua"
)

// What a Go implementation of a C function works with: the call and its
// arguments, its result, and pointers into C memory.

// Call is one call of a Go-implemented C function.
type Call struct {
	// L is the Lua thread making the call.
	L *lua.LState
	// Name is the C name of the function.
	Name string
	s    *ffiState
	args []cvalue
	buf  [6]cvalue
}

// NumArgs returns the number of arguments, including variadic ones.
func (c *Call) NumArgs() int { return len(c.args) }

// Int returns argument i (from 0) as a signed integer: integers and enums
// as they are, booleans as 0 or 1, floating point truncated, pointers as
// their address.
func (c *Call) Int(i int) int64 { return int64(c.Uint(i)) }

// Uint returns argument i as an unsigned integer (see Int).
func (c *Call) Uint(i int) uint64 {
	if i < 0 || i >= len(c.args) {
		return 0
	}
	v := c.args[i]
	r := v.t.numType()
	switch r.kind {
	case kFloat:
		return uint64(numToInt64(v.float()))
	case kPtr, kArray, kStruct:
		return c.s.as.address(v.p)
	}
	return v.num
}

// Float returns argument i as a float64.
func (c *Call) Float(i int) float64 {
	if i < 0 || i >= len(c.args) {
		return 0
	}
	v := c.args[i]
	r := v.t.numType()
	switch r.kind {
	case kFloat:
		return v.float()
	case kBool, kInt:
		return intToNum(v.num, r.unsigned)
	}
	return 0
}

// Pointer returns argument i as a pointer (NULL when it is not one).
func (c *Call) Pointer(i int) Pointer {
	if i < 0 || i >= len(c.args) {
		return Pointer{}
	}
	v := c.args[i]
	switch v.t.numType().kind {
	case kPtr, kArray, kStruct:
		return Pointer{p: v.p, as: &c.s.as}
	}
	return Pointer{}
}

// Errno returns the VM's errno, as ffi.errno() reads it.
func (c *Call) Errno() int { return c.s.errno }

// SetErrno sets the VM's errno, as a C function failing with errno does.
func (c *Call) SetErrno(e int) { c.s.errno = e }

// valueKind is the kind of a Value.
type valueKind uint8

const (
	vVoid valueKind = iota
	vInt
	vUint
	vFloat
	vPtr
)

// Value is the result of a Go-implemented C function.
type Value struct {
	kind valueKind
	n    uint64
	f    float64
	p    pointer
}

// Void is the result of a function returning nothing.
var Void = Value{}

// Int returns a signed integer result.
func Int(v int64) Value { return Value{kind: vInt, n: uint64(v)} }

// Uint returns an unsigned integer result.
func Uint(v uint64) Value { return Value{kind: vUint, n: v} }

// Float returns a floating-point result.
func Float(f float64) Value { return Value{kind: vFloat, f: f} }

// Ptr returns a pointer result.
func Ptr(p Pointer) Value { return Value{kind: vPtr, p: p.p} }

// Pointer is a C pointer handed to or returned by Go code: a location in
// an allocation, or NULL.
type Pointer struct {
	p  pointer
	as *addrSpace
}

// Null is the NULL pointer.
var Null = Pointer{}

// IsNull reports whether p is NULL.
func (p Pointer) IsNull() bool { return p.p.isNull() }

// Add returns p offset by n bytes.
func (p Pointer) Add(n int) Pointer { return Pointer{p: p.p.add(int64(n)), as: p.as} }

// noSpace resolves no addresses: pointers made in Go always carry their
// allocation.
var noSpace addrSpace

func (p Pointer) space() *addrSpace {
	if p.as != nil {
		return p.as
	}
	return &noSpace
}

// Read returns a view of the n bytes at p; the caller must not modify it.
func (p Pointer) Read(n int) ([]byte, error) {
	q := p.p
	return p.space().bytes(&q, int64(n), false)
}

// Write returns a writable view of the n bytes at p.
func (p Pointer) Write(n int) ([]byte, error) {
	q := p.p
	return p.space().bytes(&q, int64(n), true)
}

// CString reads the NUL-terminated string at p.
func (p Pointer) CString() (string, error) {
	q := p.p
	if _, err := p.space().bytes(&q, 0, false); err != nil {
		return "", err
	}
	data := q.a.data[q.off:]
	if i := indexByte(data, 0); i >= 0 {
		return string(data[:i]), nil
	}
	if q.a.isString {
		return string(data), nil
	}
	return "", &memError{"unterminated C string"}
}

// Object returns the Go object attached at p (see NewObject), or nil.
func (p Pointer) Object() any {
	q := p.p
	if _, err := p.space().bytes(&q, 0, false); err != nil {
		return nil
	}
	return q.a.object(q.off)
}

// SetObject attaches a Go object at p, so that Go implementations can keep
// state behind an opaque C pointer or inside a C struct they were handed.
func (p Pointer) SetObject(v any) error {
	q := p.p
	if _, err := p.space().bytes(&q, 0, false); err != nil {
		return err
	}
	q.a.setObject(q.off, v)
	return nil
}

// StorePointer stores q at p, as C code assigning through a pointer to a
// pointer does (*err = "...").
func (p Pointer) StorePointer(q Pointer) error {
	d := p.p
	as := p.space()
	b, err := as.bytes(&d, 8, true)
	if err != nil {
		return err
	}
	storeUint(b, as.address(q.p))
	d.a.setRef(d.off, q.p.a)
	return nil
}

// NewCString returns a NUL-terminated copy of s in C memory, as a C
// function's static message string.
func NewCString(s string) Pointer {
	a := newAllocation(int64(len(s) + 1))
	copy(a.data, s)
	a.readonly = true
	return Pointer{p: pointer{a: a}}
}

// Alloc returns size bytes of zeroed C memory, owned by Go's garbage
// collector like ffi.new's (C's free of it does nothing).
func Alloc(size int) Pointer {
	return Pointer{p: pointer{a: newAllocation(int64(size))}}
}

// NewObject returns size bytes of zeroed C memory with obj attached at its
// start: an opaque handle such as EVP_CIPHER_CTX_new returns.
func NewObject(obj any, size int) Pointer {
	a := newAllocation(int64(size))
	a.obj0 = obj
	return Pointer{p: pointer{a: a}}
}

// NewStatic is NewObject for objects shared by all VMs of the process,
// such as the constant EVP_MD descriptors OpenSSL hands out; their memory
// is read-only.
func NewStatic(obj any, size int) Pointer {
	a := &allocation{data: make([]byte, size), readonly: true, static: true, obj0: obj}
	return Pointer{p: pointer{a: a}}
}
