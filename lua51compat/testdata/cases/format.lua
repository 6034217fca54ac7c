--- integer conversions over flags, widths and precisions
local vals = { 0, 1, -1, 7, -7, 42, 255, -255, 3.5, -3.5, 0.9, 2^31, -2^31, 2^32 + 5, 2^53, 2^63, -2^63, 1e300, 1/0, -1/0, 0/0, "12", " 0x1f ", "1e2" }
local fmts = { "%d", "%i", "%5d", "%-5d|", "%05d", "%+d", "% d", "%.3d", "%8.3d", "%-8.3d|", "%08.3d", "%.0d", "%+.0d", "%#d", "%+ d", "% +d", "%-+5d|", "%0-5d|" }
for _, f in ipairs(fmts) do
  local r = {}
  for i, v in ipairs(vals) do r[i] = string.format(f, v) end
  emit(f, table.concat(r, ","))
end
--- unsigned, octal and hex conversions
local vals = { 0, 1, -1, 8, 255, -255, 3.9, -3.9, 2^32, 2^53, 2^63, 2^64, 2^65, -2^63, 1e300, 1/0, -1/0, 0/0, "0x10" }
local fmts = { "%u", "%o", "%x", "%X", "%#o", "%#x", "%#X", "%5x", "%-5x|", "%05x", "%.4x", "%8.4x", "%#08x", "%#.0x", "%#.0o", "%.0x", "%+x", "% X", "%#5.3o" }
for _, f in ipairs(fmts) do
  local r = {}
  for i, v in ipairs(vals) do r[i] = string.format(f, v) end
  emit(f, table.concat(r, ","))
end
--- fixed notation
local NZZ = 0 local NZ = -NZZ
local vals = { 0, NZ, 1, -1, 0.5, 1.5, 2.5, -2.5, 0.125, 0.375, 2.675, 1.005, 0.1, 1/3, 2/3, 123456.789, 1e15 + 0.5, 1e20, 1e-7, 5e-324, 1.7976931348623157e308, 1/0, -1/0, 0/0, "3.14159", "1e2" }
local fmts = { "%f", "%.0f", "%.1f", "%.2f", "%.3f", "%.10f", "%.20f", "%10.3f", "%-10.3f|", "%010.3f", "%+.2f", "% .2f", "%#.0f", "%+010.1f", "%F", "%.99f" }
for _, f in ipairs(fmts) do
  local r = {}
  for i, v in ipairs(vals) do r[i] = string.format(f, v) end
  emit(f, table.concat(r, ","))
end
--- exponent notation
local NZZ = 0 local NZ = -NZZ
local vals = { 0, NZ, 1, -1, 0.5, 1.5, 2.5, 125, 135, 1e15 + 0.5, 0.1, 1/3, 123456.789, 9.9999e9, 1e100, 1e-100, 1e300, 5e-324, 1.7976931348623157e308, 1/0, -1/0, 0/0 }
local fmts = { "%e", "%E", "%.0e", "%.1e", "%.2e", "%.3e", "%.15e", "%.20e", "%12.3e", "%-12.3e|", "%012.3e", "%+e", "% e", "%#.0e", "%+012.2E", "%.99e" }
for _, f in ipairs(fmts) do
  local r = {}
  for i, v in ipairs(vals) do r[i] = string.format(f, v) end
  emit(f, table.concat(r, ","))
end
--- general notation
local NZZ = 0 local NZ = -NZZ
local vals = { 0, NZ, 1, -1, 0.5, 1.5, 2.5, 100000, 1000000, 1e-4, 1e-5, 0.00012345, 123456, 1234567, 125, 135, 0.1, 1/3, 2/3, 1e15, 1e100, 1e-100, 5e-324, 1/0, -1/0, 0/0, 9.9999995, 0.000099999995 }
local fmts = { "%g", "%G", "%.0g", "%.1g", "%.2g", "%.3g", "%.10g", "%.14g", "%.17g", "%.20g", "%10.3g", "%-10.3g|", "%010.3g", "%+g", "% g", "%#g", "%#.3g", "%#.0g", "%#10.2G", "%.99g" }
for _, f in ipairs(fmts) do
  local r = {}
  for i, v in ipairs(vals) do r[i] = string.format(f, v) end
  emit(f, table.concat(r, ","))
end
--- hexadecimal floats
local NZZ = 0 local NZ = -NZZ
local vals = { 0, NZ, 1, -1, 0.5, 1.5, 0.1, 1/3, 255.5, 1e300, 1e-300, 5e-324, 2.2250738585072014e-308, 1.7976931348623157e308, 1/0, -1/0, 0/0, 1.96875, 1.9999 }
local fmts = { "%a", "%A", "%.0a", "%.1a", "%.2a", "%.3a", "%.13a", "%.15a", "%20a", "%-20a|", "%020a", "%+a", "% a", "%#a", "%#.0a", "%+020.2A" }
for _, f in ipairs(fmts) do
  local r = {}
  for i, v in ipairs(vals) do r[i] = string.format(f, v) end
  emit(f, table.concat(r, ","))
end
--- strings and characters
local NZZ = 0 local NZ = -NZZ
local vals = { "", "a", "abc", "hello world", "a\0b", 12, 1.5, 0.1 + 0.2, 1e15, NZ, 1/0 }
local fmts = { "%s", "%5s|", "%-5s|", "%.1s", "%.0s", "%5.2s|", "%-5.2s|", "%05s", "%.10s", "%20.5s|", "%.s|" }
for _, f in ipairs(fmts) do
  local r = {}
  for i, v in ipairs(vals) do r[i] = string.format(f, v) end
  emit(f, table.concat(r, ","))
