package ffi

import (
	"os"
	"path/filepath"
	"testing"

	lua "github.com/yuin/gopher-lua"

	"gresty/lua51compat"
)

// Benchmarks of FFI-heavy library code. Each runs the function returned
// by a file in testdata/bench for b.N iterations; the reference nginx runs
// the same files (testdata/refserver.sh, GET /bench), and PERFORMANCE.md
// compares the two.

func benchLua(b *testing.B, file, module string) {
	vm := newLibVM(b,
		filepath.Join(upstream, "lua-resty-lrucache-0.13", "lib"),
		filepath.Join(upstream, "lua-resty-string-0.11", "lib"))
	defer vm.L.Close()
	if module != "" {
		vm.L.SetGlobal("MODULE", lua.LString(module))
	}
	src, err := os.ReadFile(filepath.Join("testdata", "bench", file+".lua"))
	if err != nil {
		b.Fatal(err)
	}
	fn, err := lua51compat.Load(vm.L, src, "=bench")
	if err != nil {
		b.Fatal(err)
	}
	vm.L.Push(fn)
	if err := vm.L.PCall(0, 1, nil); err != nil {
		b.Fatal(err)
	}
	run := vm.L.Get(-1)
	vm.L.Pop(1)
	call := func(n int) {
		if err := vm.L.CallByParam(lua.P{Fn: run, NRet: 0, Protect: true}, lua.LNumber(n)); err != nil {
			b.Fatal(err)
		}
	}
	call(1000)
	b.ResetTimer()
	call(b.N)
}

func BenchmarkLRUCacheGetSet(b *testing.B)        { benchLua(b, "lrucache", "") }
func BenchmarkLRUCachePureFFIGetSet(b *testing.B) { benchLua(b, "lrucache", "resty.lrucache.pureffi") }
func BenchmarkSHA256_1KB(b *testing.B)            { benchLua(b, "sha256", "") }
func BenchmarkStructFields(b *testing.B)          { benchLua(b, "fields", "") }
