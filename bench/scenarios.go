package main

// scenario is one benchmark: the same Lua handlers served by gresty and by
// the reference nginx, driven the same way.
type scenario struct {
	name string
	// kind says how it is measured: "wrk" (requests per second), "idle"
	// (RSS with many idle keep-alive connections), "parked" (many requests
	// in flight at once), "startup" (time to the first response).
	kind string
	// http is extra http-level configuration; location is the body of
	// location = /b.
	http, location string
	// conns is wrk's connection count.
	conns int
	// needs names what must run for the scenario (redis).
	needs string
}

var scenarios = []scenario{
	{
		name: "hello", kind: "wrk", conns: 50,
		location: `content_by_lua_block { ngx.say("hello") }`,
	},
	{
		name: "redis", kind: "wrk", conns: 50, needs: "redis",
		http: `lua_package_path "$VENDOR/lua-resty-redis-0.27/lib/?.lua;;";`,
		location: `content_by_lua_block {
            local redis = require "resty.redis"
            local red = redis:new()
            red:set_timeout(1000)
            local ok, err = red:connect("127.0.0.1", 6379)
            if not ok then ngx.say("connect: ", err) return end
            ok, err = red:set("bench:key", "value")
            if not ok then ngx.say("set: ", err) return end
            local v = red:get("bench:key")
            red:set_keepalive(10000, 100)
            ngx.say(v)
        }`,
	},
	{
		name: "cpu", kind: "wrk", conns: 50,
		http: `init_by_lua_block {
            local parts = {}
            for i = 1, 30 do
                parts[#parts + 1] = string.format('{"id": %d, "name": "item %d", "tags": ["a", "b", "c"], "price": %d.5, "ok": true}', i, i, i)
            end
            DOC = "[" .. table.concat(parts, ",") .. "]"
            TEXT = string.rep("the quick brown fox jumps over the lazy dog 12345 ", 22)
        }`,
		location: `content_by_lua_block {
            local cjson = require "cjson"
            local doc = cjson.decode(DOC)
            local out = cjson.encode(doc)
            local items = {}
            for i = 1, 200 do items[i] = (i * 7919) % 1000 end
            table.sort(items)
            local s = string.format("%d items, %s, %.2f", #items, doc[1].name, doc[2].price)
            local replaced = ngx.re.gsub(TEXT, "[0-9]+", "N", "jo")
            ngx.say(#out, " ", s, " ", #replaced)
        }`,
	},
	{
		name: "shdict", kind: "wrk", conns: 50,
		http: `lua_shared_dict bench 10m;`,
		location: `content_by_lua_block {
            local d = ngx.shared.bench
            local n = d:incr("counter", 1, 0)
            ngx.say(d:get("counter") and n)
        }`,
	},
	{
		name: "phases", kind: "wrk", conns: 50,
		location: `rewrite_by_lua_block { ngx.ctx.a = ngx.var.uri }
            access_by_lua_block { ngx.ctx.b = ngx.var.request_method }
            content_by_lua_block { ngx.say(ngx.ctx.a, " ", ngx.ctx.b) }
            header_filter_by_lua_block { ngx.header["X-A"] = ngx.ctx.a }
            log_by_lua_block { local x = ngx.ctx.b .. ngx.var.status }`,
	},
	{name: "idle", kind: "idle", conns: 10000, location: `content_by_lua_block { ngx.say("idle") }`},
	{name: "parked", kind: "parked", conns: 5000, location: `content_by_lua_block { ngx.sleep(1) ngx.say("parked") }`},
	{name: "startup", kind: "startup", location: `content_by_lua_block { ngx.say("up") }`},
}
