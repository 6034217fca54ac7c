package cjson

import (
	"strings"
	"testing"

	lua "github.com/yuin/gopher-lua"
)

// runSnippet runs Lua code on a fresh state with the modules preloaded and
// returns what it emitted, one line per emit call. null is the value
// passed to Preload.
func runSnippet(t *testing.T, src string) string {
	t.Helper()
	L := lua.NewState()
	defer L.Close()
	null := L.NewUserData()
	Preload(L, null)
	L.SetGlobal("ngx_null", null)
	var out []string
	L.SetGlobal("emit", L.NewFunction(func(L *lua.LState) int {
		parts := make([]string, L.GetTop())
		for i := range parts {
			v := L.Get(i + 1)
			if n, ok := v.(lua.LNumber); ok {
				parts[i] = string(appendNumber(nil, float64(n), 14))
			} else {
				parts[i] = L.ToStringMeta(v).String()
			}
		}
		out = append(out, strings.Join(parts, " "))
		return 0
	}))
	if err := L.DoString(src); err != nil {
		out = append(out, "ERROR: "+err.Error())
	}
	return strings.Join(out, "\n")
}

// TestOpenRestyAdditions checks the additions of OpenResty's lua-cjson
// fork against its documentation (Debian's build lacks them, so the
// reference cannot be asked).
func TestOpenRestyAdditions(t *testing.T) {
	tests := []struct {
		name, src, want string
	}{
		{"encode_empty_table_as_object default", `
			local cjson = require "cjson"
			emit(cjson.encode({}), cjson.encode({dogs = {}}))`,
			`{} {"dogs":{}}`},
		{"encode_empty_table_as_object off", `
			local cjson = require "cjson"
			emit(cjson.encode_empty_table_as_object(false))
			emit(cjson.encode({}), cjson.encode({dogs = {}}), cjson.encode({1}), cjson.encode({a = 1}))
			emit(cjson.encode_empty_table_as_object("on"), cjson.encode({}))
			emit(cjson.encode_empty_table_as_object("off"), cjson.encode_empty_table_as_object())
			emit(pcall(cjson.encode_empty_table_as_object, "maybe"))`,
			"false\n[] {\"dogs\":[]} [1] {\"a\":1}\ntrue {}\nfalse false\n" +
				"false bad argument #1 to '?' (invalid option 'maybe')"},
		{"empty_array", `
			local cjson = require "cjson"
			emit(cjson.encode({some_array = cjson.empty_array}), cjson.encode(cjson.empty_array))
			emit(type(cjson.empty_array), cjson.empty_array == cjson.null, cjson.encode({cjson.empty_array, 1}))`,
			`{"some_array":[]} []` + "\nuserdata false [[],1]"},
		{"array_mt", `
			local cjson = require "cjson"
			emit(cjson.encode(setmetatable({"hello", "world"}, cjson.array_mt)))
			local t = {}
			t[1] = "one" t[2] = "two" t[4] = "three" t.foo = "bar"
			emit(cjson.encode(setmetatable(t, cjson.array_mt)))
			emit(cjson.encode(setmetatable({}, cjson.array_mt)), cjson.encode(setmetatable({x = 1}, cjson.array_mt)))
			emit(type(cjson.array_mt), cjson.array_mt == cjson.empty_array_mt)`,
			"[\"hello\",\"world\"]\n[\"one\",\"two\",null,\"three\"]\n[] []\ntable false"},
		{"empty_array_mt", `
			local cjson = require "cjson"
			emit(cjson.encode({some_array = setmetatable({}, cjson.empty_array_mt)}))
			emit(cjson.encode(setmetatable({1, 2}, cjson.empty_array_mt)))
			-- The fork tests the metatable for every table that is not an
			-- array, so an object with it is written as [] too.
			emit(cjson.encode(setmetatable({a = 1}, cjson.empty_array_mt)))`,
			"{\"some_array\":[]}\n[1,2]\n[]"},
		{"sparse error before empty_array_mt", `
			local cjson = require "cjson"
			emit(pcall(cjson.encode, setmetatable({[20] = 1}, cjson.empty_array_mt)))`,
			"false Cannot serialise table: excessively sparse array"},
		{"decode_array_with_array_mt", `
			local cjson = require "cjson"
			local t = cjson.decode('{"my_array":[]}')
			emit(cjson.encode(t), getmetatable(t.my_array) == nil)
			emit(cjson.decode_array_with_array_mt(true))
			t = cjson.decode('{"my_array":[],"b":[1,[2]]}')
			emit(cjson.encode(t.my_array), getmetatable(t.my_array) == cjson.array_mt,
				getmetatable(t.b[2]) == cjson.array_mt, getmetatable(t) == nil)
			emit(cjson.decode_array_with_array_mt(false), getmetatable(cjson.decode("[]")) == nil)`,
			"{\"my_array\":{}} true\ntrue\n[] true true true\nfalse true"},
		{"encode_escape_forward_slash", `
			local cjson = require "cjson"
			emit(cjson.encode_escape_forward_slash(), cjson.encode("a/b"))
			emit(cjson.encode_escape_forward_slash(false), cjson.encode({["k/"] = "a/b"}))
			emit(cjson.decode('"a\\/b"'), cjson.encode_escape_forward_slash("on"), cjson.encode("a/b"))`,
			"true \"a\\/b\"\nfalse {\"k/\":\"a/b\"}\na/b true \"a\\/b\""},
		{"encode_escape_forward_slash is VM-wide", `
			local cjson = require "cjson"
			local safe = require "cjson.safe"
			local other = cjson.new()
			safe.encode_escape_forward_slash(false)
			emit(cjson.encode("/"), other.encode("/"), safe.encode("/"))
			-- Each table reports its own setting; asking also applies it.
			emit(cjson.encode_escape_forward_slash(), cjson.encode("/"))`,
			"\"/\" \"/\" \"/\"\ntrue \"\\/\""},
		{"precision up to 16", `
			local cjson = require "cjson"
			emit(cjson.encode_number_precision(16), cjson.encode({math.pi, 0.1, 1/3, 12345678901234567, 2^53}))
			emit(cjson.encode_number_precision(15), cjson.encode({math.pi, 0.1, 1/3, 2^53}))
			emit(pcall(cjson.encode_number_precision, 17))
			emit(pcall(cjson.encode_number_precision, 0))`,
			"16 [3.141592653589793,0.1,0.3333333333333333,1.234567890123457e+16,9007199254740992]\n" +
				"15 [3.14159265358979,0.1,0.333333333333333,9.00719925474099e+15]\n" +
				"false bad argument #1 to '?' (expected integer between 1 and 16)\n" +
				"false bad argument #1 to '?' (expected integer between 1 and 16)"},
		{"sentinels shared by every table", `
			local cjson = require "cjson"
			local safe = require "cjson.safe"
			local n, sn = cjson.new(), safe.new()
			emit(n.empty_array == cjson.empty_array, sn.array_mt == cjson.array_mt,
				safe.empty_array_mt == n.empty_array_mt, sn.null == cjson.null)
			emit(cjson.null == ngx_null, cjson.decode("null") == ngx_null, cjson.decode("[null]")[1] == ngx_null,
				cjson.encode(ngx_null), cjson.encode({a = ngx_null}))`,
			"true true true true\ntrue true true null {\"a\":null}"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := runSnippet(t, tt.src); got != tt.want {
				t.Errorf("got:\n%s\nwant:\n%s", got, tt.want)
			}
		})
	}
}

