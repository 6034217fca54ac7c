package ffi

import (
	"math"

	lua "github.com/yuin/gopher-lua"
)

// Initializing C memory from Lua values: tables for arrays and structs
// (by position or by member name), strings for char arrays, and the rest
// of an array filled as LuaJIT fills it.

// arrayFromString copies a Lua string with its NUL into a char array,
// truncating to the array's size (size < 0: unknown, copy it all).
func (s *ffiState) arrayFromString(d *ctype, loc pointer, str string, size int64) error {
	e := d.raw().elem.raw()
	if e.kind != kInt || e.size != 1 {
		return convErr("string", typeName(d))
	}
	n := int64(len(str)) + 1
	if size > 0 && size < n {
		// Truncated without a terminating NUL, as LuaJIT does.
		n = size
	}
	b, err := s.as.bytes(&loc, n, true)
	if err != nil {
		return err
	}
	copy(b, str)
	if n == int64(len(str))+1 {
		b[n-1] = 0
	}
	return nil
}

// arrayFromTable initializes an array from a table: t[0] or t[1] onward
// to the first nil; one element is replicated, fewer than the size are
// padded with zeros (only for arrays of known size).
func (s *ffiState) arrayFromTable(d *ctype, loc pointer, t *lua.LTable, size int64) error {
	e := d.raw().elem
	es := e.sizeOf()
	limit := size
	if limit < 0 {
		limit = math.MaxInt64
	}
	var ofs int64
	for i := 0; ; i++ {
		v := t.RawGet(lua.LNumber(i))
		if v == lua.LNil {
			if i == 0 {
				continue
			}
			break
		}
		if ofs >= limit {
			return errf("too many initializers for '" + typeName(d) + "'")
		}
		if err := s.assign(e, loc.add(ofs), v, 0); err != nil {
			return err
		}
		ofs += es
	}
	if size >= 0 {
		return s.fillRest(loc, ofs, es, size)
	}
	return nil
}

// fillRest replicates a single initialized element over the array, or
// zeroes what follows the initialized ones.
func (s *ffiState) fillRest(loc pointer, ofs, es, size int64) error {
	b, err := s.as.bytes(&loc, size, true)
	if err != nil {
		return err
	}
	if ofs == es {
		for o := es; o+es <= size; o += es {
			copy(b[o:o+es], b[:es])
		}
		return nil
	}
	clear(b[ofs:])
	return nil
}

// Positions of structFromTable: >= 0 the next list index, tabNamed for
// lookups by name, tabDone once the list has ended.
const (
	tabNamed = -1
	tabDone  = -2
)

// structFromTable initializes a struct or union from a table: positionally
// from t[0] or t[1] onward when one of them is set, else by member name.
func (s *ffiState) structFromTable(d *ctype, loc pointer, t *lua.LTable) error {
	b, err := s.as.bytes(&loc, d.size, true)
	if err != nil {
		return err
	}
	clear(b)
	i := 0
	return s.substructFromTable(d, loc, t, &i)
}

func (s *ffiState) substructFromTable(d *ctype, loc pointer, t *lua.LTable, ip *int) error {
	for _, f := range d.raw().fields {
		if *ip == tabDone {
			return nil
		}
		if f.constVal != nil {
			continue
		}
		if f.sub {
			if err := s.substructFromTable(f.typ.raw(), loc.add(f.off), t, ip); err != nil {
				return err
			}
			continue
		}
		if f.name == "" {
			continue
		}
		var v lua.LValue = lua.LNil
		if *ip >= 0 {
			v = t.RawGet(lua.LNumber(*ip))
			if v == lua.LNil && *ip == 0 {
				*ip = 1
				v = t.RawGet(lua.LNumber(1))
				if v == lua.LNil {
					*ip = tabNamed
				}
			}
			if *ip >= 0 {
				if v == lua.LNil {
					*ip = tabDone
					return nil
				}
				*ip++
			}
		}
		if *ip == tabNamed {
			v = t.RawGetString(f.name)
			if v == lua.LNil {
				continue
			}
		}
		if err := s.assign(f.typ, loc.add(f.off), v, 0); err != nil {
			return err
		}
		if d.raw().union {
			return nil
		}
	}
	return nil
}
