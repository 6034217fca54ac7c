local out = {}
for i, v in ipairs({1, 2, 3, 4}) do
  do
    if false then out[#out + 1] = "never" end
  end
  out[#out + 1] = v * 2
end
print(table.concat(out, " "))
for i, v in ipairs({1, 2, 3}) do
  do do end end
  if v == 2 then break end
  out[#out + 1] = "x" .. v
end
print(table.concat(out, " "))
