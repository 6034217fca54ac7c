local n = 0
for a = 1, 2 do
  for b in pairs({1, 2}) do
    while true do
      repeat
        for c, d in ipairs({1}) do
          if false then break end
          n = n + 1
          break
        end
      until true
      break
    end
  end
end
print(n)
