local n = 0
for i = 1, 3 do
  while false do end
  n = n + 1
end
print(n)
local m = 0
for i = 1, 2 do
  for j = 1, 2 do
    for k, v in pairs({1, 2}) do
      m = m + 1
    end
  end
end
print(m)
local r = 0
repeat
  repeat r = r + 1 until true
until r >= 3
print(r)
