local function range(n)
  local i = 0
  return function()
    i = i + 1
    if i <= n then return i end
  end
end
local s = 0
for i in range(5) do
  if i == 2 then goto continue end
  s = s + i
  ::continue::
end
print(s)
local t = {}
for w in string.gmatch("one two three", "%a+") do
  if false then end
  t[#t + 1] = w:upper()
end
print(table.concat(t, "-"))
for k, v in next, {x = 1} do print(k, v) end
-- explicit expression lists of every length (gopher-lua leaves hidden
-- registers unset for some)
local t = {x = 1}
local function three() return next, t, nil end
local function pair() return t, nil end
local n = 0
for k, v in next, {y = 2} do n = n + v end
for k in next, {y = 3} do n = n + 1 end
for k, v in next, t, nil do n = n + v end
for k in three() do n = n + 10 end
for k in next, pair() do n = n + 100 end
for k, v in next, pair() do n = n + 1000 end
for k, v, w in next, t do n = n + 10000 end
for k, v in next, t, nil, print do n = n + 100000 end
print(n)
