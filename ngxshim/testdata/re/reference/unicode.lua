local function utf8char(cp)
  if cp < 0x80 then return string.char(cp)
  elseif cp < 0x800 then return string.char(0xC0 + math.floor(cp / 64), 0x80 + cp % 64)
  elseif cp < 0x10000 then return string.char(0xE0 + math.floor(cp / 4096), 0x80 + math.floor(cp / 64) % 64, 0x80 + cp % 64)
  else return string.char(0xF0 + math.floor(cp / 262144), 0x80 + math.floor(cp / 4096) % 64, 0x80 + math.floor(cp / 64) % 64, 0x80 + cp % 64) end
end
local ranges = {{0, 0xD7FF}, {0xE000, 0x2FFFF}}
local parts = {}
for _, r in ipairs(ranges) do
  for cp = r[1], r[2] do parts[#parts + 1] = utf8char(cp) end
end
local s = table.concat(parts)
local props = {"L", "Lu", "Ll", "Lt", "Lm", "Lo", "M", "Mn", "Mc", "Me", "N", "Nd", "Nl", "No", "P", "Pc", "Pd", "Ps", "Pe", "Pi", "Pf", "Po", "S", "Sm", "Sc", "Sk", "So", "Z", "Zs", "Zl", "Zp", "C", "Cc", "Cf", "Co", "Cn", "Xan", "Xsp", "Xwd", "Xps", "Greek", "Latin", "Han", "Arabic", "Common", "Inherited"}
for _, p in ipairs(props) do
  local _, n, err = ngx.re.gsub(s, "\\p{" .. p .. "}", "", "U")
  ngx.say(p, " ", tostring(n), " ", tostring(err))
end
for _, p in ipairs({"(?i)a", "(?i)\\x{10400}", "(?i)[\\x{100}-\\x{24f}]", "(?i)\\x{1e9e}", "(?i)k", "(?i)\\x{3a3}", "\\w", "(*UCP)\\w", "(*UCP)\\d", "(*UCP)\\s", "[[:alpha:]]", "(*UCP)[[:alpha:]]", "(*UCP)[[:punct:]]", "(*UCP)\\b"}) do
  local _, n, err = ngx.re.gsub(s, p, "", "U")
  ngx.say(p, " ", tostring(n), " ", tostring(err))
end
for _, p in ipairs({"\\p{Ahom}", "\\p{SignWriting}", "\\p{Warang_Citi}", "\\p{Xuc}", "\\p{L&}", "\\p{Lc}", "\\p{greek}", "\\P{Any}", "\\p{^Lu}"}) do
  local _, n, err = ngx.re.gsub("aB\xce\xb1", p, "", "U")
  ngx.say(p, " ", tostring(n), " ", tostring(err))
end
local _, n = ngx.re.gsub(s, "\\X", "", "U")
ngx.say("\\X all ", n)
for _, t in ipairs({"e\xcc\x81\xcc\x82x", "\r\n\r\r\n", "\xe1\x84\x80\xe1\x85\xa1\xe1\x86\xa8", "\xf0\x9f\x87\xa9\xf0\x9f\x87\xaa\xf0\x9f\x87\xab", "a\xe0\xa4\x83b", "\xe0\xb9\x80a"}) do
  local m = {}
  for x in ngx.re.gmatch(t, "\\X", "U") do m[#m + 1] = #x[0] end
  ngx.say("\\X ", table.concat(m, ","))
end
