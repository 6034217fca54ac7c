local function show(...)
  local t = {}
  for i = 1, select("#", ...) do
    local v = select(i, ...)
    if type(v) == "table" then
      local parts = {}
      for k, x in pairs(v) do parts[#parts + 1] = tostring(k) .. "=" .. ((type(x) == "table" or k == "_compiled") and "<" .. (k == "_compiled" and "ptr" or "table") .. ">" or tostring(x)) end
      table.sort(parts)
      v = "{" .. table.concat(parts, ",") .. "}"
    end
    t[#t + 1] = (tostring(v):gsub("0x%x+", "ADDR"))
  end
  return table.concat(t, " ")
end
local vals = {{"nil", nil}, {"num", 12}, {"float", 1.5}, {"bool", true}, {"false", false}, {"tbl", {}}, {"str", "a1"}}
for _, sv in ipairs(vals) do
  ngx.say("subj ", sv[1], ": ", show(pcall(ngx.re.match, sv[2], "\\d|l|t|n")))
  ngx.say("subj find ", sv[1], ": ", show(pcall(ngx.re.find, sv[2], "\\d|l|t|n")))
  ngx.say("subj gsub ", sv[1], ": ", show(pcall(ngx.re.gsub, sv[2], "[^0-9a-fx]", "x")))
  ngx.say("repl ", sv[1], ": ", show(pcall(ngx.re.gsub, "a1b2", "\\d", sv[2])))
  ngx.say("repl sub ", sv[1], ": ", show(pcall(ngx.re.sub, "a1b2", "\\d", sv[2])))
  ngx.say("ctx ", sv[1], ": ", show(pcall(ngx.re.match, "a1b2", "\\d", "", sv[2])))
  ngx.say("ctx find ", sv[1], ": ", show(pcall(ngx.re.find, "a1b2", "\\d", "", sv[2])))
  ngx.say("res ", sv[1], ": ", show(pcall(ngx.re.match, "a1b2", "(\\d)", "", nil, sv[2])))
  ngx.say("nth ", sv[1], ": ", show(pcall(ngx.re.find, "a1b2", "(\\d)", "", nil, sv[2])))
  ngx.say("opts ", sv[1], ": ", show(pcall(ngx.re.gmatch, "a1b2", "\\d", sv[2])))
  ngx.say("ctxpos ", sv[1], ": ", show(pcall(ngx.re.match, "a1b2", "\\d", "", {pos = sv[2]})))
end
ngx.say("fn ret num: ", show(ngx.re.gsub("a1b2", "\\d", function(m) return 7 end)))
ngx.say("fn ret nil: ", show(pcall(ngx.re.gsub, "a1b2", "\\d", function(m) return nil end)))
ngx.say("fn ret tbl: ", show(pcall(ngx.re.gsub, "a1b2", "\\d", function(m) return {} end)))
ngx.say("fn ret bool: ", show(pcall(ngx.re.gsub, "a1b2", "\\d", function(m) return true end)))
ngx.say("fn err: ", show(pcall(ngx.re.gsub, "a1b2", "\\d", function(m) error("boom") end)))
ngx.say("fn multi: ", show(ngx.re.gsub("a1b2", "\\d", function(m) return "x", "y" end)))
ngx.say("fn float: ", show(ngx.re.gsub("a1b2", "\\d", function(m) return 0.1 end)))
local mt = setmetatable({}, {__tostring = function() return "TS" end})
ngx.say("fn tostring: ", show(pcall(ngx.re.gsub, "a1b2", "\\d", function(m) return mt end)))
ngx.say("subj tostring: ", show(pcall(ngx.re.match, mt, "T")))
ngx.say("repl tostring: ", show(pcall(ngx.re.gsub, "a1", "1", mt)))
local ctx = {pos = 3}
ngx.say("ctx out: ", show(ngx.re.find("a1b2c3", "\\d", "", ctx)), " ", ctx.pos)
ctx = {pos = 7}
ngx.say("ctx end: ", show(ngx.re.find("a1b2c3", "\\d", "", ctx)), " ", ctx.pos)
ctx = {pos = 8}
ngx.say("ctx past: ", show(ngx.re.find("a1b2c3", "\\d", "", ctx)), " ", ctx.pos)
ctx = {pos = 100}
ngx.say("ctx far: ", show(ngx.re.match("a1b2c3", "\\d", "", ctx)), " ", ctx.pos)
ctx = {pos = -5}
ngx.say("ctx neg: ", show(ngx.re.match("a1b2c3", "\\d", "", ctx)), " ", ctx.pos)
ctx = {pos = 2.9}
ngx.say("ctx frac: ", show(ngx.re.match("a1b2c3", "\\d", "", ctx)), " ", ctx.pos)
ctx = {pos = 1e20}
ngx.say("ctx huge: ", show(ngx.re.match("a1b2c3", "\\d", "", ctx)), " ", ctx.pos)
ngx.say("nth float: ", show(ngx.re.find("a1b2", "(\\d)(b)", "", nil, 1.7)))
ngx.say("nth neg: ", show(ngx.re.find("a1b2", "(\\d)(b)", "", nil, -1)))
ngx.say("nth big: ", show(ngx.re.find("a1b2", "(\\d)(b)", "", nil, 3)))
ngx.say("nth unset: ", show(ngx.re.find("a1b2", "(\\d)(x)?", "", nil, 2)))
local res = {9, 9, 9, 9, foo = "bar"}
ngx.say("res reuse: ", show(ngx.re.match("a1b2", "(\\d)(x)?", "", nil, res)))
res = {9, 9, 9, 9}
ngx.say("res named: ", show(ngx.re.match("a1b2", "(?<d>\\d)(?<x>x)?", "", nil, res)))
res = {9, 9, 9, 9}
ngx.say("res dup: ", show(ngx.re.match("a1b2", "(?<d>\\d)(?<d>b)", "D", nil, res)))
ngx.say("dup unset: ", show(ngx.re.match("a1", "(?<d>\\d)|(?<d>b)", "D")))
ngx.say("dup none: ", show(ngx.re.match("a1", "(?<d>x)?(?<d>1)?", "D")))
local it = ngx.re.gmatch("a1b22", "\\d+")
ngx.say("gmatch: ", show(it()), " ", show(it()), " ", show(it()), " ", show(it()))
it = ngx.re.gmatch("ab", "")
ngx.say("gmatch empty: ", show(it()), " ", show(it()), " ", show(it()), " ", show(it()), " ", show(it()))
it = ngx.re.gmatch("\xc3\xa9", "", "u")
ngx.say("gmatch empty utf: ", show(it()), " ", show(it()), " ", show(it()))
ngx.say("gmatch type: ", type(ngx.re.gmatch("a", "a")))
it = ngx.re.gmatch("a1b2c3", "\\d", "o")
ngx.say("gmatch fields: ", show(it), " ", show(it()), " ", show(it))
it._pos = 0
ngx.say("gmatch rewind: ", show(it()), " ", it._pos)
it._pos = 5
ngx.say("gmatch skip: ", show(it()), " ", show(it()), " ", show(it))
it = ngx.re.gmatch("ab", "")
ngx.say("gmatch empty fields: ", show(it()), show(it()), show(it()), " ", show(it))
ngx.say("gsub empty: ", show(ngx.re.gsub("abc", "", "-")))
ngx.say("gsub empty utf: ", show(ngx.re.gsub("\xc3\xa9a", "", "-", "u")))
ngx.say("gsub x*: ", show(ngx.re.gsub("abc", "x*", "-")))
ngx.say("gsub b*: ", show(ngx.re.gsub("abbc", "b*", "-")))
ngx.say("sub nomatch: ", show(ngx.re.sub("abc", "x", "-")))
ngx.say("gsub \\K: ", show(ngx.re.gsub("abab", "a\\Kb", "-")))
ngx.say("gsub lookbehind: ", show(ngx.re.gsub("abab", "(?<=a)", "-")))
