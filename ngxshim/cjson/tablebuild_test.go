package cjson

import (
	"os"
	"path/filepath"
	"runtime"
	"testing"

	lua "github.com/yuin/gopher-lua"
)

// TestTableLayout fails when gopher-lua's LTable no longer matches the
// copy decode fills directly; decode then falls back to the public API,
// which is correct but slower.
func TestTableLayout(t *testing.T) {
	if !tableLayoutOK {
		t.Fatal("lua.LTable layout differs from ltable: update tablebuild.go")
	}
}

// decodedTableOps uses decoded tables the way Lua code does, after decode
// built them.
const decodedTableOps = `
local cjson = require "cjson"
local t = cjson.decode('{"a":1,"b":[1,2,3],"c":{"x":"y"},"a":4,"e":[]}')
emit(t.a, t.b[3], t.c.x, #t.b, #t.e)
t.d = "new" t.a = nil t.b[4] = 4 t.b[#t.b + 1] = 5
table.insert(t.e, "first") table.insert(t.b, 1, 0) table.remove(t.b, 2)
emit(cjson.encode(t))
local keys = {}
for k, v in pairs(t) do keys[#keys + 1] = k end
emit(table.concat(keys, ","))
local arr = cjson.decode('[[1,2],[3,4],[5,6]]')
arr[1][3] = "x"
emit(cjson.encode(arr))
for i, v in ipairs(arr) do v[#v + 1] = i end
emit(cjson.encode(arr))
t.c.x = nil t.c.z = 1
emit(cjson.encode(t.c), next(t.c))
local big = {}
for i = 1, 300 do big[i] = i end
local back = cjson.decode(cjson.encode(big))
back[301] = 301
emit(#back, back[1], back[300], back[301])
local o = cjson.decode('{"k1":1,"k2":2,"k3":3}')
o.k2 = nil
for i = 4, 40 do o["k" .. i] = i end
local n = 0
for k in pairs(o) do n = n + 1 end
emit(n, o.k1, o.k40, o.k2)
`

const decodedTableOpsWant = "4 3 y 3 0\n" +
	`{"b":[0,2,3,4,5],"c":{"x":"y"},"e":["first"],"d":"new"}` + "\n" +
	"b,c,e,d\n" +
	`[[1,2,"x"],[3,4],[5,6]]` + "\n" +
	`[[1,2,"x",1],[3,4,2],[5,6,3]]` + "\n" +
	`{"z":1} z 1` + "\n" +
	"301 1 300 301\n" +
	"39 1 40 nil"

// TestDecodedTables checks that tables decode built directly behave like
// any other table, and that the public-API fallback builds the same.
func TestDecodedTables(t *testing.T) {
	for _, direct := range []bool{true, false} {
		name := "direct"
		if !direct {
			name = "public API"
		}
		t.Run(name, func(t *testing.T) {
			saved := tableLayoutOK
			tableLayoutOK = tableLayoutOK && direct
			defer func() { tableLayoutOK = saved }()
			if got := runSnippet(t, decodedTableOps); got != decodedTableOpsWant {
				t.Errorf("got:\n%s\nwant:\n%s", got, decodedTableOpsWant)
			}
		})
	}
}

// TestDecodedValuesSurviveGC decodes many documents, drops most of them,
// collects, churns the heap and checks that the values kept (whose
// payloads share chunks) are intact.
func TestDecodedValuesSurviveGC(t *testing.T) {
	doc, err := os.ReadFile(filepath.Join("testdata", "bench.json"))
	if err != nil {
		t.Fatal(err)
	}
	L := lua.NewState()
	defer L.Close()
	Preload(L, L.NewUserData())
	if err := L.DoString(`cjson = require "cjson"`); err != nil {
		t.Fatal(err)
	}
	m := L.GetGlobal("cjson")
	call := func(fn string, arg lua.LValue) lua.LValue {
		if err := L.CallByParam(lua.P{Fn: L.GetField(m, fn), NRet: 1, Protect: true}, arg); err != nil {
			t.Fatal(err)
		}
		v := L.Get(-1)
		L.Pop(1)
		return v
	}
	want := call("encode", call("decode", lua.LString(doc)))
	var kept []lua.LValue
	for i := 0; i < 200; i++ {
		v := call("decode", lua.LString(doc))
		if i%37 == 0 {
			kept = append(kept, v)
		}
	}
	for i := 0; i < 3; i++ {
		runtime.GC()
		garbage := make([][]byte, 0, 1000)
		for j := 0; j < 1000; j++ {
			garbage = append(garbage, make([]byte, 64+j%512))
		}
		_ = garbage
	}
	for i, v := range kept {
		if got := call("encode", v); got != want {
			t.Fatalf("kept document %d changed:\n%s\nwant:\n%s", i, got, want)
		}
	}
}
