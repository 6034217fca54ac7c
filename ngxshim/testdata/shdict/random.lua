-- A pseudo-random workload over two zones (s100 100k, s900 900k, fresh),
-- recorded on the reference nginx: every 50 operations the zone's free
-- space, key count and least/most recently used keys are printed, and
-- every failure or eviction as it happens, so that the emulated slab
-- allocator is checked against nginx's through fragmentation, merges and
-- evictions.

local seed = 12345
local function rand(n)
    -- a 31-bit LCG, the same on any Lua
    seed = (seed * 1103515245 + 12345) % 2147483648
    return math.floor(seed / 65536) % n
end

for _, name in ipairs{"s100", "s900"} do
    local d = ngx.shared[name]
    local sizes = {0, 3, 10, 40, 60, 100, 200, 500, 1000, 1900, 2100, 3000, 4100, 7000, 9000, 20000}
    for i = 1, 3000 do
        local op = rand(10)
        local key = "k" .. rand(400)
        local size = sizes[rand(#sizes) + 1] + rand(50)
        local a, b, c
        if op <= 3 then
            a, b, c = d:set(key, string.rep("v", size))
        elseif op == 4 then
            a, b, c = d:safe_set(key, string.rep("s", size))
        elseif op == 5 then
            a, b, c = d:delete(key)
        elseif op == 6 then
            a, b = d:lpush("l" .. rand(40), string.rep("l", rand(300)))
        elseif op == 7 then
            a, b = d:rpop("l" .. rand(40))
            if type(a) == "string" then a = #a end
        elseif op == 8 then
            a, b, c = d:incr("n" .. rand(100), 1, 0)
        else
            a, b = d:get(key)
            if type(a) == "string" then a = #a end
        end
        if c == true or (b and b ~= "not found" and b ~= "value not a list" and b ~= "not a number") then
            ngx.say(name, " ", i, " op ", op, " ", key, " ", size, ": ", tostring(a), " ", tostring(b), " ",
                    tostring(c), " free ", d:free_space())
        end
        if i % 50 == 0 then
            local keys = d:get_keys(0)
            ngx.say(name, " ", i, ": free ", d:free_space(), " keys ", #keys, " ", tostring(keys[1]), " ",
                    tostring(keys[#keys]))
        end
    end
end
