-- body starting with a never-taken branch
local t = {a = 1, b = 2, c = 3}
local keys = {}
for k, v in pairs(t) do
  if false then local x end
  keys[#keys + 1] = k
end
table.sort(keys)
print(table.concat(keys, ","))
local sum = 0
for i, v in ipairs({5, 6, 7}) do
  if nil then sum = sum + 100 end
  sum = sum + v
end
print(sum)
