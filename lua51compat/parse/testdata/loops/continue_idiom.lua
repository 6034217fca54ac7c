-- the "goto continue" idiom in every loop kind
local s = 0
for i = 1, 10 do
  if i % 3 == 0 then goto continue end
  s = s + i
  ::continue::
end
print("numeric", s)
s = 0
for _, v in ipairs({1, 2, 3, 4, 5, 6}) do
  if v % 2 == 0 then goto continue end
  s = s + v
  ::continue::
end
print("generic", s)
local i = 0
s = 0
while i < 10 do
  i = i + 1
  if i == 5 then goto continue end
  s = s + i
  ::continue::
end
print("while", s)
i = 0
s = 0
repeat
  i = i + 1
  if i % 2 == 1 then goto continue end
  s = s + i
  ::continue::
until i >= 10
print("repeat", s)
