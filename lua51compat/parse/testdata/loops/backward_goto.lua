-- goto loops, including labels followed by jumps
local n = 0
::top::
n = n + 1
if n < 5 then goto top end
print(n)
local m = 0
do
  ::again::
  if false then m = m - 100 end
  m = m + 1
  if m < 3 then goto again end
end
print(m)
local p = 0
::first::
do
  p = p + 1
  if p < 4 then goto first end
end
print(p)
local q = 0
for i = 1, 3 do
  ::retry::
  q = q + 1
  if q % 2 == 1 then goto retry end
end
print(q)
