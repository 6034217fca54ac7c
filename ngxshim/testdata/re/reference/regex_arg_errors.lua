for _, r in ipairs({"nil", "tbl", "num", "bool"}) do
  local v = ({tbl = {}, num = 12, bool = true})[r]
  for _, f in ipairs({"match", "find", "gmatch", "sub", "gsub"}) do
    for _, o in ipairs({"", "o", "jo"}) do
      local ok, err
      if f == "sub" or f == "gsub" then
        ok, err = pcall(ngx.re[f], "a12b", v, "x", o)
      else
        ok, err = pcall(ngx.re[f], "a12b", v, o)
      end
      ngx.say(r, " ", f, " ", o, " ", ok, " ", tostring(err))
    end
  end
end
local re = require "ngx.re"
local ok, err = pcall(re.split, "a12b", nil, "o")
ngx.say("split nil o ", ok, " ", tostring(err))
ok, err = pcall(re.split, "a12b", 12, "o")
ngx.say("split num o ", ok, " ", tostring(err))
