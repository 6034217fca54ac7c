--- values
local cjson = require "cjson"
for _, s in ipairs{'true', 'false', 'null', '"str"', '0', '-0', '1', '-1', '1.5', '[]', '{}', ' [ 1 , 2 ] ',
  '\t\r\n 5', '{"a":{"b":[1,{"c":null}]}}', '[[[]]]', '{"":""}', '{"a":1,"a":2}', '[true,false,null]'} do
  emit(s, show(cjson.decode(s)))
end

--- numbers
local cjson = require "cjson"
for _, s in ipairs{'[0.0, -5e3, -1, 0.3e-3, 1023.2, 0e10]', '[1E400]', '[-1E400]', '[1E-400]', '[4.9e-324]',
  '[2.5e-324]', '[12345678901234567890]', '[9007199254740993]', '[0.1]', '[1.]', '[1.e5]', '[1.5E+2]',
  '[-.5]', '[0.1e1]', '[123456789012345]', '[1234567890123456]', '[-999999999999999]', '[1e22]', '[1e23]',
  '[2.2250738585072011e-308]', '[1.7976931348623157e308]', '[1.7976931348623159e308]', '[100e-2]',
  '[0.000001]', '[7e-10]', '[314159265358979e-14]', '[00]', '[01.5]', '[-00]', '[0123]', '[0e]'} do
  local ok, v = pcall(cjson.decode, s)
  emit(s, ok and show(v) or v)
end

--- invalid numbers accepted by default
local cjson = require "cjson"
for _, s in ipairs{'[0x]', '[0x1p3]', '[-0x10]', '[0X10]', '[0x1.8]', '[0x.8]', '[0x1P-2]', '[0x1p]', '[0x1p+]',
  '[0xg]', '[0x6.ffp1]', '[+1]', '[+Inf]', '[Inf]', '[-Inf]', '[iNf]', '[infinity]', '[INFINITY]', '[infinit]',
  '[infinityx]', '[nan]', '[NaN]', '[-nan]', '[+nan]', '[nan(123)]', '[nan(a_b)]', '[nan(]', '[nan()]',
  '[nan(a-b)]', 'Infrared', 'Noodle', 'nil', '[+]', '[+-1]', '[--1]', '[-+1]', '[- 1]', '[+ 1]', '[-]',
  '[-x]', '[1_0]', '[0x1_0]', '[0b1]', '[0o7]', '[1e]', '[1e+]', '[1e-]', '[1e5x]', '[1.5.5]', '[1e5.5]',
  '[.5]', '[+.5]', '[-.e1]', '[0x1.fffffffffffff8p1023]', '[0x1p-1080]', '[0xffffffffffffffffffff]'} do
  local ok, v = pcall(cjson.decode, s)
  emit(s, ok and show(v) or v)
end

--- invalid numbers refused
local cjson = require "cjson"
emit(cjson.decode_invalid_numbers(false))
for _, s in ipairs{'[0x]', '[-0x10]', '[-.5]', '[1.]', '[00]', '[-00]', '[0.5]', '[-0]', '[0]', '[-inf]',
  '[-nan]', '[-foo]', '[-]', '[+1]', 'nan', 'inf', 'Infinity', '[-Infinity]', '[0e1]', '[0E1]', '[0.]', '[-x]',
  '[0x10]', '[01]', '[-01]', '[0.01]', '1e5', '[10]'} do
  local ok, v = pcall(cjson.decode, s)
  emit(s, ok and show(v) or v)
end
emit(cjson.decode_invalid_numbers("on"))
emit(show(cjson.decode('[0x10]')))

--- strings
local cjson = require "cjson"
for _, s in ipairs{'"\\u00e9\\ud83d\\ude00"', '"\\u0000"', '"a\\/b\\\\c\\"d\\b\\f\\n\\r\\t"', '"\\uF800"',
  '"\\u0041\\u00410"', '"\1\2\31\127"', '"\255\254"', '"\\uDBFF\\uDFFF"', '"\\uD800\\uDC00"', '"\\uFFFF"',
  '"\\u07FF\\u0800"', '"\\u007F\\u0080"'} do
  local ok, v = pcall(cjson.decode, s)
  emit(s, ok and show(v) or v)
end

--- string errors
local cjson = require "cjson"
for _, s in ipairs{'["abc', '"\\', '"\\u12', '"\\ud800\\u', '"\\uDFFF"', '"\\uD800x"', '"\\x"', '"\\q"',
  '"\\uDC00\\uD800"', '"\\uDB00\\uDB00"', '"\\uDB00"', '"\\uDB00\\uD"', '"\\u12G4"', '{"a\\u": 1}',
  '{ "bad escape \\q code" }', '"\\uD800\\u0041"', '"abc\\'} do
  local ok, v = pcall(cjson.decode, s)
  emit(s, ok and show(v) or v)
