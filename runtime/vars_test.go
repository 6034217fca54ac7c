package runtime

import (
	"testing"
)

// ngx.var: nginx's variables, what may be assigned and the errors for what
// may not, with the reference's answers.
const varLocations = `location /t {
    set $foo bar;
    set $empty '';
    content_by_lua_block {
        for _, n in ipairs{"uri","document_uri","request_uri","args","query_string","is_args","arg_a","arg_B","arg_none",
            "http_host","http_x_foo","http_cookie","http_x_forwarded_for","cookie_a","cookie_C","request_method","request","server_protocol",
            "scheme","https","host","server_name","remote_addr","server_addr","status","content_length","content_type",
            "request_body","nginx_version","connection_requests","request_completion","sent_http_content_type","foo","empty",
            "limit_rate","remote_user","nonexistent"} do
            ngx.say(n, ": ", tostring(ngx.var[n]))
        end
        ngx.say("binary_remote_addr: ", #ngx.var.binary_remote_addr)
        ngx.say("numeric: ", tostring(ngx.var[0]), " ", tostring(ngx.var[1]))
        for _, n in ipairs{"uri","args","query_string","foo","limit_rate","arg_a","http_host","nonexist","request_method","status","content_type"} do
            local ok, err = pcall(function() ngx.var[n] = "x" end)
            ngx.say("set ", n, ": ", ok, " ", err and err:gsub("^.-:%d+: ", "") or "")
        end
        ngx.var.foo = nil
        ngx.var.args = nil
        ngx.say("after nil: ", tostring(ngx.var.foo), " ", tostring(ngx.var.args))
        ngx.say(pcall(function() ngx.var[1] = 2 end))
    }
}
location ~ ^/cap/(\w+)/(\w+)$ { content_by_lua_block { ngx.say(ngx.var[1], " ", ngx.var[2], " ", tostring(ngx.var[3])) } }
`

const varWant = `uri: /t
document_uri: /t
request_uri: /t?a=1&b=2
args: a=1&b=2
query_string: a=1&b=2
is_args: ?
arg_a: 1
arg_B: 2
arg_none: nil
http_host: localhost
http_x_foo: x1
http_cookie: a=b; c=d; e=f
http_x_forwarded_for: 1.1.1.1, 2.2.2.2
cookie_a: b
cookie_C: d
request_method: GET
request: GET /t?a=1&b=2 HTTP/1.1
server_protocol: HTTP/1.1
scheme: http
https: 
host: localhost
server_name: localhost
remote_addr: 127.0.0.1
server_addr: 127.0.0.1
status: 200
content_length: nil
content_type: nil
request_body: nil
nginx_version: 1.22.1
connection_requests: 1
request_completion: 
sent_http_content_type: text/plain
foo: bar
empty: 
limit_rate: 0
remote_user: nil
nonexistent: nil
binary_remote_addr: 4
numeric: nil nil
set uri: false variable "uri" not changeable
set args: true 
set query_string: false variable "query_string" not changeable
set foo: true 
set limit_rate: true 
set arg_a: false variable "arg_a" not found for writing; maybe it is a built-in variable that is not changeable or you forgot to use "set $arg_a '';" in the config file to define it first
set http_host: false variable "http_host" not changeable
set nonexist: false variable "nonexist" not found for writing; maybe it is a built-in variable that is not changeable or you forgot to use "set $nonexist '';" in the config file to define it first
set request_method: false variable "request_method" not changeable
set status: false variable "status" not changeable
set content_type: false variable "content_type" not changeable
after nil: nil nil
falsebad variable name
`

func TestVariables(t *testing.T) {
	base, prefix := startLocations(t, "", varLocations)
	got := rawRequest(t, base, "GET /t?a=1&b=2 HTTP/1.1\r\nHost: localhost\r\nX-Foo: x1\r\nX-Foo: x2\r\nCookie: a=b; c=d\r\nCookie: e=f\r\n"+
		"X-Forwarded-For: 1.1.1.1\r\nX-Forwarded-For: 2.2.2.2\r\nConnection: close\r\n\r\n")
	if body := errPosition.ReplaceAllString(got.body, ""); got.status != 200 || body != varWant {
		t.Fatalf("got %d:\n%s\nwant:\n%s\n%s", got.status, body, varWant, errorLog(prefix))
	}
	if got := getPath(t, base, "/cap/one/two"); got.body != "one two nil\n" {
		t.Fatalf("captures: %q", got.body)
	}
}
