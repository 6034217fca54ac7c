--- find plain and init
try(string.find, "abc", "b") try(string.find, "abc", "b", 1, true) try(string.find, "a.b", ".", 1, true) try(string.find, "a+b", "+", 1, true)
try(string.find, "abc", "") try(string.find, "abc", "", 3) try(string.find, "abc", "", 4) try(string.find, "abc", "", 10) try(string.find, "abc", "", -10)
try(string.find, "abc", "b", -1) try(string.find, "abc", "c", -1) try(string.find, "abc", "x") try(string.find, "aaa", "a", 2) try(string.find, "abc", "b", 0)
try(string.find, "a\0b", "\0") try(string.find, "a\0bc", "b\0") try(string.find, "a\0+", "\0+") try(string.find, "abc", "bc", 1, 1) try(string.find, "abc", "b.", 1, false)
try(string.find, "abc", "b", 1.9) try(string.find, "abc", "b", "2") try(string.find, 12345, 34) try(string.find, "x") try(string.find) try(string.find, "x", {})
--- find and match with patterns
try(string.find, "hello world", "o w") try(string.find, "hello world", "o%sw") try(string.find, "hello", "l+") try(string.find, "hello", "(l)(l)")
try(string.find, "hello", "()ll()") try(string.match, "hello", "()ll()") try(string.match, "hello", "l+") try(string.match, "hello", "(h)(e)")
try(string.match, "  key = value  ", "^%s*(%S+)%s*=%s*(.-)%s*$") try(string.match, "2024-01-15", "(%d+)-(%d+)-(%d+)") try(string.match, "abc", "^b")
try(string.match, "abc", "c$") try(string.match, "abc", "b$") try(string.match, "a$c", "$c") try(string.match, "abc", "^abc$") try(string.match, "", "^$")
try(string.match, "abc", ".-") try(string.match, "abc", ".*") try(string.match, "abc", "a?b?c?d?") try(string.match, "aaab", "a-b") try(string.match, "xyz", "[^x]+")
try(string.match, "abc", "b", 3) try(string.match, "abc", "b", -2) try(string.match, "a.b", "%.") try(string.match, "a]b", "[]]") try(string.match, "a^b", "[%^]")
try(string.match, "a-b", "[a-]+") try(string.match, "a-b", "[-a]+") try(string.match, "ab-", "[%a-]+") try(string.match, "z", "[a-]") try(string.match, "]", "[^]]")
--- character classes
local s = "" for c = 0, 255 do s = s .. string.char(c) end
for _, cl in ipairs({ "%a", "%c", "%d", "%g", "%l", "%p", "%s", "%u", "%w", "%x", "%z", "%A", "%C", "%D", "%G", "%L", "%P", "%S", "%U", "%W", "%X", "%Z", "%.", "%%", "%e", ".", "[%a_]", "[^%w]", "[a-f%d]", "[%]]", "[\128-\255]" }) do
  local n = 0 for _ in s:gmatch(cl) do n = n + 1 end
  local first = s:find(cl) emit(cl, n, first)
