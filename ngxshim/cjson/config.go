package cjson

import (
	"math"

	lua "github.com/yuin/gopher-lua"
)

// Defaults of lua-cjson 2.1.0 and of OpenResty's additions.
const (
	defaultSparseConvert         = false
	defaultSparseRatio           = 2
	defaultSparseSafe            = 10
	defaultEncodeMaxDepth        = 1000
	defaultDecodeMaxDepth        = 1000
	defaultEncodeNumberPrecision = 14
	maxEncodeNumberPrecision     = 16 // OpenResty's fork; plain lua-cjson stops at 14
)

// How encode treats NaN and infinity (encode_invalid_numbers): an error,
// C's "%.14g" spelling, or JSON null. The values are the option's indexes.
const (
	invalidNumbersOff = iota
	invalidNumbersOn
	invalidNumbersNull
)

// luaMaxCStack is LuaJIT's LUAI_MAXCSTACK: lua_checkstack refuses to give a
// C function more stack slots than this. lua-cjson checks the stack at every
// nesting level, so this, not only the depth setting, bounds nesting.
const luaMaxCStack = 8000

// config is the configuration one module table's functions share, as the
// userdata upvalue of lua-cjson's C closures is.
type config struct {
	sh *shared

	sparseConvert         bool
	sparseRatio           int32
	sparseSafe            int32
	encodeMaxDepth        int32
	decodeMaxDepth        int32
	encodeInvalidNumbers  int
	encodeNumberPrecision int
	encodeKeepBuffer      bool
	decodeInvalidNumbers  bool

	// OpenResty's additions.
	encodeEmptyTableAsObject bool
	decodeArrayWithArrayMT   bool
	// encodeEscapeForwardSlash is what encode_escape_forward_slash reports
	// for this table; the escaping itself follows sh.escapeSlash.
	encodeEscapeForwardSlash bool

	enc encoder
	dec decoder
}

// newConfig returns a configuration with lua-cjson's defaults.
func newConfig(sh *shared) *config {
	c := &config{
		sh:                       sh,
		sparseConvert:            defaultSparseConvert,
		sparseRatio:              defaultSparseRatio,
		sparseSafe:               defaultSparseSafe,
		encodeMaxDepth:           defaultEncodeMaxDepth,
		decodeMaxDepth:           defaultDecodeMaxDepth,
		encodeInvalidNumbers:     invalidNumbersOff,
		encodeNumberPrecision:    defaultEncodeNumberPrecision,
		encodeKeepBuffer:         true,
		decodeInvalidNumbers:     true,
		encodeEmptyTableAsObject: true,
		encodeEscapeForwardSlash: true,
	}
	c.enc.cfg = c
	c.dec.cfg = c
	return c
}

// namedFunc is a function of a module table.
type namedFunc struct {
	name string
	fn   lua.LGFunction
}

// optionFuncs returns the configuration functions of a module table, in
// a fixed order so that module tables iterate alike every time.
func (c *config) optionFuncs() []namedFunc {
	return []namedFunc{
		{"encode_empty_table_as_object", c.luaEncodeEmptyTableAsObject},
		{"decode_array_with_array_mt", c.luaDecodeArrayWithArrayMT},
		{"encode_escape_forward_slash", c.luaEncodeEscapeForwardSlash},
		{"encode_sparse_array", c.luaEncodeSparseArray},
		{"encode_max_depth", c.luaEncodeMaxDepth},
		{"decode_max_depth", c.luaDecodeMaxDepth},
		{"encode_number_precision", c.luaEncodeNumberPrecision},
		{"encode_keep_buffer", c.luaEncodeKeepBuffer},
		{"encode_invalid_numbers", c.luaEncodeInvalidNumbers},
		{"decode_invalid_numbers", c.luaDecodeInvalidNumbers},
	}
}

