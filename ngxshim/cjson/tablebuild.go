package cjson

import (
	"reflect"
	"unsafe"

	lua "github.com/yuin/gopher-lua"
)

// Building decoded tables. gopher-lua's public API grows a table one key at
// a time: a 32-slot hash map for the first string key, an order slice and
// an index map grown by appending, and two interface conversions of every
// key. decode knows each table's final size, so it fills the table's
// fields directly through ltable, a copy of gopher-lua v1.1.2's LTable
// layout, sized once, with interned key values. tableLayoutOK guards the
// copy: with any other layout, the public API is used.

// ltable mirrors lua.LTable of gopher-lua v1.1.2 (value.go).
type ltable struct {
	Metatable lua.LValue

	array   []lua.LValue
	dict    map[lua.LValue]lua.LValue
	strdict map[string]lua.LValue
	keys    []lua.LValue
	k2i     map[lua.LValue]int
}

// tableLayoutOK reports whether ltable matches lua.LTable field for field.
var tableLayoutOK = sameLayout(reflect.TypeOf(lua.LTable{}), reflect.TypeOf(ltable{}))

// sameLayout reports whether two struct types have the same fields (names,
// types, offsets) and size.
func sameLayout(a, b reflect.Type) bool {
	if a.Size() != b.Size() || a.NumField() != b.NumField() {
		return false
	}
	for i := 0; i < a.NumField(); i++ {
		fa, fb := a.Field(i), b.Field(i)
		if fa.Name != fb.Name || fa.Type != fb.Type || fa.Offset != fb.Offset {
			return false
		}
	}
	return true
}

// newObject makes the table of a decoded object. keys are LStrings; a
// repeated key keeps its first position and its last value, as repeated
// assignment does. keys is reordered in place.
func (d *decoder) newObject(keys, vals []lua.LValue) *lua.LTable {
	if !tableLayoutOK {
		t := d.L.CreateTable(0, len(keys))
		for i, k := range keys {
			t.RawSetString(string(k.(lua.LString)), vals[i])
		}
		return t
	}
	if len(keys) == 0 {
		t, _ := newTable(nil)
		return t
	}
	strdict := make(map[string]lua.LValue, len(keys))
	k2i := make(map[lua.LValue]int, len(keys))
	n := 0
	for i, k := range keys {
		s := string(k.(lua.LString))
		if _, seen := strdict[s]; !seen {
			k2i[k] = n
			keys[n] = k
			n++
		}
		strdict[s] = vals[i]
	}
	t, order := newTable(keys[:n])
	m := (*ltable)(unsafe.Pointer(t))
	m.strdict, m.keys, m.k2i = strdict, order, k2i
	return t
}

// newArray makes the table of a decoded array.
func (d *decoder) newArray(vals []lua.LValue) *lua.LTable {
	if !tableLayoutOK {
		t := d.L.CreateTable(len(vals), 0)
		for i, v := range vals {
			t.RawSetInt(i+1, v)
		}
		return t
	}
	t, slots := newTable(vals)
	if len(vals) > 0 {
		(*ltable)(unsafe.Pointer(t)).array = slots
	}
	return t
}
