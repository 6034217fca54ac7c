-- Struct field reads and writes through pointers in a ring of structs.
local ffi = require "ffi"
ffi.cdef "struct bench_pt { double x; int y; struct bench_pt *next; };"
local arr = ffi.new("struct bench_pt[16]")
for i = 0, 15 do arr[i].next = arr + (i + 1) % 16 end
return function(n)
  local p = arr + 0
  for i = 1, n do
    p.x = p.x + 1
    p.y = i
    p = p.next
  end
end
