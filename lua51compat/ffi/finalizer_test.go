package ffi

import (
	"runtime"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	lua "github.com/yuin/gopher-lua"
)

// Finalizers: Go's collector queues collected cdata, RunFinalizers runs
// their Lua finalizers on the calling goroutine, Close runs the rest.

// collectUntil runs Go's collector until n finalizers are pending.
func collectUntil(t *testing.T, L *lua.LState, n int) {
	t.Helper()
	deadline := time.Now().Add(5 * time.Second)
	for PendingFinalizers(L) < n {
		if time.Now().After(deadline) {
			t.Fatalf("%d finalizers pending after 5s, want %d", PendingFinalizers(L), n)
		}
		runtime.GC()
		time.Sleep(time.Millisecond)
	}
}

// dropGarbage runs src in a function whose frame is then gone, so the
// cdata it made are unreachable.
func dropGarbage(t *testing.T, L *lua.LState, src string) {
	t.Helper()
	if err := L.DoString(src); err != nil {
		t.Fatal(err)
	}
	L.SetTop(0)
	// Overwrite the registers the chunk used.
	if err := L.DoString(`local a, b, c, d, e, f, g, h = 1, 2, 3, 4, 5, 6, 7, 8`); err != nil {
		t.Fatal(err)
	}
	L.SetTop(0)
}

func TestFinalizersRunAtSafePoints(t *testing.T) {
	for _, tc := range []struct {
		name    string
		garbage string
		pending int
		want    string
	}{
		{"ffi.gc with a Lua function", `
			log = {}
			local ffi = require "ffi"
			for i = 1, 3 do
				ffi.gc(ffi.new("int[1]", i), function(p) log[#log + 1] = p[0] end)
			end`, 3, "1,2,3"},
		{"metatype __gc", `
			log = {}
			local ffi = require "ffi"
			ffi.cdef "struct res { int id; };"
			local res = ffi.metatype("struct res", { __gc = function(r) log[#log + 1] = "res" .. r.id end })
			res(7); res(8)`, 2, "res7,res8"},
		{"a C function as finalizer", `
			log = {}
			local ffi = require "ffi"
			ffi.cdef "typedef struct evp_cipher_ctx_st EVP_CIPHER_CTX; EVP_CIPHER_CTX *EVP_CIPHER_CTX_new(void); void EVP_CIPHER_CTX_free(EVP_CIPHER_CTX *);"
			ffi.gc(ffi.C.EVP_CIPHER_CTX_new(), ffi.C.EVP_CIPHER_CTX_free)
			log[1] = "made"`, 1, "made"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			L := newVM(t)
			defer L.Close()
			var notified atomic.Int32
			SetFinalizerNotify(L, func() { notified.Add(1) })
			dropGarbage(t, L, tc.garbage)
			collectUntil(t, L, tc.pending)
			if notified.Load() == 0 {
				t.Error("notify was not called")
			}
			if err := RunFinalizers(L); err != nil {
				t.Fatal(err)
			}
			if n := PendingFinalizers(L); n != 0 {
				t.Errorf("%d still pending", n)
			}
			if err := L.DoString(`table.sort(log, function(a, b) return tostring(a) < tostring(b) end); result = table.concat(log, ",")`); err != nil {
				t.Fatal(err)
			}
			if got := L.GetGlobal("result").String(); got != tc.want {
				t.Errorf("finalizers logged %q, want %q", got, tc.want)
			}
		})
	}
}

func TestFinalizerRemovedAndErrors(t *testing.T) {
	L := newVM(t)
	defer L.Close()
	dropGarbage(t, L, `
		ran = 0
		local ffi = require "ffi"
		local p = ffi.gc(ffi.new("int[1]"), function() ran = ran + 1 end)
		ffi.gc(p, nil)
		ffi.gc(ffi.new("int[1]"), function() error("boom") end)`)
	collectUntil(t, L, 1)
	err := RunFinalizers(L)
	if err == nil || !strings.Contains(err.Error(), "boom") {
		t.Errorf("RunFinalizers error = %v, want the finalizer's error", err)
	}
	if ran := L.GetGlobal("ran"); ran != lua.LNumber(0) {
		t.Errorf("removed finalizer ran %v times", ran)
	}
}

func TestCloseRunsLiveFinalizers(t *testing.T) {
	L := newVM(t)
	defer L.Close()
	if err := L.DoString(`
		closed = {}
		local ffi = require "ffi"
		keep = ffi.gc(ffi.new("int[1]", 5), function(p) closed[#closed + 1] = p[0] end)`); err != nil {
		t.Fatal(err)
	}
	if err := RunFinalizers(L); err != nil {
		t.Fatal(err)
	}
	if err := L.DoString(`assert(#closed == 0, "ran too early")`); err != nil {
		t.Fatal(err)
	}
	if err := Close(L); err != nil {
		t.Fatal(err)
	}
	if err := L.DoString(`assert(closed[1] == 5, "did not run at Close")`); err != nil {
		t.Fatal(err)
	}
}

// collectgarbage() runs the finalizers of what the finished block held,
// before it returns, as LuaJIT's full collection does.
func TestCollectgarbageRunsFinalizers(t *testing.T) {
	L := newVM(t)
	defer L.Close()
	err := L.DoString(`
		local ffi = require "ffi"
		freed = 0
		do
			local p = ffi.gc(ffi.new("int[1]"), function() freed = freed + 1 end)
			local q = p
		end
		collectgarbage()
		result = freed`)
	if err != nil {
		t.Fatal(err)
	}
	if got := L.GetGlobal("result").String(); got != "1" {
		t.Errorf("finalizers run by collectgarbage: %s, want 1", got)
	}
}

// BoxObject's cdata carries a Go object back to Go and runs its
// finalizer when collected.
func TestBoxObject(t *testing.T) {
	L := newVM(t)
	defer L.Close()
	type handle struct{ name string }
	var freed atomic.Int32
	fin := L.NewFunction(func(L *lua.LState) int {
		if h, ok := ObjectOf(L.Get(1)).(*handle); ok && h.name == "h1" {
			freed.Add(1)
		}
		return 0
	})
	v := BoxObject(L, &handle{"h1"}, fin)
	if h, ok := ObjectOf(v).(*handle); !ok || h.name != "h1" {
		t.Fatalf("ObjectOf: %v", ObjectOf(v))
	}
	L.SetGlobal("h", v)
	if err := L.DoString(`result = type(h)`); err != nil {
		t.Fatal(err)
	}
	if got := L.GetGlobal("result").String(); got != "cdata" {
		t.Errorf("type: %s", got)
	}
	v = nil
	if err := L.DoString(`h = nil collectgarbage()`); err != nil {
		t.Fatal(err)
	}
	if freed.Load() != 1 {
		t.Errorf("finalizer ran %d times", freed.Load())
	}
	if ObjectOf(lua.LString("x")) != nil {
		t.Error("ObjectOf of a string")
	}
}
