--- io.open errors
try(io.open, "/no/such") try(io.open, "/no/such/dir/file", "w") try(io.open) try(io.open, "/etc/passwd", "z") try(io.open, "/etc/passwd", "")
try(io.open, "/no/such", "rb") try(io.open, "/", "w") try(io.open, {}, "r")
--- io.open modes
local name = os.tmpname()
local f = io.open(name, "w") emit(io.type(f)) f:write("hello\n", 42, "\n") f:close()
f = io.open(name, "rz") emit(io.type(f), f:read("*l"), f:read("*n")) f:close()
f = io.open(name, "r+b") emit(f:read("*a")) f:close()
f = io.open(name, "a") f:write("more") f:close()
f = io.open(name) emit(f:read("*a")) f:close()
f = io.open(name, "w+") f:write("new") f:seek("set") emit(f:read("*a")) f:close()
emit(io.type(f), io.type(42))
os.remove(name)
--- io.lines
try(io.lines, "/no/such") local ok, e = pcall(function() for l in io.lines("/no/such") do end end) emit(e)
local name = os.tmpname() local f = io.open(name, "w") f:write("a\nb\n") f:close()
local r = {} for l in io.lines(name) do r[#r + 1] = l end emit(table.concat(r, ","))
os.remove(name)
--- file:write and io.write
local name = os.tmpname() local f = io.open(name, "w")
try(f.write, f, "x", 1, 0.1 + 0.2, 1e15, 2^53, 1/0) try(f.write, f, {}) try(f.write, f) try(f.write, f, nil) try(f.write, f, "a", true)
f:close() try(f.write, f, "x")
f = io.open(name) emit(f:read("*a")) f:close() os.remove(name)
try(io.write) try(io.write, {})
