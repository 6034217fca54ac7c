-- Runs one golden case and returns what it emitted, one line per emit().
-- The same file runs on the reference nginx (LuaJIT with Debian's
-- lua-cjson) and on gopher-lua with gresty's cjson. Cases emit strings,
-- booleans and numbers only: addresses of tables and userdata differ.
return function(fn)
  local out = {}
  local env = setmetatable({}, { __index = _G })
  env.emit = function(...)
    local parts = {}
    for i = 1, select("#", ...) do
      parts[i] = tostring((select(i, ...)))
    end
    out[#out + 1] = table.concat(parts, "\t")
  end
  -- show renders a value deterministically: numbers with 17 digits,
  -- tables with sorted keys, cjson.null and other userdata by name.
  local null = require("cjson").null
  -- quote is %q with every byte outside printable ASCII as \ddd, the
  -- same on both sides (gopher-lua's %q is Go's).
  local function quote(s)
    local parts = {}
    for i = 1, #s do
      local b = s:byte(i)
      if b < 32 or b > 126 or b == 34 or b == 92 then
        parts[i] = "\\" .. string.format("%03d", b)
      else
        parts[i] = string.char(b)
      end
    end
    return '"' .. table.concat(parts) .. '"'
  end
  local function num(x)
    if x ~= x then return "nan" end
    if x == 1/0 then return "inf" end
    if x == -1/0 then return "-inf" end
    return string.format("%.17g", x)
  end
  local function show(v, depth)
    depth = depth or 0
    local t = type(v)
    if v == null then return "null" end
    if t == "number" then return num(v) end
    if t == "string" then return quote(v) end
    if t ~= "table" then return t == "boolean" and tostring(v) or "<" .. t .. ">" end
    if depth > 20 then return "{...}" end
    local keys = {}
    for k in pairs(v) do keys[#keys + 1] = k end
    table.sort(keys, function(a, b)
      if type(a) ~= type(b) then return type(a) < type(b) end
      return a < b
    end)
    local parts = {}
    for _, k in ipairs(keys) do
      local ks = type(k) == "number" and num(k) or quote(k)
      parts[#parts + 1] = "[" .. ks .. "]=" .. show(v[k], depth + 1)
    end
    return "{" .. table.concat(parts, ",") .. "}"
  end
  env.show = show
  setfenv(fn, env)
  local ok, err = pcall(fn)
  if not ok then
    out[#out + 1] = "ERROR: " .. tostring(err)
  end
  return table.concat(out, "\n")
end