end

--- syntax errors
local cjson = require "cjson"
for _, s in ipairs{'', ' ', '   ', '[', ']', '{', '}', '[}', '{]', ':', ',', 'x', '\255', '[1 2]', '{"a" 1}',
  '{1:1}', '{"a":1,}', '[1,]', '[,1]', '[1,,2]', 'tru', 'nul', 'fals', 'nullx', 'truex', 'falsey', '1 ',
  '"x" "y"', '\f5', '[1,2,3]]', '[[[[', '{"x":', '{"x"', '{"x":1', '{"x":1 "y":2}', '[1:2]', '{"a":1}}',
  ' [ "bad barewood", test ] ', '{ "unexpected eof": ', '{ "extra data": true }, false', 'TRUE', 'True',
  '/* c */ 1', '1 // c', '[1]x', "['a']", '{a:1}', '\226\128\168[]'} do
  local ok, v = pcall(cjson.decode, s)
  emit(show(s), ok and show(v) or v)
end

--- nul bytes
local cjson = require "cjson"
for _, s in ipairs{'[1]\0garbage', '"a\0b"', '\0"\0"', '"\0"\0', '\0\0\0"', '"\0\0\0', '1\0', '\0', '5', '[\0]',
  ' \0', '{"a\0":1}', '12\0 3'} do
  local ok, v = pcall(cjson.decode, s)
  emit((s:gsub("%z", "<NUL>")), ok and show(v) or v)
end

--- non-string arguments
local cjson = require "cjson"
emit(show(cjson.decode(123)))
emit(show(cjson.decode(1.5)))
emit(show(cjson.decode(-0.25)))
emit(show(cjson.decode(1e100)))
emit(show(cjson.decode(2^53)))
emit(pcall(cjson.decode, {}))
emit(pcall(cjson.decode, nil))
emit(pcall(cjson.decode, true))
emit(pcall(cjson.decode))
emit(pcall(cjson.decode, "1", "2"))
emit(pcall(cjson.decode, "1", nil))

--- depth limits
local cjson = require "cjson"
emit(pcall(cjson.decode, string.rep("[", 1100) .. string.rep("]", 1100)))
emit(#cjson.encode(cjson.decode(string.rep("[", 1000) .. string.rep("]", 1000))))
emit(pcall(cjson.decode, string.rep('{"a":', 1001) .. '1' .. string.rep("}", 1001)))
emit(cjson.decode_max_depth(5))
emit(show(cjson.decode('[[[[[ "nested" ]]]]]')))
emit(pcall(cjson.decode, '[[[[[[ "nested" ]]]]]]'))
emit(pcall(cjson.decode, '{"a":{"b":{"c":{"d":{"e":{"f":"nested"}}}}}}'))
emit(pcall(cjson.decode, '  [ [ [ [ [ [ 1 ] ] ] ] ] ]'))
emit(cjson.decode_max_depth(1))
emit(show(cjson.decode('[1]')))
emit(pcall(cjson.decode, '[[1]]'))

--- lua stack limits
local cjson = require "cjson"
cjson.decode_max_depth(1000000)
emit(pcall(cjson.decode, string.rep("[", 100000)))
emit(pcall(cjson.decode, string.rep('{"a":', 100000)))
emit(pcall(cjson.decode, '[' .. string.rep('{"a":[', 100000)))
emit(#cjson.encode(cjson.decode(string.rep("[", 7998) .. string.rep("]", 7998))))
emit(pcall(cjson.decode, string.rep("[", 7999) .. string.rep("]", 7999)))

--- long inputs
local cjson = require "cjson"
local parts = {}
for i = 1, 3000 do parts[i] = '{"id":' .. i .. ',"name":"item' .. i .. '","tags":["a","b"],"ok":true}' end
local t = cjson.decode("[" .. table.concat(parts, ",") .. "]")
emit(#t, t[1].id, t[3000].name, t[1500].tags[2], t[2999].ok)
local s = string.rep("x", 100000)
emit(#cjson.decode('"' .. s .. '"'))
emit(#cjson.decode('"' .. string.rep("\\n", 50000) .. '"'))

--- round trip
local cjson = require "cjson"
local doc = '{"menu":{"id":"file","value":"File","popup":{"menuitem":[{"value":"New","onclick":"CreateNewDoc()"},{"value":"Open","onclick":"OpenDoc()"}]}},"n":[1,2.5,-3e-5,null,true]}'
local v = cjson.decode(doc)
emit(show(v))
emit(show(cjson.decode(cjson.encode(v))))