// luaEncodeSparseArray is encode_sparse_array([convert[, ratio[, safe]]]).
func (c *config) luaEncodeSparseArray(L *lua.LState) int {
	checkArgCount(L, 3)
	convert, ratio, safe := L.Get(1), L.Get(2), L.Get(3)
	boolOption(L, 1, convert, &c.sparseConvert)
	intOption(L, 2, ratio, &c.sparseRatio, 0, math.MaxInt32)
	intOption(L, 3, safe, &c.sparseSafe, 0, math.MaxInt32)
	return 3
}

// luaEncodeMaxDepth is encode_max_depth([depth]).
func (c *config) luaEncodeMaxDepth(L *lua.LState) int {
	checkArgCount(L, 1)
	intOption(L, 1, L.Get(1), &c.encodeMaxDepth, 1, math.MaxInt32)
	return 1
}

// luaDecodeMaxDepth is decode_max_depth([depth]).
func (c *config) luaDecodeMaxDepth(L *lua.LState) int {
	checkArgCount(L, 1)
	intOption(L, 1, L.Get(1), &c.decodeMaxDepth, 1, math.MaxInt32)
	return 1
}

// luaEncodeNumberPrecision is encode_number_precision([precision]).
func (c *config) luaEncodeNumberPrecision(L *lua.LState) int {
	checkArgCount(L, 1)
	p := int32(c.encodeNumberPrecision)
	intOption(L, 1, L.Get(1), &p, 1, maxEncodeNumberPrecision)
	c.encodeNumberPrecision = int(p)
	return 1
}

// luaEncodeKeepBuffer is encode_keep_buffer([keep]). Dropping the buffer
// frees it; keeping it reuses one buffer for every encode.
func (c *config) luaEncodeKeepBuffer(L *lua.LState) int {
	checkArgCount(L, 1)
	boolOption(L, 1, L.Get(1), &c.encodeKeepBuffer)
	if !c.encodeKeepBuffer {
		c.enc.buf = nil
	}
	return 1
}

// invalidNumberOptions are the strings encode_invalid_numbers accepts.
var invalidNumberOptions = []string{"off", "on", "null"}

// luaEncodeInvalidNumbers is encode_invalid_numbers([setting]).
func (c *config) luaEncodeInvalidNumbers(L *lua.LState) int {
	checkArgCount(L, 1)
	enumOption(L, 1, L.Get(1), &c.encodeInvalidNumbers, invalidNumberOptions)
	return 1
}

// luaDecodeInvalidNumbers is decode_invalid_numbers([setting]).
func (c *config) luaDecodeInvalidNumbers(L *lua.LState) int {
	checkArgCount(L, 1)
	boolOption(L, 1, L.Get(1), &c.decodeInvalidNumbers)
	return 1
}

// luaEncodeEmptyTableAsObject is OpenResty's
// encode_empty_table_as_object([setting]).
func (c *config) luaEncodeEmptyTableAsObject(L *lua.LState) int {
	checkArgCount(L, 1)
	boolOption(L, 1, L.Get(1), &c.encodeEmptyTableAsObject)
	return 1
}

// luaDecodeArrayWithArrayMT is OpenResty's
// decode_array_with_array_mt([setting]).
func (c *config) luaDecodeArrayWithArrayMT(L *lua.LState) int {
	checkArgCount(L, 1)
	boolOption(L, 1, L.Get(1), &c.decodeArrayWithArrayMT)
	return 1
}

// luaEncodeEscapeForwardSlash is OpenResty's
// encode_escape_forward_slash([setting]). The fork switches the escape in a
// table shared by the whole VM, so setting it through one module table
// changes what every module table's encode does, while each table reports
// its own last setting.
func (c *config) luaEncodeEscapeForwardSlash(L *lua.LState) int {
	checkArgCount(L, 1)
	boolOption(L, 1, L.Get(1), &c.encodeEscapeForwardSlash)
	c.sh.escapeSlash = c.encodeEscapeForwardSlash
	return 1
}
