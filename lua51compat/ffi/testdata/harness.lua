-- Runs one ffi golden case and returns what it emitted, one line per emit()
-- or try() call. The same file runs on the reference nginx (LuaJIT's FFI)
-- and on gresty (lua51compat/ffi), so both sides format values through the
-- functions under test. Machine addresses differ between the two, so any
-- "0x" followed by eight or more hex digits is shown as 0xADDR, and so do
-- the type numbers LuaJIT prints for anonymous structs, unions and enums
-- ("struct 95"), shown as "struct N".
return function(fn)
  local out = {}
  local function clean(s)
    s = string.gsub(s, "0x%x%x%x%x%x%x%x%x+", "0xADDR")
    s = string.gsub(s, "(struct) %d+", "%1 N")
    s = string.gsub(s, "(union) %d+", "%1 N")
    return (string.gsub(s, "(enum) %d+", "%1 N"))
  end
  local function line(parts)
    out[#out + 1] = clean(table.concat(parts, "\t"))
  end
  -- repr shows strings quoted (so "1" and 1 differ) and values without a
  -- printable identity by their type only.
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
    out[#out + 1] = clean("ERROR: " .. repr(err))
  end
  return table.concat(out, "\n")
end
