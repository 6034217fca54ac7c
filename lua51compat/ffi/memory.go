package ffi

import (
	"encoding/binary"
	"hash/maphash"
	"math"
	"sort"
	"strconv"
	"sync"
	"sync/atomic"
	"unsafe"
	"weak"
)

// The memory model. C data lives in allocations (Go byte slices); a
// pointer is an allocation and an offset, so pointer arithmetic, struct
// copies and pointers stored inside C data behave as in C while every
// access is bounds-checked. An allocation gets a numeric address only when
// a program looks at one (tostring, a cast to an integer, storing the
// pointer in memory); the address is stable for the allocation's life and
// lies in [2^32, 2^53), so tonumber of it is an exact Lua table key. The
// address space of a VM maps addresses back to allocations through weak
// references, so numbers do not keep memory alive, as in C.

// allocation is one block of C memory.
type allocation struct {
	data     []byte
	addr     atomic.Uint64 // 0 until assigned
	readonly bool          // Lua string contents, read-only C objects
	isString bool          // a Lua string: data views it, a NUL follows
	static   bool          // shared by all VMs (Go symbol constants)
	mu       sync.Mutex    // guards the objects of static allocations
	obj0     any           // Go object attached at offset 0 (opaque handle)
	objs     map[int64]any // Go objects attached at other offsets
	// refs remembers the Lua strings pointers stored in this memory
	// point into, keeping them alive as long as the pointer is stored: a
	// string a const char * field points to must not go away, as the
	// string LuaJIT's pointer points into does not while it is alive.
	refs map[int64]*allocation
}

// pointer is a C pointer value. a is nil for NULL and for addresses not
// resolved (yet) to an allocation, in which case off is the address.
type pointer struct {
	a   *allocation
	off int64
}

// isNull reports whether p is the NULL pointer.
func (p pointer) isNull() bool { return p.a == nil && p.off == 0 }

// add offsets p by n bytes.
func (p pointer) add(n int64) pointer { return pointer{a: p.a, off: p.off + n} }

func newAllocation(size int64) *allocation {
	return &allocation{data: make([]byte, size)}
}

// stringAllocation is a Lua string as C sees it (the const char * LuaJIT
// passes for strings): its bytes, read-only and not copied, followed by a
// NUL.
func stringAllocation(s string) *allocation {
	return &allocation{data: unsafe.Slice(unsafe.StringData(s), len(s)), readonly: true, isString: true}
}

// size is the number of addressable bytes, counting a string's NUL.
func (a *allocation) size() int64 {
	if a.isString {
		return int64(len(a.data)) + 1
	}
	return int64(len(a.data))
}

// Address ranges. Heap allocations are numbered upward from heapBase with
// a gap after each, so a pointer one past the end of one block never
// reaches the next; Lua strings get addresses derived from their contents
// in the string region, so equal strings have equal addresses as LuaJIT's
// interned strings do.
const (
	heapBase     uint64 = 0x7f0000010000
	stringBase   uint64 = 0x400000000000
	stringSpan   uint64 = 1 << 45
	addrLimit    uint64 = 1 << 53
	blockGap     uint64 = 16
	minCompactAt        = 1024
)

var (
	nextHeapAddr atomic.Uint64
	stringSeed   = maphash.MakeSeed()
)

func init() { nextHeapAddr.Store(heapBase) }

// reserve takes size bytes (plus the gap) of heap address space.
func reserve(size int64) uint64 {
	n := (uint64(size) + 15) &^ 15
	return nextHeapAddr.Add(n+blockGap) - n - blockGap
}

// stringAddr is the address of a Lua string's contents.
func stringAddr(b []byte) uint64 {
	h := maphash.Bytes(stringSeed, b)
	return stringBase + (h%stringSpan)&^7
}

// regEntry maps an address range to an allocation, weakly.
type regEntry struct {
	base, size uint64
	w          weak.Pointer[allocation]
}

