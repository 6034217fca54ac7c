local s = 0
for i = 10, 1, -3 do s = s + i end
print(s)
for i = 1, 0 do print("never") end
local c = 0
for i = 1, 3 do
  if false then end
  for j = i, 3 do c = c + 1 end
end
print(c)
local r = {}
for i = 1, 4 do
  do break end
  r[#r + 1] = i
end
print(#r)
for i = 0.5, 2, 0.5 do r[#r + 1] = i * 2 end
print(table.concat(r, ","))
