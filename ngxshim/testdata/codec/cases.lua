-- Cases for the codec functions of the ngx table. Each line of output is
-- "label: results"; the expected output was recorded from the reference
-- nginx (OpenResty's ngx_lua 0.10.23 with resty.core) with this same file.

local function hex(s)
    return (string.gsub(s, ".", function(c) return string.format("%02x", string.byte(c)) end))
end

local function show(v)
    if type(v) == "string" then
        return "[" .. v .. "]"
    end
    if type(v) == "table" then
        local keys = {}
        for k in pairs(v) do keys[#keys + 1] = tostring(k) end
        table.sort(keys)
        local parts = {}
        for _, k in ipairs(keys) do
            local val = v[k]
            if val == nil then val = v[tonumber(k)] end
            parts[#parts + 1] = k .. "=" .. show(val)
        end
        return "{" .. table.concat(parts, ",") .. "}"
    end
    return tostring(v)
end

local function try(label, f, ...)
    local res = { pcall(f, ...) }
    local out = {}
    for i = 2, table.maxn(res) do
        out[#out + 1] = show(res[i])
    end
    if res[1] then
        ngx.say(label, ": ", table.concat(out, " "))
    else
        ngx.say(label, ": error ", out[1])
    end
end

local all = {}
for i = 0, 255 do all[#all + 1] = string.char(i) end
all = table.concat(all)

-- escape_uri, every type, every byte
for t = 0, 6 do
    ngx.say("escape type ", t, ": ", ngx.escape_uri(all, t))
end
ngx.say("escape default: ", ngx.escape_uri(all))
try("escape nil", function() local r1, r2, r3, r4, r5 = ngx.escape_uri(nil) return r1, r2, r3, r4, r5 end)
try("escape false", function() local r1, r2, r3, r4, r5 = ngx.escape_uri(false) return r1, r2, r3, r4, r5 end)
try("escape true", function() local r1, r2, r3, r4, r5 = ngx.escape_uri(true) return r1, r2, r3, r4, r5 end)
try("escape number", function() local r1, r2, r3, r4, r5 = ngx.escape_uri(3.25) return r1, r2, r3, r4, r5 end)
try("escape big number", function() local r1, r2, r3, r4, r5 = ngx.escape_uri(1e100) return r1, r2, r3, r4, r5 end)
try("escape type 2.5", function() local r1, r2, r3, r4, r5 = ngx.escape_uri("a b/", 2.5) return r1, r2, r3, r4, r5 end)
try("escape type 0.5", function() local r1, r2, r3, r4, r5 = ngx.escape_uri("a b/?", 0.5) return r1, r2, r3, r4, r5 end)
try("escape type -1", function() local s = ngx.escape_uri("a", -1) return s end)
try("escape type 7", function() local s = ngx.escape_uri("a", 7) return s end)
try("escape type -0.5", function() local s = ngx.escape_uri("a", -0.5) return s end)
try("escape type string", function() local s = ngx.escape_uri("a", "1") return s end)
try("escape type nil", function() local r1, r2, r3, r4, r5 = ngx.escape_uri("a b", nil) return r1, r2, r3, r4, r5 end)

-- unescape_uri
for _, s in ipairs{"a%20b", "a+b", "%", "%a", "%4", "%41", "%4G", "%G4", "%%41", "%ua%%20%au",
                   "good%20job%", "%e4%bd%a0%E5%A5%BD", "%00x", "a%2", "100%", "%2B%2b", "?a=%3F"} do
    ngx.say("unescape ", s, ": ", hex(ngx.unescape_uri(s)))
end
try("unescape nil", function() local r1, r2, r3, r4, r5 = ngx.unescape_uri(nil) return r1, r2, r3, r4, r5 end)
try("unescape false", function() local r1, r2, r3, r4, r5 = ngx.unescape_uri(false) return r1, r2, r3, r4, r5 end)
try("unescape number", function() local r1, r2, r3, r4, r5 = ngx.unescape_uri(12.5) return r1, r2, r3, r4, r5 end)
ngx.say("unescape all: ", hex(ngx.unescape_uri(ngx.escape_uri(all))))

-- encode_args
try("encode_args empty", function() local r1, r2, r3, r4, r5 = ngx.encode_args({}) return r1, r2, r3, r4, r5 end)
try("encode_args one", function() local r1, r2, r3, r4, r5 = ngx.encode_args({a = "b c"}) return r1, r2, r3, r4, r5 end)
try("encode_args escapes", function() local r1, r2, r3, r4, r5 = ngx.encode_args({["a b&"] = "!*'()~=&+"}) return r1, r2, r3, r4, r5 end)
try("encode_args number", function() local r1, r2, r3, r4, r5 = ngx.encode_args({n = 3.5}) return r1, r2, r3, r4, r5 end)
try("encode_args true", function() local r1, r2, r3, r4, r5 = ngx.encode_args({flag = true}) return r1, r2, r3, r4, r5 end)
try("encode_args false", function() local r1, r2, r3, r4, r5 = ngx.encode_args({flag = false}) return r1, r2, r3, r4, r5 end)
try("encode_args list", function() local r1, r2, r3, r4, r5 = ngx.encode_args({a = {1, "x y", true, false, 2}}) return r1, r2, r3, r4, r5 end)
try("encode_args empty list", function() local r1, r2, r3, r4, r5 = ngx.encode_args({a = {}}) return r1, r2, r3, r4, r5 end)
try("encode_args list false only", function() local r1, r2, r3, r4, r5 = ngx.encode_args({a = {false}}) return r1, r2, r3, r4, r5 end)
try("encode_args number key", function() local r1, r2, r3, r4, r5 = ngx.encode_args({[1] = "a"}) return r1, r2, r3, r4, r5 end)
try("encode_args bool key", function() local r1, r2, r3, r4, r5 = ngx.encode_args({[true] = "a"}) return r1, r2, r3, r4, r5 end)
try("encode_args table in list", function() local r1, r2, r3, r4, r5 = ngx.encode_args({a = {{}}}) return r1, r2, r3, r4, r5 end)
try("encode_args function", function() local r1, r2, r3, r4, r5 = ngx.encode_args({a = print}) return r1, r2, r3, r4, r5 end)
try("encode_args nil arg", function() local r1, r2, r3, r4, r5 = ngx.encode_args(nil) return r1, r2, r3, r4, r5 end)
try("encode_args string arg", function() local r1, r2, r3, r4, r5 = ngx.encode_args("a=b") return r1, r2, r3, r4, r5 end)
try("encode_args no arg", function() local r1, r2, r3, r4, r5 = ngx.encode_args() return r1, r2, r3, r4, r5 end)
try("encode_args two args", function() local r1, r2, r3, r4, r5 = ngx.encode_args({}, {}) return r1, r2, r3, r4, r5 end)
try("encode_args pcall direct", ngx.encode_args, true)
try("decode_args pcall direct", ngx.decode_args, nil)
try("escape_uri pcall direct", ngx.escape_uri, "a", 9)
try("encode_base64 pcall direct", ngx.encode_base64, "a", 1)
try("decode_base64 pcall direct", ngx.decode_base64, 1)
try("hmac_sha1 pcall direct", ngx.hmac_sha1, 1)
try("quote_sql_str pcall direct", ngx.quote_sql_str, {})

-- decode_args
local function dec(label, ...)
    try("decode_args " .. label, function(...) local t, err = ngx.decode_args(...) return t, err end, ...)
end
dec("simple", "a=1&b=2")
dec("multi", "a=1&a=2&a")
dec("bools", "a&b&&c")
dec("empty", "")
dec("empty values", "a=&b=")
dec("empty key", "=1&=&&b=2")
dec("escapes", "a%20b=c+d&%41=%42%zz")
dec("double eq", "a=b=c")
dec("max 1", "a=1&b=2", 1)
dec("max 2", "a=1&b=2", 2)
dec("max 2 trailing", "a=1&b=2&", 2)
dec("max 0", "a=1&b=2&c=3", 0)
dec("max -1", "a=1&b=2&c=3", -1)
dec("max counts empty keys", "&&a=1", 2)
dec("max string", "a=1&b=2", "1")
dec("max float", "a=1&b=2&c=3", 1.9)
dec("max bad", "a=1", "x")
dec("number", 32)
dec("nil", nil)
dec("none")
dec("three args", "a", 1, 2)
local many = {}
for i = 1, 105 do many[#many + 1] = "k" .. i .. "=" .. i end
try("decode_args default max", function()
    local t, err = ngx.decode_args(table.concat(many, "&"))
    local n = 0
    for _ in pairs(t) do n = n + 1 end
    return n, err
end)

-- base64
for _, s in ipairs{"", "a", "ab", "abc", "abcd", "hello", all} do
    ngx.say("encode_base64 ", #s, ": ", ngx.encode_base64(s), " ", ngx.encode_base64(s, true),
            " ", ngx.encode_base64(s, false))
end
try("encode_base64 nil", function() local r1, r2, r3, r4, r5 = ngx.encode_base64(nil) return r1, r2, r3, r4, r5 end)
try("encode_base64 number", function() local r1, r2, r3, r4, r5 = ngx.encode_base64(32) return r1, r2, r3, r4, r5 end)
try("encode_base64 true", function() local r1, r2, r3, r4, r5 = ngx.encode_base64(true) return r1, r2, r3, r4, r5 end)
try("encode_base64 no_padding 0", function() local r1, r2, r3, r4, r5 = ngx.encode_base64("w", 0) return r1, r2, r3, r4, r5 end)
try("encode_base64 no_padding str", function() local r1, r2, r3, r4, r5 = ngx.encode_base64("w", "yes") return r1, r2, r3, r4, r5 end)
try("encode_base64 no_padding nil", function() local r1, r2, r3, r4, r5 = ngx.encode_base64("w", nil) return r1, r2, r3, r4, r5 end)
for _, s in ipairs{"", "YQ==", "YQ=", "YQ", "Y", "YWI=", "YWJj", "YWJjZA", "YQ==YWJj", "YQ==!!", "YW=Jj",
                   "YW Jj", "YWJj\n", "^*~", "aGVsbG8=", "=", "==", "YQ==\n", "-_8", "+/8="} do
    try("decode_base64 [" .. s .. "]", function() local r = ngx.decode_base64(s) return r and hex(r) end)
end
ngx.say("decode_base64 all: ", hex(ngx.decode_base64(ngx.encode_base64(all))) == hex(all))
try("decode_base64 number", function() local r1, r2, r3, r4, r5 = ngx.decode_base64(32) return r1, r2, r3, r4, r5 end)
try("decode_base64 nil", function() local r1, r2, r3, r4, r5 = ngx.decode_base64(nil) return r1, r2, r3, r4, r5 end)

-- digests and checksums
for _, s in ipairs{"", "hello", all, string.rep("abc", 1000)} do
    ngx.say("md5 ", #s, ": ", ngx.md5(s), " ", hex(ngx.md5_bin(s)), " ", hex(ngx.sha1_bin(s)),
            " ", ngx.crc32_short(s), " ", ngx.crc32_long(s))
end
for _, v in ipairs{"nil", "false", "true", "number"} do
    local arg = ({["nil"] = nil, ["false"] = false, ["true"] = true, number = 45.5})[v]
    try("digests of " .. v, function()
        return ngx.md5(arg), hex(ngx.md5_bin(arg)), hex(ngx.sha1_bin(arg)), ngx.crc32_short(arg),
               ngx.crc32_long(arg)
    end)
end
try("hmac_sha1", function() local r1, r2, r3, r4, r5 = hex(ngx.hmac_sha1("secret", "message")) return r1, r2, r3, r4, r5 end)
try("hmac_sha1 empty", function() local r1, r2, r3, r4, r5 = hex(ngx.hmac_sha1("", "")) return r1, r2, r3, r4, r5 end)
try("hmac_sha1 long key", function() local r1, r2, r3, r4, r5 = hex(ngx.hmac_sha1(string.rep("k", 100), "m")) return r1, r2, r3, r4, r5 end)
try("hmac_sha1 numbers", function() local r1, r2, r3, r4, r5 = hex(ngx.hmac_sha1(12, 3.5)) return r1, r2, r3, r4, r5 end)
try("hmac_sha1 nil key", function() local r1, r2, r3, r4, r5 = ngx.hmac_sha1(nil, "m") return r1, r2, r3, r4, r5 end)
try("hmac_sha1 table msg", function() local r1, r2, r3, r4, r5 = ngx.hmac_sha1("k", {}) return r1, r2, r3, r4, r5 end)
try("hmac_sha1 one arg", function() local r1, r2, r3, r4, r5 = ngx.hmac_sha1("k") return r1, r2, r3, r4, r5 end)
try("hmac_sha1 three args", function() local r1, r2, r3, r4, r5 = ngx.hmac_sha1("k", "m", "x") return r1, r2, r3, r4, r5 end)

-- quote_sql_str
for _, s in ipairs{"", "abc", "a'b", "a\"b", "a\\b", "\0\b\n\r\t\26", "\226\128\153'", "it's"} do
    ngx.say("quote_sql_str ", hex(s), ": ", hex(ngx.quote_sql_str(s)))
end
try("quote_sql_str number", function() local r1, r2, r3, r4, r5 = ngx.quote_sql_str(12.5) return r1, r2, r3, r4, r5 end)
try("quote_sql_str nil", function() local r1, r2, r3, r4, r5 = ngx.quote_sql_str(nil) return r1, r2, r3, r4, r5 end)
try("quote_sql_str none", function() local r1, r2, r3, r4, r5 = ngx.quote_sql_str() return r1, r2, r3, r4, r5 end)
try("quote_sql_str two", function() local r1, r2, r3, r4, r5 = ngx.quote_sql_str("a", "b") return r1, r2, r3, r4, r5 end)
