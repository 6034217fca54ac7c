package ffi

import (
	"runtime"
	"strings"
	"testing"

	"gresty/lua51compat"
)

// The memory model: addresses, resolution of numbers back to memory, and
// accesses that LuaJIT would let corrupt memory.

func TestAddresses(t *testing.T) {
	var as addrSpace
	a, b := newAllocation(24), newAllocation(24)
	x := as.addressOf(a)
	if x < 1<<32 || x >= 1<<53 {
		t.Errorf("address %#x outside [2^32, 2^53)", x)
	}
	if as.addressOf(a) != x {
		t.Error("address changed")
	}
	y := as.addressOf(b)
	if y < x+24+blockGap {
		t.Errorf("blocks too close: %#x and %#x", x, y)
	}
	for _, tc := range []struct {
		addr uint64
		want *allocation
		off  int64
	}{
		{x, a, 0}, {x + 8, a, 8}, {x + 24, a, 24}, {y + 3, b, 3}, {x + 25, nil, 0}, {x - 1, nil, 0},
	} {
		got, off, ok := as.resolve(tc.addr)
		if tc.want == nil {
			if ok {
				t.Errorf("%#x resolved to a block", tc.addr)
			}
			continue
		}
		if !ok || got != tc.want || off != tc.off {
			t.Errorf("%#x resolved to (%p, %d, %v), want (%p, %d)", tc.addr, got, off, ok, tc.want, tc.off)
		}
	}
	s1, s2 := stringAllocation("hello"), stringAllocation("hel"+"lo")
	if as.addressOf(s1) != as.addressOf(s2) {
		t.Error("equal strings got different addresses")
	}
	if got, _, ok := as.resolve(as.addressOf(s1) + 2); !ok || string(got.data[:5]) != "hello" {
		t.Error("interior string pointer not resolved")
	}
	runtime.KeepAlive(s1)
	runtime.KeepAlive(s2)
}

func TestCollectedBlocksDoNotResolve(t *testing.T) {
	var as addrSpace
	x := as.addressOf(newAllocation(64))
	keep := newAllocation(8)
	k := as.addressOf(keep)
	for i := 0; i < 3; i++ {
		runtime.GC()
	}
	if _, _, ok := as.resolve(x); ok {
		t.Error("address of a collected block still resolves")
	}
	if _, _, ok := as.resolve(k); !ok {
		t.Error("address of a live block does not resolve")
	}
	runtime.KeepAlive(keep)
}

func TestCompactionKeepsLiveBlocks(t *testing.T) {
	var as addrSpace
	var live []*allocation
	for i := 0; i < 5000; i++ {
		a := newAllocation(16)
		as.addressOf(a)
		if i%10 == 0 {
			live = append(live, a)
		}
	}
	runtime.GC()
	for i := 0; i < 4000; i++ {
		as.addressOf(newAllocation(16))
	}
	for _, a := range live {
		if got, _, ok := as.resolve(a.addr.Load()); !ok || got != a {
			t.Fatal("live block lost by compaction")
		}
	}
	if len(as.heap) >= 9000 {
		t.Errorf("registry holds %d entries, not compacted", len(as.heap))
	}
}

func TestBoundsChecks(t *testing.T) {
	var as addrSpace
	a := newAllocation(8)
	ro := stringAllocation("ro")
	for _, tc := range []struct {
		name  string
		p     pointer
		n     int64
		write bool
		err   string
	}{
		{"inside", pointer{a: a, off: 4}, 4, true, ""},
		{"past the end", pointer{a: a, off: 4}, 5, false, "out-of-bounds C memory access (5 bytes at offset 4 of a 8-byte object)"},
		{"before the start", pointer{a: a, off: -1}, 1, false, "out-of-bounds"},
		{"NULL", pointer{}, 1, false, "NULL pointer"},
		{"unknown address", pointer{off: 0x1234}, 1, false, "invalid C pointer 0x1234"},
		{"read-only", pointer{a: ro}, 1, true, "attempt to write to constant location"},
		{"read-only read", pointer{a: ro}, 3, false, ""},
	} {
		p := tc.p
		_, err := as.bytes(&p, tc.n, tc.write)
		switch {
		case tc.err == "" && err != nil:
			t.Errorf("%s: %v", tc.name, err)
		case tc.err != "" && (err == nil || !strings.Contains(err.Error(), tc.err)):
			t.Errorf("%s: error %v, want %q", tc.name, err, tc.err)
		}
	}
}

func TestLuaMemoryErrors(t *testing.T) {
	for _, tc := range []struct{ lua, err string }{
		{`local a = ffi.new("int[4]"); return a[4]`, "out-of-bounds C memory access (4 bytes at offset 16 of a 16-byte object)"},
		{`local a = ffi.new("int[4]"); a[-1] = 1`, "out-of-bounds"},
		{`local p = ffi.new("int *"); return p[0]`, "NULL pointer"},
		{`return ffi.cast("int *", 12345)[0]`, "invalid C pointer 0x3039"},
		{`return ffi.string(ffi.new("char[3]", "abc"))`, "out-of-bounds"},
		{`ffi.copy(ffi.new("char[2]"), "abc")`, "out-of-bounds"},
		{`ffi.fill(ffi.new("char[2]"), 3)`, "out-of-bounds"},
		{`local s = "abc"; ffi.cast("char *", s)[0] = 65`, "attempt to write to constant location"},
		// A NULL pointer read from C data is nil.
		{`local q = ffi.new("struct { int *p; }"); return q.p[0]`, "(nil)"},
	} {
		L := newVM(t)
		fn, err := lua51compat.Load(L, []byte(`local ffi = require "ffi"; `+tc.lua), "=mem")
		if err != nil {
			t.Fatal(err)
		}
		L.Push(fn)
		err = L.PCall(0, 0, nil)
		if err == nil || !strings.Contains(err.Error(), tc.err) {
			t.Errorf("%s: error %v, want %q", tc.lua, err, tc.err)
		}
		L.Close()
	}
}

// TestPointerRoundTrip stores pointers in C memory and reads them back:
// the number in memory finds the block again.
func TestPointerRoundTrip(t *testing.T) {
	L := newVM(t)
	defer L.Close()
	err := L.DoString(`
		local ffi = require "ffi"
		ffi.cdef "struct link { int v; struct link *next; };"
		local nodes = ffi.new("struct link[3]")
		local extra = ffi.new("struct link", 99)
		nodes[0].next = nodes + 1
		nodes[1].next = extra
		extra.next = nodes
		local p, seen = nodes + 0, {}
		for i = 1, 4 do seen[i] = p.v; p = p.next end
		assert(table.concat(seen, ",") == "0,0,99,0", table.concat(seen, ","))
		nodes[1].v = 7
		assert(nodes[0].next.v == 7 and extra.next.next.v == 7)
		local n = tonumber(ffi.cast("uintptr_t", nodes[0].next))
		assert(ffi.cast("struct link *", n).v == 7)
		assert(ffi.cast("struct link *", n) == nodes + 1)`)
	if err != nil {
		t.Fatal(err)
	}
}