end
local r = {}
for i, v in ipairs({ 65, 0, 255, 256 + 66, -1, "67", 65.9, 97 }) do r[i] = string.format("[%c][%3c][%-3c][%03c][%.5c]", v, v, v, v, v) end
emit(table.concat(r, ","))
--- %s of other values
emit(string.format("%s %s %s", nil, true, false))
emit(string.format("%s|%10s|%-6s|%.2s", setmetatable({}, { __tostring = function() return "OBJ" end }), setmetatable({}, { __tostring = function() return "R" end }), setmetatable({}, { __tostring = function() return "L" end }), setmetatable({}, { __tostring = function() return "TRUNC" end })))
emit(string.format("%s", setmetatable({}, { __tostring = function() return 42 end })))
emit(string.format("%s", setmetatable({}, { __tostring = function() return nil end })))
emit(string.format("%s", setmetatable({}, { __tostring = function() return 0.1 + 0.2 end })))
emit(type(string.format("%s", {})), string.format("%s", {}):sub(1, 9), string.format("%s", print):sub(1, 9))
--- %q quoting
local NZZ = 0 local NZ = -NZZ
local vals = { "", "plain", 'say "hi"', "back\\slash", "line\nbreak", "cr\rlf", "tab\t", "nul\0", "nul\0" .. "1", "\1" .. "2a", "\0\0\0",
  "\26", "\127", "\127" .. "9", "\128\200\255", "\31" .. "9", "\9" .. "9", "\99" .. "9", 12, 1/3, 1e100, 1/0, -1/0, 0/0, NZ }
for _, v in ipairs(vals) do emit(string.format("%q", v)) end
emit(string.format("%q|%q|%q", nil, true, false))
emit(string.format("%5q|%-5q|%.1q|%05q", "x", "y", "zz", "w"))
emit(string.format("%q", setmetatable({}, { __tostring = function() return "a\nb" end })))
--- %p
emit(string.format("%p|%p|%p|%p", 1, nil, true, 1.5))
emit(#string.format("%p", {}) >= 10, string.format("%p", {}):sub(1, 2), string.format("%p", {}) ~= string.format("%p", {}))
local t = {} emit(string.format("%p", t) == string.format("%p", t))
--- literals and %%
emit(string.format("abc"), string.format(""), string.format("%%"), string.format("100%%"), string.format("%%d"), string.format("a%%b%%c"))
emit(string.format("%d%%", 50), string.format("%s=%d", "x", 1), string.format("[%s]", "%d"))
emit(string.format(12), string.format(1.5), string.format("%d", "1e2"))
--- mixed conversions
emit(string.format("%d %s %5.1f %x %q", 1, "two", 3.14159, 255, "five"))
emit(string.format("%-10s|%10s|", "left", "right"))
emit(string.format("%3d|%-3d|%03d", 1, 2, 3))
emit(string.format("%.3f %.3e %.3g", 1234.5678, 1234.5678, 1234.5678))
emit(string.format("%5.2f%%", 99.5))
emit(string.format("%s", string.rep("x", 600)) == string.rep("x", 600))
emit(#string.format("%099d", 1), #string.format("%-99d|", 1), #string.format("%99.99f", 1))
--- format errors
try(string.format, "%d") try(string.format, "%d %d", 1) try(string.format, "%s") try(string.format, "%d", "x") try(string.format, "%d", {})
try(string.format, "%d", nil) try(string.format, "%c", "x") try(string.format, "%f", true) try(string.format, "%x", "0xg") try(string.format, "%5.2s")
try(string.format, "%y", 1) try(string.format, "%", 1) try(string.format, "x%", 1) try(string.format, "%10", 1) try(string.format, "%100d", 1)
try(string.format, "%.100f", 1) try(string.format, "%.123", 1) try(string.format, "%5%") try(string.format, "%*d", 5, 3) try(string.format, "%ld", 5)
try(string.format, "%lld", 5) try(string.format, "%hd", 5) try(string.format, "%n", 5) try(string.format, "%b", 5) try(string.format, "%C", 5)
try(string.format, "%S", 5) try(string.format, "%D", 5) try(string.format, "%I", 5) try(string.format, "%U", 5) try(string.format, "%O", 5)
try(string.format, "%P", 5) try(string.format, "%Q", 5) try(string.format, "%$d", 5) try(string.format, "%!d", 5) try(string.format, "%.-1d", 5)
try(string.format, "%\n", 5) try(string.format, "%\0d", 5) try(string.format, "%\200", 5) try(string.format, "% ", 5) try(string.format, "%-", 5)
try(string.format, "%1$d", 5) try(string.format, "%'d", 5) try(string.format) try(string.format, nil) try(string.format, {})
--- format errors name the function
local ok, e = pcall(function() return string.format("%d", "x") end) emit(e)
ok, e = pcall(function() local s = ("%d"):format("x") return s end) emit(e)
ok, e = pcall(function() local s = ("%d"):format() return s end) emit(e)
ok, e = pcall(function() local s = string.format("%y") return s end) emit(e)
ok, e = pcall(function() local fmt = string.format local s = fmt("%d", {}) return s end) emit(e)
ok, e = pcall(function() return ("%d"):format("x") end) emit(e)
