local seen = {}
for i, v in ipairs({3, 1, 4, 1, 5, 9, 2, 6}) do
  if v > 4 then break end
  seen[#seen + 1] = v
end
print(table.concat(seen, ","))
local count = 0
for _, row in ipairs({{1, 2}, {3, 4}, {5, 6}}) do
  for _, x in ipairs(row) do
    if x % 2 == 0 then break end
    count = count + x
  end
end
print(count)
