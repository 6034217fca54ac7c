package parse

import (
	"strconv"
	"testing"

	lua "github.com/yuin/gopher-lua"
)

// The concat benchmarks measure what LuaJIT-style number formatting in
// ".." would cost if the front end routed every operand that is not a
// string literal through a helper (gopher-lua formats numbers with Go's
// shortest representation, LuaJIT with "%.14g"). Each pair runs the same
// loop as written and as rewritten.

const concatPlain = `
local n = 0
for i = 1, 20000 do
  local s = "item" .. i .. ":" .. (i * 0.5) .. "," .. n
  n = n + #s
end
return n`

const concatRewritten = `
local n = 0
for i = 1, 20000 do
  local s = "item" .. __tostr(i) .. ":" .. __tostr(i * 0.5) .. "," .. __tostr(n)
  n = n + #s
end
return n`

// A realistic handler mixes concatenation with table and string work.
const handlerPlain = `
local parts = {}
for i = 1, 5000 do
  local key = "k" .. i
  local t = {name = key, value = i}
  parts[#parts + 1] = t.name .. "=" .. t.value .. ";" .. string.upper(key)
end
return #table.concat(parts)`

const handlerRewritten = `
local parts = {}
for i = 1, 5000 do
  local key = "k" .. __tostr(i)
  local t = {name = key, value = i}
  parts[#parts + 1] = __tostr(t.name) .. "=" .. __tostr(t.value) .. ";" .. __tostr(string.upper(key))
end
return #table.concat(parts)`

// tostr is the helper the rewrite would call: strings pass through,
// numbers are formatted like LuaJIT's tostring.
func tostr(L *lua.LState) int {
	switch v := L.Get(1).(type) {
	case lua.LString:
		L.Push(v)
	case lua.LNumber:
		L.Push(lua.LString(strconv.FormatFloat(float64(v), 'g', 14, 64)))
	default:
		L.Push(v)
	}
	return 1
}

func benchChunk(b *testing.B, src string) {
	proto, err := CompileString(src, "=bench")
	if err != nil {
		b.Fatal(err)
	}
	L := lua.NewState(lua.Options{RegistryMaxSize: 1 << 20, RegistryGrowStep: 1 << 12})
	defer L.Close()
	L.SetGlobal("__tostr", L.NewFunction(tostr))
	fn := L.NewFunctionFromProto(proto)
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		L.Push(fn)
		if err := L.PCall(0, 1, nil); err != nil {
			b.Fatal(err)
		}
		L.Pop(1)
	}
}

func BenchmarkConcatPlain(b *testing.B)      { benchChunk(b, concatPlain) }
func BenchmarkConcatRewritten(b *testing.B)  { benchChunk(b, concatRewritten) }
func BenchmarkHandlerPlain(b *testing.B)     { benchChunk(b, handlerPlain) }
func BenchmarkHandlerRewritten(b *testing.B) { benchChunk(b, handlerRewritten) }
