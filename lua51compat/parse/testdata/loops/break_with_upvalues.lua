local fs = {}
for i = 1, 5 do
  local x = i * i
  fs[#fs + 1] = function() return x end
  if i == 3 then break end
end
print(#fs, fs[1](), fs[2](), fs[3]())
local gs = {}
for _, v in ipairs({7, 8, 9}) do
  local w = v
  gs[#gs + 1] = function() return w end
  if v == 8 then break end
end
print(#gs, gs[1](), gs[2]())