// addrSpace is one VM's map from addresses to allocations. It is used
// only by the goroutine that holds the VM.
type addrSpace struct {
	heap      []regEntry
	compactAt int
	strs      map[uint64]weak.Pointer[allocation]
}

// statics is the address map of allocations shared by all VMs.
var statics struct {
	sync.Mutex
	as addrSpace
}

// addressOf returns the address of a, assigning and registering it on
// first use.
func (as *addrSpace) addressOf(a *allocation) uint64 {
	if v := a.addr.Load(); v != 0 {
		return v
	}
	var base uint64
	if a.isString {
		base = stringAddr(a.data)
	} else {
		base = reserve(int64(len(a.data)))
	}
	if !a.addr.CompareAndSwap(0, base) {
		return a.addr.Load()
	}
	if a.static {
		statics.Lock()
		statics.as.insert(a, base)
		statics.Unlock()
		return base
	}
	as.insert(a, base)
	return base
}

func (as *addrSpace) insert(a *allocation, base uint64) {
	w := weak.Make(a)
	if base >= stringBase && base < stringBase+stringSpan {
		if as.strs == nil {
			as.strs = make(map[uint64]weak.Pointer[allocation])
		}
		if len(as.strs) >= minCompactAt && len(as.strs)%minCompactAt == 0 {
			for k, v := range as.strs {
				if v.Value() == nil {
					delete(as.strs, k)
				}
			}
		}
		as.strs[base] = w
		return
	}
	e := regEntry{base: base, size: uint64(a.size()), w: w}
	n := len(as.heap)
	if n >= as.compactAt && n >= minCompactAt {
		as.compact()
		n = len(as.heap)
	}
	if n == 0 || as.heap[n-1].base < base {
		as.heap = append(as.heap, e)
		return
	}
	i := sort.Search(n, func(i int) bool { return as.heap[i].base >= base })
	as.heap = append(as.heap, regEntry{})
	copy(as.heap[i+1:], as.heap[i:])
	as.heap[i] = e
}

// compact drops entries of collected allocations.
func (as *addrSpace) compact() {
	live := as.heap[:0]
	for _, e := range as.heap {
		if e.w.Value() != nil {
			live = append(live, e)
		}
	}
	for i := len(live); i < len(as.heap); i++ {
		as.heap[i] = regEntry{}
	}
	as.heap = live
	as.compactAt = 2 * len(live)
}

// lookup finds the live allocation containing address x (or ending at x).
func (as *addrSpace) lookup(x uint64) (*allocation, int64, bool) {
	if x >= stringBase && x < stringBase+stringSpan {
		if w, ok := as.strs[x]; ok {
			if a := w.Value(); a != nil {
				return a, 0, true
			}
		}
		for base, w := range as.strs {
			if a := w.Value(); a != nil && x > base && x-base <= uint64(a.size()) {
				return a, int64(x - base), true
			}
		}
		return nil, 0, false
	}
	i := sort.Search(len(as.heap), func(i int) bool { return as.heap[i].base > x }) - 1
	if i >= 0 {
		e := as.heap[i]
		if x-e.base <= e.size {
			if a := e.w.Value(); a != nil {
				return a, int64(x - e.base), true
			}
		}
	}
	return nil, 0, false
}

// resolve finds the allocation of an address in the VM's space or among
// the shared allocations.
func (as *addrSpace) resolve(x uint64) (*allocation, int64, bool) {
	if a, off, ok := as.lookup(x); ok {
		return a, off, true
	}
	statics.Lock()
	defer statics.Unlock()
	return statics.as.lookup(x)
}

// memError is an invalid access to C memory. LuaJIT would crash or
// corrupt memory; gresty raises this instead.
type memError struct{ msg string }

func (e *memError) Error() string { return e.msg }

var errNullDeref = &memError{"attempt to access C memory through a NULL pointer"}
var errWriteConst = &memError{"attempt to write to constant location"}

