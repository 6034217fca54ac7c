local re = require "ngx.re"
local function show(t)
  if type(t) ~= "table" then return tostring(t) end
  local parts = {}
  local n = 0
  for k in pairs(t) do if type(k) == "number" and k > n then n = k end end
  for i = 1, n do parts[#parts+1] = (t[i] == nil and "<nil>" or ("[" .. tostring(t[i]) .. "]")) end
  return "#" .. #t .. " " .. table.concat(parts, ",")
end
local cases = {
  {"a,b,c", ","}, {"a,b,c,", ","}, {",a,,b,,", ","}, {"abc", ""}, {"", ","}, {"", ""},
  {"a,b,c", "(,)"}, {"a1b22c333", "\\d+"}, {"a1b22c333", "(\\d)+"}, {"a1b22c333", "\\d*"},
  {"abc", "x*"}, {"a,b,c,d", ",", nil, nil, 2}, {"a,b,c,d", ",", nil, nil, 3}, {"a,b,c,d", ",", nil, nil, 1},
  {"a,b,c,d", ",", nil, nil, 0}, {"a,b,c,d", ",", nil, nil, -1}, {"a,b,c,d", ",", nil, {pos=3}},
  {"a,b,c,d", ",", nil, {pos=100}}, {"a,b,c,d", ",", nil, {pos=0}}, {"a,b,c,d", ",", nil, {pos=-2}},
  {"a,b,,,", ",", nil, nil, 10}, {",,,", ","}, {",,,", ",", nil, nil, 2}, {"abc", "(x)?"},
  {"a  b   c", "\\s+"}, {"a b c", " ", "jo"}, {"aXbxc", "x", "i"}, {"héllo wörld", "\\W+", "u"},
  {"a,b", ",", nil, nil, nil, {"x","y","z","w"}}, {"abc", "(", nil}, {"a|b|c", "\\|", "d"},
  {"a,b,c", "(?<sep>,)"}, {"a1b2c", "(\\d)(x)?"}, {"1,2,3", ",", "o", nil, 2},
}
for i, c in ipairs(cases) do
  local ok, res, err = pcall(re.split, c[1], c[2], c[3], c[4], c[5], c[6])
  local extra = ""
  if c[4] then extra = " pos=" .. tostring(c[4].pos) end
  ngx.say(i, " ", ok, " ", show(res), " ", tostring(err), extra)
end
local ok, err = pcall(re.split, "abc", nil)
ngx.say("nil regex: ", ok, " ", err)
ok, err = pcall(re.split, nil, ",")
ngx.say("nil subj: ", ok, " ", show(err))
ok, err = pcall(re.split, "a,b", ",", nil, "x")
ngx.say("bad ctx: ", ok, " ", err)
ok, err = pcall(re.split, "a,b", ",", nil, nil, nil, "x")
ngx.say("bad res: ", ok, " ", err)
ok, err = pcall(re.split, "a,b", ",", nil, nil, "2")
ngx.say("str max: ", ok, " ", show(err))
ok, err = pcall(re.split, "a,b", ",", "Q")
ngx.say("bad flag: ", ok, " ", err)
ok, err = pcall(re.split, 123, 2)
ngx.say("nums: ", ok, " ", show(err))
ok, err = pcall(re.opt, "jit_stack_size", 1000)
ngx.say("opt: ", ok, " ", err)
ok, err = pcall(re.opt, "foo", 1)
ngx.say("opt2: ", ok, " ", err)
ngx.say(re.version)
ok, err = pcall(function() local r = re.split("a,b", ",", nil, nil, nil, 7) return r end)
ngx.say("bad res wrapped: ", ok, " ", err)
ok, err = pcall(function() local r = re.opt("zzz") return r end)
ngx.say("opt wrapped: ", ok, " ", err)
ok, err = pcall(re.split, "a,b", ",", nil, 5)
ngx.say("num ctx: ", ok, " ", err)
ok, err = pcall(re.split, "a,b", ",", nil, true)
ngx.say("true ctx: ", ok, " ", err)
ok, err = pcall(re.split, "a,b", ",", nil, false)
ngx.say("false ctx: ", ok, " ", show(err))
ok, err = pcall(re.split, "a,b", ",", nil, {pos="x"})
ngx.say("str pos: ", ok, " ", err)
ok, err = pcall(re.split, "a,b", ",", nil, nil, "2", {})
ngx.say("str max res: ", ok, " ", err)
ok, err = pcall(re.split, "a,b", ",", nil, nil, false)
ngx.say("false max: ", ok, " ", show(err))
ok, err = pcall(re.split, "a,b", ",", nil, nil, nil, false)
ngx.say("false res: ", ok, " ", show(err))
ok, err = pcall(re.split, "a,b", ",", false)
ngx.say("false opts: ", ok, " ", show(err))
ok, err = pcall(re.split, "a,b", ",", true)
ngx.say("true opts: ", ok, " ", show(err))
ok, err = pcall(re.split, "a,b", ",", {})
ngx.say("tbl opts: ", ok, " ", show(err))
ok, err = pcall(re.split, "a,b", ",", {1})
ngx.say("tbl1 opts: ", ok, " ", show(err))
ok, err = pcall(ngx.re.match, "a,b", ",", false)
ngx.say("match false opts: ", ok, " ", show(err))
ok, err = pcall(ngx.re.gsub, "a,b", ",", "x", false)
ngx.say("gsub false opts: ", ok, " ", show(err))
ok, err = pcall(ngx.re.gsub, "a,b", ",", "x", {"i"})
ngx.say("gsub tbl opts: ", ok, " ", show(err))
ok, err = pcall(ngx.re.find, "a,b", ",", 5)
ngx.say("find num opts: ", ok, " ", show(err))
local ctx = {pos = 2.7}
ngx.say("frac pos: ", show(re.split("a,b,c", ",", nil, ctx)), " ", ctx.pos)
ngx.say("max frac: ", show(re.split("a,b,c,d", ",", nil, nil, 2.5)))
ngx.say("max huge: ", show(re.split("a,b,c,d", ",", nil, nil, 1e300)))
local res = {"q","q","q","q","q","q"}
ngx.say("res reuse: ", show(re.split("a,b", ",", nil, nil, nil, res)))
res = {"q","q","q","q","q","q"}
ngx.say("res reuse trailing: ", show(re.split("a,b,,", ",", nil, nil, nil, res)))
ctx = {}
ngx.say("ctx out: ", show(re.split("a,b,c", ",", nil, ctx)), " ", ctx.pos)
ctx = {}
ngx.say("ctx out2: ", show(re.split("a,b,c", ",", nil, ctx, 2)), " ", ctx.pos)
ngx.say("utf: ", show(re.split("aébéc", "", "u")), " ", select(2, re.split("aébéc", "", "u")))
ngx.say("noutf: ", show(re.split("aé", "")))
ngx.say("anch: ", show(re.split("a,b,c", ",", "a")))
ngx.say("lim err: ", show(re.split(string.rep("a", 30), "(a|aa)*c")))

