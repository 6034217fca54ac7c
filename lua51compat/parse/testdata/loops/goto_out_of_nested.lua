local hits = {}
for i = 1, 3 do
  for j = 1, 3 do
    if j == 2 then goto next_i end
    hits[#hits + 1] = i .. ":" .. j
  end
  ::next_i::
end
print(table.concat(hits, " "))
local found
for _, row in ipairs({{1, 2}, {3, 4}}) do
  for _, x in ipairs(row) do
    if x == 3 then found = x goto done end
  end
end
::done::
print(found)
