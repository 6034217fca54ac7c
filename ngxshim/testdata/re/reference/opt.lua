local re = require "ngx.re"
for _, v in ipairs({"nil", "str", "numstr", "tbl", "bool", "num", "small", "float"}) do
  local val = ({str = "abc", numstr = "65536", tbl = {}, bool = true, num = 65536, small = 10, float = 40000.7})[v]
  ngx.say(v, " ", pcall(re.opt, "jit_stack_size", val))
end
ngx.re.match("a", "a", "o")
ngx.say(pcall(re.opt, "jit_stack_size", 100000))
ngx.say(pcall(re.opt, "jit_stack_size", nil))
ngx.say(pcall(re.opt, nil, nil))
