local out = {}
for i, v in ipairs({1, false, 3, nil, 5}) do
  local x = v and v * 2 or -1
  out[#out + 1] = x
end
print(table.concat(out, ","))
local t = {}
for k, v in pairs({a = 1}) do
  local y = false and k or v
  t[#t + 1] = y
end
print(t[1])
local n = 0
for _ = 1, 3 do
  local z = nil or (n > 1 and "big") or "small"
  n = n + 1
  t[#t + 1] = z
end
print(table.concat(t, ","))