// bytes returns the n bytes at p, resolving a numeric pointer first. The
// slice aliases the C memory.
func (as *addrSpace) bytes(p *pointer, n int64, write bool) ([]byte, error) {
	if p.a == nil {
		if p.off == 0 {
			return nil, errNullDeref
		}
		a, off, ok := as.resolve(uint64(p.off))
		if !ok {
			return nil, &memError{"invalid C pointer 0x" + strconv.FormatUint(uint64(p.off), 16) + " (no C object there)"}
		}
		p.a, p.off = a, off
	}
	a := p.a
	if p.off < 0 || n < 0 || p.off+n > a.size() {
		return nil, &memError{"out-of-bounds C memory access (" + strconv.FormatInt(n, 10) + " bytes at offset " +
			strconv.FormatInt(p.off, 10) + " of a " + strconv.FormatInt(a.size(), 10) + "-byte object)"}
	}
	if write && a.readonly && n > 0 {
		return nil, errWriteConst
	}
	if p.off+n > int64(len(a.data)) {
		// The range includes a string's terminating NUL.
		b := make([]byte, n)
		copy(b, a.data[p.off:])
		return b, nil
	}
	return a.data[p.off : p.off+n : p.off+n], nil
}

// address returns the numeric value of a pointer.
func (as *addrSpace) address(p pointer) uint64 {
	if p.a == nil {
		return uint64(p.off)
	}
	return as.addressOf(p.a) + uint64(p.off)
}

// loadUint reads an unsigned little-endian integer of size 1, 2, 4 or 8.
func loadUint(b []byte) uint64 {
	switch len(b) {
	case 1:
		return uint64(b[0])
	case 2:
		return uint64(binary.LittleEndian.Uint16(b))
	case 4:
		return uint64(binary.LittleEndian.Uint32(b))
	case 8:
		return binary.LittleEndian.Uint64(b)
	}
	return 0
}

// storeUint writes the low len(b) bytes of v little-endian.
func storeUint(b []byte, v uint64) {
	switch len(b) {
	case 1:
		b[0] = byte(v)
	case 2:
		binary.LittleEndian.PutUint16(b, uint16(v))
	case 4:
		binary.LittleEndian.PutUint32(b, uint32(v))
	case 8:
		binary.LittleEndian.PutUint64(b, v)
	}
}

func float32bits(f float64) uint64 { return uint64(math.Float32bits(float32(f))) }

// setRef records (or, with nil, forgets) the block a pointer stored at
// offset off points into.
func (a *allocation) setRef(off int64, target *allocation) {
	if target == nil {
		if a.refs != nil {
			delete(a.refs, off)
		}
		return
	}
	if a.refs == nil {
		a.refs = make(map[int64]*allocation)
	}
	a.refs[off] = target
}

// pointerAt turns an address read at offset off of a into a pointer,
// using the recorded target when the address lies in it.
func (a *allocation) pointerAt(off int64, addr uint64) pointer {
	if t := a.refs[off]; t != nil {
		if base := t.addr.Load(); base != 0 && addr >= base && addr-base <= uint64(t.size()) {
			return pointer{a: t, off: int64(addr - base)}
		}
	}
	return pointer{off: int64(addr)}
}

// object returns the Go object attached at offset off of a.
func (a *allocation) object(off int64) any {
	if a.static {
		a.mu.Lock()
		defer a.mu.Unlock()
	}
	if off == 0 {
		return a.obj0
	}
	return a.objs[off]
}

// setObject attaches a Go object at offset off of a (nil detaches).
func (a *allocation) setObject(off int64, v any) {
	if a.static {
		a.mu.Lock()
		defer a.mu.Unlock()
	}
	if off == 0 {
		a.obj0 = v
		return
	}
	if v == nil {
		delete(a.objs, off)
		return
	}
	if a.objs == nil {
		a.objs = make(map[int64]any)
	}
	a.objs[off] = v
}
