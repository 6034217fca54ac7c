-- Cases for the time formatting and parsing functions of the ngx table
-- (the clock-reading ones depend on the moment and are tested apart). The
-- expected output was recorded from the reference nginx.

local function try(label, f, ...)
    local res = { pcall(f, ...) }
    local out = {}
    for i = 2, table.maxn(res) do
        out[#out + 1] = tostring(res[i])
    end
    ngx.say(label, ": ", res[1] and "" or "error ", table.concat(out, " "))
end

local secs = {0, 1, -1, -86400, 1290079655, 1290079655.9, -0.5, 951782400, 2147483647, 2147483648,
              2177452799, 2177452800, 4102444800, 253402300799, 253402300800, 1e15, 1e300, 0/0}
for _, s in ipairs(secs) do
    try("http_time " .. tostring(s), function() local r = ngx.http_time(s) return r end)
    try("cookie_time " .. tostring(s), function() local r = ngx.cookie_time(s) return r end)
end
try("http_time string", function() local r = ngx.http_time("1290079655") return r end)
try("http_time nil", function() local r = ngx.http_time() return r end)
try("cookie_time string", function() local r = ngx.cookie_time("1290079655") return r end)
try("cookie_time table", function() local r = ngx.cookie_time({}) return r end)

local strs = {
    "Thu, 18 Nov 2010 11:27:35 GMT",
    "Thu, 18 Nov 2010 11:27:35",
    "Thursday, 18-Nov-10 11:27:35 GMT",
    "Thursday, 18-Nov-69 11:27:35 GMT",
    "Thursday, 18-Nov-70 11:27:35 GMT",
    "Thu Nov 18 11:27:35 2010",
    "Thu Nov  8 11:27:35 2010",
    "Thu Nov 8 11:27:35 2010",
    "Thu, 18-Nov-2010 11:27:35 GMT",
    "Thu, 29 Feb 2000 00:00:00 GMT",
    "Thu, 29 Feb 1900 00:00:00 GMT",
    "Thu, 29 Feb 2001 00:00:00 GMT",
    "Thu, 31 Apr 2010 00:00:00 GMT",
    "Thu, 00 Jan 2010 00:00:00 GMT",
    "Thu, 01 Jan 1970 00:00:00 GMT",
    "Wed, 31 Dec 1969 23:59:59 GMT",
    "Wed, 31 Dec 1969 23:59:58 GMT",
    "Mon, 01 Jan 1900 00:00:00 GMT",
    "Fri, 31 Dec 9999 23:59:59 GMT",
    "Thu, 18 Nov 2010 24:00:00 GMT",
    "Thu, 18 Nov 2010 23:60:00 GMT",
    "Thu, 18 Nov 2010 23:59:60 GMT",
    "Thu, 18 Xyz 2010 11:27:35 GMT",
    "Thu, 18 Jun 2010 11:27:35 GMT",
    "Thu, 18 Jul 2010 11:27:35 GMT",
    "Thu, 18 Mar 2010 11:27:35 GMT",
    "Thu, 18 May 2010 11:27:35 GMT",
    "Thu, 18 Apr 2010 11:27:35 GMT",
    "Thu, 18 Aug 2010 11:27:35 GMT",
    "Thu, 18 Jzz 2010 11:27:35 GMT",
    "Thu,   18 Nov 2010 11:27:35 GMT",
    "Thu,18 Nov 2010 11:27:35 GMT",
    "xx, 18 Nov 2010 11:27:35 GMT",
    ", 18 Nov 2010 11:27:35",
    "18 Nov 2010 11:27:35 GMT",
    "Thu, 1 Nov 2010 11:27:35 GMT",
    "Thu, 18 Nov 10 11:27:35 GMT",
    "Thu, 18 Nov 2010 1:27:35 GMT",
    "Thu, 18 Nov 2010 11:27:35 GMTjunk",
    "abc",
    "",
}
for _, s in ipairs(strs) do
    try("parse_http_time [" .. s .. "]", function() local r = ngx.parse_http_time(s) return r end)
end
try("parse_http_time number", function() local r = ngx.parse_http_time(1) return r end)
try("parse_http_time nil", function() local r = ngx.parse_http_time() return r end)
for _, s in ipairs{0, 1290079655, 951782400, 4102444800, 253402300799} do
    ngx.say("round trip ", s, ": ", ngx.parse_http_time(ngx.http_time(s)), " ",
            tostring(ngx.parse_http_time(ngx.cookie_time(s))))
end
