package ffi

import (
	"path/filepath"
	"testing"
)

// lua-resty-kafka 0.07's wire encoding, unmodified, on gresty's FFI: the
// request packer takes Lua numbers or int64_t cdata and splits them with
// the bit library (64-bit when given cdata); the response parser reads
// them back.

func TestKafkaInt64Encoding(t *testing.T) {
	lib := filepath.Join(upstream, "lua-resty-kafka-0.07", "lib")
	vm := newLibVM(t, lib)
	defer vm.L.Close()
	got := vm.run(t, "kafka", `
		local ffi = require "ffi"
		local request = require "resty.kafka.request"
		local response = require "resty.kafka.response"
		local i64, u64 = ffi.typeof("int64_t"), ffi.typeof("uint64_t")
		local req = request:new(request.ProduceRequest, 1, "clientid")
		local function hex()
			local s = req._req[#req._req]
			ngx.say((s:gsub(".", function(c) return bit.tohex(c:byte(), 2) end)))
		end
		req:int16(-32768); hex()
		req:int16(32767); hex()
		req:int32(-2147483648); hex()
		req:int32(2147483647); hex()
		req:int64(i64(-2^62) * 2); hex()            -- INT64_MIN
		req:int64(i64(-2^62) * 2 - 1); hex()        -- INT64_MAX
		req:int64(u64(0) - 1); hex()
		req:int64(i64(0x0102030405)); hex()
		req:int64(0); hex()
		-- A Lua number goes through 32-bit bit operations (shift counts
		-- modulo 32), so the high word repeats the low one, as in LuaJIT.
		req:int64(123456789); hex()

		-- Values below 2^53 survive the response parser exactly.
		for _, v in ipairs({0, 1, 4294967296, 123456789012345, 2^53 - 1}) do
			local r = request:new(request.ProduceRequest, 1, "c")
			r:int32(100)
			local id = r._req[#r._req]
			r:int64(i64(v))
			local resp = response:new(id .. r._req[#r._req], 0)
			local back = resp:int64()
			ngx.say(string.format("%.0f", tonumber(back)), " ", tonumber(back) == v)
		end`)
	want := `8000
7fff
80000000
7fffffff
8000000000000000
7fffffffffffffff
ffffffffffffffff
0000000102030405
0000000000000000
075bcd15075bcd15
0 true
1 true
4294967296 true
123456789012345 true
9007199254740991 true
`
	if got != want {
		t.Errorf("got:\n%swant:\n%s", got, want)
	}
}

// TestKafkaMessageSetTimestamp packs a v2 produce request, whose messages
// carry an int64_t timestamp made with ffi.new.
func TestKafkaMessageSetTimestamp(t *testing.T) {
	lib := filepath.Join(upstream, "lua-resty-kafka-0.07", "lib")
	vm := newLibVM(t, lib)
	defer vm.L.Close()
	got := vm.run(t, "kafka", `
		local request = require "resty.kafka.request"
		local response = require "resty.kafka.response"
		local req = request:new(request.ProduceRequest, 7, "client", 2)
		req:message_set({"key", "value"}, 2)
		local s = table.concat(req._req, "", 7)
		-- set size (4), offset (8), size (4), crc (4), magic (1), attrs (1),
		-- timestamp (8)
		local resp = response:new(string.rep("\0", 4) .. s:sub(23, 30), 0)
		local ts = resp:int64()
		ngx.say(s:byte(21), " ", s:byte(22), " ", math.abs(tonumber(ts) - os.time() * 1000) < 5000)`)
	if want := "1 0 true\n"; got != want {
		t.Errorf("got %q, want %q", got, want)
	}
}
