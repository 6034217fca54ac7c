-- continue as the very first statement of the body
local s = 0
for i, v in ipairs({1, 2, 3}) do
  goto continue
  s = s + v
  ::continue::
end
print(s)
local n = 0
for k in pairs({a = 1, b = 2}) do
  if k then goto skip end
  n = n + 100
  ::skip::
  n = n + 1
end
print(n)
