local function find(t, x)
  for i, v in ipairs(t) do
    if v == x then return i end
  end
  return nil
end
print(find({5, 6, 7}, 7), find({5, 6, 7}, 8))
local function first_key(t)
  for k in pairs(t) do return k end
end
print(first_key({only = true}))
local function count_until(n)
  local c = 0
  while true do
    if c >= n then return c end
    c = c + 1
  end
end
print(count_until(7))
