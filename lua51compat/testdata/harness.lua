-- Runs one golden case and returns everything it emitted, one line per
-- emit() or try() call. The same file runs on the reference nginx
-- (LuaJIT) and on gresty's gopher-lua, so both sides format values
-- through the tostring under test.
return function(fn)
  local out = {}
  local function line(parts)
    out[#out + 1] = table.concat(parts, "\t")
  end
  -- repr shows strings quoted (so "1" and 1 differ) and values without a
  -- stable address by their type only.
  local function repr(v)
    local t = type(v)
    if t == "string" then
      return '"' .. v .. '"'
    elseif t == "table" or t == "function" or t == "userdata" or t == "thread" then
      return "<" .. t .. ">"
    end
    return tostring(v)
  end
  local env = setmetatable({}, { __index = _G })
  env.repr = repr
  -- emit prints its arguments with tostring, tab-separated.
  env.emit = function(...)
    local parts = {}
    for i = 1, select("#", ...) do
      parts[i] = tostring((select(i, ...)))
    end
    line(parts)
  end
  -- try calls f and prints "ok" and every result, or "err" and the error.
  local function pack(...)
    return select("#", ...), { ... }
  end
  env.try = function(f, ...)
    local n, r = pack(pcall(f, ...))
    local parts = { r[1] and "ok" or "err" }
    for i = 2, n do
      parts[i] = repr(r[i])
    end
    line(parts)
  end
  setfenv(fn, env)
  local ok, err = pcall(fn)
  if not ok then
    out[#out + 1] = "ERROR: " .. repr(err)
  end
  return table.concat(out, "\n")
end
