-- resty.sha256 over 1 KB: new, update, final.
local sha256 = require "resty.sha256"
local data = string.rep("0123456789abcdef", 64)
return function(n)
  for i = 1, n do
    local h = sha256:new()
    h:update(data)
    h:final()
  end
end
