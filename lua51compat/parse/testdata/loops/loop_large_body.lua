local s = 0
for i = 1, 20 do
  if i % 2 == 0 then s = s + 1 elseif i % 3 == 0 then s = s + 2 else s = s + 3 end
  if i > 15 then goto continue end
  if i == 7 then s = s * 2 end
  ::continue::
end
print(s)
