package cjson

import (
	"os"
	"path/filepath"
	"testing"

	lua "github.com/yuin/gopher-lua"
)

// benchState returns a state with cjson loaded as the global "cjson" and
// the ~2 KB document of testdata/bench.json as the global "doc".
func benchState(b *testing.B) *lua.LState {
	b.Helper()
	doc, err := os.ReadFile(filepath.Join("testdata", "bench.json"))
	if err != nil {
		b.Fatal(err)
	}
	L := lua.NewState()
	b.Cleanup(L.Close)
	Preload(L, L.NewUserData())
	if err := L.DoString(`cjson = require "cjson"`); err != nil {
		b.Fatal(err)
	}
	L.SetGlobal("doc", lua.LString(doc))
	b.SetBytes(int64(len(doc)))
	return L
}

// callGlobal calls the global Lua function name with args, discarding
// results.
func callGlobal(b *testing.B, L *lua.LState, fn lua.LValue, args ...lua.LValue) lua.LValue {
	if err := L.CallByParam(lua.P{Fn: fn, NRet: 1, Protect: true}, args...); err != nil {
		b.Fatal(err)
	}
	v := L.Get(-1)
	L.Pop(1)
	return v
}

// BenchmarkDecode is cjson.decode of the document, called from Go.
func BenchmarkDecode(b *testing.B) {
	L := benchState(b)
	decode := L.GetField(L.GetGlobal("cjson"), "decode")
	doc := L.GetGlobal("doc")
	b.ReportAllocs()
	for b.Loop() {
		callGlobal(b, L, decode, doc)
	}
}

// BenchmarkEncode is cjson.encode of the decoded document.
func BenchmarkEncode(b *testing.B) {
	L := benchState(b)
	m := L.GetGlobal("cjson")
	t := callGlobal(b, L, L.GetField(m, "decode"), L.GetGlobal("doc"))
	encode := L.GetField(m, "encode")
	b.ReportAllocs()
	for b.Loop() {
		callGlobal(b, L, encode, t)
	}
}

// BenchmarkRoundTrip is decode and encode of the document from Lua, the
// shape of the project's comparison with OpenResty.
func BenchmarkRoundTrip(b *testing.B) {
	L := benchState(b)
	if err := L.DoString(`
		local decode, encode = cjson.decode, cjson.encode
		function roundtrip(s) return encode(decode(s)) end`); err != nil {
		b.Fatal(err)
	}
	fn, doc := L.GetGlobal("roundtrip"), L.GetGlobal("doc")
	b.ReportAllocs()
	for b.Loop() {
		callGlobal(b, L, fn, doc)
	}
}
