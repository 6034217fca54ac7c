package cjson

import (
	"unsafe"

	lua "github.com/yuin/gopher-lua"
)

// Batch allocation for decode. Storing a number or a string in a Lua value
// (a Go interface) normally allocates its payload on its own; a 2 KB
// document holds a couple of hundred of them. Like gopher-lua's own number
// allocator, the decoder instead carves payloads out of chunks and builds
// the interface values by hand. A value keeps its whole chunk alive, so
// chunks stay small and hold nothing that points elsewhere, except string
// headers, which only point to short strings: keeping one value alive
// never keeps another document's tables alive.

const (
	numberChunk = 128     // numbers per chunk
	stringChunk = 64      // string headers per chunk
	arenaChunk  = 4 << 10 // bytes of string contents per chunk
	arenaMax    = 256     // longer strings are allocated on their own
)

// iface is the layout of a non-empty Go interface value.
type iface struct {
	tab  unsafe.Pointer
	data unsafe.Pointer
}

// itabOf returns the interface table of v's dynamic type as an LValue,
// which every LValue of that type carries.
func itabOf(v lua.LValue) unsafe.Pointer {
	return (*iface)(unsafe.Pointer(&v)).tab
}

var (
	numberTab = itabOf(lua.LNumber(0))
	stringTab = itabOf(lua.LString("x"))
)

// makeValue returns the LValue of dynamic type tab whose payload is at p.
func makeValue(tab, p unsafe.Pointer) (v lua.LValue) {
	e := (*iface)(unsafe.Pointer(&v))
	e.tab, e.data = tab, p
	return v
}

// slabs hands out the payloads of decoded values. Nothing in a chunk is
// written after it has been handed out.
type slabs struct {
	numbers []lua.LNumber
	strings []string
	arena   []byte
}

// number returns f as an LValue.
func (s *slabs) number(f float64) lua.LValue {
	if len(s.numbers) == cap(s.numbers) {
		s.numbers = make([]lua.LNumber, 0, numberChunk)
	}
	s.numbers = append(s.numbers, lua.LNumber(f))
	return makeValue(numberTab, unsafe.Pointer(&s.numbers[len(s.numbers)-1]))
}

// string returns a copy of b as an LValue.
func (s *slabs) string(b []byte) lua.LValue {
	if len(b) == 0 {
		return lua.LString("")
	}
	if len(b) > arenaMax {
		return lua.LString(b)
	}
	if cap(s.arena)-len(s.arena) < len(b) {
		s.arena = make([]byte, 0, arenaChunk)
	}
	off := len(s.arena)
	s.arena = append(s.arena, b...)
	if len(s.strings) == cap(s.strings) {
		s.strings = make([]string, 0, stringChunk)
	}
	s.strings = append(s.strings, unsafe.String(&s.arena[off], len(b)))
	return makeValue(stringTab, unsafe.Pointer(&s.strings[len(s.strings)-1]))
}

// Tables with up to 16 slots (array elements, or an object's key order)
// are allocated together with their slots: one allocation instead of two,
// and nothing shared with another table.
type (
	table1 struct {
		t lua.LTable
		s [1]lua.LValue
	}
	table2 struct {
		t lua.LTable
		s [2]lua.LValue
	}
	table4 struct {
		t lua.LTable
		s [4]lua.LValue
	}
	table8 struct {
		t lua.LTable
		s [8]lua.LValue
	}
	table16 struct {
		t lua.LTable
		s [16]lua.LValue
	}
)

// newTable returns an empty table and slots for it holding a copy of vals.
// The slots' capacity is len(vals), so a table growing them reallocates.
func newTable(vals []lua.LValue) (*lua.LTable, []lua.LValue) {
	var t *lua.LTable
	var slots []lua.LValue
	switch n := len(vals); {
	case n == 0:
		t = &lua.LTable{}
	case n == 1:
		x := new(table1)
		t, slots = &x.t, x.s[:n:n]
	case n == 2:
		x := new(table2)
		t, slots = &x.t, x.s[:n:n]
	case n <= 4:
		x := new(table4)
		t, slots = &x.t, x.s[:n:n]
	case n <= 8:
		x := new(table8)
		t, slots = &x.t, x.s[:n:n]
	case n <= 16:
		x := new(table16)
		t, slots = &x.t, x.s[:n:n]
	default:
		t, slots = &lua.LTable{}, make([]lua.LValue, n)
	}
	t.Metatable = lua.LNil
	copy(slots, vals)
	return t, slots
}
