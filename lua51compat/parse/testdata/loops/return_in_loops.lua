local function g(t)
  for k, v in pairs(t) do
    return v
  end
  return "empty"
end
print(g({}), g({5}))
local function h()
  while true do return "w" end
end
print(h())
local function r()
  repeat return "r" until false
end
print(r())
