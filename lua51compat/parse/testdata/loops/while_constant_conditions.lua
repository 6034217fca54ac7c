local n = 0
while false do n = n + 1 end
while nil do n = n + 1 end
while false and n do n = n + 1 end
while nil or false do n = n + 1 end
print("never", n)
local i = 0
while true and i < 3 do i = i + 1 end
print("and", i)
i = 0
while nil or i < 4 do i = i + 1 end
print("or", i)
i = 0
while not (i >= 2) do i = i + 1 end
print("not", i)
i = 0
while 1 do i = i + 1 if i > 6 then break end end
print("number", i)
i = 0
while "s" do if i > 1 then break end i = i + 1 end
print("string", i)
