local i = 0
repeat
  if false then end
  i = i + 1
until i >= 3
print(i)
local j = 0
repeat
  j = j + 1
  local captured = j
  local f = function() return captured end
  if f() == 2 then break end
until j >= 10
print(j)
local k = 0
repeat
  do end
  k = k + 2
until k > 5
print(k)
local fs = {}
local m = 0
repeat
  m = m + 1
  local v = m * 10
  fs[#fs + 1] = function() return v end
until v >= 30
print(fs[1](), fs[2](), fs[3]())
