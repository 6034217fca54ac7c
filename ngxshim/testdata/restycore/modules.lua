-- Every module of lua-resty-core 0.1.25 and OpenResty's built-in ones:
-- its type and its fields with their types (and values, for scalars).
-- (ngx.pipe does not load on Debian's nginx, built without its C side.)
local names = {
  "resty.core", "resty.core.base", "resty.core.base64", "resty.core.coroutine",
  "resty.core.ctx", "resty.core.exit", "resty.core.hash", "resty.core.misc",
  "resty.core.ndk", "resty.core.param", "resty.core.phase", "resty.core.regex",
  "resty.core.request", "resty.core.response", "resty.core.shdict",
  "resty.core.socket", "resty.core.time", "resty.core.uri", "resty.core.utils",
  "resty.core.var", "resty.core.worker",
  "ngx.semaphore", "ngx.process", "ngx.errlog", "ngx.base64", "ngx.resp",
  "ngx.req", "ngx.balancer", "ngx.ssl", "ngx.ssl.session", "ngx.ssl.clienthello",
  "ngx.ocsp",
}
-- What OpenResty has loaded before any handler runs, among the modules
-- above and the LuaJIT ones they pull in.
local loaded = {}
for _, name in ipairs(names) do
  if package.loaded[name] then loaded[#loaded + 1] = name end
end
for _, name in ipairs({"table.new", "table.clear"}) do
  if package.loaded[name] then loaded[#loaded + 1] = name end
end
ngx.say("loaded: ", table.concat(loaded, " "))
for _, name in ipairs(names) do
  local ok, m = pcall(require, name)
  if not ok then
    ngx.say(name, ": error")
  else
    local fields = {}
    for k, v in pairs(m) do
      local t = type(v)
      if t == "string" or t == "number" or t == "boolean" then
        fields[#fields + 1] = k .. "=" .. t .. "(" .. tostring(v) .. ")"
      else
        fields[#fields + 1] = k .. "=" .. t
      end
    end
    table.sort(fields)
    ngx.say(name, ": ", type(m), " ", table.concat(fields, " "))
  end
end