// TestModuleTables checks the fields of the module tables and that require
// caches them.
func TestModuleTables(t *testing.T) {
	got := runSnippet(t, `
		local function keys(m)
			local k = {}
			for name, v in pairs(m) do k[#k + 1] = name .. ":" .. type(v) end
			table.sort(k)
			return table.concat(k, " ")
		end
		local cjson = require "cjson"
		local safe = require "cjson.safe"
		emit(keys(cjson))
		emit(keys(safe) == keys(cjson), require("cjson") == cjson, require("cjson.safe") == safe, cjson ~= safe)
		emit(safe._NAME, safe._VERSION, safe.new().new ~= nil, cjson.new().encode ~= cjson.encode)`)
	want := "_NAME:string _VERSION:string array_mt:table decode:function decode_array_with_array_mt:function " +
		"decode_invalid_numbers:function decode_max_depth:function empty_array:userdata empty_array_mt:table " +
		"encode:function encode_empty_table_as_object:function encode_escape_forward_slash:function " +
		"encode_invalid_numbers:function encode_keep_buffer:function encode_max_depth:function " +
		"encode_number_precision:function encode_sparse_array:function new:function null:userdata\n" +
		"true true true true\ncjson 2.1.0 true true"
	if got != want {
		t.Errorf("got:\n%s\nwant:\n%s", got, want)
	}
}

// TestKeyOrder pins down the order gresty writes object members in:
// gopher-lua's table iteration order, which is insertion order (LuaJIT's
// follows its hash layout instead), so a decoded object re-encodes in
// document order.
func TestKeyOrder(t *testing.T) {
	tests := []struct {
		name, src, want string
	}{
		{"constructor", `emit(require("cjson").encode({b = 1, a = 2, c = 3, [10.5] = 4}))`,
			`{"b":1,"a":2,"c":3,"10.5":4}`},
		{"assignments", `
			local t = {} t.z = 1 t.y = 2 t[0] = 3 t.x = 4
			emit(require("cjson").encode(t))`,
			`{"z":1,"y":2,"0":3,"x":4}`},
		{"array part first", `
			local t = {x = 1} t[1] = "a" t[2] = "b"
			emit(require("cjson").encode(t))`,
			`{"1":"a","2":"b","x":1}`},
		{"decoded document", `
			local cjson = require "cjson"
			emit(cjson.encode(cjson.decode('{"d":4,"a":1,"c":{"z":1,"y":2},"b":[1,{"q":1,"p":2}]}')))`,
			`{"d":4,"a":1,"c":{"z":1,"y":2},"b":[1,{"q":1,"p":2}]}`},
		{"repeated key keeps first place, last value", `
			local cjson = require "cjson"
			emit(cjson.encode(cjson.decode('{"a":1,"b":2,"a":3}')))`,
			`{"a":3,"b":2}`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := runSnippet(t, tt.src); got != tt.want {
				t.Errorf("got %s, want %s", got, tt.want)
			}
		})
	}
}
