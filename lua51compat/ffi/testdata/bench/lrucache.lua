-- A get/set loop on a 1000-entry lua-resty-lrucache over 2000 keys, so
-- about half the sets evict.
local lru = require(MODULE or "resty.lrucache")
local c = lru.new(1000)
local keys = {}
for i = 1, 2000 do keys[i] = "key" .. i end
return function(n)
  for i = 1, n do
    c:set(keys[i % 2000 + 1], i)
    c:get(keys[(i * 7) % 2000 + 1])
  end
end
