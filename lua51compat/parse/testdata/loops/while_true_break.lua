local i = 0
while true do
  i = i + 1
  if i >= 5 then break end
end
print(i)
local j = 0
while true do
  if j >= 3 then break end
  j = j + 1
end
print(j)
local k = 0
while true do
  while true do break end
  k = k + 1
  if k == 4 then break end
end
print(k)
