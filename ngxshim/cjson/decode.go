package cjson

import (
	"strconv"

	lua "github.com/yuin/gopher-lua"
)

// decodeError is a message decode raises (or cjson.safe returns).
type decodeError string

func (e decodeError) Error() string { return string(e) }

// decoder parses JSON text into Lua values. It belongs to one
// configuration and keeps its scratch space between calls; decode never
// calls back into Lua, so it cannot be re-entered.
type decoder struct {
	cfg *config
	L   *lua.LState
	s   string
	pos int
	// depth counts the open arrays and objects; slots the Lua stack slots
	// lua-cjson would be using, which LuaJIT caps at luaMaxCStack.
	depth, slots int
	// str holds the contents of the last string token.
	str []byte
	// keys and vals collect the members of the open objects and arrays, so
	// each table is made once its size is known.
	keys []lua.LValue
	vals []lua.LValue
	// keyCache interns object keys: documents repeat the same few.
	keyCache map[string]lua.LValue
	slabs    slabs
}

// maxKeptScratch bounds the scratch buffers a decoder keeps between calls
// (bytes of string, or members).
const maxKeptScratch = 64 << 10

// Bounds of the key cache: how many keys, and how long a key may be.
const (
	maxCachedKeys   = 1024
	maxCachedKeyLen = 64
)

// decode returns the value the JSON text s holds.
func (d *decoder) decode(L *lua.LState, s string) (lua.LValue, error) {
	if len(s) >= 2 && (s[0] == 0 || s[1] == 0) {
		// Only the first character is sure to be ASCII; a NUL next to it
		// means UTF-16 or UTF-32.
		return nil, decodeError("JSON parser does not support UTF-16 or UTF-32")
	}
	d.L, d.s, d.pos, d.depth, d.slots = L, s, 0, 0, 1
	defer d.reset()
	var tok token
	d.next(&tok)
	v, err := d.value(&tok)
	if err != nil {
		return nil, err
	}
	d.next(&tok)
	if tok.typ != tEnd {
		return nil, d.parseError("the end", &tok)
	}
	return v, nil
}

// reset drops the references a call left in the scratch space. Members
// are cleared as their table is made, so only an error leaves any, below
// the current length.
func (d *decoder) reset() {
	d.L, d.s = nil, ""
	clear(d.vals)
	clear(d.keys)
	d.vals, d.keys = d.vals[:0], d.keys[:0]
	if cap(d.vals) > maxKeptScratch {
		d.vals = nil
	}
	if cap(d.keys) > maxKeptScratch {
		d.keys = nil
	}
	if cap(d.str) > maxKeptScratch {
		d.str = nil
	}
}

// parseError words a syntax error: what was expected, what was found
// (a token name or the lexer's complaint) and where, counting from 1.
func (d *decoder) parseError(expected string, tok *token) error {
	found := tokenNames[tok.typ]
	if tok.typ == tError {
		found = tok.err
	}
	return decodeError("Expected " + expected + " but found " + found + " at character " + strconv.Itoa(tok.index+1))
}

// value converts the value starting with tok.
func (d *decoder) value(tok *token) (lua.LValue, error) {
	switch tok.typ {
	case tString:
		return d.slabs.string(d.str), nil
	case tNumber:
		return d.slabs.number(tok.num), nil
	case tBoolean:
		return lua.LBool(tok.b), nil
	case tNull:
		return d.cfg.sh.null, nil
	case tObjBegin:
		return d.object()
	case tArrBegin:
		return d.array()
	}
	return nil, d.parseError("value", tok)
}

// descend enters an array or object that needs the given number of stack
// slots, refusing to nest deeper than decode_max_depth or than the Lua
// stack allows. The position reported is just past the opening bracket.
func (d *decoder) descend(need int) error {
	d.depth++
	if d.depth > int(d.cfg.decodeMaxDepth) || d.slots+need > luaMaxCStack {
		return decodeError("Found too many nested data structures (" + strconv.Itoa(d.depth) +
			") at character " + strconv.Itoa(d.pos))
	}
	return nil
}

// object parses the members of an object; the '{' has been read.
func (d *decoder) object() (lua.LValue, error) {
	if err := d.descend(3); err != nil {
		return nil, err
	}
	// The table and a key stay on lua-cjson's stack while a value is read.
	d.slots += 2
	kbase, vbase := len(d.keys), len(d.vals)
	var tok token
	d.next(&tok)
	if tok.typ != tObjEnd {
		for {
			if tok.typ != tString {
				return nil, d.parseError("object key string", &tok)
			}
			key := d.key()
			if d.next(&tok); tok.typ != tColon {
				return nil, d.parseError("colon", &tok)
			}
			d.next(&tok)
			v, err := d.value(&tok)
			if err != nil {
				return nil, err
			}
			d.keys = append(d.keys, key)
			d.vals = append(d.vals, v)
			if d.next(&tok); tok.typ == tObjEnd {
				break
			}
			if tok.typ != tComma {
				return nil, d.parseError("comma or object end", &tok)
			}
			d.next(&tok)
		}
	}
	t := d.newObject(d.keys[kbase:], d.vals[vbase:])
	clear(d.keys[kbase:])
	clear(d.vals[vbase:])
	d.keys, d.vals = d.keys[:kbase], d.vals[:vbase]
	d.slots -= 2
	d.depth--
	return t, nil
}

// array parses the elements of an array; the '[' has been read.
func (d *decoder) array() (lua.LValue, error) {
	if err := d.descend(2); err != nil {
		return nil, err
	}
	d.slots++
	base := len(d.vals)
	var tok token
	d.next(&tok)
	if tok.typ != tArrEnd {
		for {
			v, err := d.value(&tok)
			if err != nil {
				return nil, err
			}
			d.vals = append(d.vals, v)
			if d.next(&tok); tok.typ == tArrEnd {
				break
			}
			if tok.typ != tComma {
				return nil, d.parseError("comma or array end", &tok)
			}
			d.next(&tok)
		}
	}
	t := d.newArray(d.vals[base:])
	if d.cfg.decodeArrayWithArrayMT {
		t.Metatable = d.cfg.sh.arrayMT
	}
	clear(d.vals[base:])
	d.vals = d.vals[:base]
	d.slots--
	d.depth--
	return t, nil
}

// key returns the string token just read as an interned key.
func (d *decoder) key() lua.LValue {
	if len(d.str) > maxCachedKeyLen {
		return lua.LString(d.str)
	}
	if k, ok := d.keyCache[string(d.str)]; ok {
		return k
	}
	if d.keyCache == nil || len(d.keyCache) >= maxCachedKeys {
		d.keyCache = make(map[string]lua.LValue)
	}
	k := lua.LValue(lua.LString(d.str))
	d.keyCache[string(k.(lua.LString))] = k
	return k
}
