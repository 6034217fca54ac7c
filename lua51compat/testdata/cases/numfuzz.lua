--- pseudo-random doubles through tostring and string.format
-- A small LCG in Lua so that both sides see the same values.
local state = 12345
local function rnd(n)
  state = (state * 1103515245 + 12345) % 2147483648
  return state % n
end
local vals = {}
for i = 1, 400 do
  local kind = rnd(6)
  local v
  if kind == 0 then
    v = rnd(2000000) - 1000000
  elseif kind == 1 then
    v = math.ldexp(rnd(2^26) * 2^26 + rnd(2^26), rnd(120) - 90)
  elseif kind == 2 then
    v = rnd(1000000) / 1000
  elseif kind == 3 then
    v = math.ldexp(rnd(2^20), rnd(2100) - 1100)
  elseif kind == 4 then
    v = (rnd(100000) + 0.5) * 10 ^ (rnd(30) - 15)
  else
    v = rnd(1000) / 8
  end
  if rnd(2) == 0 then v = -v end
  vals[i] = v
end
local fmts = { "%.14g", "%g", "%.3g", "%.17g", "%e", "%.2e", "%f", "%.1f", "%.5f", "%a", "%d", "%x", "%10.4f", "%-12.3e|", "%+.0f" }
for i, v in ipairs(vals) do
  local r = { tostring(v) }
  for j, f in ipairs(fmts) do r[j + 1] = string.format(f, v) end
  emit(table.concat(r, " "))
end
--- tonumber round trips
local state = 777
local function rnd(n)
  state = (state * 1103515245 + 12345) % 2147483648
  return state % n
end
for i = 1, 200 do
  local s = tostring(rnd(100000)) .. "." .. tostring(rnd(100000)) .. "e" .. tostring(rnd(60) - 30)
  local n = tonumber(s)
  emit(s, n, string.format("%.17g", n), tonumber(string.format("%.17g", n)) == n)
end
