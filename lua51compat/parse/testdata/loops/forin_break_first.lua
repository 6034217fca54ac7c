-- generic for whose body starts with break, nested in a numeric for
local n = 0
for i = 1, 2 do
  for k, v in pairs({1}) do break end
  n = n + i
end
print("n", n)
local function f()
  local c = 0
  for i = 1, 3 do
    for k, v in ipairs({10, 20}) do break end
    c = c + 1
  end
  return c
end
print("f", f())