end
--- frontier patterns
emit(("THE (quick) fox"):find("%f[%a]%a+%f[%A]")) emit(("THE (quick) fox"):gsub("%f[%a]%a+", "W")) emit(("hello world"):gsub("%f[%w]%w+", string.upper))
emit(("foo bar"):find("%f[%z]")) emit(("abc"):find("%f[%l]")) emit(("aXb"):gsub("%f[%u]", "|")) emit(("a1b2"):gsub("%f[%d]", "#"))
try(string.find, "abc", "%f") try(string.find, "abc", "%fa") try(string.find, "", "%f[a")
--- balanced and back references
try(string.match, "f(a(b)c)d", "%b()") try(string.match, "((x)", "%b()") try(string.match, "abc", "%bac") try(string.gsub, "a[b]c[d]", "%b[]", "")
try(string.match, "abcabc", "(abc)%1") try(string.match, "abab", "(a)(b)%2") try(string.find, "aa", "(a)%1") try(string.find, "abc", "(a)%1")
try(string.find, "abc", "%1") try(string.find, "abc", "%0") try(string.find, "abc", "(a%1)") try(string.find, "abc", "%b") try(string.find, "abc", "%bx")
--- malformed patterns
try(string.match, "x", "%") try(string.match, "x", "x%") try(string.match, "a", "[a") try(string.match, "a", "[a\0]") try(string.match, "a", "[")
try(string.match, "a", "[^") try(string.match, "a", "[]") try(string.find, "abc", "x[") try(string.find, "abc", "a[") try(string.match, "abc", "(a))")
try(string.match, "abc", "a)b") try(string.match, "abc", "(a)b)") try(string.match, "abc", "(()") try(string.match, "abc", "(a") try(string.match, "abz", "a.\0zzz")
try(string.match, "ab\0c", "b%z") try(string.match, "x", "%g") try(string.gsub, "abc", ")", "x")
--- capture and depth limits
try(string.find, string.rep("a", 40), string.rep("(a)", 32)) try(string.find, string.rep("a", 40), string.rep("(a)", 33))
try(string.find, string.rep("a", 300), string.rep("a?", 199)) try(string.find, string.rep("a", 300), string.rep("a?", 200))
try(string.match, string.rep("a", 20000), ".-b") emit(#string.match(string.rep("a", 20000), "(a*)")) try(string.find, string.rep("a", 60), "a*a*a*b")
--- gmatch
local r = {} for k, v in string.gmatch("a=1, b=2", "(%w+)=(%w+)") do r[#r + 1] = k .. v end emit(table.concat(r, ";"))
r = {} for w in string.gmatch("abc", "%a*") do r[#r + 1] = "[" .. w .. "]" end emit(table.concat(r))
r = {} for w in string.gmatch("abc", "") do r[#r + 1] = "[" .. w .. "]" end emit(table.concat(r))
r = {} for w in string.gmatch("^a^a", "^a") do r[#r + 1] = w end emit(#r)
r = {} for w in string.gmatch("aaa", "^a") do r[#r + 1] = w end emit(#r)
r = {} for a, b in string.gmatch("abcd", "()(.)") do r[#r + 1] = a .. b end emit(table.concat(r, ","))
r = {} for w in ("one two  three"):gmatch("%S+") do r[#r + 1] = w end emit(table.concat(r, "|"))
local it = string.gmatch("ab", ".") emit(it(), it(), it(), it())
try(string.gmatch, "x") try(string.gmatch) try(string.gmatch, "x", {})
--- gsub with strings
try(string.gsub, "hello world", "o", "0") try(string.gsub, "hello world", "o", "0", 1) try(string.gsub, "abc", "%w", "%0%0") try(string.gsub, "abc", "%w", "%1")
try(string.gsub, "abc", "(b)", "[%1]") try(string.gsub, "abc", "(b)", "%2") try(string.gsub, "abc", "b", "%%") try(string.gsub, "abc", "b", "%a") try(string.gsub, "abc", "b", "%")
try(string.gsub, "abc", "b", "x%") try(string.gsub, "abc", "", "-") try(string.gsub, "abc", "^", "-") try(string.gsub, "abc", "$", "-") try(string.gsub, "abc", ".", "x", 2)
try(string.gsub, "abc", ".", "x", -1) try(string.gsub, "abc", ".", "x", 2.7) try(string.gsub, "abc", ".", "x", "1") try(string.gsub, "abc", "%a*", "-") try(string.gsub, "a b", "%s*", "-")
try(string.gsub, "abc", "^a", "") try(string.gsub, "aaa", "^a", "") try(string.gsub, "hello", "(l)(l)", "%2%1") try(string.gsub, "abc", "()", "%1") try(string.gsub, "abc", "b", 5)
try(string.gsub, "abc", "b", 0.5) try(string.gsub, 12321, 2, 9) try(string.gsub, "x y", "(%w)", "<%1>")
--- gsub with tables and functions
try(string.gsub, "hello world", "o", { o = 0 }) try(string.gsub, "hello", "l", { l = true }) try(string.gsub, "hello", "l", { l = {} }) try(string.gsub, "hello", "l", { l = false })
try(string.gsub, "$a $b", "%$(%w+)", { a = "A" }) try(string.gsub, "abc", "%w", function(c) return c:upper() .. "." end) try(string.gsub, "abc", "%w", function() end)
try(string.gsub, "abc", "(%w)(%w)", function(a, b) return b .. a end) try(string.gsub, "abc", "%w", function() return 1.5 end) try(string.gsub, "abc", "%w", function() return {} end)
try(string.gsub, "abc", "()", function(p) return p end) try(string.gsub, "a=1", "(%w)=(%w)", setmetatable({}, { __index = function(t, k) return k .. "!" end }))
try(string.gsub, "hello", "l", false) try(string.gsub, "hello", "l") try(string.gsub, "hello") try(string.gsub, "hello", "l", nil)
--- pattern errors name the function
local ok, e = pcall(function() local x = string.find("a", "%") return x end) emit(e)
ok, e = pcall(function() local x = ("a"):gsub("(", "") return x end) emit(e)
ok, e = pcall(function() local x = string.gsub("a", "a", {}, "x") return x end) emit(e)
ok, e = pcall(function() local x = string.gsub("a", "a", true) return x end) emit(e)
ok, e = pcall(function() local x = string.gsub("a", "a", function() return {} end) return x end) emit(e)
