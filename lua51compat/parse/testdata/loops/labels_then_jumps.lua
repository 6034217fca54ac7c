local log = {}
local i = 0
::a::
if false then log[#log + 1] = "never" end
i = i + 1
log[#log + 1] = i
if i < 3 then goto a end
print(table.concat(log, ","))
local j = 0
while j < 6 do
  j = j + 1
  ::b::
  while false do end
  if j == 2 then j = j + 1 goto b end
end
print(j)
