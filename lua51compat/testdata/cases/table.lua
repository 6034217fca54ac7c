--- table.new and table.clear
local new = require "table.new"
local t = new(10, 5) emit(type(t), #t, next(t), new == table.new)
try(new) try(new, 1) try(new, "a", 1) try(new, -1, 0) try(new, 0, -1) try(new, -1, -1) try(new, 1.5, 2) try(new, "3", "4") try(new, 0, 0)
local clear = require "table.clear"
local c = { 1, 2, 3, a = 1, [{}] = 2 } clear(c) emit(next(c), #c, clear == table.clear)
c = setmetatable({ 1 }, { __index = function() return "mt" end }) clear(c) emit(c[1], rawget(c, 1))
c = { 1, 2 } clear(c) c[1] = "again" c.x = 1 emit(#c, c[1], c.x)
try(clear) try(clear, 1) try(clear, {})
--- table.nkeys and table.isempty
local nkeys, isempty = require "table.nkeys", require "table.isempty"
emit(nkeys({}), nkeys({ 1, nil, 3 }), nkeys({ a = 1, b = nil }), nkeys({ 1, a = 2 }), nkeys({ [1.5] = 1, [true] = 2 }), nkeys == table.nkeys)
emit(isempty({}), isempty({ nil, dog = nil }), isempty({ nil, 3 }), isempty({ a = 1 }), isempty({ [false] = 0 }), isempty == table.isempty)
local t = { 1, 2, a = 3 } t[1] = nil t[2] = nil t.a = nil emit(nkeys(t), isempty(t))
try(nkeys) try(nkeys, "x") try(isempty, nil) try(isempty)
--- table.isarray
local isarray = require "table.isarray"
emit(isarray({}), isarray({ 1, 2, 3 }), isarray({ 1, nil, 3 }), isarray({ a = 1 }), isarray({ [1] = 1, [3] = 3 }), isarray({ [2] = 1 }))
emit(isarray({ [1.5] = 1 }), isarray({ [0] = 1 }), isarray({ [-1] = 1 }), isarray({ n = 1, 1 }), isarray({ [2^40] = 1 }), isarray({ [1/0] = 1 }))
emit(isarray({ [true] = 1 }), isarray({ ["1"] = 1 }), isarray({ [{}] = 1 }), isarray == table.isarray)
try(isarray) try(isarray, 5)
--- table.clone
local clone = require "table.clone"
local a = { 1, 2, 3, x = 1, [true] = "t" } local b = clone(a) emit(b[1], b[3], b.x, b[true], a ~= b, #b)
b.x = 2 emit(a.x) emit(getmetatable(clone(setmetatable({}, {}))), clone == table.clone)
local nested = { t = {} } emit(clone(nested).t == nested.t)
try(clone) try(clone, 1)
--- require returns the functions
emit(require("table.new") == table.new, require("table.clear") == table.clear, type(require("bit")), require("bit") == bit, require("jit") == jit)
--- table.concat
emit(table.concat({ 1, 2, 3 }), table.concat({ 1, 2.5, "x" }, ", "), table.concat({}, "x"), table.concat({ 1, 2, 3 }, "-", 2), table.concat({ 1, 2, 3 }, "-", 2, 3))
emit(table.concat({ 1, 2, 3 }, "-", 3, 2), table.concat({ 0.1 + 0.2, 1e15, -0.5, 2^53 }, " "), table.concat({ "a", "b" }, 5), table.concat({ "a", "b" }, 0.5))
emit(table.concat({ [0] = "z", "a", "b" }, ",", 0), table.concat({ "a", "b", "c" }, "", -1, 1 - 1), table.concat({ "a", "b" }, nil, 1, 2))
try(table.concat, { 1, {}, 3 }) try(table.concat, { 1, nil, 3 }, ",", 1, 3) try(table.concat, { 1, 2 }, {}) try(table.concat, { 1, true }) try(table.concat)
try(table.concat, {}, nil, 1, 0) try(table.concat, { "a" }, ",", "1", "1") try(table.concat, { "a" }, ",", 1, "x") try(table.concat, { "a" }, ",", {}) try(table.concat, { print })
local big = {} for i = 1, 100000 do big[i] = i end local s = table.concat(big, ",") emit(#s, s:sub(1, 10), s:sub(-6))
--- table.insert
local s = {} try(table.insert, s, "a") try(table.insert, s, 1, "b") try(table.insert, s, 3, "c") emit(s[1], s[2], s[3], #s)
try(table.insert, s, 5, "e") emit(s[4], s[5])
try(table.insert, s) try(table.insert, s, 1, 2, 3) try(table.insert, nil, 1) try(table.insert, s, "x", 1) try(table.insert, {}, 0, 9) try(table.insert, {}, -1, 9)
local q = { 1, 2, 3 } table.insert(q, 2, "x") emit(table.concat(q, ",")) table.insert(q, 1.5, "y") emit(table.concat(q, ","))
q = { 1, 2 } table.insert(q, "3", "s") emit(table.concat(q, ","))
q = setmetatable({}, { __newindex = function() error("no") end }) table.insert(q, 1) emit(rawget(q, 1))
--- table.remove
local r = { 1, 2, 3 } try(table.remove, r) try(table.remove, r, 1) emit(r[1], r[2], #r)
try(table.remove, {}) try(table.remove, { 1, 2 }, 5) try(table.remove, { 1, 2 }, 0) try(table.remove, { 1, 2 }, "x") try(table.remove) try(table.remove, {}, 1)
try(table.remove, { 1, 2, 3 }, "1") try(table.remove, { 1, 2, 3 }, 1.5) try(table.remove, { 1, 2, 3 }, 3) try(table.remove, { 1 }, nil) try(table.remove, 5)
local log = {}
local p = setmetatable({}, { __index = function(t, k) log[#log + 1] = "get" .. k return rawget(t, "_" .. k) end })
rawset(p, 1, "a") rawset(p, 2, "b") table.remove(p, 1) emit(rawget(p, 1), rawget(p, 2), table.concat(log, ","))
--- table.maxn getn foreach foreachi
try(table.maxn, { 1, 2, [10] = 1, [2.5] = 1, x = 1 }) try(table.maxn, { [-1] = 1 }) try(table.maxn, {}) try(table.maxn, { [20.5] = 1 }) try(table.maxn) try(table.getn, { 1, 2 }) try(table.getn)
local r = {} table.foreach({ a = 1 }, function(k, v) r[#r + 1] = k .. v end) emit(table.concat(r))
emit(table.foreach({ 1, 2 }, function(k, v) if v == 2 then return "found" .. k end end))
r = {} emit(table.foreachi({ 10, 20, 30 }, function(i, v) r[#r + 1] = i .. ":" .. v if i == 2 then return "stop" end end), table.concat(r, ","))
try(table.foreach, {}, 1) try(table.foreach) try(table.foreachi, {}, nil) try(table.foreachi, nil, print)
--- table.move
try(table.move, { 1, 2, 3 }, 1, 3, 2) emit(table.concat(table.move({ 1, 2, 3 }, 1, 3, 2), ","), table.concat(table.move({ 1, 2, 3 }, 2, 3, 1), ","))
emit(table.concat(table.move({ 1, 2, 3 }, 1, 3, 1, {}), ","), table.concat(table.move({ 1, 2, 3 }, 1, 0, 5), ","), table.concat(table.move({ 1, 2 }, "1", 2, 3), ","))
try(table.move, {}, 1) try(table.move, {}, 1, 2) try(table.move, {}, 1, 2, 3, 4) try(table.move, {}, "x", 1, 1)
--- table.sort
local q = { 5, 3, 8, 1, 9, 2 } table.sort(q) emit(table.concat(q, ","))
table.sort(q, function(a, b) return a > b end) emit(table.concat(q, ","))
q = { "b", "a", "C", "", "ab" } table.sort(q) emit(table.concat(q, ","))
q = {} for i = 1, 100 do q[i] = (i * 37) % 101 end table.sort(q) emit(q[1], q[50], q[100])
q = {} for i = 1, 50 do q[i] = { k = (i * 7) % 10, i = i } end table.sort(q, function(a, b) return a.k < b.k end)
local r = {} for i = 1, 50 do r[i] = q[i].i end emit(table.concat(r, ","))
q = { 3, 1, 2 } table.sort(q, function(a, b) return true end) emit(table.concat(q, ","))
q = { 4, 3, 2, 1 } table.sort(q, function(a, b) return a <= b end) emit(table.concat(q, ","))
try(table.sort, { 1, 2, 3, 4, 5, 6, 7, 8, 9, 10 }, function(a, b) return true end) try(table.sort, { 3, 1, "x" }) try(table.sort, { 3, 1, {} })
try(table.sort, { {}, {} }) try(table.sort, { 1, 2 }, 3) try(table.sort) try(table.sort, {}) try(table.sort, { 1 }) try(table.sort, { true, false })
local mt = { __lt = function(a, b) return a.v < b.v end }
q = { setmetatable({ v = 3 }, mt), setmetatable({ v = 1 }, mt), setmetatable({ v = 2 }, mt) } table.sort(q) emit(q[1].v, q[2].v, q[3].v)
q = { setmetatable({ v = 2 }, mt), setmetatable({ v = 1 }, { __lt = mt.__lt }) } table.sort(q) emit(q[1].v, q[2].v)
try(table.sort, { setmetatable({ v = 2 }, mt), setmetatable({ v = 1 }, { __lt = function() return true end }) })
local ok, e = pcall(function() table.sort({ 1, "x" }) end) emit(e)
local calls = 0 q = { 5, 4, 3, 2, 1, 0 } table.sort(q, function(a, b) calls = calls + 1 return a < b end) emit(calls)
--- unpack
try(unpack, { 1, 2, 3 }) try(unpack, { 1, 2, 3 }, 2) try(unpack, { 1, 2, 3 }, 2, 5) try(unpack, { 1, 2, 3 }, 3, 1) try(unpack, {}, 1, 0) try(unpack)
try(unpack, {}, "a") try(unpack, { 1, 2 }, nil, 1) try(unpack, { 1, 2 }, -1, 1) try(unpack, { [0] = "z" }, 0, 0) try(unpack, { 1, 2 }, "1", "2") try(unpack, "x")
emit(select("#", unpack({}, 1, 7997))) try(unpack, {}, 1, 7998) try(unpack, {}, 1, 8000) try(unpack, {}, 1, 1e6) try(unpack, {}, -2^31, 2^31 - 1)
local big = {} for i = 1, 8000 do big[i] = i end
try(function() return select("#", unpack(big)) end) try(function() return select("#", unpack(big, 2)) end) try(function() return select("#", unpack(big, 3)) end)
local ok, e = pcall(function() local a = unpack({}, 1, 1e5) return a end) emit(e)
