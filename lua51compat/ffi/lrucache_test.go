package ffi

import (
	"path/filepath"
	"testing"

	lua "github.com/yuin/gopher-lua"
)

// lua-resty-lrucache 0.13, unmodified, on gresty's FFI: both the plain
// variant (ffi.new queues, pointers as table keys through uintptr_t casts)
// and the pureffi variant (hash table over string pointers). Each scenario
// runs against both; set_now moves the clock ngx.now reads.

var lrucacheScenarios = []struct {
	name string
	lua  string
	want string
}{
	{"set and get", `
		local c = lru.new(3)
		c:set("a", 1); c:set("b", "two"); c:set("c", {3})
		ngx.say(c:get("a"), " ", c:get("b"), " ", c:get("c")[1], " ", c:get("d"))
		ngx.say(c:count(), " ", c:capacity())`,
		"1 two 3 nil\n3 3\n"},
	{"eviction order follows use", `
		local c = lru.new(3)
		c:set("a", 1); c:set("b", 2); c:set("c", 3)
		c:get("a")            -- a becomes most recent
		c:set("d", 4)         -- evicts b
		ngx.say(c:get("b"), " ", c:get("a"), " ", c:get("c"), " ", (c:get("d")))
		c:set("e", 5)         -- the gets above left a least recent
		ngx.say(c:get("a"), " ", c:get("c"), " ", c:get("d"), " ", c:get("e"), " ", c:count())`,
		"nil 1 3 4\nnil 3 4 5 3\n"},
	{"overwrite keeps one entry", `
		local c = lru.new(2)
		c:set("k", 1); c:set("k", 2); c:set("j", 3)
		ngx.say(c:get("k"), " ", c:get("j"), " ", c:count())`,
		"2 3 2\n"},
	{"ttl and stale values", `
		local c = lru.new(4)
		c:set("short", "s", 1)
		c:set("long", "l", 100)
		c:set("forever", "f")
		set_now(1700000002)
		local v, stale = c:get("short")
		ngx.say(tostring(v), " ", stale, " ", c:get("long"), " ", (c:get("forever")))`,
		"nil s l f\n"},
	{"user flags", `
		local c = lru.new(2)
		c:set("a", 1, nil, 7)
		c:set("b", 2, nil, -1)
		local v, stale, flags = c:get("a")
		local v2, stale2, flags2 = c:get("b")
		ngx.say(v, " ", flags, " ", v2, " ", flags2)`,
		"1 7 2 0\n"},
	{"delete and reuse", `
		local c = lru.new(2)
		c:set("a", 1); c:set("b", 2)
		ngx.say(c:delete("a"), " ", c:delete("a"), " ", c:count())
		c:set("c", 3)
		ngx.say(c:get("a"), " ", c:get("b"), " ", c:get("c"), " ", c:count())`,
		"true false 1\nnil 2 3 2\n"},
	{"get_keys in recency order", `
		local c = lru.new(4)
		for _, k in ipairs({"w", "x", "y", "z"}) do c:set(k, k) end
		c:get("x")
		ngx.say(table.concat(c:get_keys(), ","), " ", table.concat(c:get_keys(2), ","))`,
		"x,z,y,w x,z\n"},
	{"flush_all", `
		local c = lru.new(3)
		c:set("a", 1); c:set("b", 2)
		c:flush_all()
		ngx.say(c:count(), " ", c:get("a"), " ", c:get("b"))
		c:set("c", 3); c:set("d", 4); c:set("e", 5); c:set("f", 6)
		ngx.say(c:count(), " ", c:get("c"), " ", (c:get("f")))`,
		"0 nil nil\n3 nil 6\n"},
	{"many keys through a small cache", `
		local c = lru.new(100)
		for i = 1, 10000 do c:set("key" .. i, i) end
		local hits = 0
		for i = 1, 10000 do if c:get("key" .. i) then hits = hits + 1 end end
		ngx.say(c:count(), " ", hits, " ", c:get("key10000"), " ", c:get("key9900"))`,
		"100 100 10000 nil\n"},
	{"size too small", `
		local c, err = lru.new(0)
		ngx.say(c, " ", err)`,
		"nil size too small\n"},
}

func TestLRUCache(t *testing.T) {
	lib := filepath.Join(upstream, "lua-resty-lrucache-0.13", "lib")
	for _, module := range []string{"resty.lrucache", "resty.lrucache.pureffi"} {
		for _, sc := range lrucacheScenarios {
			t.Run(module+"/"+sc.name, func(t *testing.T) {
				vm := newLibVM(t, lib)
				defer vm.L.Close()
				vm.L.SetGlobal("set_now", vm.L.NewFunction(func(L *lua.LState) int {
					vm.now = float64(L.CheckNumber(1))
					return 0
				}))
				src := "local lru = require " + `"` + module + `"` + "\n" + sc.lua
				if got := vm.run(t, "scenario", src); got != sc.want {
					t.Errorf("got:\n%swant:\n%s", got, sc.want)
				}
			})
		}
	}
}

// TestLRUCachePointerKeys checks what the plain variant relies on: a node
// cast to uintptr_t gives the same number every time, a safe table key.
func TestLRUCachePointerKeys(t *testing.T) {
	vm := newLibVM(t)
	defer vm.L.Close()
	got := vm.run(t, "keys", `
		local ffi = require "ffi"
		ffi.cdef[[ typedef struct node_s node_t; struct node_s { double e; node_t *prev, *next; }; ]]
		local q = ffi.new("node_t[?]", 4)
		local function num(p) return tonumber(ffi.cast("uintptr_t", p)) end
		local a, b = num(q + 1), num(ffi.cast("node_t *", q[1]))
		q[0].next = q + 1
		local c = num(q[0].next)
		ngx.say(a == b, " ", b == c, " ", a > 2^32, " ", a < 2^53, " ", a % 8, " ", num(q + 2) - a)
		local keys = {}
		for i = 0, 3 do keys[num(q + i)] = i end
		ngx.say(keys[num(q[0].next)], " ", keys[num(ffi.cast("node_t *", num(q + 3)))])`)
	if want := "true true true true 0 24\n1 3\n"; got != want {
		t.Errorf("got %q, want %q", got, want)
	}
}
