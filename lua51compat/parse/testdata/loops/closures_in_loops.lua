local fs = {}
for i = 1, 3 do
  fs[i] = function() return i end
end
print(fs[1](), fs[2](), fs[3]())
local gs = {}
for k, v in ipairs({"a", "b", "c"}) do
  if false then end
  gs[k] = function() return v end
end
print(gs[1](), gs[2](), gs[3]())
local hs = {}
local i = 0
while i < 3 do
  i = i + 1
  local j = i
  hs[i] = function() return j end
  if i == 2 then goto continue end
  ::continue::
end
print(hs[1](), hs[2](), hs[3]())
