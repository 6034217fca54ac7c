-- Cases for ngx.shared.DICT. The expected output (cases.out) was recorded
-- from the reference nginx, freshly started with these zones:
--   d 1m, s12 12k, s20 20k, s25 25k, s33 33333, s50 50k, s100 100k, s900 900k
-- Every result line shows what the call returned and the zone's free space,
-- so that the slab accounting is compared step by step.

local function show(...)
    local out = {}
    for i = 1, select("#", ...) do
        local v = select(i, ...)
        if type(v) == "string" and #v > 40 then
            v = "<" .. #v .. " bytes " .. v:sub(1, 8) .. ">"
        end
        out[#out + 1] = tostring(v)
    end
    return table.concat(out, " ")
end

local function try(label, f, ...)
    local res = { pcall(f, ...) }
    if res[1] then
        ngx.say(label, ": ", show(unpack(res, 2, table.maxn(res))))
    else
        ngx.say(label, ": error ", tostring(res[2]))
    end
end

local function step(d, label, ...)
    ngx.say(label, ": ", show(...), " | free ", d:free_space())
end

-- capacities and free space of fresh zones
for _, name in ipairs{"d", "s12", "s20", "s25", "s33", "s50", "s100", "s900"} do
    local d = ngx.shared[name]
    ngx.say(name, ": capacity ", d:capacity(), " free ", d:free_space())
end

-- 126-shdict-frag.t's sequences: pages merged forward and backward
do
    local d = ngx.shared.s20
    for round = 1, 2 do
        step(d, "set foo 4000", d:set("foo", string.rep("a", 4000)))
        step(d, "set bar 4001", d:set("bar", string.rep("b", 4001)))
        step(d, "get foo", d:get("foo"))
        step(d, "set baz 8102", d:set("baz", string.rep("c", 8102)))
        step(d, "get foo bar baz", d:get("foo"), d:get("bar"), d:get("baz"))
    end
    d:flush_all()
    d:flush_expired()
    step(d, "flushed", d:get_keys(0)[1])
end

do
    local d = ngx.shared.s25
    for round = 1, 2 do
        step(d, "set foo", d:set("foo", string.rep("a", 4000)))
        step(d, "set bar", d:set("bar", string.rep("b", 4001)))
        step(d, "set baz", d:set("baz", string.rep("c", 4002)))
        d:delete("foo")
        step(d, "safe_set blah 8100 after deleting foo", d:safe_set("blah", string.rep("a", 8100)))
        d:delete("baz")
        step(d, "safe_set blah 8100 after deleting baz", d:safe_set("blah", string.rep("a", 8100)))
        d:delete("bar")
        step(d, "safe_set blah 12010 after deleting bar", d:safe_set("blah", string.rep("a", 12010)))
        step(d, "set blah 1", d:set("blah", 1))
        step(d, "delete blah", d:delete("blah"))
    end
end

-- chunk sizes: entry size is 68 + #key + #value
do
    local d = ngx.shared.d
    for _, n in ipairs{0, 1, 60, 61, 124, 125, 252, 253, 508, 509, 1020, 1021, 1979, 1980, 2027, 2028, 4027, 4028, 4029, 10000} do
        step(d, "set value of " .. n, d:set("k" .. n, string.rep("x", n)))
        step(d, "set twin of " .. n, d:set("t" .. n, string.rep("y", n)))
    end
    for _, n in ipairs{0, 60, 124, 1979, 4028, 10000} do
        step(d, "delete " .. n, d:delete("k" .. n), d:delete("t" .. n))
    end
    step(d, "keys", #d:get_keys(0))
end

-- fill a zone with small entries until the first eviction (043-shdict.t 9)
do
    local d = ngx.shared.s100
    local i = 0
    while i < 1000 do
        i = i + 1
        local ok, err, forcible = d:set("key_" .. i, string.rep(" hello", 10) .. i)
        if not ok or forcible then
            step(d, "evicted at " .. i, ok, err, forcible)
            break
        end
    end
    step(d, "first keys", d:get("key_1"), d:get("key_2") ~= nil, #d:get_keys(0))
    -- growing values (043-shdict.t 21)
    d:flush_all()
    d:flush_expired()
    step(d, "emptied", #d:get_keys(0))
    i = 0
    while i < 1000 do
        i = i + 1
        local ok, err, forcible = d:set("key_" .. i, string.rep("hello", i))
        if not ok or forcible then
            step(d, "growing evicted at " .. i, ok, err, forcible)
            break
        end
    end
    local keys = d:get_keys(0)
    step(d, "growing keys", #keys, keys[1], keys[#keys])
end

-- LRU order, touches, eviction of the least recently used
do
    local d = ngx.shared.s50
    for i = 1, 8 do
        step(d, "set " .. i, d:set("k" .. i, string.rep("v", 3000)))
    end
    step(d, "get k1", d:get("k1"))
    step(d, "incr k2 fails", d:incr("k2", 1))
    step(d, "ttl k3", d:ttl("k3"))
    step(d, "keys", table.concat(d:get_keys(0), ","))
    step(d, "set big", d:set("big", string.rep("B", 9000)))
    step(d, "keys", table.concat(d:get_keys(0), ","))
    step(d, "safe_set too big", d:safe_set("huge", string.rep("H", 30000)))
    step(d, "set too big", d:set("huge", string.rep("H", 60000)))
    step(d, "keys", table.concat(d:get_keys(0), ","))
    step(d, "get_keys 2", table.concat(d:get_keys(2), ","))
    step(d, "add existing", d:add("big", "x"))
    step(d, "safe_add new", d:safe_add("new", "x"))
    step(d, "replace missing", d:replace("missing", "x"))
    step(d, "replace same size", d:replace("new", "y", 0, 9))
    step(d, "get new", d:get("new"))
    step(d, "replace other size", d:replace("new", "yy"))
    step(d, "get new", d:get("new"))
    step(d, "keys", table.concat(d:get_keys(0), ","))
    step(d, "flush_all", d:flush_all())
    step(d, "keys after flush_all", #d:get_keys(0), d:get_stale("big") ~= nil)
    step(d, "flush_expired", d:flush_expired())
end

-- lists
do
    local d = ngx.shared.s33
    step(d, "lpush", d:lpush("l", "a"))
    step(d, "rpush", d:rpush("l", 2))
    step(d, "lpush", d:lpush("l", string.rep("z", 100)))
    step(d, "llen", d:llen("l"))
    step(d, "get list", d:get("l"))
    step(d, "incr list", d:incr("l", 1))
    step(d, "lpush on scalar", d:set("s", 1), d:lpush("s", 1))
    step(d, "pop on scalar", d:lpop("s"), d:llen("s"))
    step(d, "rpop", d:rpop("l"))
    step(d, "lpop", d:lpop("l"))
    step(d, "lpop", d:lpop("l"))
    step(d, "lpop empty", d:lpop("l"))
    step(d, "llen gone", d:llen("l"))
    local n = 0
    while true do
        local len, err = d:rpush("fill", string.rep("f", 200))
        if not len then
            step(d, "fill stops", n, len, err)
            break
        end
        n = len
    end
    step(d, "new list without memory", d:lpush("other", 1))
    step(d, "set without memory", d:set("x", string.rep("x", 300)))
    step(d, "fill length", d:llen("fill"))
    for i = 1, 3 do d:lpop("fill") end
    step(d, "after 3 pops", d:llen("fill"))
    step(d, "replace list", d:set("fill", "scalar"))
    step(d, "get", d:get("fill"))
    for i = 1, 60 do d:rpush("nums", i) end
    step(d, "60 numbers", d:llen("nums"), d:lpop("nums"), d:rpop("nums"))
    step(d, "flush_all", d:flush_all())
    step(d, "flush_expired", d:flush_expired())
end

-- incr with init
do
    local d = ngx.shared.s12
    step(d, "incr missing", d:incr("a", 1))
    step(d, "incr init", d:incr("a", 1, 10))
    step(d, "incr", d:incr("a", 2.5))
    step(d, "incr init exists", d:incr("a", 1, 100))
    step(d, "incr init_ttl", d:incr("b", 1, 0, 5))
    step(d, "ttl b", d:ttl("b"))
    step(d, "incr keeps ttl", d:incr("b", 1, 0, 50), d:ttl("b"))
    step(d, "set string", d:set("c", "12"))
    step(d, "incr string", d:incr("c", 1))
    step(d, "full zone", d:set("big", string.rep("x", 100)))
end

-- a 2048-byte entry is still a chunk (two to a page), 2049 bytes a page
do
    local d = ngx.shared.s900
    step(d, "2048 a", d:set("a", string.rep("x", 1979)))
    step(d, "2048 b", d:set("b", string.rep("x", 1979)))
    step(d, "2049 c", d:set("c", string.rep("x", 1980)))
end

-- new lists until even the list entry finds no memory (false, not nil)
do
    local d = ngx.shared.s12
    d:flush_all()
    d:flush_expired()
    for i = 1, 1000 do
        local len, err = d:lpush("list" .. i, "v")
        if not len then
            step(d, "list " .. i, len, err)
            break
        end
    end
    step(d, "push on an existing list", d:lpush("list1", string.rep("v", 3000)))
end

-- expiry
do
    local d = ngx.shared.d
    d:flush_all()
    d:flush_expired()
    step(d, "set short", d:set("short", "v1", 0.001, 5))
    step(d, "set short2", d:set("short2", 32, 0.001))
    step(d, "set list", d:lpush("slist", "x"), d:expire("slist", 0.001))
    step(d, "set long", d:set("long", "v3", 100))
    step(d, "set forever", d:set("forever", "v4"))
    step(d, "ttl", d:ttl("short"), d:ttl("long"), d:ttl("forever"), d:ttl("nothing"))
    ngx.sleep(0.01)
    step(d, "get_stale short", d:get_stale("short"))
    step(d, "ttl short after", d:ttl("short") < 0)
    step(d, "keys", table.concat(d:get_keys(0), ","))
    step(d, "add over expired", d:add("short", "v5"))
    step(d, "get", d:get("short"))
    step(d, "replace expired", d:replace("short2", 33))
    step(d, "llen expired list", d:llen("slist"))
    step(d, "lpush expired list", d:lpush("slist", "y"), d:llen("slist"))
    step(d, "expire", d:expire("long", 0.001), d:expire("nothing", 1))
    ngx.sleep(0.01)
    step(d, "incr init on expired", d:incr("long", 1, 41))
    step(d, "set again", d:set("e1", 1, 0.001), d:set("e2", 2, 0.001), d:set("e3", 3, 0.001))
    ngx.sleep(0.01)
    step(d, "flush_expired 2", d:flush_expired(2))
    step(d, "flush_expired", d:flush_expired())
    step(d, "keys", table.concat(d:get_keys(0), ","))
end

-- arguments and errors
do
    local d = ngx.shared.d
    try("set exptime string", function() local a, b, c = d:set("k", 1, "10") return a, b, c end)
    try("set exptime bool", function() local a, b, c = d:set("k", 1, true) return a, b, c end)
    try("set exptime table", function() local a, b, c = d:set("k", 1, {}) return a, b, c end)
    try("set exptime negative", function() local a, b, c = d:set("k", 1, -1) return a, b, c end)
    try("set flags string", function() local a, b, c = d:set("k", 1, 0, "3") return a, b, c end)
    try("set flags table", function() local a, b, c = d:set("k", 1, 0, {}) return a, b, c end)
    try("set nil key bad flags", function() local a, b, c = d:set(nil, 1, 0, "x") return a, b, c end)
    try("set bad value bad flags", function() local a, b, c = d:set("k", {}, 0, "x") return a, b, c end)
    try("incr nil key bad value", function() local a, b, c = d:incr(nil, {}) return a, b, c end)
    try("incr bad value bad init", function() local a, b, c = d:incr("k", {}, "x") return a, b, c end)
    try("expire nil key bad exptime", function() local a, b, c = d:expire(nil, "x") return a, b, c end)
    try("set flags true", function() local a, b, c = d:set("k", 1, 0, true) local v, f = d:get("k") return a, b, c, v, f end)
    try("set flags float", function() local a, b, c = d:set("k", 1, 0, 3.7) local v, f = d:get("k") return a, b, c, v, f end)
    try("set flags negative", function() local a, b, c = d:set("k", 1, 0, -3) local v, f = d:get("k") return a, b, c, v, f end)
    try("set flags 2^32-1", function() local a, b, c = d:set("k", 1, 0, 4294967295) local v, f = d:get("k") return a, b, c, v, f end)
    try("set flags nan", function() local a, b, c = d:set("k", 1, 0, 0/0) local v, f = d:get("k") return a, b, c, v, f end)
    try("set exptime tiny", function() local a, b, c = d:set("k", 1, 0.0001) return a, b, c, d:ttl("k") end)
    try("set exptime 0.0015", function() local a, b, c = d:set("k", 1, 0.0015) return a, b, c, d:ttl("k") end)
    try("set exptime huge", function() local a, b, c = d:set("k", 1, 1e300) return a, b, c, d:ttl("k") end)
    try("set key false", function() local a, b, c = d:set(false, 1) return a, b, c, d:get("false") end)
    try("set key number", function() local a, b, c = d:set(1.5, "x") return a, b, c, d:get("1.5"), d:get(1.5) end)
    try("set key big number", function() local a, b, c = d:set(1e20, "y") return a, b, c, d:get("1e+20") end)
    try("set empty key", function() local a, b, c = d:set("", 1) return a, b, c end)
    try("set nil key", function() local a, b, c = d:set(nil, 1) return a, b, c end)
    try("set long key", function() local a, b, c = d:set(string.rep("a", 65536), 1) return a, b, c end)
    try("set 65535 key", function() local a, b, c = d:set(string.rep("a", 65535), 1) return a, b, c, d:get(string.rep("a", 65535)) end)
    try("set value table", function() local a, b, c = d:set("k", {}) return a, b, c end)
    try("set value function", function() local a, b, c = d:set("k", print) return a, b, c end)
    try("set nil key negative exptime", function() local a, b, c = d:set(nil, 1, -1) return a, b, c end)
    try("set boolean false", function() local a, b, c = d:set("b", false, 0, 3) local v, f = d:get("b") return a, b, c, v, f end)
    try("set empty string", function() local a, b, c = d:set("es", "") return a, b, c, d:get("es") end)
    try("set huge number", function() local a, b, c = d:set("h", 1e300) return a, b, c, d:get("h") end)
    try("add nil", function() local a, b, c = d:add("k2", nil) return a, b, c end)
    try("replace nil", function() local a, b, c = d:replace("k", nil) return a, b, c end)
    try("safe_add nil", function() local a, b, c = d:safe_add("k", nil) return a, b, c end)
    try("delete missing", function() local a, b, c = d:delete("nonexistent") return a, b, c end)
    try("delete nil", function() local a, b, c = d:delete(nil) return a, b, c end)
    try("get missing", function() local a, b, c = d:get("nonexistent") return a, b, c end)
    try("get nil", function() local a, b, c = d:get(nil) return a, b, c end)
    try("get empty", function() local a, b, c = d:get("") return a, b, c end)
    try("get_stale missing", function() local a, b, c = d:get_stale("nonexistent") return a, b, c end)
    try("get_stale fresh", function() d:set("gs", "v", 0, 3) local a, b, c = d:get_stale("gs") return a, b, c end)
    try("get_stale no flags", function() d:set("gs", "v") local a, b, c = d:get_stale("gs") return a, b, c end)
    try("incr no value", function() local a, b, c = d:incr("k") return a, b, c end)
    try("incr string value", function() d:set("n", 1) local a, b, c = d:incr("n", "2") return a, b, c end)
    try("incr hex value", function() local a, b, c = d:incr("n", "0x10") return a, b, c end)
    try("incr bad value", function() local a, b, c = d:incr("n", "x") return a, b, c end)
    try("incr table value", function() local a, b, c = d:incr("n", {}) return a, b, c end)
    try("incr missing", function() local a, b, c = d:incr("nokey", 1) return a, b, c end)
    try("incr init false", function() local a, b, c = d:incr("nokey", 1, false) return a, b, c end)
    try("incr init string", function() local a, b, c = d:incr("nokey2", 1, "5") return a, b, c end)
    try("incr init bad", function() local a, b, c = d:incr("nokey3", 1, "x") return a, b, c end)
    try("incr init_ttl without init", function() local a, b, c = d:incr("nokey3", 1, nil, 1) return a, b, c end)
    try("incr init_ttl negative", function() local a, b, c = d:incr("nokey3", 1, 0, -1) return a, b, c end)
    try("incr init_ttl false", function() local a, b, c = d:incr("nokey3", 1, 0, false) return a, b, c end)
    try("incr init_ttl string", function() local a, b, c = d:incr("nokey4", 1, 0, "2") return a, b, c, d:ttl("nokey4") end)
    try("incr init_ttl bad", function() local a, b, c = d:incr("nokey4", 1, 0, "x") return a, b, c end)
    try("incr init_ttl huge", function() local a, b, c = d:incr("nokey5", 1, 0, 1e300) return a, b, c, d:ttl("nokey5") end)
    try("incr keeps flags", function() d:set("f", 5, 0, 7) local a, b, c = d:incr("f", 1) local v, f = d:get("f") return a, b, c, v, f end)
    try("incr not a number", function() d:set("f", true) local a, b, c = d:incr("f", 1, 0) return a, b, c end)
    try("incr nil key", function() local a, b, c = d:incr(nil, 1) return a, b, c end)
    try("expire without exptime", function() local a, b, c = d:expire("k") return a, b, c end)
    try("expire negative", function() d:set("x", 1, 10) local a, b, c = d:expire("x", -1) return a, b, c, d:ttl("x") end)
    try("expire missing", function() local a, b, c = d:expire("missing", 1) return a, b, c end)
    try("expire string", function() local a, b, c = d:expire("x", "2") return a, b, c, d:ttl("x") end)
    try("expire bad string", function() local a, b, c = d:expire("x", "abc") return a, b, c end)
    try("expire table", function() local a, b, c = d:expire("x", {}) return a, b, c end)
    try("expire nil key", function() local a, b, c = d:expire(nil, 2) return a, b, c end)
    try("ttl missing", function() local a, b, c = d:ttl("missing") return a, b, c end)
    try("ttl nil", function() local a, b, c = d:ttl(nil) return a, b, c end)
    try("ttl fraction", function() d:set("t", 1, 1.2345) local a, b, c = d:ttl("t") return a, b, c end)
    try("lpush nil key", function() local a, b, c = d:lpush(nil, 1) return a, b, c end)
    try("lpush boolean key", function() local a, b, c = d:lpush(true, 1) return a, b, c end)
    try("lpush number key", function() local a, b, c = d:lpush(12, 1) return a, b, c, d:llen("12") end)
    try("lpush bad value", function() local a, b, c = d:lpush("l", true) return a, b, c end)
    try("lpush nil value", function() local a, b, c = d:lpush("l", nil) return a, b, c end)
    try("lpush 2 args", function() local a, b, c = d:lpush("l") return a, b, c end)
    try("lpush 4 args", function() local a, b, c = d:lpush("l", 1, 2) return a, b, c end)
    try("lpush bad zone", function() local a, b, c = d.lpush(1, "l", 2) return a, b, c end)
    try("lpush bad zone table", function() local a, b, c = d.lpush({}, "l", 2) return a, b, c end)
    try("lpush long key", function() local a, b, c = d:lpush(string.rep("a", 65536), 1) return a, b, c end)
    try("lpop 1 arg", function() local a, b, c = d:lpop() return a, b, c end)
    try("lpop empty key", function() local a, b, c = d:lpop("") return a, b, c end)
    try("rpop table key", function() local a, b, c = d:rpop({}) return a, b, c end)
    try("llen 3 args", function() local a, b, c = d:llen("l", 1) return a, b, c end)
    try("llen missing", function() local a, b, c = d:llen("missing") return a, b, c end)
    try("list value types", function() d:rpush("n2", 1.5) d:rpush("n2", "2") local a = d:lpop("n2") local b = d:lpop("n2") return a, type(a), b, type(b) end)
    try("flush_expired no args", function() local a, b, c = d.flush_expired() return a, b, c end)
    try("flush_expired bad count", function() local a, b, c = d:flush_expired("x") return a, b, c end)
    try("flush_expired 3 args", function() local a, b, c = d:flush_expired(1, 2) return a, b, c end)
    try("flush_expired nil zone", function() local a, b, c = d.flush_expired(nil) return a, b, c end)
    try("flush_expired number zone", function() local a, b, c = d.flush_expired(1) return a, b, c end)
    try("get_keys bad count", function() local a, b, c = d:get_keys("x") return a, b, c end)
    try("get_keys 3 args", function() local a, b, c = d:get_keys(1, 2) return a, b, c end)
    try("get_keys nil zone", function() local a, b, c = d.get_keys(nil) return a, b, c end)
    try("get_keys empty zone table", function() local a, b, c = d.get_keys({}) return a, b, c end)
    try("get_keys float", function() local a = d:get_keys(1.9) return #a end)
    try("capacity bad zone", function() local a, b, c = d.capacity({}) return a, b, c end)
    try("free_space bad zone", function() local a, b, c = d.free_space(nil) return a, b, c end)
    try("flush_all bad zone", function() local a, b, c = d.flush_all(nil) return a, b, c end)
    try("set bad zone", function() local a, b, c = d.set(nil, "k", 1) return a, b, c end)
    try("get zone {1}", function() local a, b, c = d.get({1}, "k") return a, b, c end)
    try("incr bad zone", function() local a, b, c = d.incr({1}, "k", 1) return a, b, c end)
    try("method via dot", function() d:set("dot", 17) local a, b = d.get(d, "dot") return a, b end)
    try("pcall direct bad key", d.lpush, d, {}, 1)
    try("pcall direct bad zone", d.set, nil, "k", 1)
    try("types", function()
        return type(d), type(d[1]), getmetatable(d) == getmetatable(ngx.shared.s20),
               rawget(getmetatable(d), "__index") == getmetatable(d), ngx.shared.nonexistent
    end)
end
